package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Opportunities through their HTTP events: the stage rules, split shares, uniqueness, reminder task, races. */
class OpportunitiesApiTest {
    static final List<String> OPEN_STAGES = List.of("INTERESTED", "INFO_PROVIDED", "REMIND_MUNICIPALITY", "PITCH_DONE", "CONTRACT_SENT");

    static TestCrm crm;
    static Caller admin;
    static String ownerId;
    static int municipalities;

    @BeforeAll
    static void start() {
        crm = new TestCrm();
        admin = crm.admin();
        ownerId = crm.member("vertrieb@integreat.example", "MEMBER").get("/me").string("id");
    }

    /** The shared CRM's log of requests starts empty for each test, so that each test answers for its own requests. */
    @BeforeEach
    void onlyThisTestsRequests() {
        crm.operations.clear();
    }

    /** No request of any test here scans, whichever test ran before. */
    @AfterEach
    void noScan() {
        assertFalse(crm.operations.contains("Scan"), crm.operations::toString);
    }

    static String municipality(String name) {
        Reply reply = admin.post("/accounts", Map.of("name", name + " " + (++municipalities), "type", "MUNICIPALITY"));
        assertEquals(201, reply.status(), reply::toString);
        return reply.string("id");
    }

    static Map<String, Object> body(String name, String type, List<String> accountIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", type);
        body.put("accountIds", accountIds);
        body.put("ownerId", ownerId);
        return body;
    }

    static Reply create(String type, String accountId, String stage) {
        Map<String, Object> body = body("Integreat " + accountId.substring(20), type, List.of(accountId));
        if (stage != null) {
            body.put("stage", stage);
        }
        Reply reply = admin.post("/opportunities", body);
        assertEquals(201, reply.status(), reply::toString);
        return reply;
    }

    static Reply stage(Reply current, Map<String, Object> change) {
        return admin.ifMatch(current.etag()).post("/opportunities/" + current.string("id") + "/stage", change);
    }

    static Reply move(Reply current, String stage) {
        Reply reply = stage(current, Map.of("stage", stage));
        assertEquals(200, reply.status(), reply::toString);
        return reply;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Reply reply, String field) {
        return (List<Map<String, Object>>) reply.json().get(field);
    }

    @Test
    void aNewOpportunityStartsInterestedWithItsHistoryAndShowsOnItsAccount() {
        String account = municipality("Stadt Kempten");
        Map<String, Object> body = body("Integreat Kempten", "standard", List.of(account));
        body.put("expectedCloseDate", "2026-09-30");
        body.put("amount", 4800.5);
        body.put("notes", "Integrationsbeauftragte hat nach dem Fachtag angefragt.");
        Reply created = admin.post("/opportunities", body);

        assertEquals(201, created.status(), created::toString);
        assertEquals("\"1\"", created.etag());
        assertEquals("STANDARD", created.string("type"));
        assertEquals("INTERESTED", created.string("stage"));
        assertEquals("Interessiert", created.string("stageLabel"));
        assertEquals(true, created.json().get("open"));
        assertEquals(List.of("INTERESTED"), list(created, "history").stream().map(h -> h.get("stage")).toList());

        Reply read = admin.get("/opportunities/" + created.string("id"));
        assertEquals(200, read.status(), read::toString);
        assertEquals(body.get("notes"), read.string("notes"));
        assertEquals(4800.5, ((Number) read.json().get("amount")).doubleValue());
        assertEquals("Stadt Kempten " + municipalities, list(read, "accounts").get(0).get("name"));
        Map<String, Object> first = list(read, "history").get(0);
        assertEquals(admin.get("/me").string("id"), first.get("by"));
        assertNotNull(first.get("at"));

        Reply detail = admin.get("/accounts/" + account);
        assertEquals(List.of(created.string("id")), list(detail, "opportunities").stream().map(o -> o.get("id")).toList());
        Reply timeline = admin.get("/accounts/" + account + "/timeline");
        assertEquals("STAGE_CHANGE", timeline.items().get(0).get("kind"));
        assertEquals("INTERESTED", timeline.items().get(0).get("type"));

        // English labels for a member who reads English
        Caller english = crm.member("english@integreat.example", "MEMBER");
        String englishId = english.get("/me").string("id");
        english.ifMatch("\"1\"").patch("/members/" + englishId, Map.of("language", "en"));
        assertEquals("Interested", english.get("/opportunities/" + created.string("id")).string("stageLabel"));
    }

