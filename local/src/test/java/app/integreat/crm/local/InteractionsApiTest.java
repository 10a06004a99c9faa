package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Calls, meetings and notes logged by hand, their follow-up tasks, and the timelines. */
class InteractionsApiTest {
    static TestCrm crm;
    static Caller admin;
    static Caller lena;
    static String lenaId;
    static String augsburg;
    static String erika;

    @BeforeAll
    static void start() {
        crm = new TestCrm();
        admin = crm.admin();
        lena = crm.member("lena@integreat.example", "MEMBER");
        lenaId = lena.get("/me").string("id");
        augsburg = admin.post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY")).string("id");
        erika = admin.post("/contacts", Map.of("firstName", "Erika", "lastName", "Müller",
                "emails", List.of("erika.mueller@augsburg.de"), "accountId", augsburg)).string("id");
    }

    @Test
    void aCallWithAFollowUpTaskIsLoggedOnTheContactAndItsAccountInOneGo() {
        Map<String, Object> body = new HashMap<>();
        body.put("type", "CALL");
        body.put("occurredAt", "2026-11-26T10:15:00+01:00");
        body.put("subject", "Telefonat zur Einführung");
        body.put("outcome", "Interesse an Pitch im Stadtrat");
        body.put("nextSteps", "Unterlagen schicken");
        body.put("contactIds", List.of(erika));
        body.put("followUpTask", Map.of("title", "Unterlagen an Frau Müller", "dueDate", "2026-12-01", "assigneeId", lenaId));
        Reply call = lena.post("/interactions", body);

        assertEquals(201, call.status(), call::toString);
        assertEquals("CALL", call.string("type"));
        assertEquals("2026-11-26T09:15:00Z", call.string("occurredAt"));
        assertEquals(List.of(augsburg), call.json().get("accountIds"), "the contact's account is linked too");
        assertEquals(lenaId, call.string("authorId"));
        @SuppressWarnings("unchecked")
        Map<String, Object> task = (Map<String, Object>) call.json().get("followUpTask");
        assertEquals("Unterlagen an Frau Müller", task.get("title"));
        assertEquals("OPEN", task.get("status"));
        assertEquals(augsburg, task.get("accountId"));
        assertEquals(erika, task.get("contactId"));

        List<Map<String, Object>> contactTimeline = admin.get("/contacts/" + erika + "/timeline").items();
        List<Object> kinds = contactTimeline.stream().filter(e -> call.string("id").equals(e.get("refId"))
                || task.get("id").equals(e.get("refId"))).map(e -> e.get("kind")).toList();
        assertTrue(kinds.containsAll(List.of("INTERACTION", "TASK")), contactTimeline::toString);
        Map<String, Object> line = contactTimeline.stream().filter(e -> call.string("id").equals(e.get("refId"))).findFirst().orElseThrow();
        assertEquals("Telefonat zur Einführung", line.get("title"));
        assertEquals(Map.of("outcome", "Interesse an Pitch im Stadtrat"), line.get("details"));
        assertTrue(admin.get("/accounts/" + augsburg + "/timeline").items().stream().anyMatch(e -> call.string("id").equals(e.get("refId"))));

        Reply read = admin.get("/interactions/" + call.string("id"));
        assertEquals("Unterlagen schicken", read.string("nextSteps"));
        assertEquals("\"1\"", read.etag());
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        assertField(lena.post("/interactions", Map.of("subject", "x", "contactIds", List.of(erika))), "type");
        assertField(lena.post("/interactions", Map.of("type", "LUNCH", "subject", "x", "contactIds", List.of(erika))), "type");
        assertField(lena.post("/interactions", Map.of("type", "NOTE", "subject", "x")), "contactIds");
        assertField(lena.post("/interactions", Map.of("type", "NOTE", "contactIds", List.of(erika))), "subject");
        assertField(lena.post("/interactions", Map.of("type", "NOTE", "subject", "x", "contactIds", List.of(erika),
                "occurredAt", "gestern")), "occurredAt");
        assertField(lena.post("/interactions", Map.of("type", "NOTE", "subject", "x", "contactIds", List.of(erika),
                "occurredAt", "2099-01-01T00:00:00Z")), "occurredAt");
        assertField(lena.post("/interactions", Map.of("type", "NOTE", "subject", "x",
                "contactIds", List.of("01JAAAAAAAAAAAAAAAAAAAAAAA"))), "contactIds");
        assertField(lena.post("/interactions", Map.of("type", "NOTE", "subject", "x", "contactIds", List.of(erika),
                "followUpTask", Map.of("title", "t"))), "followUpTask.dueDate");
        assertField(lena.post("/interactions", Map.of("type", "NOTE", "subject", "x", "contactIds", List.of(erika),
                "followUpTask", Map.of("title", "t", "dueDate", "2026-12-01", "assigneeId", "01JAAAAAAAAAAAAAAAAAAAAAAA"))),
                "followUpTask.assigneeId");
        assertField(lena.post("/interactions", Map.of("type", "NOTE", "subject", "x", "contactIds", List.of(erika), "mood", "gut")), "mood");
    }

