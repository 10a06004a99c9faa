package app.integreat.crm.inbound;

import app.integreat.crm.Services;
import app.integreat.crm.json.Json;
import app.integreat.crm.model.InboundDelivery;
import app.integreat.crm.core.InboundMailService;
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
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * The SES receipt rule's Lambda action: SES has stored the raw mail in S3 (the rule's S3 action runs
 * first); this reads it as a stream and hands it to the core. Invoked asynchronously, so a failure is
 * retried by Lambda and then goes to the function's failure destination; the core makes retries safe.
 */
public final class InboundMailHandler implements RequestStreamHandler {
    /** The receipt rule's ObjectKeyPrefix in template.yaml: raw mails are stored under it by SES message id. */
    public static final String RAW_MAIL_PREFIX = "mail/";

    private final Services services;

    public InboundMailHandler() {
        this(Services.fromEnvironment());
    }

    public InboundMailHandler(Services services) {
        this.services = services;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, Object> event = Json.object(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        List<InboundDelivery> deliveries = SesEvents.deliveries(event, RAW_MAIL_PREFIX);
        String bucket = services.config().rawMailBucket();
        List<Map<String, Object>> results = new ArrayList<>();
        for (InboundDelivery delivery : deliveries) {
            long start = System.nanoTime();
            InboundMailService.Outcome outcome = services.inboundMail().process(delivery, () -> services.s3().getObject(
                    GetObjectRequest.builder().bucket(bucket).key(delivery.rawMailKey()).build()));
            log(context, delivery, outcome, (System.nanoTime() - start) / 1_000_000);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("sesMessageId", delivery.sesMessageId());
            result.put("result", outcome.result().name());
            result.put("id", outcome.id());
            results.add(result);
        }
        // SES ignores the answer of an asynchronous invocation; ./crm invoke and the tests read it
        output.write(Json.write(Map.of("results", results)).getBytes(StandardCharsets.UTF_8));
    }

    /** One line per mail with no personal data: the SES id, how it ended and how long it took. */
    private static void log(Context context, InboundDelivery delivery, InboundMailService.Outcome outcome, long millis) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", "INFO");
        line.put("message", "inbound mail");
        line.put("sesMessageId", delivery.sesMessageId());
        line.put("result", outcome.result().name());
        line.put("durationMs", millis);
        if (context != null && context.getAwsRequestId() != null) {
            line.put("requestId", context.getAwsRequestId());
        }
        System.out.println(Json.write(line));
    }
}