    @Test
    void notesAreSetAndClearedByAMergePatch() {
        Reply created = create("STANDARD", municipality("Notizhausen"), null);
        String path = "/opportunities/" + created.string("id");
        Reply noted = admin.ifMatch(created.etag()).patch(path, Map.of("notes", "Rückruf im Januar"));
        assertEquals(200, noted.status(), noted::toString);
        assertEquals("Rückruf im Januar", admin.get(path).string("notes"));
        Map<String, Object> clear = new java.util.HashMap<>();
        clear.put("notes", null);
        // was a 500 (found by OpenApiPropertiesTest): the REMOVE went out with an empty map of values
        Reply cleared = admin.ifMatch(noted.etag()).patch(path, clear);
        assertEquals(200, cleared.status(), cleared::toString);
        assertEquals(null, admin.get(path).json().get("notes"));
    }

    @Test
    void openStagesMoveForwardAndBackAndEveryChangeIsRecorded() {
        Reply opportunity = create("STANDARD", municipality("Markt Indersdorf"), null);
        for (String stage : List.of("INFO_PROVIDED", "PITCH_DONE", "INFO_PROVIDED", "CONTRACT_SENT", "INTERESTED")) {
            opportunity = move(opportunity, stage);
        }
        assertEquals(List.of("INTERESTED", "INFO_PROVIDED", "PITCH_DONE", "INFO_PROVIDED", "CONTRACT_SENT", "INTERESTED"),
                list(admin.get("/opportunities/" + opportunity.string("id")), "history").stream().map(h -> h.get("stage")).toList());
        Reply same = stage(opportunity, Map.of("stage", "INTERESTED"));
        assertEquals(409, same.status(), same::toString);
        assertEquals(422, stage(opportunity, Map.of("stage", "ERFUNDEN")).status());
        assertEquals(428, admin.post("/opportunities/" + opportunity.string("id") + "/stage", Map.of("stage", "PITCH_DONE")).status());
    }

    @Test
    void lostIsReachableFromEveryOpenStageAndNeedsAReason() {
        for (String open : OPEN_STAGES) {
            Reply opportunity = create("ONE_TIME", municipality("Gemeinde Verlust"), open);
            assertEquals(open, opportunity.string("stage"));
            Reply withoutReason = stage(opportunity, Map.of("stage", "CLOSED_LOST"));
            assertEquals(422, withoutReason.status(), withoutReason::toString);
            assertEquals("lostReason", list(withoutReason, "errors").get(0).get("field"));

            Reply lost = stage(opportunity, Map.of("stage", "CLOSED_LOST", "lostReason", "Kein Budget im Haushalt 2026"));
            assertEquals(200, lost.status(), lost::toString);
            assertEquals(false, lost.json().get("open"));
            assertEquals("Kein Budget im Haushalt 2026", lost.string("lostReason"));
            assertNotNull(lost.string("closedAt"));
            assertEquals("Kein Budget im Haushalt 2026", list(lost, "history").get(1).get("lostReason"));
        }
    }

