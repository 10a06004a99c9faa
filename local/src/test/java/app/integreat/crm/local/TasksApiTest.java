package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TasksApiTest {
    static TestCrm crm;
    static Caller admin;

    @BeforeAll
    static void start() {
        crm = new TestCrm();
        admin = crm.admin();
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

    static String memberId(Caller caller) {
        return caller.get("/me").string("id");
    }

    static String account(String name) {
        return admin.post("/accounts", Map.of("name", name, "type", "MUNICIPALITY")).string("id");
    }

    static Reply task(Caller caller, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(Map.of("title", "Rückruf", "dueDate", "2026-12-01"));
        body.putAll(fields);
        Reply reply = caller.post("/tasks", body);
        assertEquals(201, reply.status(), reply::toString);
        return reply;
    }

    static List<Map<String, Object>> timeline(String path) {
        return admin.get(path + "/timeline").items();
    }

    @Test
    void crudWithTimelinesAndIfMatch() {
        String augsburg = account("Stadt Augsburg");
        String kempten = account("Stadt Kempten");
        String contact = admin.post("/contacts", Map.of("lastName", "Huber", "accountId", augsburg)).string("id");
        Reply created = task(admin, Map.of("title", "Angebot nachfassen", "description", "Preise klären", "dueDate", "2026-12-03",
                "accountId", augsburg, "contactId", contact));
        String id = created.string("id");
        assertEquals("OPEN", created.string("status"));
        assertEquals(memberId(admin), created.string("assigneeId"), "the caller by default");
        assertEquals(memberId(admin), created.string("createdBy"));
        assertEquals("\"1\"", created.etag());
        assertEquals("Angebot nachfassen", admin.get("/tasks/" + id).string("title"));
        for (String owner : List.of("/accounts/" + augsburg, "/contacts/" + contact)) {
            List<Map<String, Object>> lines = timeline(owner);
            assertEquals(1, lines.size(), owner);
            assertEquals("TASK", lines.get(0).get("kind"));
            assertEquals("OPEN", lines.get(0).get("type"));
            assertEquals(id, lines.get(0).get("refId"));
        }

        assertEquals(428, admin.patch("/tasks/" + id, Map.of("title", "x")).status());
        assertEquals(412, admin.ifMatch("\"7\"").patch("/tasks/" + id, Map.of("title", "x")).status());
        Reply changed = admin.ifMatch("\"1\"").patch("/tasks/" + id, Map.of("title", "Angebot senden", "accountId", kempten));
        assertEquals(200, changed.status(), changed::toString);
        assertEquals("\"2\"", changed.etag());
        assertTrue(timeline("/accounts/" + augsburg).isEmpty(), "moved off the old account's timeline");
        assertEquals("Angebot senden", timeline("/accounts/" + kempten).get(0).get("title"));
        assertEquals("Angebot senden", timeline("/contacts/" + contact).get(0).get("title"));
        Reply status = admin.ifMatch("\"2\"").patch("/tasks/" + id, Map.of("status", "DONE"));
        assertEquals(422, status.status());
        assertEquals("status", AccountsApiTest.fieldOf(status));

        Reply done = admin.post("/tasks/" + id + "/complete", null);
        assertEquals(200, done.status(), done::toString);
        assertEquals("DONE", done.string("status"));
        assertNotNull(done.string("completedAt"));
        assertEquals("DONE", timeline("/accounts/" + kempten).get(0).get("type"), "done tasks stay on the timeline");
        assertEquals("\"3\"", admin.post("/tasks/" + id + "/complete", null).etag(), "completing twice changes nothing");
        assertEquals(412, admin.ifMatch("\"2\"").post("/tasks/" + id + "/reopen", null).status());
        Reply reopened = admin.ifMatch("\"3\"").post("/tasks/" + id + "/reopen", null);
        assertEquals("OPEN", reopened.string("status"));
        assertNull(reopened.json().get("completedAt"));

        assertEquals(428, admin.delete("/tasks/" + id).status());
        assertEquals(204, admin.ifMatch("\"4\"").delete("/tasks/" + id).status());
        assertEquals(404, admin.get("/tasks/" + id).status());
        assertTrue(timeline("/accounts/" + kempten).isEmpty());
        assertTrue(timeline("/contacts/" + contact).isEmpty());
        assertFalse(crm.operations.contains("Scan"));
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        Reply missing = admin.post("/tasks", Map.of("description", "x"));
        assertEquals(422, missing.status());
        assertEquals(2, ((List<?>) missing.json().get("errors")).size(), missing::toString);
        assertEquals("dueDate", AccountsApiTest.fieldOf(admin.post("/tasks", Map.of("title", "x", "dueDate", "31.12.2026"))));
        assertEquals("accountId", AccountsApiTest.fieldOf(admin.post("/tasks", Map.of("title", "x", "dueDate", "2026-12-31",
                "accountId", "01JDZ6Q4Z8X9V2M3N4P5R6S7T8"))));
        assertEquals("assigneeId", AccountsApiTest.fieldOf(admin.post("/tasks", Map.of("title", "x", "dueDate", "2026-12-31",
                "assigneeId", "nobody"))));
        assertEquals(400, admin.get("/tasks?status=LATER").status());
        assertEquals(400, admin.get("/tasks?dueBefore=tomorrow").status());
        assertEquals(400, admin.get("/tasks?assignee=somebody").status());
        assertEquals(404, admin.get("/tasks/01JDZ6Q4Z8X9V2M3N4P5R6S7T8").status());
    }

    @Test
    void everyFilterCombinationIsOneSortedQuery() {
        TestCrm own = new TestCrm();
        Caller boss = own.admin();
        Caller lena = own.member("lena@integreat.example", "MEMBER");
        String lenaId = memberId(lena);
        String bossId = memberId(boss);
        String acc = boss.post("/accounts", Map.of("name", "Landkreis Lindau", "type", "MUNICIPALITY")).string("id");
        List<Map<String, Object>> all = new ArrayList<>();
        String[][] rows = {
                {"2026-12-05", "boss", "acc", "OPEN"}, {"2026-12-01", "lena", "acc", "OPEN"}, {"2026-12-03", "lena", "", "OPEN"},
                {"2026-11-20", "boss", "", "DONE"}, {"2026-12-02", "lena", "acc", "DONE"}, {"2026-12-09", "boss", "", "OPEN"}};
        for (String[] row : rows) {
            Map<String, Object> body = new HashMap<>(Map.of("title", "T " + row[0], "dueDate", row[0],
                    "assigneeId", row[1].equals("boss") ? bossId : lenaId));
            if (!row[2].isEmpty()) {
                body.put("accountId", acc);
            }
            Reply created = boss.post("/tasks", body);
            assertEquals(201, created.status(), created::toString);
            if (row[3].equals("DONE")) {
                created = boss.post("/tasks/" + created.string("id") + "/complete", null);
            }
            all.add(created.json());
        }
        Map<String, Predicate<Map<String, Object>>> filters = new java.util.LinkedHashMap<>();
        filters.put("", t -> true);
        filters.put("status=OPEN", t -> t.get("status").equals("OPEN"));
        filters.put("status=done", t -> t.get("status").equals("DONE"));
        filters.put("assignee=me", t -> t.get("assigneeId").equals(bossId));
        filters.put("assignee=" + lenaId + "&status=OPEN", t -> t.get("assigneeId").equals(lenaId) && t.get("status").equals("OPEN"));
        filters.put("assignee=" + lenaId + "&dueBefore=2026-12-03", t -> t.get("assigneeId").equals(lenaId)
                && t.get("dueDate").toString().compareTo("2026-12-03") < 0);
        filters.put("status=OPEN&dueBefore=2026-12-06", t -> t.get("status").equals("OPEN") && t.get("dueDate").toString().compareTo("2026-12-06") < 0);
        filters.put("dueBefore=2026-12-02", t -> t.get("dueDate").toString().compareTo("2026-12-02") < 0);
        filters.put("accountId=" + acc, t -> acc.equals(t.get("accountId")));
        filters.put("accountId=" + acc + "&status=OPEN", t -> acc.equals(t.get("accountId")) && t.get("status").equals("OPEN"));
        filters.put("accountId=" + acc + "&assignee=" + lenaId, t -> acc.equals(t.get("accountId")) && t.get("assigneeId").equals(lenaId));
        filters.put("accountId=" + acc + "&assignee=me&status=OPEN&dueBefore=2026-12-31",
                t -> acc.equals(t.get("accountId")) && t.get("assigneeId").equals(bossId) && t.get("status").equals("OPEN"));
        for (Map.Entry<String, Predicate<Map<String, Object>>> filter : filters.entrySet()) {
            List<String> expected = all.stream().filter(filter.getValue())
                    .sorted(java.util.Comparator.comparing((Map<String, Object> t) -> t.get("dueDate").toString()))
                    .map(t -> t.get("id").toString()).toList();
            // two per page: the pages together list every match once, in due-date order
            List<String> listed = new ArrayList<>();
            String cursor = null;
            do {
                own.operations.clear();
                Reply page = boss.get("/tasks?limit=2&" + filter.getKey() + (cursor == null ? "" : "&cursor=" + cursor));
                assertEquals(200, page.status(), filter.getKey() + ": " + page);
                assertTrue(own.operations.size() <= 2, filter.getKey() + " made " + own.operations);
                assertFalse(own.operations.contains("Scan"));
                page.items().forEach(t -> listed.add(t.get("id").toString()));
                cursor = (String) page.json().get("nextCursor");
            } while (cursor != null);
            assertEquals(expected, listed, filter.getKey());
        }
    }

    @Test
    void handoverMovesTheWindowOnceAndRecordsIt() {
        TestCrm own = new TestCrm();
        Caller boss = own.admin();
        Caller ute = own.member("ute@integreat.example", "MEMBER");
        Caller jonas = own.member("jonas@integreat.example", "MEMBER");
        String uteId = memberId(ute);
        String jonasId = memberId(jonas);
        List<String> ids = new ArrayList<>();
        for (String due : List.of("2026-12-01", "2026-12-10", "2026-12-15", "2026-12-20", "2026-12-31")) {
            ids.add(task(ute, Map.of("dueDate", due)).string("id"));
        }
        ute.post("/tasks/" + ids.get(2) + "/complete", null); // done tasks stay
        Reply moved = ute.post("/tasks/handover", Map.of("fromMemberId", uteId, "toMemberId", jonasId,
                "dueFrom", "2026-12-10", "dueUntil", "2026-12-20"));
        assertEquals(200, moved.status(), moved::toString);
        assertEquals(2, ((Number) moved.json().get("moved")).intValue());
        Reply second = ute.post("/tasks/handover", Map.of("fromMemberId", uteId, "toMemberId", jonasId,
                "dueFrom", "2026-12-10", "dueUntil", "2026-12-20"));
        assertEquals(0, ((Number) second.json().get("moved")).intValue(), "safe to run twice");
        Reply tenth = boss.get("/tasks/" + ids.get(1));
        assertEquals(jonasId, tenth.string("assigneeId"));
        assertEquals(uteId, tenth.string("handedOverFrom"));
        assertNotNull(tenth.string("handedOverAt"));
        assertEquals(uteId, boss.get("/tasks/" + ids.get(0)).string("assigneeId"), "before the window");
        assertEquals(uteId, boss.get("/tasks/" + ids.get(2)).string("assigneeId"), "done");
        assertEquals(uteId, boss.get("/tasks/" + ids.get(4)).string("assigneeId"), "after the window");
        assertEquals(List.of(ids.get(1), ids.get(3)), boss.get("/tasks?assignee=" + jonasId + "&status=OPEN").items().stream()
                .map(t -> t.get("id")).toList());

        Reply open = boss.post("/tasks/handover", Map.of("fromMemberId", uteId, "toMemberId", jonasId));
        assertEquals(2, ((Number) open.json().get("moved")).intValue(), "without a window: all open tasks");
        assertEquals(403, own.member("x@integreat.example", "MEMBER").post("/tasks/handover",
                Map.of("fromMemberId", uteId, "toMemberId", jonasId)).status());
        assertEquals("toMemberId", AccountsApiTest.fieldOf(boss.post("/tasks/handover", Map.of("fromMemberId", uteId, "toMemberId", uteId))));
    }

    @Test
    void aHandoverRacingAnEditNeverOverwritesIt() throws Exception {
        TestCrm own = new TestCrm();
        Caller boss = own.admin();
        String fromId = memberId(own.member("from@integreat.example", "MEMBER"));
        String toId = memberId(own.member("to@integreat.example", "MEMBER"));
        for (int round = 0; round < 3; round++) {
            String id = task(boss, Map.of("assigneeId", fromId, "dueDate", "2026-12-0" + (round + 1))).string("id");
            List<Reply> replies = Concurrently.run(2, i -> i == 0
                    ? boss.post("/tasks/handover", Map.of("fromMemberId", fromId, "toMemberId", toId))
                    : boss.ifMatch("\"1\"").patch("/tasks/" + id, Map.of("title", "Geändert " + i)));
            Reply task = boss.get("/tasks/" + id);
            assertEquals(toId, task.string("assigneeId"), "moved whether or not the edit came first");
            if (replies.get(1).status() == 200) {
                assertEquals("Geändert 1", task.string("title"), "the edit survives the handover");
            } else {
                assertEquals(412, replies.get(1).status(), replies.get(1)::toString);
            }
            assertEquals(1, ((Number) replies.get(0).json().get("moved")).intValue());
        }
        // the counters stayed right: the member has no open task left, so deactivating needs no reassignTo
        Reply member = boss.get("/members/" + fromId);
        assertEquals(200, boss.ifMatch(member.etag()).patch("/members/" + fromId, Map.of("active", false)).status());
    }

    @Test
    void deactivatingAMemberMovesTheirOpenTasks() {
        TestCrm own = new TestCrm();
        Caller boss = own.admin();
        String leaving = memberId(own.member("leaving@integreat.example", "MEMBER"));
        String taking = memberId(own.member("taking@integreat.example", "MEMBER"));
        String gone = memberId(own.member("gone@integreat.example", "MEMBER"));
        assertEquals(200, boss.ifMatch("\"1\"").patch("/members/" + gone, Map.of("active", false)).status(), "no tasks: no reassignTo");
        // more than one transaction holds: moved in batches before the member is deactivated
        int count = 23;
        for (int i = 0; i < count; i++) {
            task(boss, Map.of("assigneeId", leaving, "dueDate", "2026-12-" + (10 + i % 15)));
        }
        String done = task(boss, Map.of("assigneeId", leaving)).string("id");
        boss.post("/tasks/" + done + "/complete", null);

        Reply refused = boss.ifMatch("\"1\"").patch("/members/" + leaving, Map.of("active", false));
        assertEquals(409, refused.status(), refused::toString);
        assertEquals("reassignTo", AccountsApiTest.fieldOf(refused));
        assertEquals(count, ((Number) refused.json().get("openTasks")).intValue());
        Reply inactive = boss.ifMatch("\"1\"").patch("/members/" + leaving, Map.of("active", false, "reassignTo", gone));
        assertEquals(409, inactive.status(), inactive::toString);
        assertEquals("reassignTo", AccountsApiTest.fieldOf(inactive));
        assertEquals("reassignTo", AccountsApiTest.fieldOf(boss.ifMatch("\"1\"").patch("/members/" + leaving,
                Map.of("name", "x", "reassignTo", taking))), "only when deactivating");

        Reply deactivated = boss.ifMatch("\"1\"").patch("/members/" + leaving, Map.of("active", false, "reassignTo", taking));
        assertEquals(200, deactivated.status(), deactivated::toString);
        assertEquals(Boolean.FALSE, deactivated.json().get("active"));
        assertTrue(boss.get("/tasks?assignee=" + leaving + "&status=OPEN").items().isEmpty());
        assertEquals(count, boss.get("/tasks?assignee=" + taking + "&status=OPEN&limit=100").items().size());
        assertEquals(leaving, boss.get("/tasks/" + done).string("assigneeId"), "done tasks keep who did them");

        Reply forInactive = boss.post("/tasks", Map.of("title", "x", "dueDate", "2026-12-01", "assigneeId", leaving));
        assertEquals(409, forInactive.status());
        assertEquals("assigneeId", AccountsApiTest.fieldOf(forInactive));
        Reply reopen = boss.post("/tasks/" + done + "/reopen", null);
        assertEquals(409, reopen.status(), "reopening for an inactive member needs another assignee");
        assertEquals(200, boss.post("/tasks/" + done + "/reopen", Map.of("assigneeId", taking)).status());
    }
}
