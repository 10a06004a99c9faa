package app.integreat.crm;

import app.integreat.crm.core.BackgroundWork;
import app.integreat.crm.model.Job;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The work queue of template.yaml (BackgroundWorkQueue, its URL in WORK_QUEUE_URL): a job is one small
 * JSON message {"kind", "id", "cursor"}; BackgroundWorkHandler reads it back with {@link #job(Map)}.
 */
public final class SqsWorkQueue implements BackgroundWork.Queue {
    private final Supplier<SqsClient> sqs;
    private final Supplier<String> queueUrl;

    public SqsWorkQueue(Supplier<SqsClient> sqs, Supplier<String> queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(Job job) {
        String url = queueUrl.get();
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("WORK_QUEUE_URL is not set: this function may not enqueue background work");
        }
        sqs.get().sendMessage(request -> request.queueUrl(url).messageBody(body(job)));
    }

    /** The message body of a job. */
    public static String body(Job job) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", job.kind());
        body.put("id", job.id());
        if (job.cursor() != null) {
            body.put("cursor", job.cursor());
        }
        try {
            return JSON.std.asString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a job", e);
        }
    }

    /** A job from a message body read as JSON; IllegalArgumentException when it is none. */
    public static Job job(Map<String, Object> body) {
        if (!(body.get("kind") instanceof String kind) || !(body.get("id") instanceof String id)
                || (body.get("cursor") != null && !(body.get("cursor") instanceof String))) {
            throw new IllegalArgumentException("a job message has the strings kind and id, and may have a string cursor");
        }
        return new Job(kind, id, (String) body.get("cursor"));
    }
}