    @Test
    void wonOnlyAfterTheContractWasSent() {
        Reply opportunity = create("STANDARD", municipality("Landkreis Gewinn"), null);
        opportunity = move(opportunity, "PITCH_DONE");
        Reply refused = stage(opportunity, Map.of("stage", "CLOSED_WON"));
        assertEquals(409, refused.status(), refused::toString);
        assertTrue(refused.string("detail").contains("contract has not been sent"), refused::toString);

        opportunity = move(opportunity, "CONTRACT_SENT");
        opportunity = move(opportunity, "PITCH_DONE"); // back once more: it has been at CONTRACT_SENT
        Reply won = move(opportunity, "CLOSED_WON");
        assertEquals("Closed Won", won.string("stageLabel"));
        assertEquals(false, won.json().get("open"));
        assertEquals(422, stage(won, Map.of("stage", "CLOSED_WON", "lostReason", "x")).status());
    }

    @Test
    void aClosedOpportunityChangesOnlyWhenReopened() {
        String account = municipality("Stadt Wiederauf");
        Reply opportunity = create("STANDARD", account, "CONTRACT_SENT");
        Reply lost = stage(opportunity, Map.of("stage", "CLOSED_LOST", "lostReason", "Gemeinderat dagegen"));

        Reply refused = stage(lost, Map.of("stage", "INTERESTED"));
        assertEquals(409, refused.status(), refused::toString);
        assertTrue(refused.string("detail").contains("reopen"), refused::toString);
        assertEquals(409, stage(lost, Map.of("stage", "CLOSED_WON")).status());

        // while it is closed, a new one for the municipality is fine ...
        Reply second = create("STANDARD", account, null);
        // ... and then reopening the first would make two open ones
        Reply blocked = stage(lost, Map.of("stage", "PITCH_DONE", "reopen", true));
        assertEquals(409, blocked.status(), blocked::toString);
        assertTrue(blocked.string("detail").contains(second.string("id")), blocked::toString);
        assertEquals(second.string("id"), blocked.string("opportunityId"));

        Reply closedSecond = stage(second, Map.of("stage", "CLOSED_LOST", "lostReason", "Doppelt angelegt"));
        assertEquals(200, closedSecond.status(), closedSecond::toString);
        Reply reopened = stage(lost, Map.of("stage", "PITCH_DONE", "reopen", true));
        assertEquals(200, reopened.status(), reopened::toString);
        assertEquals(true, reopened.json().get("open"));
        assertNull(reopened.json().get("lostReason"));
        assertNull(reopened.json().get("closedAt"));
        // a lost opportunity that had its contract sent may be won after reopening
        assertEquals(200, stage(reopened, Map.of("stage", "CLOSED_WON")).status());
        // reopened and closed again: the lock is gone once more
        create("STANDARD", account, null);
    }

    @Test
    void aSecondOpenOpportunityOfTheSameTypeIsRefusedNamingTheOpenOne() {
        String account = municipality("Stadt Doppelt");
        Reply first = create("STANDARD", account, null);
        Reply second = admin.post("/opportunities", body("Noch einmal", "STANDARD", List.of(account)));
        assertEquals(409, second.status(), second::toString);
        assertEquals(first.string("id"), second.string("opportunityId"));
        assertTrue(second.string("detail").contains(first.string("name")), second::toString);
        // another type is another agreement
        assertEquals(201, admin.post("/opportunities", body("Nur AV-Vertrag", "DATA_PRIVACY_ONLY", List.of(account))).status());
    }

    @Test
    void ofTwoConcurrentCreatesExactlyOneWins() throws Exception {
        String account = municipality("Stadt Gleichzeitig");
        List<Reply> replies = Concurrently.run(2, i -> admin.post("/opportunities", body("Versuch " + i, "STANDARD", List.of(account))));
        List<Integer> statuses = replies.stream().map(Reply::status).sorted().toList();
        assertEquals(List.of(201, 409), statuses, replies::toString);
        Reply winner = replies.stream().filter(r -> r.status() == 201).findFirst().orElseThrow();
        Reply loser = replies.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
        assertEquals(winner.string("id"), loser.string("opportunityId"));
        assertEquals(1, admin.get("/opportunities?accountId=" + account).items().size());
        assertEquals(1, list(admin.get("/accounts/" + account), "opportunities").size());
    }

