package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * POST /contacts/{id}/merge, the 301 of the merged-away id, GET /merges/{id} and POST /merges/{id}/undo, through the
 * handlers and the emulator: everything of the merged-away contact moves once, the undo moves exactly that back.
 */
class MergeContactsTest {
    static final String MEMBER = "lena@integreat.example";
    static final String KEPT_ADDRESS = "erika.mueller@augsburg.de";
    static final String FROM_ADDRESS = "erika.m@posteo.de";
    static final String WAITING_ADDRESS = "e.mueller@posteo.de";

    final PrivacyTest.CrashOnce crash = new PrivacyTest.CrashOnce();
    TestClock clock;
    TestCrm crm;
    Caller admin;
    Caller member;
    String augsburg;
    String kept;
    String from;

    @BeforeEach
    void twoContactsOfOnePerson() {
        clock = new TestClock(Instant.parse("2026-11-20T09:00:00Z"));
        crm = new TestCrm(clock, crash);
        admin = crm.admin();
        member = crm.member(MEMBER, "MEMBER");
        augsburg = admin.post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY",
                "emailDomains", List.of("augsburg.de"))).string("id");
        kept = created(admin.post("/contacts", Map.of("firstName", "Erika", "lastName", "Müller",
                "emails", List.of(KEPT_ADDRESS), "accountId", augsburg, "phones", List.of("0821 324-1"))));
        from = created(admin.post("/contacts", Map.of("firstName", "Erika", "lastName", "Mueller", "title", "Amtsleiterin",
                "emails", List.of(FROM_ADDRESS), "accountId", augsburg, "notes", "Kennt uns von der Messe.")));
    }

    static String created(Reply reply) {
        assertEquals(201, reply.status(), reply::toString);
        return reply.string("id");
    }

    void mailTo(String address, String subject) {
        mailFromTheMember(crm, "Erika <" + address + ">", subject);
    }

    /** A BCC of the member's mail to {@code to} (a name and address), dated before the tests' clock. */
    static void mailFromTheMember(TestCrm crm, String to, String subject) {
        crm.receive(mail().from("Lena Berg <" + MEMBER + ">").to(to).subject(subject)
                .date("Fri, 20 Nov 2026 08:00:00 +0100").messageId(subject.replace(' ', '-') + "@integreat.example")
                .text("Guten Tag,\n" + subject + "\nLena").build(), crm.inboundAddress());
    }

    List<Map<String, Object>> timeline(String contactId) {
        return timelineOf(admin, "/contacts/" + contactId);
    }

    /** The first 200 lines of a record's timeline ({@code record}: its path). */
    static List<Map<String, Object>> timelineOf(Caller caller, String record) {
        Reply page = caller.get(record + "/timeline?limit=200");
        assertEquals(200, page.status(), page::toString);
        return page.items();
    }

    Set<String> refIds(String contactId) {
        return refIdsOf(timeline(contactId));
    }

    static Set<String> refIdsOf(List<Map<String, Object>> timeline) {
        return timeline.stream().map(line -> (String) line.get("refId")).collect(Collectors.toCollection(TreeSet::new));
    }

    Reply merge(Caller caller, String keptId, Object body) {
        String etag = admin.get("/contacts/" + keptId).etag();
        return caller.ifMatch(etag).post("/contacts/" + keptId + "/merge", body);
    }

    Map<String, Object> mergeBody(String fromId, Object... more) {
        return mergeBodyOf(admin, "/contacts/", fromId, more);
    }

    /** A merge's body: the record {@code fromId} of {@code records} ("/contacts/") at its current version, {@code more} as name, value pairs. */
    static Map<String, Object> mergeBodyOf(Caller caller, String records, String fromId, Object... more) {
        Map<String, Object> body = new HashMap<>();
        body.put("from", fromId);
        body.put("fromVersion", Long.parseLong(caller.get(records + fromId).etag().replace("\"", "")));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    /** The refId of the first timeline line titled {@code title}. */
    static String refIdTitled(List<Map<String, Object>> timeline, String title) {
        return timeline.stream().filter(line -> title.equals(line.get("title"))).map(line -> (String) line.get("refId"))
                .findFirst().orElseThrow();
    }

    /** POST /merges/{id}/undo, answered 200; {@code complete}: whether it moved everything back in the request. */
    static void undo(Caller caller, String mergeId, boolean complete) {
        Reply undone = caller.post("/merges/" + mergeId + "/undo", null);
        assertEquals(200, undone.status(), undone::toString);
        assertEquals(complete, undone.json().get("complete"), undone::toString);
    }

    /** Lets the work queue move the rest of a large merge (in steps of their own); what the finished journal says moved. */
    static Map<?, ?> movedByTheWorkQueue(TestCrm crm, Caller caller, String mergeId) {
        assertTrue(crm.drainQueues() >= 2, "the rest moves in steps of its own");
        Reply journal = caller.get("/merges/" + mergeId);
        assertEquals(Boolean.TRUE, journal.json().get("complete"), journal::toString);
        return (Map<?, ?>) journal.json().get("moved");
    }

    /** A GET body without what every write changes. */
    static Map<String, Object> withoutStamp(Map<String, Object> json) {
        Map<String, Object> copy = new HashMap<>(json);
        copy.remove("version");
        copy.remove("updatedAt");
        return copy;
    }

    /** A mail logged on each contact and a task of the merged-away one; the task's id. */
    String history() {
        mailTo(FROM_ADDRESS, "Angebot Integreat");
        mailTo(KEPT_ADDRESS, "Termin im Rathaus");
        return created(member.post("/tasks", Map.of("title", "Erika anrufen", "dueDate", "2026-12-01", "contactId", from)));
    }

    /** The one mail that waits for an address nobody had, then given to the merged-away contact without linking it. */
    String mailWaitingForTheMergedAwayAddress() {
        crm.receive(mail().from("Lena Berg <" + MEMBER + ">").to("Erika <" + WAITING_ADDRESS + ">").subject("Frage an privat")
                .date("Tue, 24 Nov 2026 10:30:00 +0100").messageId("waiting-1@posteo.de").text("Hallo Lena,\nnoch eine Frage.\n").build(),
                crm.inboundAddress());
        List<Map<String, Object>> unresolved = admin.get("/unresolved").items();
        assertEquals(1, unresolved.size(), unresolved::toString);
        // the address joins the contact as more than the 25 mails a request links would leave it: still waiting
        var contacts = crm.crm.services().contacts();
        long version = contacts.get(from).version();
        contacts.update(from, version, Map.of("emails", List.of(FROM_ADDRESS, WAITING_ADDRESS)));
        assertEquals(1, admin.get("/unresolved").items().size());
        return (String) unresolved.get(0).get("id");
    }

    @Test
    void aMergeMovesEverythingOntoTheKeptContactAndTheOtherIdAnswers301() {
        String task = history();
        String waiting = mailWaitingForTheMergedAwayAddress();
        Set<String> before = new TreeSet<>(refIds(kept));
        before.addAll(refIds(from));
        assertEquals(3, before.size(), before::toString);
        assertTrue(admin.get("/contacts/duplicates").items().stream().anyMatch(pair -> pair.toString().contains(from)));

        Reply merged = merge(member, kept, mergeBody(from, "take", List.of("title")));
        assertEquals(200, merged.status(), merged::toString);
        assertEquals(Boolean.TRUE, merged.json().get("complete"));
        String mergeId = merged.string("mergeId");
        @SuppressWarnings("unchecked")
        Map<String, Object> contact = (Map<String, Object>) merged.json().get("contact");
        assertEquals(List.of(KEPT_ADDRESS, FROM_ADDRESS, WAITING_ADDRESS), contact.get("emails"));
        assertEquals("Amtsleiterin", contact.get("title"), "taken from the merged-away contact");
        assertEquals("Müller", contact.get("lastName"), "kept");
        assertEquals("Kennt uns von der Messe.", contact.get("notes"), "the kept one had none: filled");
        assertEquals(Map.of("interactions", 1, "tasks", 1, "opportunities", 0, "waitingMails", 1), merged.json().get("moved"));
        assertEquals(merged.etag(), admin.get("/contacts/" + kept).etag());

        // every line once, on the kept contact; the records name it
        List<Map<String, Object>> lines = timeline(kept);
        Set<String> after = lines.stream().map(line -> (String) line.get("refId")).collect(Collectors.toCollection(TreeSet::new));
        before.add(waiting);
        assertEquals(before, after);
        assertEquals(before.size(), lines.size(), "no line twice");
        assertEquals(kept, admin.get("/tasks/" + task).string("contactId"));
        for (String ref : after) {
            if (!ref.equals(task)) {
                Reply interaction = admin.get("/interactions/" + ref);
                assertTrue(interaction.body().contains(kept), interaction::toString);
                assertFalse(interaction.body().contains(from), interaction::toString);
            }
        }
        assertTrue(admin.get("/unresolved").items().isEmpty(), "the waiting mail is logged on the kept contact");
        assertEquals(kept, admin.get("/contacts?email=" + FROM_ADDRESS).items().get(0).get("id"));

        // the search and the duplicates know only the kept one
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> found = (List<Map<String, Object>>) admin.get("/search?q=erika").json().get("contacts");
        assertEquals(List.of(kept), found.stream().map(hit -> hit.get("id")).toList());
        assertFalse(admin.get("/contacts/duplicates").body().contains(from));

        // every route of the merged-away id: 301 to the same route of the kept one
        String etag = "\"9\"";
        List<Reply> moved = List.of(admin.get("/contacts/" + from), admin.get("/contacts/" + from + "/timeline?limit=5"),
                admin.get("/contacts/" + from + "/files"), admin.get("/contacts/" + from + "/export"),
                admin.ifMatch(etag).patch("/contacts/" + from, Map.of("title", "x")), admin.ifMatch(etag).delete("/contacts/" + from),
                admin.post("/contacts/" + from + "/erase", Map.of("reason", "Antrag")),
                admin.ifMatch(etag).post("/contacts/" + from + "/merge", Map.of("from", kept, "fromVersion", 1)));
        for (Reply reply : moved) {
            assertEquals(301, reply.status(), reply::toString);
            assertTrue(reply.header("Location").startsWith("/contacts/" + kept), reply.header("Location"));
            assertEquals(Map.of("mergedInto", kept, "mergeId", mergeId), reply.json());
        }
        assertEquals("/contacts/" + kept + "/timeline?limit=5", moved.get(1).header("Location"));

        // new mail to the merged-away address logs on the kept contact
        mailTo(FROM_ADDRESS, "Nach dem Zusammenführen");
        assertTrue(timeline(kept).stream().anyMatch(line -> "Nach dem Zusammenführen".equals(line.get("title"))));

        Reply journal = member.get("/merges/" + mergeId);
        assertEquals(200, journal.status(), journal::toString);
        assertEquals("CONTACT", journal.string("kind"));
        assertEquals(kept, journal.string("keptId"));
        assertEquals(from, journal.string("fromId"));
        assertEquals(crm.crm.services().members().resolveCaller(MEMBER).id(), journal.string("mergedBy"));
        assertEquals("2026-12-20T09:00:00Z", journal.string("undoableUntil"));
        assertNull(journal.json().get("undoneAt"));
        assertTrue(admin.get("/audit").items().stream().anyMatch(entry -> "MERGE".equals(entry.get("action"))
                && kept.equals(entry.get("recordId"))));

        Reply again = merge(member, kept, Map.of("from", from, "fromVersion", 1));
        assertEquals(409, again.status(), again::toString);
        assertEquals(mergeId, again.string("mergeId"));
    }

    @Test
    void anUndoRestoresBothContactsAndMovesBackExactlyWhatMoved() {
        String task = history();
        String waiting = mailWaitingForTheMergedAwayAddress();
        Map<String, Object> keptBefore = admin.get("/contacts/" + kept).json();
        Map<String, Object> fromBefore = admin.get("/contacts/" + from).json();
        Set<String> keptLines = refIds(kept);
        Set<String> fromLines = refIds(from);
        Reply fromInteraction = admin.get("/interactions/" + fromLines.stream().filter(id -> !id.equals(task)).findFirst().orElseThrow());

        Reply merged = merge(member, kept, mergeBody(from, "take", List.of("title", "firstName")));
        assertEquals(200, merged.status(), merged::toString);
        String mergeId = merged.string("mergeId");
        mailTo(FROM_ADDRESS, "Nach dem Zusammenführen");
        String later = refIdTitled(timeline(kept), "Nach dem Zusammenführen");

        undo(member, mergeId, true);
        assertEquals(withoutStamp(keptBefore), withoutStamp(admin.get("/contacts/" + kept).json()));
        assertEquals(withoutStamp(fromBefore), withoutStamp(admin.get("/contacts/" + from).json()));
        Set<String> keptNow = new TreeSet<>(keptLines);
        keptNow.add(later);
        assertEquals(keptNow, refIds(kept), "mail logged on the kept contact after the merge stays there");
        assertEquals(fromLines, refIds(from));
        assertEquals(from, admin.get("/tasks/" + task).string("contactId"));
        Reply interactionNow = admin.get("/interactions/" + fromInteraction.string("id"));
        assertEquals(fromInteraction.json().get("links"), interactionNow.json().get("links"));
        assertEquals(fromInteraction.json().get("participants"), interactionNow.json().get("participants"));
        assertEquals(List.of(waiting), admin.get("/unresolved").items().stream().map(item -> item.get("id")).toList(),
                "the mail waits again");
        assertEquals(from, admin.get("/contacts?email=" + FROM_ADDRESS).items().get(0).get("id"));
        assertEquals(200, admin.get("/contacts/" + from + "/timeline").status());
        assertTrue(admin.get("/contacts/duplicates").body().contains(from), "the pair is back");
        assertNotNull(member.get("/merges/" + mergeId).json().get("undoneAt"));
        assertTrue(admin.get("/audit").items().stream().anyMatch(entry -> "MERGE_UNDONE".equals(entry.get("action"))
                && kept.equals(entry.get("recordId"))));

        Reply twice = member.post("/merges/" + mergeId + "/undo", null);
        assertEquals(409, twice.status(), twice::toString);
    }

    @Test
    void anUndoIsRefusedAfterAnEditOfTheKeptContactAndAfter30Days() {
        Reply merged = merge(member, kept, mergeBody(from));
        assertEquals(200, merged.status(), merged::toString);
        String mergeId = merged.string("mergeId");
        assertEquals(200, admin.ifMatch(merged.etag()).patch("/contacts/" + kept, Map.of("title", "Leiterin")).status());
        Reply refused = member.post("/merges/" + mergeId + "/undo", null);
        assertEquals(409, refused.status(), refused::toString);
        assertTrue(refused.string("detail").contains("changed after the merge"), refused::toString);
        assertEquals("Leiterin", admin.get("/contacts/" + kept).string("title"), "nothing overwritten");
        assertEquals(301, admin.get("/contacts/" + from).status());

        String other = created(admin.post("/contacts", Map.of("firstName", "Erika", "lastName", "Müller-Alt")));
        Reply second = merge(member, kept, mergeBody(other));
        assertEquals(200, second.status(), second::toString);
        clock.advance(Duration.ofDays(30).plusMinutes(1));
        assertEquals(404, member.get("/merges/" + second.string("mergeId")).status());
        Reply late = member.post("/merges/" + second.string("mergeId") + "/undo", null);
        assertEquals(404, late.status(), late::toString);
        assertTrue(late.string("detail").contains("30 days"), late::toString);
        assertEquals(301, admin.get("/contacts/" + other).status(), "the redirect outlives the journal");
    }

    @Test
    void staleVersionsAndBadBodiesAreRefusedAndChangeNothing() {
        String keptTag = admin.get("/contacts/" + kept).etag();
        Map<String, Object> body = mergeBody(from);
        assertEquals(428, member.post("/contacts/" + kept + "/merge", body).status());
        assertEquals(412, member.ifMatch("\"7\"").post("/contacts/" + kept + "/merge", body).status());
        Map<String, Object> staleFrom = new HashMap<>(body);
        staleFrom.put("fromVersion", 7);
        Reply stale = member.ifMatch(keptTag).post("/contacts/" + kept + "/merge", staleFrom);
        assertEquals(412, stale.status(), stale::toString);
        assertTrue(stale.body().contains("fromVersion"), stale::toString);

        Map<String, Map<String, Object>> bad = new java.util.LinkedHashMap<>();
        bad.put("from", Map.of("fromVersion", 1));
        bad.put("from ", Map.of("from", kept, "fromVersion", 1));
        bad.put("fromVersion", Map.of("from", from));
        bad.put("fromVersion ", Map.of("from", from, "fromVersion", "1"));
        Map<String, Object> nullVersion = new HashMap<>(Map.of("from", from));
        nullVersion.put("fromVersion", null);
        bad.put("fromVersion  ", nullVersion);
        bad.put("take[1]", Map.of("from", from, "fromVersion", 1, "take", List.of("title", "emails")));
        bad.put("take", Map.of("from", from, "fromVersion", 1, "take", "title"));
        bad.put("colour", Map.of("from", from, "fromVersion", 1, "colour", "red"));
        for (Map.Entry<String, Map<String, Object>> entry : bad.entrySet()) {
            Reply refused = member.ifMatch(keptTag).post("/contacts/" + kept + "/merge", entry.getValue());
            assertEquals(422, refused.status(), entry + ": " + refused);
            assertTrue(refused.body().contains("\"field\":\"" + entry.getKey().trim() + "\""), entry + ": " + refused);
        }
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            many.add("erika" + i + "@posteo.de");
        }
        String crowded = created(admin.post("/contacts", Map.of("lastName", "Müller", "emails", many)));
        Reply tooMany = member.ifMatch(keptTag).post("/contacts/" + kept + "/merge", mergeBody(crowded));
        assertEquals(422, tooMany.status(), tooMany::toString);
        assertTrue(tooMany.body().contains("\"field\":\"emails\""), tooMany::toString);
        assertEquals(404, member.ifMatch(keptTag).post("/contacts/" + kept + "/merge",
                Map.of("from", "01JZZZZZZZZZZZZZZZZZZZZZZZ", "fromVersion", 1)).status());
        assertEquals(keptTag, admin.get("/contacts/" + kept).etag(), "nothing written");
        assertEquals(200, admin.get("/contacts/" + from).status());
        assertEquals(404, member.get("/merges/01JZZZZZZZZZZZZZZZZZZZZZZZ").status());
    }

    @Test
    void aHistoryLargerThanOneRequestMovesOnWhenTheRequestIsRepeatedAndEveryLineMovesOnce() {
        int calls = 2 * 20 + 5;
        Set<String> logged = new TreeSet<>();
        for (int i = 0; i < calls; i++) {
            Reply call = member.post("/interactions", Map.of("type", "CALL", "subject", "Anruf " + i, "contactIds", List.of(from),
                    "occurredAt", Instant.parse("2026-11-01T08:00:00Z").plusSeconds(60L * i).toString()));
            assertEquals(201, call.status(), call::toString);
            logged.add(call.string("id"));
        }
        Map<String, Object> body = mergeBody(from);
        String etag = admin.get("/contacts/" + kept).etag();
        crm.operations.clear();
        Reply first = member.ifMatch(etag).post("/contacts/" + kept + "/merge", body);
        assertEquals(200, first.status(), first::toString);
        // bounded whatever the history: the two contacts, two transactions, a Query, 20 moves of two requests each
        assertTrue(crm.operations.size() <= 15 + 2 * 20, "a merge request made " + crm.operations.size() + ": " + crm.operations);
        assertFalse(crm.operations.contains("Scan"));
        assertEquals(Boolean.FALSE, first.json().get("complete"));
        assertEquals(20, ((Map<?, ?>) first.json().get("moved")).get("interactions"));
        // meanwhile: the kept timeline shows its own and the moved lines, the other id answers 301
        assertEquals(20, refIds(kept).size());
        assertEquals(301, admin.get("/contacts/" + from + "/timeline").status());
        assertEquals(Boolean.FALSE, member.get("/merges/" + first.string("mergeId")).json().get("complete"));

        // a crash in the middle of the next request, then the request again
        java.util.concurrent.atomic.AtomicInteger transactions = new java.util.concurrent.atomic.AtomicInteger();
        crash.armed = request -> transactions.incrementAndGet() == 5;
        assertTrue(merge(member, kept, body).status() >= 500);
        assertEquals(5, transactions.get());
        Reply second = merge(member, kept, body);
        assertEquals(200, second.status(), second::toString);
        assertEquals(first.string("mergeId"), second.string("mergeId"));
        Reply third = merge(member, kept, body);
        assertEquals(200, third.status(), third::toString);
        assertEquals(Boolean.TRUE, third.json().get("complete"));
        assertEquals(calls, ((Map<?, ?>) third.json().get("moved")).get("interactions"));
        List<Map<String, Object>> lines = timeline(kept);
        assertEquals(calls, lines.size(), "every line once");
        assertEquals(logged, refIds(kept));
        for (String id : logged) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> links = (List<Map<String, Object>>) admin.get("/interactions/" + id).json().get("links");
            assertEquals(List.of(kept), links.stream().map(link -> link.get("contactId")).filter(java.util.Objects::nonNull).toList());
        }

        // the undo moves back in the same bounded steps; repeating it moves on (it is no second undo)
        for (int request = 1; request <= 3; request++) {
            Reply undo = member.post("/merges/" + first.string("mergeId") + "/undo", null);
            assertEquals(200, undo.status(), undo::toString);
            assertEquals(request == 3, undo.json().get("complete"), undo::toString);
        }
        assertEquals(logged, refIds(from));
        assertTrue(refIds(kept).isEmpty());
        assertEquals(409, member.post("/merges/" + first.string("mergeId") + "/undo", null).status());
    }

    /** The follow-up of the member's mail with this subject (ARMED until answered). */
    @SuppressWarnings("unchecked")
    String followUpState(String subject) {
        // the member's mail, not the answer that quotes its subject
        return admin.get("/interactions?limit=200").items().stream().filter(i -> subject.equals(i.get("subject")))
                .map(i -> (Map<String, Object>) admin.get("/interactions/" + i.get("id")).json().get("followUp"))
                .filter(java.util.Objects::nonNull).map(followUp -> (String) followUp.get("state")).findFirst().orElseThrow();
    }

    void answerFrom(String address, String subject) {
        crm.receive(mail().from("Lena Berg <" + MEMBER + ">").to(crm.inboundAddress()).subject("WG: " + subject)
                .date("Fri, 20 Nov 2026 10:00:00 +0100").messageId("fwd-" + subject.hashCode() + "@integreat.example")
                .text("""
                        Zur Info.

                        ---------- Forwarded message ---------
                        From: Erika <%s>
                        Date: Fri, 20 Nov 2026 at 09:30
                        Subject: %s
                        To: <%s>

                        Hallo, danke für die Mail.
                        """.formatted(address, subject, MEMBER)).build(), crm.inboundAddress());
    }

    @Test
    void concurrentMergesAndEditsNeverMoveTwiceNorOverwrite() throws Exception {
        Set<String> logged = new TreeSet<>();
        for (int i = 0; i < 5; i++) {
            logged.add(created(member.post("/interactions", Map.of("type", "NOTE", "subject", "Notiz " + i, "contactIds", List.of(from)))));
        }
        String keptTag = admin.get("/contacts/" + kept).etag();
        String fromTag = admin.get("/contacts/" + from).etag();
        Map<String, Object> body = mergeBody(from);
        List<Reply> replies = Concurrently.run(4, i -> i < 3
                ? member.ifMatch(keptTag).post("/contacts/" + kept + "/merge", body)
                : admin.ifMatch(fromTag).patch("/contacts/" + from, Map.of("title", "Referentin")));
        Set<String> mergeIds = new TreeSet<>();
        for (Reply reply : replies.subList(0, 3)) {
            assertTrue(Set.of(200, 409, 412).contains(reply.status()), reply::toString);
            if (reply.status() == 200) {
                mergeIds.add(reply.string("mergeId"));
            }
        }
        Reply edit = replies.get(3);
        if (mergeIds.isEmpty()) {
            assertEquals(200, edit.status(), "the edit came first, the merges were refused: " + edit);
            assertEquals(200, merge(member, kept, mergeBody(from)).status());
        } else {
            assertEquals(1, mergeIds.size(), "one merge, whoever answered 200: " + replies);
            assertTrue(Set.of(301, 412).contains(edit.status()), "the edit of the merged-away contact is refused: " + edit);
        }
        List<Map<String, Object>> lines = timeline(kept);
        assertEquals(logged, refIds(kept));
        assertEquals(logged.size(), lines.size(), "every line once");
    }

    /** A contact without an account (so that only it is watched) merged into the kept one after a mail to it. */
    String mergedAfterAMailToALoner() {
        String loner = created(admin.post("/contacts", Map.of("firstName", "Erika", "lastName", "Müller",
                "emails", List.of("erika@privat-mueller.example"))));
        mailTo("erika@privat-mueller.example", "Angebot privat");
        assertEquals("ARMED", followUpState("Angebot privat"));
        Reply merged = merge(member, kept, mergeBody(loner));
        assertEquals(200, merged.status(), merged::toString);
        return merged.string("mergeId");
    }

    @Test
    void theFollowUpOfAMovedMailWatchesTheKeptContact() {
        mergedAfterAMailToALoner();
        answerFrom("erika@privat-mueller.example", "Angebot privat");
        assertEquals("ANSWERED", followUpState("Angebot privat"), "the answer comes from the kept contact now");
    }

    @Test
    void afterAnUndoTheFollowUpWatchesTheRestoredContactAgain() {
        String mergeId = mergedAfterAMailToALoner();
        assertEquals(200, member.post("/merges/" + mergeId + "/undo", null).status());
        answerFrom("erika@privat-mueller.example", "Angebot privat");
        assertEquals("ANSWERED", followUpState("Angebot privat"), "the answer comes from the restored contact");
    }

    @Test
    void theWorkQueueMovesTheRestOfALargeMergeAndOfItsUndo() {
        Set<String> logged = new TreeSet<>();
        for (int i = 0; i < 45; i++) {
            logged.add(created(member.post("/interactions", Map.of("type", "NOTE", "subject", "Notiz " + i, "contactIds", List.of(from),
                    "occurredAt", Instant.parse("2026-11-01T08:00:00Z").plusSeconds(60L * i).toString()))));
        }
        Reply merged = merge(member, kept, mergeBody(from));
        assertEquals(200, merged.status(), merged::toString);
        assertEquals(Boolean.FALSE, merged.json().get("complete"));
        Map<?, ?> moved = movedByTheWorkQueue(crm, member, merged.string("mergeId"));
        assertEquals(45, moved.get("interactions"));
        assertEquals(logged, refIds(kept));
        assertEquals(45, timeline(kept).size(), "every line once");

        undo(member, merged.string("mergeId"), false);
        crm.drainQueues();
        assertNotNull(member.get("/merges/" + merged.string("mergeId")).json().get("undoneAt"));
        assertEquals(logged, refIds(from));
        assertEquals(45, timeline(from).size());
        assertTrue(refIds(kept).isEmpty());
    }

    @Test
    void anErasureOfTheKeptPersonTakesTheMergeJournalWithIt() {
        mailTo(FROM_ADDRESS, "Angebot Integreat");
        for (int i = 0; i < 25; i++) {
            created(member.post("/interactions", Map.of("type", "NOTE", "subject", "Notiz " + i, "contactIds", List.of(from))));
        }
        Reply merged = merge(member, kept, mergeBody(from));
        assertEquals(200, merged.status(), merged::toString);
        assertEquals(Boolean.FALSE, merged.json().get("complete"));
        Reply early = admin.post("/contacts/" + kept + "/erase", Map.of("reason", "Antrag nach Art. 17"));
        assertEquals(409, early.status(), "some of the person's history is still on the merged-away timeline: " + early);
        crm.drainQueues();
        Reply erased = admin.post("/contacts/" + kept + "/erase", Map.of("reason", "Antrag nach Art. 17"));
        assertEquals(200, erased.status(), erased::toString);
        assertEquals(404, member.get("/merges/" + merged.string("mergeId")).status());
        assertEquals(404, admin.get("/contacts/" + from).status(), "no redirect to an erased person");
        List<String> traces = List.of("mueller", "müller", "erika", "posteo", "messe", "amtsleiterin", kept.toLowerCase(Locale.ROOT),
                from.toLowerCase(Locale.ROOT));
        for (Map<String, AttributeValue> item : PrivacyTest.everyItem(crm)) {
            if (item.get("pk").s().startsWith("AUDIT")) {
                continue;
            }
            String text = item.toString().toLowerCase(Locale.ROOT);
            traces.forEach(trace -> assertFalse(text.contains(trace), () -> trace + " in " + item));
        }
    }
}
