package app.integreat.crm.work;

import app.integreat.crm.Services;
import app.integreat.crm.SqsWorkQueue;
import app.integreat.crm.json.Json;
import app.integreat.crm.model.Job;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The work queue's consumer (BackgroundWorkFunction, an SQS event source with ReportBatchItemFailures):
 * runs one step of each job in the batch. A job that fails is reported by its message id, so only it is
 * delivered again (and after the queue's maxReceiveCount it waits in the dead-letter queue); the others
 * are done. Steps are idempotent, so a redelivery changes nothing twice.
 */
public final class BackgroundWorkHandler implements RequestStreamHandler {
    private final Services services;

    public BackgroundWorkHandler() {
        this(Services.fromEnvironment());
    }

    public BackgroundWorkHandler(Services services) {
        this.services = services;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, Object> event = Json.object(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        List<Map<String, Object>> failures = new ArrayList<>();
        Object records = event.get("Records");
        for (Object record : records instanceof List<?> list ? list : List.of()) {
            if (!(record instanceof Map<?, ?> message) || !(message.get("messageId") instanceof String messageId)) {
                continue;
            }
            long start = System.nanoTime();
            Job job = null;
            String outcome;
            try {
                job = SqsWorkQueue.job(Json.object(message.get("body") instanceof String body ? body : null));
                outcome = services.backgroundWork().run(job) ? "CONTINUES" : "DONE";
            } catch (RuntimeException e) {
                outcome = "FAILED";
                failures.add(Map.of("itemIdentifier", messageId));
                // the class only: a message may name records, never write their content
                log(context, messageId, job, outcome, e.getClass().getSimpleName(), start);
                continue;
            }
            log(context, messageId, job, outcome, null, start);
        }
        output.write(Json.write(Map.of("batchItemFailures", failures)).getBytes(StandardCharsets.UTF_8));
    }

    /** One line per job step with no personal data: the job's kind and record id, how it ended, how long it took. */
    private static void log(Context context, String messageId, Job job, String outcome, String error, long start) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", error == null ? "INFO" : "ERROR");
        line.put("message", "background work");
        line.put("messageId", messageId);
        if (job != null) {
            line.put("kind", job.kind());
            line.put("id", job.id());
        }
        line.put("result", outcome);
        if (error != null) {
            line.put("error", error);
        }
        line.put("durationMs", (System.nanoTime() - start) / 1_000_000);
        if (context != null && context.getAwsRequestId() != null) {
            line.put("requestId", context.getAwsRequestId());
        }
        System.out.println(Json.write(line));
    }
}