    @Test
    void aSplitAgreementLinksSeveralMunicipalitiesWithSharesThatAddUpTo100() {
        String a = municipality("Gemeinde Nord");
        String b = municipality("Gemeinde Süd");
        String c = municipality("Gemeinde West");
        Reply alone = admin.post("/opportunities", body("Allein", "SPLIT", List.of(a)));
        assertEquals(422, alone.status(), alone::toString);
        assertEquals("accountIds", list(alone, "errors").get(0).get("field"));

        Map<String, Object> wrongSum = body("Falsch", "SPLIT", null);
        wrongSum.remove("accountIds");
        wrongSum.put("accounts", List.of(Map.of("accountId", a, "share", 60), Map.of("accountId", b, "share", 30)));
        assertEquals(422, admin.post("/opportunities", wrongSum).status());
        wrongSum.put("accounts", List.of(Map.of("accountId", a, "share", 60), Map.of("accountId", b)));
        assertEquals(422, admin.post("/opportunities", wrongSum).status());
        wrongSum.put("accounts", List.of(Map.of("accountId", a, "share", 50), Map.of("accountId", a, "share", 50)));
        assertEquals(422, admin.post("/opportunities", wrongSum).status());

        Map<String, Object> split = body("Verbund Nord-Süd-West", "SPLIT", null);
        split.remove("accountIds");
        split.put("accounts", List.of(Map.of("accountId", a, "share", 50), Map.of("accountId", b, "share", 33.33),
                Map.of("accountId", c, "share", 16.67)));
        Reply created = admin.post("/opportunities", split);
        assertEquals(201, created.status(), created::toString);
        assertEquals(List.of(50, 33.33, 16.67), list(created, "accounts").stream().map(x -> x.get("share")).toList());
        for (String account : List.of(a, b, c)) {
            assertEquals(1, list(admin.get("/accounts/" + account), "opportunities").size(), account);
        }
        // each linked municipality is locked for the type ...
        assertEquals(409, admin.post("/opportunities", body("Verbund 2", "SPLIT", List.of(c, municipality("Gemeinde Ost")))).status());
        // ... and a split without shares is fine, as is a standard one next to the split
        assertEquals(201, admin.post("/opportunities", body("Ohne Anteile", "SPLIT",
                List.of(municipality("Gemeinde A"), municipality("Gemeinde B")))).status());
        assertEquals(201, admin.post("/opportunities", body("Eigener Vertrag", "STANDARD", List.of(a))).status());

        // the other types link exactly one municipality and have no shares
        assertEquals(422, admin.post("/opportunities", body("Zwei", "STANDARD", List.of(municipality("X"), municipality("Y")))).status());
        Map<String, Object> share = body("Anteil", "ONE_TIME", null);
        share.remove("accountIds");
        share.put("accounts", List.of(Map.of("accountId", municipality("Z"), "share", 100)));
        assertEquals(422, admin.post("/opportunities", share).status());
        // only municipalities
        String partner = admin.post("/accounts", Map.of("name", "Caritas", "type", "PARTNER")).string("id");
        Reply notMunicipality = admin.post("/opportunities", body("Partner", "STANDARD", List.of(partner)));
        assertEquals(422, notMunicipality.status(), notMunicipality::toString);
        assertEquals(422, admin.post("/opportunities", body("Fehlt", "STANDARD", List.of("01JZZZZZZZZZZZZZZZZZZZZZZZ"))).status());
    }

