package app.integreat.crm.local;

import app.integreat.crm.json.Json;
import app.integreat.crm.inbound.InboundMailHandler;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * What SES does for the CRM in AWS, done against the emulator: store the raw mail in the bucket
 * under the receipt rule's prefix, then invoke the function the template names for inbound mail
 * with the event SES would send (verdicts as given; PASS by default).
 */
public final class LocalInbound {
    /** The function of template.yaml that the receipt rule invokes. */
    public static final String FUNCTION = "InboundMailFunction";

    /** SES's checks of a mail: PASS, FAIL, GRAY or PROCESSING_FAILED each. */
    public record Verdicts(String spam, String virus, String dmarc) {
        public static final Verdicts PASS = new Verdicts("PASS", "PASS", "PASS");
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalCrm crm;

    public LocalInbound(LocalCrm crm) {
        this.crm = crm;
        ensureBucket(crm.services().s3(), crm.services().config().rawMailBucket(), crm.services().config().region());
    }

    static void ensureBucket(S3Client s3, String bucket, String region) {
        try {
            s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
        } catch (NoSuchBucketException e) {
            CreateBucketRequest.Builder create = CreateBucketRequest.builder().bucket(bucket);
            if (!"us-east-1".equals(region)) {
                create.createBucketConfiguration(CreateBucketConfiguration.builder()
                        .locationConstraint(BucketLocationConstraint.fromValue(region)).build());
            }
            s3.createBucket(create.build());
        }
    }

    /** A fresh SES-style message id (lower-case letters and digits, as SES's). */
    public static String newMessageId() {
        StringBuilder id = new StringBuilder();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 40; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    /** Stores the raw mail as SES's S3 action would. */
    public void store(String sesMessageId, byte[] raw) {
        crm.services().s3().putObject(PutObjectRequest.builder()
                        .bucket(crm.services().config().rawMailBucket())
                        .key(InboundMailHandler.RAW_MAIL_PREFIX + sesMessageId)
                        .contentType("message/rfc822").build(),
                RequestBody.fromBytes(raw));
    }

    /** Invokes the inbound function for a stored mail, as SES's Lambda action would. */
    public String invoke(String sesMessageId, String envelopeFrom, List<String> recipients, Verdicts verdicts) {
        return crm.functions().invokeStream(FUNCTION, sesEvent(sesMessageId, envelopeFrom, recipients, verdicts, crm.clock().instant()));
    }

    /**
     * Runs a sample SES event (events/ses-*.json): the raw mail next to it (same name, .eml) is stored
     * first under each record's message id, as SES's S3 action would have done.
     */
    @SuppressWarnings("unchecked")
    public String invokeSample(java.nio.file.Path eventFile) throws java.io.IOException {
        String json = java.nio.file.Files.readString(eventFile);
        java.nio.file.Path raw = eventFile.resolveSibling(eventFile.getFileName().toString().replaceFirst("\\.json$", ".eml"));
        if (java.nio.file.Files.exists(raw)) {
            for (Object record : (List<Object>) Json.object(json).get("Records")) {
                Map<String, Object> mail = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) record).get("ses")).get("mail");
                store((String) mail.get("messageId"), java.nio.file.Files.readAllBytes(raw));
            }
        }
        return crm.functions().invokeStream(FUNCTION, json);
    }

    /** Stores and invokes: one mail received. Returns its SES message id. */
    public String receive(byte[] raw, String envelopeFrom, List<String> recipients, Verdicts verdicts) {
        return deliver(raw, envelopeFrom, recipients, verdicts).get("sesMessageId").toString();
    }

    /** Stores and invokes; returns the function's answer for the mail (sesMessageId, result, id). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> deliver(byte[] raw, String envelopeFrom, List<String> recipients, Verdicts verdicts) {
        String id = newMessageId();
        store(id, raw);
        Map<String, Object> answer = Json.object(invoke(id, envelopeFrom, recipients, verdicts));
        return ((List<Map<String, Object>>) answer.get("results")).get(0);
    }

    /** The receipt rule's Lambda-action event (see events/ses-*.json), with the fields SES fills in. */
    public static String sesEvent(String sesMessageId, String envelopeFrom, List<String> recipients, Verdicts verdicts,
                                  Instant receivedAt) {
        Map<String, Object> mail = new LinkedHashMap<>();
        mail.put("timestamp", receivedAt.toString());
        mail.put("source", envelopeFrom);
        mail.put("messageId", sesMessageId);
        mail.put("destination", recipients);
        mail.put("headersTruncated", false);
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("timestamp", receivedAt.toString());
        receipt.put("processingTimeMillis", 1);
        receipt.put("recipients", recipients);
        receipt.put("spamVerdict", Map.of("status", verdicts.spam()));
        receipt.put("virusVerdict", Map.of("status", verdicts.virus()));
        receipt.put("spfVerdict", Map.of("status", "PASS"));
        receipt.put("dkimVerdict", Map.of("status", "PASS"));
        receipt.put("dmarcVerdict", Map.of("status", verdicts.dmarc()));
        receipt.put("action", Map.of("type", "Lambda", "invocationType", "Event",
                "functionArn", "arn:aws:lambda:eu-west-1:000000000000:function:crm-inbound-mail"));
        Map<String, Object> ses = new LinkedHashMap<>();
        ses.put("mail", mail);
        ses.put("receipt", receipt);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("eventSource", "aws:ses");
        record.put("eventVersion", "1.0");
        record.put("ses", ses);
        return Json.write(Map.of("Records", List.of(record)));
    }

    /** Verdicts from the environment (CRM_SPAM_VERDICT, CRM_VIRUS_VERDICT, CRM_DMARC_VERDICT), PASS by default. */
    static Verdicts verdictsFromEnvironment() {
        return new Verdicts(env("CRM_SPAM_VERDICT"), env("CRM_VIRUS_VERDICT"), env("CRM_DMARC_VERDICT"));
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? "PASS" : value.trim().toUpperCase(Locale.ROOT);
    }
}
