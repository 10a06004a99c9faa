package app.integreat.crm.local;

import static app.integreat.crm.local.MergeContactsTest.created;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /accounts/{id}/merge, the 301 of the merged-away account's routes and the undo of an account merge, through
 * the handlers and the emulator: domains, contacts, timeline, tasks and opportunities move once, the undo moves them back.
 */
class MergeAccountsTest {
    static final String MEMBER = "lena@integreat.example";
    static final String FROM_DOMAIN = "stadt-augsburg.de";
    static final String CONTACT_ADDRESS = "erika.mueller@" + FROM_DOMAIN;

    TestClock clock;
    TestCrm crm;
    Caller admin;
    Caller member;
    String owner;
    String kept;
    String from;
    String contact;

    @BeforeEach
    void twoAccountsOfOneCity() {
        clock = new TestClock(Instant.parse("2026-11-20T09:00:00Z"));
        crm = new TestCrm(clock);
        admin = crm.admin();
        member = crm.member(MEMBER, "MEMBER");
        owner = crm.crm.services().members().resolveCaller(MEMBER).id();
        kept = created(admin.post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY",
                "emailDomains", List.of("augsburg.de"))));
        from = created(admin.post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY", "website", "https://augsburg.de",
                "emailDomains", List.of(FROM_DOMAIN), "notes", "Aus dem Salesforce-Export.")));
        contact = created(admin.post("/contacts", Map.of("firstName", "Erika", "lastName", "Müller",
                "emails", List.of(CONTACT_ADDRESS), "accountId", from)));
    }

    void mailTo(String address, String subject) {
        MergeContactsTest.mailFromTheMember(crm, "Stadt <" + address + ">", subject);
    }

    List<Map<String, Object>> timeline(String accountId) {
        return MergeContactsTest.timelineOf(admin, "/accounts/" + accountId);
    }

    Set<String> refIds(String accountId) {
        return MergeContactsTest.refIdsOf(timeline(accountId));
    }

    Reply merge(String keptId, Map<String, Object> body) {
        return member.ifMatch(admin.get("/accounts/" + keptId).etag()).post("/accounts/" + keptId + "/merge", body);
    }

    Map<String, Object> mergeBody(String fromId, Object... more) {
        return MergeContactsTest.mergeBodyOf(admin, "/accounts/", fromId, more);
    }

    String opportunity(String accountId, String type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Integreat " + type);
        body.put("type", type);
        body.put("accountIds", List.of(accountId));
        body.put("ownerId", owner);
        return created(admin.post("/opportunities", body));
    }

    /** A GET body without what every write changes, also in the records it lists. */
    @SuppressWarnings("unchecked")
    static Object withoutStamp(Object json) {
        if (json instanceof Map<?, ?> map) {
            Map<String, Object> copy = new HashMap<>();
            ((Map<String, Object>) map).forEach((name, value) -> {
                if (!name.equals("version") && !name.equals("updatedAt")) {
                    copy.put(name, withoutStamp(value));
                }
            });
            return copy;
        }
        if (json instanceof List<?> list) {
            return list.stream().map(MergeAccountsTest::withoutStamp).toList();
        }
        return json;
    }

    /** A mail logged on the merged-away account (through its contact), a task and an open opportunity on it. */
    record History(String mail, String task, String opportunity) {
    }

    History history() {
        mailTo(CONTACT_ADDRESS, "Angebot Integreat");
        String mail = MergeContactsTest.refIdTitled(timeline(from), "Angebot Integreat");
        String task = created(member.post("/tasks", Map.of("title", "Rathaus anrufen", "dueDate", "2026-12-01", "accountId", from)));
        return new History(mail, task, opportunity(from, "STANDARD"));
    }

    @Test
    void aMergeMovesEverythingOntoTheKeptAccountAndTheOtherIdAnswers301() {
        History history = history();
        Set<String> before = new TreeSet<>(refIds(kept));
        before.addAll(refIds(from));
        Reply report = admin.get("/reports/pipeline?from=2026-11&to=2026-11");
        assertEquals(200, report.status(), report::toString);
        assertTrue(admin.get("/accounts/duplicates").body().contains(from), "the pair is a candidate");

        Reply merged = merge(kept, mergeBody(from, "take", List.of("website")));
        assertEquals(200, merged.status(), merged::toString);
        assertEquals(Boolean.TRUE, merged.json().get("complete"), merged::toString);
        String mergeId = merged.string("mergeId");
        @SuppressWarnings("unchecked")
        Map<String, Object> account = (Map<String, Object>) merged.json().get("account");
        assertEquals(List.of("augsburg.de", FROM_DOMAIN), account.get("emailDomains"));
        assertEquals("https://augsburg.de", account.get("website"));
        assertEquals("Aus dem Salesforce-Export.", account.get("notes"), "the kept one had none: filled");
        // the timeline's lines: the mail and the opportunity's creation (a line of its own, moved as it is)
        assertEquals(Map.of("interactions", 2, "tasks", 1, "opportunities", 1, "waitingMails", 0, "contacts", 1),
                merged.json().get("moved"));
        assertEquals(merged.etag(), admin.get("/accounts/" + kept).etag());

        // everything on the kept account, once
        assertEquals(before, refIds(kept));
        assertEquals(before.size(), timeline(kept).size(), "no line twice");
        assertEquals(kept, admin.get("/contacts/" + contact).string("accountId"));
        assertEquals(kept, admin.get("/tasks/" + history.task()).string("accountId"));
        Reply opportunity = admin.get("/opportunities/" + history.opportunity());
        assertEquals(List.of(kept), ((List<?>) opportunity.json().get("accounts")).stream()
                .map(a -> ((Map<?, ?>) a).get("accountId")).toList());
        Reply mail = admin.get("/interactions/" + history.mail());
        assertTrue(mail.body().contains(kept) && !mail.body().contains(from), mail::toString);
        Reply detail = admin.get("/accounts/" + kept);
        assertEquals(1, ((Number) detail.json().get("contactCount")).intValue(), detail::toString);
        assertEquals(List.of(history.opportunity()), ((List<?>) detail.json().get("opportunities")).stream()
                .map(o -> ((Map<?, ?>) o).get("id")).toList());
        assertEquals(List.of(contact), admin.get("/contacts?accountId=" + kept).items().stream().map(c -> c.get("id")).toList());
        assertEquals(report.json(), admin.get("/reports/pipeline?from=2026-11&to=2026-11").json(), "the report counts stages, not accounts");
        assertFalse(admin.get("/accounts/duplicates").body().contains(from), "the pair is gone");
        assertFalse(admin.get("/accounts?limit=200").body().contains(from), "the list knows only the kept one");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> found = (List<Map<String, Object>>) admin.get("/search?q=augsburg").json().get("accounts");
        assertEquals(List.of(kept), found.stream().map(hit -> hit.get("id")).toList());
        // a second open opportunity of the type on the kept account is refused: the lock moved with it
        Map<String, Object> second = Map.of("name", "Noch eins", "type", "STANDARD", "accountIds", List.of(kept), "ownerId", owner);
        assertEquals(409, admin.post("/opportunities", second).status());

        // every route of the merged-away id: 301 to the same route of the kept one
        String etag = "\"9\"";
        List<Reply> moved = List.of(admin.get("/accounts/" + from), admin.get("/accounts/" + from + "/timeline?limit=5"),
                admin.get("/accounts/" + from + "/files"), admin.ifMatch(etag).patch("/accounts/" + from, Map.of("phone", "1")),
                admin.ifMatch(etag).delete("/accounts/" + from),
                admin.ifMatch(etag).post("/accounts/" + from + "/merge", Map.of("from", kept, "fromVersion", 1)));
        for (Reply reply : moved) {
            assertEquals(301, reply.status(), reply::toString);
            assertTrue(reply.header("Location").startsWith("/accounts/" + kept), reply.header("Location"));
            assertEquals(Map.of("mergedInto", kept, "mergeId", mergeId), reply.json());
        }
        assertEquals("/accounts/" + kept + "/timeline?limit=5", moved.get(1).header("Location"));

        // new mail from an unknown address of the merged-away domain logs on the kept account
        mailTo("buergerbuero@" + FROM_DOMAIN, "Nach dem Zusammenführen");
        assertTrue(timeline(kept).stream().anyMatch(line -> "Nach dem Zusammenführen".equals(line.get("title"))));

        Reply journal = member.get("/merges/" + mergeId);
        assertEquals(200, journal.status(), journal::toString);
        assertEquals("ACCOUNT", journal.string("kind"));
        assertEquals(from, journal.string("fromId"));
        assertTrue(admin.get("/audit").items().stream().anyMatch(entry -> "MERGE".equals(entry.get("action"))
                && kept.equals(entry.get("recordId"))));
        Reply again = merge(kept, Map.of("from", from, "fromVersion", 1));
        assertEquals(409, again.status(), again::toString);
    }

    @Test
    void mailsWaitingAtTheMergedAwayDomainAreLinkedToTheKeptAccount() {
        mailTo("info@lk.de", "Wartet am Landkreis");
        assertEquals(1, admin.get("/unresolved").items().size());
        // the merged-away account claims the domain; its job to link the domain's mails has not run yet
        Reply fromNow = admin.get("/accounts/" + from);
        assertEquals(200, admin.ifMatch(fromNow.etag()).patch("/accounts/" + from, Map.of("emailDomains", List.of(FROM_DOMAIN, "lk.de"))).status());
        assertEquals(1, admin.get("/unresolved").items().size());
        Reply merged = merge(kept, mergeBody(from));
        assertEquals(200, merged.status(), merged::toString);
        // that job finds its account gone; the merge's own job links the mail to the kept account
        crm.drainQueues();
        assertTrue(timeline(kept).stream().anyMatch(line -> "Wartet am Landkreis".equals(line.get("title"))), timeline(kept)::toString);
        assertTrue(admin.get("/unresolved").items().isEmpty());
    }

    @Test
    void anUndoRestoresBothAccountsAndMovesBackExactlyWhatMoved() {
        History history = history();
        Map<String, Object> keptBefore = admin.get("/accounts/" + kept).json();
        Map<String, Object> fromBefore = admin.get("/accounts/" + from).json();
        Set<String> keptLines = refIds(kept);
        Set<String> fromLines = refIds(from);
        Reply mailBefore = admin.get("/interactions/" + history.mail());

        Reply merged = merge(kept, mergeBody(from, "take", List.of("website")));
        assertEquals(200, merged.status(), merged::toString);
        String mergeId = merged.string("mergeId");
        mailTo("rathaus@" + FROM_DOMAIN, "Nach dem Zusammenführen");
        String later = MergeContactsTest.refIdTitled(timeline(kept), "Nach dem Zusammenführen");

        MergeContactsTest.undo(member, mergeId, true);
        assertEquals(withoutStamp(keptBefore), withoutStamp(admin.get("/accounts/" + kept).json()));
        assertEquals(withoutStamp(fromBefore), withoutStamp(admin.get("/accounts/" + from).json()));
        Set<String> keptNow = new TreeSet<>(keptLines);
        keptNow.add(later);
        assertEquals(keptNow, refIds(kept), "mail logged on the kept account after the merge stays there");
        assertEquals(fromLines, refIds(from));
        assertEquals(from, admin.get("/contacts/" + contact).string("accountId"));
        assertEquals(from, admin.get("/tasks/" + history.task()).string("accountId"));
        assertEquals(List.of(from), ((List<?>) admin.get("/opportunities/" + history.opportunity()).json().get("accounts")).stream()
                .map(a -> ((Map<?, ?>) a).get("accountId")).toList());
        assertEquals(mailBefore.json().get("links"), admin.get("/interactions/" + history.mail()).json().get("links"));
        assertTrue(admin.get("/accounts/duplicates").body().contains(from), "the pair is back");
        assertNotNull(member.get("/merges/" + mergeId).json().get("undoneAt"));
        assertTrue(admin.get("/audit").items().stream().anyMatch(entry -> "MERGE_UNDONE".equals(entry.get("action"))
                && kept.equals(entry.get("recordId"))));
        // the domain is the restored account's again
        mailTo("kaemmerei@" + FROM_DOMAIN, "Nach dem Rückgängigmachen");
        assertTrue(timeline(from).stream().anyMatch(line -> "Nach dem Rückgängigmachen".equals(line.get("title"))));
        assertEquals(409, member.post("/merges/" + mergeId + "/undo", null).status());
    }

    @Test
    void anErasureOfAMovedContactLeavesNoTraceInTheAccountMergesJournal() {
        history();
        Reply merged = merge(kept, mergeBody(from));
        assertEquals(200, merged.status(), merged::toString);
        Reply erased = admin.post("/contacts/" + contact + "/erase", Map.of("reason", "Antrag nach Art. 17"));
        assertEquals(200, erased.status(), erased::toString);
        for (Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item : PrivacyTest.everyItem(crm)) {
            if (!item.get("pk").s().startsWith("AUDIT")) {
                String text = item.toString().toLowerCase(java.util.Locale.ROOT);
                assertFalse(text.contains("erika") || text.contains("müller"), () -> "a trace in " + item);
            }
        }
        // the undo still restores the accounts; the erased contact is not brought back
        MergeContactsTest.undo(member, merged.string("mergeId"), true);
        assertEquals(404, admin.get("/contacts/" + contact).status());
    }

    @Test
    void twoOpenOpportunitiesOfOneTypeAreRefusedNamingFrom() {
        String mine = opportunity(kept, "STANDARD");
        String theirs = opportunity(from, "STANDARD");
        String keptTag = admin.get("/accounts/" + kept).etag();
        Reply refused = merge(kept, mergeBody(from));
        assertEquals(409, refused.status(), refused::toString);
        assertTrue(refused.body().contains("\"field\":\"from\""), refused::toString);
        assertTrue(refused.string("detail").contains(mine) && refused.string("detail").contains(theirs), refused::toString);
        assertEquals(keptTag, admin.get("/accounts/" + kept).etag(), "nothing written");
        assertEquals(200, admin.get("/accounts/" + from).status());
    }

    @Test
    void staleVersionsAndBadBodiesAreRefusedAndChangeNothing() {
        String keptTag = admin.get("/accounts/" + kept).etag();
        Map<String, Object> body = mergeBody(from);
        assertEquals(428, member.post("/accounts/" + kept + "/merge", body).status());
        assertEquals(412, member.ifMatch("\"7\"").post("/accounts/" + kept + "/merge", body).status());
        Map<String, Object> staleFrom = new HashMap<>(body);
        staleFrom.put("fromVersion", 7);
        Reply stale = member.ifMatch(keptTag).post("/accounts/" + kept + "/merge", staleFrom);
        assertEquals(412, stale.status(), stale::toString);
        assertTrue(stale.body().contains("fromVersion"), stale::toString);
        Map<String, Map<String, Object>> bad = new LinkedHashMap<>();
        bad.put("from", Map.of("fromVersion", 1));
        bad.put("from ", Map.of("from", kept, "fromVersion", 1));
        bad.put("fromVersion", Map.of("from", from));
        bad.put("take[1]", Map.of("from", from, "fromVersion", 1, "take", List.of("name", "emailDomains")));
        for (Map.Entry<String, Map<String, Object>> entry : bad.entrySet()) {
            Reply refused = member.ifMatch(keptTag).post("/accounts/" + kept + "/merge", entry.getValue());
            assertEquals(422, refused.status(), entry + ": " + refused);
            assertTrue(refused.body().contains("\"field\":\"" + entry.getKey().trim() + "\""), entry + ": " + refused);
        }
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            many.add("ort" + i + ".de");
        }
        String crowded = created(admin.post("/accounts", Map.of("name", "Viele", "type", "PARTNER", "emailDomains", many)));
        Reply tooMany = member.ifMatch(keptTag).post("/accounts/" + kept + "/merge", mergeBody(crowded));
        assertEquals(422, tooMany.status(), tooMany::toString);
        assertTrue(tooMany.body().contains("\"field\":\"emailDomains\""), tooMany::toString);
        assertEquals(404, member.ifMatch(keptTag).post("/accounts/" + kept + "/merge",
                Map.of("from", "01JZZZZZZZZZZZZZZZZZZZZZZZ", "fromVersion", 1)).status());
        assertEquals(keptTag, admin.get("/accounts/" + kept).etag(), "nothing written");
        assertEquals(200, admin.get("/accounts/" + from).status());
    }

    @Test
    void theWorkQueueMovesTheRestOfALargeMergeAndOfItsUndo() {
        Set<String> logged = new TreeSet<>(refIds(from));
        for (int i = 0; i < 45; i++) {
            logged.add(created(member.post("/interactions", Map.of("type", "NOTE", "subject", "Notiz " + i, "accountIds", List.of(from),
                    "occurredAt", Instant.parse("2026-11-01T08:00:00Z").plusSeconds(60L * i).toString()))));
        }
        crm.operations.clear();
        Reply merged = merge(kept, mergeBody(from));
        assertEquals(200, merged.status(), merged::toString);
        assertTrue(crm.operations.size() <= 20 + 2 * 20, "a merge request made " + crm.operations.size() + ": " + crm.operations);
        assertFalse(crm.operations.contains("Scan"));
        assertEquals(Boolean.FALSE, merged.json().get("complete"));
        assertEquals(301, admin.get("/accounts/" + from).status(), "the other id answers 301 while its history moves");
        Map<?, ?> moved = MergeContactsTest.movedByTheWorkQueue(crm, member, merged.string("mergeId"));
        assertEquals(45, moved.get("interactions"));
        assertEquals(1, moved.get("contacts"));
        assertEquals(logged, refIds(kept));
        assertEquals(kept, admin.get("/contacts/" + contact).string("accountId"));

        MergeContactsTest.undo(member, merged.string("mergeId"), false);
        crm.drainQueues();
        assertNotNull(member.get("/merges/" + merged.string("mergeId")).json().get("undoneAt"));
        assertEquals(logged, refIds(from));
        assertTrue(refIds(kept).isEmpty());
        assertEquals(from, admin.get("/contacts/" + contact).string("accountId"));
    }
}
