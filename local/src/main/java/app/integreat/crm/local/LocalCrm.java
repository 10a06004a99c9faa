package app.integreat.crm.local;

import app.integreat.crm.Services;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The CRM wired up against an emulator exactly as the template wires it in AWS: the table created
 * from the template's definition, the configuration the template would put in the environment, and
 * every function of the template instantiated from the deployment jar.
 */
public final class LocalCrm {

    /** Local configuration; in AWS the same values come from template parameters. */
    public record Settings(Path templateFile, String region, String tableName, String adminEmail, String inboundAddress,
                           String rawMailBucket, String mailFrom, String appUrl, String exportBucket, int exportInlineMaxBytes) {
        public Settings {
            // as the template's rule MailFromIsNotTheInboundAddress: replies to receipts would come back as mail to log
            if (mailFrom.equalsIgnoreCase(inboundAddress)) {
                throw new IllegalArgumentException("CRM_MAIL_FROM must not be the inbound address " + inboundAddress);
            }
        }

        public static Settings fromEnvironment(Path root) {
            return new Settings(root.resolve("template.yaml"),
                    env("AWS_REGION", "eu-central-1"),
                    env("TABLE_NAME", "crm-local"),
                    env("CRM_ADMIN_EMAIL", "admin@example.org"),
                    env("CRM_INBOUND_ADDRESS", "crm@inbound.localhost"),
                    env("RAW_MAIL_BUCKET", "crm-local-raw-mail"),
                    env("CRM_MAIL_FROM", "crm@example.org"),
                    env("CRM_APP_URL", "http://localhost:3000/"),
                    env("EXPORT_BUCKET", "crm-local-exports"),
                    Services.Config.EXPORT_INLINE_MAX_BYTES);
        }

        public Settings withTableName(String name) {
            return new Settings(templateFile, region, name, adminEmail, inboundAddress, rawMailBucket, mailFrom, appUrl,
                    exportBucket, exportInlineMaxBytes);
        }

        public Settings withAdmin(String email) {
            return new Settings(templateFile, region, tableName, email, inboundAddress, rawMailBucket, mailFrom, appUrl,
                    exportBucket, exportInlineMaxBytes);
        }

        public Settings withRawMailBucket(String bucket) {
            return new Settings(templateFile, region, tableName, adminEmail, inboundAddress, bucket, mailFrom, appUrl,
                    exportBucket, exportInlineMaxBytes);
        }

        /**
         * The functions' configuration; {@code endpoint} null for AWS itself (AWS's timeouts), else an
         * emulator's (the emulator's shorter timeouts).
         */
        public Services.Config config(URI endpoint) {
            Services.Config config = new Services.Config(region, tableName, endpoint, adminEmail, inboundAddress,
                    rawMailBucket, mailFrom, appUrl, rawMailRetentionDays(), exportBucket, exportInlineMaxBytes);
            return endpoint == null ? config : config.withTimeouts(Services.Timeouts.EMULATOR);
        }

        /** CSV exports larger than this go through S3 (tests make it small). */
        public Settings withExportInlineMaxBytes(int bytes) {
            return new Settings(templateFile, region, tableName, adminEmail, inboundAddress, rawMailBucket, mailFrom, appUrl,
                    exportBucket, bytes);
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }

    /** RAW_MAIL_RETENTION_DAYS as the template would set it (its default unless the environment says). */
    static int rawMailRetentionDays() {
        String days = System.getenv("RAW_MAIL_RETENTION_DAYS");
        return days == null || days.isBlank() ? Services.Config.DEFAULT_RAW_MAIL_RETENTION_DAYS : Integer.parseInt(days.strip());
    }

    private final Template template;
    private final DynamoDbClient dynamo;
    private final Services services;
    private final LocalFunctions functions;
    private final LocalOutbox outbox = new LocalOutbox();
    private final LocalClock clock;
    private final LocalQueues queues;

    public LocalCrm(Settings settings, URI endpoint, Clock clock, ExecutionInterceptor... interceptors) {
        this.template = Template.load(settings.templateFile());
        Services.Config config = settings.config(endpoint);
        this.dynamo = Services.dynamoDb(config, interceptors);
        TableSetup.ensureTable(dynamo, template, settings.tableName());
        // every function of the runner reads this one clock, which POST /dev/clock shifts
        this.clock = new LocalClock(clock);
        this.services = new Services(config, dynamo, this.clock);
        services.interceptSes(outbox);
        LocalInbound.ensureBucket(services.s3(), config.exportBucket(), config.region());
        // the template's queues on the emulator; the functions send to the one WORK_QUEUE_URL names
        this.queues = new LocalQueues(template, services.sqs(), settings.tableName(), settings.region());
        String workQueue = template.referencingVariables().get("WORK_QUEUE_URL");
        if (workQueue != null) {
            services.useWorkQueueUrl(queues.url(workQueue));
        }
        this.functions = new LocalFunctions(template, services);
        LocalReminders.verifySender(services);
    }

    /** The template's SQS event sources on the emulator (the work queue). */
    public LocalQueues queues() {
        return queues;
    }

    /** What the functions had SES send (GET /dev/outbox). */
    public LocalOutbox outbox() {
        return outbox;
    }

    /** The clock all functions read (GET and POST /dev/clock). */
    public LocalClock clock() {
        return clock;
    }

    public Template template() {
        return template;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public Services services() {
        return services;
    }

    public LocalFunctions functions() {
        return functions;
    }
}
