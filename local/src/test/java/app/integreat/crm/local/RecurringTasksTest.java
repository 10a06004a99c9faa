package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recurring tasks through the API: validation, the next occurrence on completion (one transaction), no duplicates on reopen. */
class RecurringTasksTest {
    final TestCrm crm = new TestCrm();
    final Caller admin = crm.admin();

    @Test
    void completingCreatesTheNextOccurrenceOnceAndMonthEndsStay() {
        String account = admin.post("/accounts", Map.of("name", "Stadt Lindau", "type", "MUNICIPALITY")).string("id");
        Reply created = admin.post("/tasks", Map.of("title", "Monatsbericht", "dueDate", "2027-01-31", "accountId", account,
                "recurrence", Map.of("every", 1, "unit", "month")));
        assertEquals(201, created.status(), created::toString);
        assertEquals(Map.of("every", 1, "unit", "MONTH"), created.json().get("recurrence"));

        crm.operations.clear();
        Reply done = admin.post("/tasks/" + created.string("id") + "/complete", null);
        assertEquals(200, done.status(), done::toString);
        assertEquals(1, crm.operations.stream().filter("TransactWriteItems"::equals).count(), crm.operations::toString);
        String nextId = done.string("nextTaskId");
        Reply february = admin.get("/tasks/" + nextId);
        assertEquals("2027-02-28", february.string("dueDate"));
        assertEquals("OPEN", february.string("status"));
        assertEquals(account, february.string("accountId"));
        assertEquals(Map.of("every", 1, "unit", "MONTH"), february.json().get("recurrence"));

        // the overview's next task of the account is the new occurrence
        Map<String, Object> row = admin.get("/pipeline/municipalities").items().stream()
                .filter(m -> account.equals(m.get("accountId"))).findFirst().orElseThrow();
        assertEquals(Map.of("id", nextId, "dueDate", "2027-02-28"), row.get("nextTask"));
        assertEquals(1, ((Number) row.get("openTaskCount")).intValue());

        Reply march = admin.get("/tasks/" + admin.post("/tasks/" + nextId + "/complete", null).string("nextTaskId"));
        assertEquals("2027-03-31", march.string("dueDate"), "the month end comes back");

        // reopening the first one and completing it again creates no second February task
        assertEquals("OPEN", admin.post("/tasks/" + created.string("id") + "/reopen", null).string("status"));
        Reply again = admin.post("/tasks/" + created.string("id") + "/complete", null);
        assertEquals(nextId, again.string("nextTaskId"));
        List<Map<String, Object>> series = admin.get("/tasks?accountId=" + account).items();
        assertEquals(3, series.size(), series::toString);
        assertEquals(1, series.stream().filter(t -> "OPEN".equals(t.get("status"))).count());
    }

    @Test
    void recurrenceIsValidatedAndCanBeCleared() {
        for (Object bad : List.of(Map.of("every", 0, "unit", "DAY"), Map.of("every", 367, "unit", "DAY"),
                Map.of("every", 1.5, "unit", "DAY"), Map.of("every", 1, "unit", "HOUR"), Map.of("unit", "DAY"),
                Map.of("every", 1, "unit", "DAY", "until", "2027-01-01"), "weekly")) {
            Reply refused = admin.post("/tasks", Map.of("title", "X", "dueDate", "2027-01-01", "recurrence", bad));
            assertEquals(422, refused.status(), bad + ": " + refused);
            assertTrue(refused.body().contains("recurrence"), refused::toString);
        }
        Reply weekly = admin.post("/tasks", Map.of("title", "Jour fixe", "dueDate", "2027-01-04",
                "recurrence", Map.of("every", 2, "unit", "WEEK")));
        java.util.Map<String, Object> clear = new java.util.HashMap<>();
        clear.put("recurrence", null);
        Reply cleared = admin.ifMatch(weekly.etag()).patch("/tasks/" + weekly.string("id"), clear);
        assertEquals(200, cleared.status(), cleared::toString);
        assertNull(cleared.json().get("recurrence"));
        Reply done = admin.post("/tasks/" + weekly.string("id") + "/complete", null);
        assertNull(done.string("nextTaskId"), "a task that no longer repeats creates no next one");
    }
}
