package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.Services;
import app.integreat.crm.local.TestCrm.Reply;
import app.integreat.crm.reminders.ReminderHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * The reminder function as the scheduler sees it: a run whose sending failed throws (so that the
 * schedule's RetryPolicy runs it again) and the retry sends the rest; two runs at once send each
 * digest once.
 */
class ReminderRunsTest {
    final TestClock clock = new TestClock(Instant.parse("2026-11-27T06:00:00Z")); // 07:00 in Berlin
    final TestCrm crm = new TestCrm(clock);
    final String tag = "runs" + System.nanoTime();

    List<String> members(int count) {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String email = "m" + i + "-" + tag + "@integreat.example";
            Reply member = crm.admin().post("/members", Map.of("email", email, "name", "Mitglied " + i));
            assertEquals(201, member.status(), member::toString);
            Reply task = crm.admin().post("/tasks", Map.of("title", "Heute " + i, "dueDate", "2026-11-27", "assigneeId", member.string("id")));
            assertEquals(201, task.status(), task::toString);
            emails.add(email);
        }
        return emails;
    }

    int digestsTo(String email) {
        return crm.sentTo(email).size();
    }

    @Test
    void aRunWhoseSendingFailedThrowsAndTheSchedulersRetrySendsTheRest() {
        List<String> emails = members(3);
        // the same table and emulator, but an SES that refuses the second mail (as when SES throttles)
        Services throttled = new Services(crm.crm.services().config(), crm.crm.dynamo(), clock);
        AtomicInteger sends = new AtomicInteger();
        List<String> accepted = new ArrayList<>();
        throttled.interceptSes(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof SendEmailRequest send) {
                    if (sends.incrementAndGet() == 2) {
                        throw new IllegalStateException("Maximum sending rate exceeded");
                    }
                    accepted.addAll(send.destination().toAddresses());
                }
            }
        });
        ReminderHandler handler = new ReminderHandler(throttled);
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> handler.handleRequest(new HashMap<>(LocalReminders.EVENT), null));
        assertTrue(failed.getMessage().contains("1 reminder digest"), failed::getMessage);
        assertEquals(2, accepted.size(), "the others were sent before the run failed");

        // the schedule's RetryPolicy invokes the function again
        Map<String, Object> retry = LocalReminders.run(crm.crm.functions(), "ReminderFunction");
        assertEquals(1, ((Number) retry.get("sent")).intValue(), retry::toString);
        assertEquals(2, ((Number) retry.get("skipped")).intValue(), retry::toString);
        for (String email : emails) {
            long total = digestsTo(email) + accepted.stream().filter(email::equals).count();
            assertEquals(1, total, email + " got exactly one digest");
        }
    }

    @Test
    void twoRunsAtOnceSendEachDigestOnce() throws Exception {
        List<String> emails = members(6);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Map<String, Object>>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return LocalReminders.run(crm.crm.functions(), "ReminderFunction");
                }));
            }
            start.countDown();
            int sent = 0;
            int skipped = 0;
            for (Future<Map<String, Object>> run : runs) {
                Map<String, Object> result = run.get(60, TimeUnit.SECONDS);
                sent += ((Number) result.get("sent")).intValue();
                skipped += ((Number) result.get("skipped")).intValue();
            }
            assertEquals(6, sent, "the two runs together sent every digest");
            assertEquals(6, skipped, "and each skipped what the other one claimed");
        } finally {
            pool.shutdownNow();
        }
        for (String email : emails) {
            assertEquals(1, digestsTo(email), email);
        }
    }
}