    @Test
    void enteringRemindMunicipalityCreatesOneFollowUpTaskForTheOwner() {
        String account = municipality("Gemeinde Erinnerung");
        Reply opportunity = move(create("STANDARD", account, null), "INFO_PROVIDED");
        assertNull(opportunity.json().get("reminderTaskId"));
        LocalDate before = LocalDate.now(ZoneId.of("Europe/Berlin"));
        opportunity = move(opportunity, "REMIND_MUNICIPALITY");
        LocalDate after = LocalDate.now(ZoneId.of("Europe/Berlin"));
        String taskId = opportunity.string("reminderTaskId");
        assertNotNull(taskId);
        Reply task = admin.get("/tasks/" + taskId);
        assertEquals("Kommune erinnern", task.string("title"));
        assertEquals(ownerId, task.string("assigneeId"));
        assertEquals(account, task.string("accountId"));
        assertEquals(opportunity.string("id"), task.string("opportunityId"));
        // the real clock may pass Berlin midnight during the move; the exact date is checked on a test clock below
        assertTrue(List.of(before.plusDays(7).toString(), after.plusDays(7).toString()).contains(task.string("dueDate")), task::toString);
        assertEquals("OPEN", task.string("status"));

        // back and again: the open task is still there, no second one
        opportunity = move(move(opportunity, "INFO_PROVIDED"), "REMIND_MUNICIPALITY");
        assertEquals(taskId, opportunity.string("reminderTaskId"));

        // once it is done, entering the stage again creates a new one
        assertEquals(200, admin.post("/tasks/" + taskId + "/complete", null).status());
        opportunity = move(move(opportunity, "PITCH_DONE"), "REMIND_MUNICIPALITY");
        assertNotEquals(taskId, opportunity.string("reminderTaskId"));
        // a new opportunity opened at that stage gets its task too
        assertNotNull(create("ONE_TIME", municipality("Gemeinde Direkt"), "REMIND_MUNICIPALITY").string("reminderTaskId"));
    }

    @Test
    void whenTheOwnerHasLeftTheMemberWhoMovesTheStageGetsTheReminder() {
        Reply leaving = admin.post("/members", Map.of("email", "geht@integreat.example", "name", "Geht"));
        Map<String, Object> body = body("Integreat Abschied", "STANDARD", List.of(municipality("Gemeinde Abschied")));
        body.put("ownerId", leaving.string("id"));
        Reply opportunity = admin.post("/opportunities", body);
        assertEquals(201, opportunity.status(), opportunity::toString);
        assertEquals(200, admin.ifMatch(leaving.etag()).patch("/members/" + leaving.string("id"), Map.of("active", false)).status());

        Reply moved = stage(opportunity, Map.of("stage", "REMIND_MUNICIPALITY"));
        assertEquals(200, moved.status(), moved::toString);
        Reply task = admin.get("/tasks/" + moved.string("reminderTaskId"));
        assertEquals(admin.get("/me").string("id"), task.string("assigneeId"));
    }

    @Test
    void ofTwoConcurrentStageChangesOneWinsAndTheHistoryHasExactlyIt() throws Exception {
        String account = municipality("Stadt Wettlauf");
        Reply opportunity = create("STANDARD", account, null);
        List<String> targets = List.of("INFO_PROVIDED", "PITCH_DONE");
        List<Reply> replies = Concurrently.run(2, i -> stage(opportunity, Map.of("stage", targets.get(i))));
        assertEquals(List.of(200, 412), replies.stream().map(Reply::status).sorted().toList(), replies::toString);
        String winner = replies.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().string("stage");

        Reply read = admin.get("/opportunities/" + opportunity.string("id"));
        assertEquals(winner, read.string("stage"));
        assertEquals("\"2\"", read.etag());
        assertEquals(List.of("INTERESTED", winner), list(read, "history").stream().map(h -> h.get("stage")).toList());
        long stageLines = admin.get("/accounts/" + account + "/timeline").items().stream()
                .filter(e -> "STAGE_CHANGE".equals(e.get("kind"))).count();
        assertEquals(2, stageLines);
    }

