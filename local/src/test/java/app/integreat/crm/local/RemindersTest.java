package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.Services;
import app.integreat.crm.core.ReminderService;
import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import app.integreat.crm.SesMailer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The daily digest through the scheduled function against moto: who gets one, what it lists, in which
 * language, that a rerun sends nothing twice and a retried half-failed run sends the rest, and that
 * "today" is the Berlin date. Mails are read from what this CRM's SES client sent and moto accepted
 * ({@link LocalOutbox}, an interceptor on the client), not from moto's store; every test still uses
 * addresses of its own.
 */
class RemindersTest {
    static final String FUNCTION = "ReminderFunction";
    static final AtomicInteger RUNS = new AtomicInteger();

    final String tag = "r" + ProcessHandle.current().pid() + "x" + RUNS.incrementAndGet() + "x" + System.nanoTime();
    final TestClock clock = new TestClock(Instant.parse("2026-11-27T06:00:00Z")); // 07:00 in Berlin
    final TestCrm crm = new TestCrm(clock);
    final Caller admin = crm.admin();

    String email(String name) {
        return name + "-" + tag + "@integreat.example";
    }

    String member(String name, String language) {
        Reply created = admin.post("/members", Map.of("email", email(name), "name", name, "language", language));
        assertEquals(201, created.status(), created::toString);
        return created.string("id");
    }

