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

        /** The functions' configuration; {@code endpoint} null for AWS itself. */
        public Services.Config config(URI endpoint) {
            return new Services.Config(region, tableName, endpoint, adminEmail, inboundAddress, rawMailBucket, mailFrom, appUrl,
                    exportBucket, exportInlineMaxBytes);
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

    private final Template template;
    private final DynamoDbClient dynamo;
    private final Services services;
    private final LocalFunctions functions;
    private final LocalOutbox outbox = new LocalOutbox();

    public LocalCrm(Settings settings, URI endpoint, Clock clock, ExecutionInterceptor... interceptors) {
        this.template = Template.load(settings.templateFile());
        Services.Config config = settings.config(endpoint);
        this.dynamo = Services.dynamoDb(config, interceptors);
        TableSetup.ensureTable(dynamo, template, settings.tableName());
        this.services = new Services(config, dynamo, clock);
        services.interceptSes(outbox);
        LocalInbound.ensureBucket(services.s3(), config.exportBucket(), config.region());
        this.functions = new LocalFunctions(template, services);
        LocalReminders.verifySender(services);
    }

    /** What the functions had SES send (GET /dev/outbox). */
    public LocalOutbox outbox() {
        return outbox;
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