    @Test
    void patchChangesTheRecordAndItsCopiesButNotTheStageTypeOrAccounts() {
        String account = municipality("Stadt Umbenannt");
        Reply opportunity = create("STANDARD", account, null);
        String id = opportunity.string("id");
        assertEquals(428, admin.patch("/opportunities/" + id, Map.of("name", "Neu")).status());
        Reply renamed = admin.ifMatch(opportunity.etag()).patch("/opportunities/" + id, Map.of("name", "Integreat Umbenannt", "amount", 1200));
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals("Integreat Umbenannt", list(admin.get("/accounts/" + account), "opportunities").get(0).get("name"));
        assertEquals(412, admin.ifMatch(opportunity.etag()).patch("/opportunities/" + id, Map.of("name", "Alt")).status());
        assertEquals(422, admin.ifMatch(renamed.etag()).patch("/opportunities/" + id, Map.of("stage", "CLOSED_WON")).status());
        assertEquals(422, admin.ifMatch(renamed.etag()).patch("/opportunities/" + id, Map.of("type", "SPLIT")).status());
        assertEquals(422, admin.ifMatch(renamed.etag()).patch("/opportunities/" + id, Map.of("ownerId", "01JZZZZZZZZZZZZZZZZZZZZZZZ")).status());
        // the representation can be sent back as it is
        Map<String, Object> back = new LinkedHashMap<>(admin.get("/opportunities/" + id).json());
        back.put("notes", "Rückruf vereinbart");
        assertEquals(200, admin.ifMatch(renamed.etag()).patch("/opportunities/" + id, back).status(), () -> back.toString());
    }

    @Test
    void deletingFreesTheMunicipalityAndTheAccountKeepsItsOpportunitiesUntilThen() {
        String account = municipality("Stadt Gelöscht");
        Reply opportunity = create("STANDARD", account, null);
        String id = opportunity.string("id");
        Reply accountDelete = admin.ifMatch("\"1\"").delete("/accounts/" + account);
        assertEquals(409, accountDelete.status(), accountDelete::toString);
        assertEquals(428, admin.delete("/opportunities/" + id).status());
        assertEquals(204, admin.ifMatch(opportunity.etag()).delete("/opportunities/" + id).status());
        assertEquals(404, admin.get("/opportunities/" + id).status());
        assertEquals(List.of(), list(admin.get("/accounts/" + account), "opportunities"));
        create("STANDARD", account, null);
    }