    String task(String assigneeId, String title, String due, String accountId) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("title", title, "dueDate", due, "assigneeId", assigneeId));
        if (accountId != null) {
            body.put("accountId", accountId);
        }
        Reply reply = admin.post("/tasks", body);
        assertEquals(201, reply.status(), reply::toString);
        return reply.string("id");
    }

    List<Map<String, Object>> mailsTo(String name) {
        return crm.crm.outbox().mails().stream()
                .filter(mail -> String.valueOf(mail.get("to")).contains(email(name))).toList();
    }

    Map<String, Object> run() {
        return LocalReminders.run(crm.crm.functions(), FUNCTION);
    }

    @Test
    void oneDigestPerMemberWithDueTasksInTheirLanguage() {
        String anna = member("anna", "de");
        String bob = member("bob", "en");
        String carl = member("carl", "de");
        String dora = member("dora", "de");
        String augsburg = admin.post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY")).string("id");
        String overdue = task(anna, "Vertrag prüfen", "2026-11-25", augsburg);
        String today = task(anna, "Rückruf Bürgermeisterin", "2026-11-27", null);
        task(anna, "Morgen erst", "2026-11-28", null);
        task(bob, "Send the offer", "2026-11-27", augsburg);
        task(carl, "Nächste Woche", "2026-12-04", null);
        String doneTask = task(dora, "Schon erledigt", "2026-11-26", null);
        admin.post("/tasks/" + doneTask + "/complete", null);

        crm.operations.clear();
        Map<String, Object> result = run();
        assertEquals("2026-11-27", result.get("date"));
        assertEquals(2, ((Number) result.get("sent")).intValue(), result::toString);
        assertFalse(crm.operations.contains("Scan"), crm.operations::toString);
        assertFalse(crm.operations.isEmpty());

        List<Map<String, Object>> annas = mailsTo("anna");
        assertEquals(1, annas.size());
        Map<String, Object> mail = annas.get(0);
        assertEquals(crm.crm.services().config().mailFrom(), mail.get("from"));
        assertTrue(mail.get("subject").toString().startsWith("Ihre Aufgaben am 27.11.2026: 2 fällig"), mail::toString);
        String body = mail.get("body").toString();
        assertTrue(body.contains("Hallo anna"), body);
        assertTrue(body.contains("Vertrag prüfen") && body.contains("(überfällig)") && body.contains("Stadt Augsburg"), body);
        assertTrue(body.contains("Rückruf Bürgermeisterin"), body);
        assertFalse(body.contains("Morgen erst"), body);
        String appUrl = crm.crm.services().config().appUrl();
        assertTrue(body.contains(appUrl + "#/tasks/" + overdue) && body.contains(appUrl + "#/tasks/" + today), body);
        assertTrue(body.indexOf("Vertrag prüfen") < body.indexOf("Rückruf"), "by due date");

        List<Map<String, Object>> bobs = mailsTo("bob");
        assertEquals(1, bobs.size());
        assertTrue(bobs.get(0).get("subject").toString().startsWith("Your tasks for 2026-11-27: 1 due"), bobs::toString);
        assertTrue(bobs.get(0).get("body").toString().contains("Send the offer"));
        assertTrue(bobs.get(0).get("body").toString().contains("account: Stadt Augsburg"));
        assertTrue(mailsTo("carl").isEmpty(), "nothing due: no mail");
        assertTrue(mailsTo("dora").isEmpty(), "done tasks are not reminded");

        clock.set(Instant.parse("2026-11-27T09:30:00Z"));
        Map<String, Object> again = run();
        assertEquals(0, ((Number) again.get("sent")).intValue(), again::toString);
        assertEquals(1, mailsTo("anna").size(), "a second run the same day sends nothing twice");
        assertEquals(1, mailsTo("bob").size());
        assertTrue(carl != null && dora != null);
    }

    @Test
    void theRetrySendsWhatFailedAndNothingTwice() {
        for (String name : List.of("hans", "ida", "jan")) {
            task(member(name, "de"), "Aufgabe von " + name, "2026-11-27", null);
        }
        Services services = crm.crm.services();
        AtomicInteger calls = new AtomicInteger();
        ReminderService flaky = services.reminders().withMailer(digest -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("SES throttled");
            }
            new SesMailer(services.ses(), services.config().mailFrom()).send(digest.to(), digest.subject(), digest.text());
        });
        assertEquals(1, flaky.run(clock.instant()).failed());
        assertEquals(2, List.of("hans", "ida", "jan").stream().mapToInt(n -> mailsTo(n).size()).sum());

        Map<String, Object> retry = run();
        assertEquals(1, ((Number) retry.get("sent")).intValue(), retry::toString);
        assertEquals(2, ((Number) retry.get("skipped")).intValue());
        for (String name : List.of("hans", "ida", "jan")) {
            assertEquals(1, mailsTo(name).size(), name + " got exactly one digest");
        }
    }

    @Test
    void aRunThatDiedWhileSendingIsTakenOverAfterItsLease() {
        task(member("kai", "de"), "Aufgabe", "2026-11-27", null);
        Services services = crm.crm.services();
        ReminderService dying = services.reminders().withMailer(digest -> {
            throw new OutOfMemoryError("the run dies between claiming and sending");
        });
        assertThrows(OutOfMemoryError.class, () -> dying.run(clock.instant()));
        assertEquals(0, ((Number) run().get("sent")).intValue(), "another run may still be sending");
        clock.set(clock.instant().plusSeconds(20 * 60));
        assertEquals(1, ((Number) run().get("sent")).intValue(), "after the lease the retry sends it");
        assertEquals(1, mailsTo("kai").size());
    }

    @Test
    void todayIsTheBerlinDateAroundMidnightAndAcrossDst() {
        String lea = member("lea", "de");
        task(lea, "Am 16. Januar", "2026-01-16", null);
        clock.set(Instant.parse("2026-01-15T22:30:00Z")); // 23:30 in Berlin on the 15th
        Map<String, Object> evening = run();
        assertEquals("2026-01-15", evening.get("date"));
        assertEquals(0, ((Number) evening.get("sent")).intValue(), "not due yet in Berlin");
        clock.set(Instant.parse("2026-01-15T23:30:00Z")); // 00:30 in Berlin on the 16th, still the 15th in UTC
        Map<String, Object> night = run();
        assertEquals("2026-01-16", night.get("date"));
        assertEquals(1, ((Number) night.get("sent")).intValue());

        String max = member("max", "en");
        task(max, "Spring forward", "2026-03-29", null);
        clock.set(Instant.parse("2026-03-28T23:30:00Z")); // 00:30 CET on the day clocks go forward
        assertEquals("2026-03-29", run().get("date"));
        assertEquals(1, mailsTo("max").size());
        task(max, "Fall back", "2026-10-25", null);
        clock.set(Instant.parse("2026-10-24T22:30:00Z")); // 00:30 CEST on the day clocks go back
        assertEquals("2026-10-25", run().get("date"));
        clock.set(Instant.parse("2026-10-25T22:30:00Z")); // 23:30 CET, the same Berlin day
        assertEquals("2026-10-25", run().get("date"));
        assertEquals(2, mailsTo("max").size(), "one digest per Berlin day");
    }
}
