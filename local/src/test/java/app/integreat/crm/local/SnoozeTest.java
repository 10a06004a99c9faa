package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Snoozed municipalities through the API and the schedule: not dormant until the date, then the owner's task, once. */
class SnoozeTest {
    final TestClock clock = new TestClock(Instant.parse("2026-03-02T08:00:00Z"));
    final TestCrm crm = new TestCrm(clock);
    final Caller admin = crm.admin();
    final String owner = crm.member("sofia@integreat.example", "MEMBER").get("/me").string("id");
    final String kempten = admin.post("/accounts", Map.of("name", "Stadt Kempten", "type", "MUNICIPALITY")).string("id");

    Map<String, Object> row() {
        return admin.get("/pipeline/municipalities").items().stream().filter(m -> kempten.equals(m.get("accountId")))
                .findFirst().orElseThrow();
    }

    Map<String, Object> run() {
        return LocalReminders.run(crm.crm.functions(), RemindersTest.FUNCTION);
    }

    @Test
    void aSnoozedMunicipalityIsNotDormantUntilItsDateAndThenTheOwnerIsReminded() {
        Reply opportunity = admin.post("/opportunities", Map.of("name", "Kempten", "type", "STANDARD",
                "accountIds", List.of(kempten), "ownerId", owner));
        String id = opportunity.string("id");
        clock.advance(Duration.ofDays(31));
        assertEquals(true, row().get("stale"), "no interaction for 31 days");

        String path = "/opportunities/" + id + "/snooze";
        Map<String, Object> body = Map.of("until", "2026-05-15", "reason", "Haushalt wird im Mai beschlossen");
        assertEquals(428, admin.post(path, body).status());
        assertEquals(412, admin.ifMatch("\"7\"").post(path, body).status());
        for (Map<String, ?> bad : List.<Map<String, ?>>of(Map.of("until", "2026-04-02", "reason", "heute"), Map.of("until", "2026-04-01",
                "reason", "gestern"), Map.of("until", "2030-01-01", "reason", "zu weit"), Map.of("until", "2026-05-15"),
                Map.of("until", "morgen", "reason", "x"), Map.of("until", "2026-05-15", "reason", "x", "extra", 1))) {
            Reply refused = admin.ifMatch(opportunity.etag()).post(path, bad);
            assertEquals(422, refused.status(), bad + ": " + refused);
        }
        Reply snoozed = admin.ifMatch(opportunity.etag()).post(path, body);
        assertEquals(200, snoozed.status(), snoozed::toString);
        assertEquals("\"2\"", snoozed.etag());
        Reply read = admin.get("/opportunities/" + id);
        assertEquals("\"2\"", read.etag());
        @SuppressWarnings("unchecked")
        Map<String, Object> snooze = (Map<String, Object>) read.json().get("snooze");
        assertEquals("2026-05-15", snooze.get("until"));
        assertEquals("Haushalt wird im Mai beschlossen", snooze.get("reason"));

        Map<String, Object> row = row();
        assertEquals(false, row.get("stale"), "snoozed: not dormant");
        assertEquals("2026-05-15", row.get("snoozedUntil"));
        assertEquals("Haushalt wird im Mai beschlossen", row.get("snoozeReason"));
        assertEquals(id, row.get("snoozeOpportunityId"));
        // other changes of the opportunity keep it
        Reply renamed = admin.ifMatch(read.etag()).patch("/opportunities/" + id, Map.of("name", "Kempten 2026"));
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals("2026-05-15", row().get("snoozedUntil"));

        clock.set(Instant.parse("2026-05-14T05:00:00Z"));
        assertEquals(0, ((Number) run().get("followUpTasks")).intValue(), "the day before: nothing");
        clock.set(Instant.parse("2026-05-15T05:00:00Z")); // 07:00 in Berlin
        Map<String, Object> result = run();
        assertEquals(1, ((Number) result.get("followUpTasks")).intValue(), result::toString);
        List<Map<String, Object>> tasks = admin.get("/tasks?assignee=" + owner + "&status=OPEN").items();
        assertEquals(1, tasks.size(), tasks::toString);
        assertEquals("Wiedervorlage: Haushalt wird im Mai beschlossen", tasks.get(0).get("title"));
        assertEquals("2026-05-15", tasks.get(0).get("dueDate"));
        assertEquals("SNOOZE_ENDED", tasks.get(0).get("origin"));
        assertEquals(id, tasks.get(0).get("opportunityId"));
        assertEquals(kempten, tasks.get(0).get("accountId"));
        assertNull(admin.get("/opportunities/" + id).json().get("snooze"), "the snooze ended");
        row = row();
        assertNull(row.get("snoozedUntil"));
        assertEquals(Map.of("id", tasks.get(0).get("id"), "dueDate", "2026-05-15"), row.get("nextTask"));
        assertTrue(crm.sentTo("sofia@integreat.example").stream()
                .anyMatch(m -> m.get("body").toString().contains("Wiedervorlage: Haushalt")), "in the digest");

        assertEquals(0, ((Number) run().get("followUpTasks")).intValue(), "a rerun creates nothing");
        assertEquals(1, admin.get("/tasks?assignee=" + owner + "&status=OPEN").items().size());
    }

    @Test
    void undoEndsTheSnoozeAtOnce() {
        Reply opportunity = admin.post("/opportunities", Map.of("name", "Kempten", "type", "STANDARD",
                "accountIds", List.of(kempten), "ownerId", owner));
        String path = "/opportunities/" + opportunity.string("id") + "/snooze";
        assertEquals(404, admin.ifMatch(opportunity.etag()).delete(path).status(), "not snoozed");
        Reply snoozed = admin.ifMatch(opportunity.etag()).post(path, Map.of("until", "2026-04-01", "reason", "Urlaub"));
        Reply again = admin.ifMatch(snoozed.etag()).post(path, Map.of("until", "2026-04-10", "reason", "Später"));
        assertEquals("2026-04-10", row().get("snoozedUntil"), "snoozing again moves the date");
        assertEquals(428, admin.delete(path).status());
        assertEquals(412, admin.ifMatch(snoozed.etag()).delete(path).status());
        Reply woken = admin.ifMatch(again.etag()).delete(path);
        assertEquals(200, woken.status(), woken::toString);
        assertNull(woken.json().get("snooze"));
        assertNull(row().get("snoozedUntil"));
        clock.set(Instant.parse("2026-04-10T05:00:00Z"));
        assertEquals(0, ((Number) run().get("followUpTasks")).intValue(), "an undone snooze reminds nobody");
        assertEquals(204, admin.ifMatch(woken.etag()).delete("/opportunities/" + opportunity.string("id")).status());
    }
}