    private static void assertField(Reply reply, String field) {
        assertEquals(422, reply.status(), reply::toString);
        assertEquals("application/problem+json", reply.header("Content-Type"));
        // the field must be named in errors[].field: every problem body contains "type" somewhere
        assertTrue(AccountsApiTest.fields(reply).contains(field), () -> "should name " + field + ": " + reply);
    }

    @Test
    void timelinesAreNewestFirstAndPageWithoutGapsOrRepeats() {
        String account = admin.post("/accounts", Map.of("name", "Landkreis Timeline", "type", "MUNICIPALITY")).string("id");
        List<String> created = new ArrayList<>();
        for (int day = 1; day <= 7; day++) {
            created.add(lena.post("/interactions", Map.of("type", "NOTE", "subject", "Notiz " + day,
                    "occurredAt", "2026-11-0" + day + "T12:00:00Z", "accountIds", List.of(account))).string("id"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = admin.get("/accounts/" + account + "/timeline?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::toString);
            page.items().forEach(e -> seen.add((String) e.get("refId")));
            cursor = (String) page.json().get("nextCursor");
        } while (cursor != null);
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen);

        assertEquals(404, admin.get("/accounts/01JAAAAAAAAAAAAAAAAAAAAAAA/timeline").status());
        assertEquals(404, admin.get("/contacts/01JAAAAAAAAAAAAAAAAAAAAAAA/timeline").status());
        String quiet = admin.post("/accounts", Map.of("name", "Ohne Verlauf", "type", "PARTNER")).string("id");
        assertEquals(List.of(), admin.get("/accounts/" + quiet + "/timeline").items());
    }

    @Test
    void anAccountOrContactWithHistoryIsNotDeleted() {
        String account = admin.post("/accounts", Map.of("name", "Gemeinde Geschichte", "type", "MUNICIPALITY")).string("id");
        Reply contact = admin.post("/contacts", Map.of("lastName", "Chronist"));
        Reply quiet = admin.post("/contacts", Map.of("lastName", "Neu"));
        lena.post("/interactions", Map.of("type", "NOTE", "subject", "Gründung", "accountIds", List.of(account),
                "contactIds", List.of(contact.string("id"))));

        Reply refused = admin.ifMatch("\"1\"").delete("/accounts/" + account);
        assertEquals(409, refused.status(), refused::toString);
        assertTrue(refused.body().contains("history"));
        assertEquals(409, admin.ifMatch(contact.etag()).delete("/contacts/" + contact.string("id")).status());
        assertEquals(1, admin.get("/accounts/" + account + "/timeline").items().size());

        // a contact without history goes, and with it its (empty) timeline
        assertEquals(204, admin.ifMatch(quiet.etag()).delete("/contacts/" + quiet.string("id")).status());
        assertEquals(404, admin.get("/contacts/" + quiet.string("id") + "/timeline").status());
    }

    @Test
    void anEmptyTimelineCostsOneQueryBesidesTheCaller() {
        String account = admin.post("/accounts", Map.of("name", "Gemeinde Still", "type", "PARTNER")).string("id");
        crm.operations.clear();
        assertEquals(List.of(), admin.get("/accounts/" + account + "/timeline").items());
        assertEquals(List.of("GetItem", "Query"), crm.operations);
        crm.operations.clear();
        assertEquals(404, admin.get("/accounts/01JAAAAAAAAAAAAAAAAAAAAAAA/timeline").status());
        // a record that is not found may have been merged away: one GetItem of its marker decides 301 or 404
        assertEquals(List.of("GetItem", "Query", "GetItem"), crm.operations);
    }

    @Test
    void deactivatingTheAuthorChangesNoInteraction() {
        TestCrm fresh = new TestCrm();
        Reply member = fresh.admin().post("/members", Map.of("email", "leaving@integreat.example", "name", "Leaving"));
        String account = fresh.admin().post("/accounts", Map.of("name", "Gemeinde Bleibt", "type", "MUNICIPALITY")).string("id");
        Reply note = fresh.as("leaving@integreat.example").post("/interactions",
                Map.of("type", "MEETING", "subject", "Übergabe", "accountIds", List.of(account)));
        assertEquals(201, note.status(), note::toString);
        Reply deactivated = fresh.admin().ifMatch(member.etag()).patch("/members/" + member.string("id"), Map.of("active", false));
        assertEquals(200, deactivated.status(), deactivated::toString);

        Reply read = fresh.admin().get("/interactions/" + note.string("id"));
        assertEquals(member.string("id"), read.string("authorId"));
        assertEquals(List.of(note.string("id")), fresh.admin().get("/accounts/" + account + "/timeline").items().stream()
                .map(e -> e.get("refId")).toList());
        assertNull(read.json().get("body"));
        assertNotNull(read.string("createdAt"));
    }
}