    @Test
    void listsFilterByStageTypeAccountOwnerAndOpenAndPageWithoutGaps() {
        TestCrm own = new TestCrm();
        Caller a = own.admin();
        String owner = own.member("zweite@integreat.example", "MEMBER").get("/me").string("id");
        String me = a.get("/me").string("id");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String account = a.post("/accounts", Map.of("name", "Kommune " + i, "type", "MUNICIPALITY")).string("id");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", "Chance " + i);
            body.put("type", i % 2 == 0 ? "STANDARD" : "ONE_TIME");
            body.put("accountIds", List.of(account));
            body.put("ownerId", i < 3 ? owner : me);
            body.put("stage", OPEN_STAGES.get(i % 5));
            Reply created = a.post("/opportunities", body);
            assertEquals(201, created.status(), created::toString);
            ids.add(created.string("id"));
            if (i == 6) {
                assertEquals(200, a.ifMatch(created.etag()).post("/opportunities/" + created.string("id") + "/stage",
                        Map.of("stage", "CLOSED_LOST", "lostReason", "Kein Interesse mehr")).status());
            }
        }
        // the documented order: closed ones by closing time, then open ones by stage (then by creation)
        List<String> boardOrder = List.of(ids.get(6), ids.get(0), ids.get(5), ids.get(1), ids.get(2), ids.get(3), ids.get(4));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page = a.get("/opportunities?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::toString);
            page.items().forEach(item -> seen.add((String) item.get("id")));
            cursor = (String) page.json().get("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(boardOrder, seen, "pages keep the order, without gaps or repeats");
        assertEquals(4, pages);
        assertEquals(boardOrder, idsOf(a.get("/opportunities")));

        assertEquals(6, a.get("/opportunities?open=true").items().size());
        assertEquals(1, a.get("/opportunities?open=false").items().size());
        assertEquals(List.of(ids.get(0), ids.get(5)), idsOf(a.get("/opportunities?stage=INTERESTED")));
        assertEquals(List.of(ids.get(6)), idsOf(a.get("/opportunities?stage=closed_lost")));
        assertEquals(List.of(ids.get(5), ids.get(1), ids.get(3)), idsOf(a.get("/opportunities?type=ONE_TIME&open=true")));
        assertEquals(List.of(ids.get(0), ids.get(1), ids.get(2)), idsOf(a.get("/opportunities?ownerId=" + owner)));
        assertEquals(List.of(ids.get(2)), idsOf(a.get("/opportunities?ownerId=" + owner + "&stage=REMIND_MUNICIPALITY")));
        assertEquals(List.of(ids.get(0), ids.get(2)), idsOf(a.get("/opportunities?ownerId=" + owner + "&type=STANDARD&open=true")));
        String account3 = (String) ((Map<?, ?>) ((List<?>) a.get("/opportunities/" + ids.get(3)).json().get("accounts")).get(0)).get("accountId");
        assertEquals(List.of(ids.get(3)), idsOf(a.get("/opportunities?accountId=" + account3 + "&open=true")));
        assertEquals(List.of(), idsOf(a.get("/opportunities?accountId=" + account3 + "&stage=INTERESTED")));
        assertEquals(400, a.get("/opportunities?stage=NIRGENDS").status());
        assertEquals(400, a.get("/opportunities?type=NIX").status());
        assertEquals(400, a.get("/opportunities?open=ja").status());
        assertEquals(400, a.get("/opportunities?accountId=kaputt").status());
    }

    /** The ids in the order the API answered. */
    static List<String> idsOf(Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        return reply.items().stream().map(item -> (String) item.get("id")).toList();
    }

    @Test
    void theDefinitionIsServedWithItsLabels() {
        Reply definition = admin.get("/pipeline/definition");
        assertEquals(200, definition.status());
        List<Map<String, Object>> stages = list(definition, "stages");
        assertEquals(List.of("INTERESTED", "INFO_PROVIDED", "REMIND_MUNICIPALITY", "PITCH_DONE", "CONTRACT_SENT", "CLOSED_WON", "CLOSED_LOST"),
                stages.stream().map(s -> s.get("key")).toList());
        assertEquals("Pitch durchgeführt", ((Map<?, ?>) stages.get(3).get("labels")).get("de"));
        assertEquals(4, list(definition, "types").size());
        assertFalse(crm.operations.contains("Scan"));
    }

    @Test
    void everyReadIsTheCallerLookupAndOneQueryOrGetItem() {
        String account = municipality("Stadt Budget");
        String id = create("STANDARD", account, "PITCH_DONE").string("id");
        for (String read : List.of("/opportunities/" + id, "/opportunities", "/opportunities?open=true&type=STANDARD",
                "/opportunities?stage=PITCH_DONE", "/opportunities?ownerId=" + ownerId + "&open=true",
                "/opportunities?accountId=" + account + "&stage=PITCH_DONE", "/accounts/" + account, "/pipeline",
                "/pipeline/municipalities", "/pipeline/definition")) {
            crm.getWithinBudget(admin, read);
        }
        crm.operations.clear();
        Reply opportunity = admin.get("/opportunities/" + id);
        move(opportunity, "CONTRACT_SENT");
        assertFalse(crm.operations.contains("Scan"), crm.operations::toString);
        assertEquals(1, crm.operations.stream().filter("TransactWriteItems"::equals).count(), crm.operations::toString);
    }
}
