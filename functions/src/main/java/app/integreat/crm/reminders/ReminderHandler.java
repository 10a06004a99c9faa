package app.integreat.crm.reminders;

import app.integreat.crm.Services;
import app.integreat.crm.json.Json;
import app.integreat.crm.core.ReminderService;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The daily reminder run, started by EventBridge Scheduler (07:00 Europe/Berlin). The event's
 * content does not matter: the run is about "today" in Berlin by the clock. A failed send makes the
 * run fail after all other digests went out, so that Lambda's retry of the asynchronous invocation
 * (EventInvokeConfig in the template) sends the rest; what still fails lands in ReminderFailures.
 */
public final class ReminderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Services services;

    public ReminderHandler() {
        this(Services.fromEnvironment());
    }

    public ReminderHandler(Services services) {
        this.services = services;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long start = System.nanoTime();
        ReminderService.Result result = services.reminders().run(services.clock().instant());
        // held mails nobody confirmed in time move to the quarantine (idempotent: a retried run finds them gone)
        int unconfirmed = services.heldMails().expire(services.clock().instant());
        // then the retention run: expired unresolved and quarantined mails go, with their objects in S3
        app.integreat.crm.core.RetentionService.Result expired = services.retention().run();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", result.failed() > 0 ? "ERROR" : "INFO");
        line.put("message", "reminders");
        line.put("date", result.date().toString());
        line.put("sent", result.sent());
        line.put("skipped", result.skipped());
        line.put("failed", result.failed());
        line.put("followUpTasks", result.followUpTasks());
        line.put("unconfirmedMailsQuarantined", unconfirmed);
        line.put("expiredQuarantined", expired.quarantined());
        line.put("expiredUnresolved", expired.unresolved());
        line.put("expiredRawMails", expired.rawMails());
        line.put("durationMs", (System.nanoTime() - start) / 1_000_000);
        if (context != null && context.getAwsRequestId() != null) {
            line.put("requestId", context.getAwsRequestId());
        }
        System.out.println(Json.write(line));
        if (result.failed() > 0) {
            // Lambda retries the run; digests already sent and follow-ups already turned into tasks are skipped
            throw new IllegalStateException(result.failed() + " reminder digest(s) or follow-up task(s) failed");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("date", result.date().toString());
        answer.put("sent", result.sent());
        answer.put("skipped", result.skipped());
        answer.put("followUpTasks", result.followUpTasks());
        answer.put("unconfirmedMailsQuarantined", unconfirmed);
        answer.put("expiredQuarantined", expired.quarantined());
        answer.put("expiredUnresolved", expired.unresolved());
        answer.put("expiredRawMails", expired.rawMails());
        return answer;
    }
}
