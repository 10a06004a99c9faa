package app.integreat.crm;

import app.integreat.crm.core.AccountService;
import app.integreat.crm.core.BackgroundWork;
import app.integreat.crm.core.CalendarService;
import app.integreat.crm.core.ContactService;
import app.integreat.crm.core.FileService;
import app.integreat.crm.store.FileStore;
import app.integreat.crm.core.Ids;
import app.integreat.crm.core.HeldMailService;
import app.integreat.crm.core.InboundMailService;
import app.integreat.crm.core.InteractionService;
import app.integreat.crm.core.Mailer;
import app.integreat.crm.core.MemberService;
import app.integreat.crm.core.Receipts;
import app.integreat.crm.store.FollowUpStore;
import app.integreat.crm.store.InteractionStore;
import app.integreat.crm.store.MailFiles;
import app.integreat.crm.store.SettingsStore;
import app.integreat.crm.core.SettingsService;
import app.integreat.crm.store.TaskStore;
import app.integreat.crm.core.ReminderService;
import app.integreat.crm.core.TaskService;
import app.integreat.crm.core.OpportunityService;
import app.integreat.crm.core.ReportService;
import app.integreat.crm.core.SearchService;
import app.integreat.crm.store.SearchStore;
import app.integreat.crm.store.ReportStore;
import app.integreat.crm.model.Pipeline;
import app.integreat.crm.core.TimelineService;
import app.integreat.crm.store.AccountStore;
import app.integreat.crm.store.AccountSummary;
import app.integreat.crm.store.CalendarStore;
import app.integreat.crm.store.ContactStore;
import app.integreat.crm.store.MemberStore;
import app.integreat.crm.store.ReminderStore;
import app.integreat.crm.store.SnoozeStore;
import app.integreat.crm.store.OpportunityStore;
import app.integreat.crm.store.Table;
import app.integreat.crm.store.Timeline;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The composition root: configuration from the environment the template sets, and the SDK clients,
 * built once per execution environment. Handlers get everything from here and never call a builder.
 */
public final class Services {

    /**
     * What the template passes in; {@code endpoint} is set only for an emulator, and {@code timeouts}
     * are AWS's unless the local runner says otherwise.
     */
    public record Config(String region, String tableName, URI endpoint, String adminEmail, String inboundAddress,
                         String rawMailBucket, String mailFrom, String appUrl, int rawMailRetentionDays,
                         String exportBucket, int exportInlineMaxBytes, Timeouts timeouts) {

        /** The template's default of RawMailRetentionDays. */
        public static final int DEFAULT_RAW_MAIL_RETENTION_DAYS = 730;
        /** CSV exports up to this size are answered directly; larger ones go through S3 (Lambda answers at most 6 MB). */
        public static final int EXPORT_INLINE_MAX_BYTES = 4_000_000;

        public Config(String region, String tableName, URI endpoint, String adminEmail, String inboundAddress,
                      String rawMailBucket, String mailFrom, String appUrl, int rawMailRetentionDays,
                      String exportBucket, int exportInlineMaxBytes) {
            this(region, tableName, endpoint, adminEmail, inboundAddress, rawMailBucket, mailFrom, appUrl,
                    rawMailRetentionDays, exportBucket, exportInlineMaxBytes, Timeouts.AWS);
        }

        public Config withTimeouts(Timeouts other) {
            return new Config(region, tableName, endpoint, adminEmail, inboundAddress, rawMailBucket, mailFrom, appUrl,
                    rawMailRetentionDays, exportBucket, exportInlineMaxBytes, other);
        }

        public Config withEndpoint(URI other) {
            return new Config(region, tableName, other, adminEmail, inboundAddress, rawMailBucket, mailFrom, appUrl,
                    rawMailRetentionDays, exportBucket, exportInlineMaxBytes, timeouts);
        }

        public static Config fromEnvironment() {
            String endpoint = System.getenv("AWS_ENDPOINT_URL");
            String retention = System.getenv("RAW_MAIL_RETENTION_DAYS");
            return new Config(require("AWS_REGION"), require("TABLE_NAME"),
                    endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint),
                    System.getenv("ADMIN_EMAIL"), System.getenv("INBOUND_ADDRESS"),
                    System.getenv("RAW_MAIL_BUCKET"), System.getenv("MAIL_FROM"), System.getenv("APP_URL"),
                    retention == null || retention.isBlank() ? DEFAULT_RAW_MAIL_RETENTION_DAYS : Integer.parseInt(retention.strip()),
                    System.getenv("EXPORT_BUCKET"), EXPORT_INLINE_MAX_BYTES);
        }

        private static String require(String name) {
            String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("environment variable " + name + " is not set");
            }
            return value;
        }
    }

    /**
     * How long the SDK waits for a dependency, set well inside each function's timeout (API 15 s,
     * inbound mail 120 s, reminders 300 s) so that a dependency that hangs or refuses is answered as
     * 503 in time instead of the function being killed: {@code connect} and {@code socket} (between
     * two reads) for the URL-connection client, {@code attempt} per try, {@code call} for all tries.
     */
    public record SdkTimeouts(Duration connect, Duration socket, Duration attempt, Duration call) {

        SdkHttpClient httpClient() {
            return UrlConnectionHttpClient.builder().connectionTimeout(connect).socketTimeout(socket).build();
        }

        ClientOverrideConfiguration overrides(List<ExecutionInterceptor> interceptors) {
            return ClientOverrideConfiguration.builder().apiCallAttemptTimeout(attempt).apiCallTimeout(call)
                    .executionInterceptors(interceptors).build();
        }
    }

    /** The timeouts of each client. */
    public record Timeouts(SdkTimeouts dynamoDb, SdkTimeouts s3, SdkTimeouts ses, SdkTimeouts sqs) {
        /**
         * In AWS. DynamoDB and SES: items and mails are small and a healthy call takes milliseconds, two
         * full attempts fit the call. S3: raw mails up to 40 MB, streamed by the inbound function (120 s).
         */
        public static final Timeouts AWS = new Timeouts(
                new SdkTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(9)),
                new SdkTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(45), Duration.ofSeconds(100)),
                new SdkTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(9)),
                new SdkTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(9)));
        /**
         * Against the local emulator, which serves one request at a time and copies a whole table for each
         * transaction (seconds with 10,000 items): a request may wait behind others, and moto ignores the
         * client request token, so a retried transaction would fail on its own conditions.
         */
        public static final Timeouts EMULATOR = new Timeouts(
                new SdkTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(120)),
                new SdkTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(240)),
                new SdkTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(120)),
                new SdkTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(120)));
    }

    private static Services fromEnvironment;

    private final Config config;
    private final Clock clock;
    private final Ids ids;
    private final Table table;
    private final MemberService members;
    private final AccountService accounts;
    private final ContactService contacts;
    private final TimelineService timeline;
    private final InteractionService interactions;
    private final MailFiles mailFiles;
    private final SettingsStore settingsStore;
    private final SettingsService settings;
    private final app.integreat.crm.core.RetentionService retention;
    private final java.util.function.Supplier<InboundMailService> inboundMail;
    private InboundMailService builtInboundMail;
    private final HeldMailService heldMails;
    private final app.integreat.crm.core.AliasService aliases;
    private final TaskService tasks;
    private final java.util.function.Supplier<ReminderService> reminders;
    private ReminderService builtReminders;
    private final OpportunityService opportunities;
    private final CalendarService calendar;
    private final FileService files;
    private final ReportService reports;
    private final SearchService search;
    private final app.integreat.crm.core.AuditLog audit;
    private final app.integreat.crm.core.PrivacyService privacy;
    private final app.integreat.crm.core.MergeService merges;
    // Only the mail functions use S3 and SES: built on first use, so the API functions never load them.
    private S3Client s3;
    private SesV2Client ses;
    private S3Presigner presigner;
    // The work queue: only functions that enqueue build its client, on their first job.
    private SqsClient sqs;
    private String workQueueUrl = System.getenv("WORK_QUEUE_URL");
    private final BackgroundWork backgroundWork;
    private final List<ExecutionInterceptor> sesInterceptors = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Services(Config config, DynamoDbClient dynamo, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.table = new Table(dynamo, config.tableName());
        AccountStore accountStore = new AccountStore(table);
        ContactStore contactStore = new ContactStore(table);
        MemberStore memberStore = new MemberStore(table);
        TaskStore taskStore = new TaskStore(table);
        this.members = new MemberService(memberStore, clock, ids, config.adminEmail());
        app.integreat.crm.store.AuditStore auditStore = new app.integreat.crm.store.AuditStore(table);
        this.audit = new app.integreat.crm.core.AuditLog(auditStore, clock, ids);
        this.members.useAudit(audit);
        this.settingsStore = new SettingsStore(table);
        this.settings = new SettingsService(settingsStore, memberStore, clock, audit);
        this.accounts = new AccountService(accountStore, clock, ids);
        this.contacts = new ContactService(contactStore, accountStore, clock, ids);
        this.timeline = new TimelineService(new Timeline(table));
        this.files = new FileService(new FileStore(table));
        FollowUpStore followUpStore = new FollowUpStore(table, taskStore);
        InteractionStore interactionStore = new InteractionStore(table, taskStore, followUpStore);
        this.mailFiles = new MailFiles(this::s3, this::s3Presigner, config.rawMailBucket());
        this.interactions = new InteractionService(interactionStore, contactStore, accountStore, memberStore, clock, ids,
                mailFiles, java.time.Duration.ofDays(config.rawMailRetentionDays()), this::inboundMail);
        this.tasks = new TaskService(taskStore, memberStore, accountStore, contactStore, clock, ids);
        this.members.useTasks(tasks);
        this.calendar = new CalendarService(new CalendarStore(table), taskStore, clock, config.appUrl());
        // the mail functions' services (MIME parsing, SES) are built on first use: the API functions never load them
        Mailer mailer = (to, subject, text) -> new SesMailer(ses(), config.mailFrom()).send(to, subject, text);
        this.aliases = new app.integreat.crm.core.AliasService(memberStore, contactStore, mailer, clock, config.appUrl());
        this.members.useAliases(aliases);
        Receipts receipts = new Receipts(mailer, contactStore, accountStore, config.appUrl());
        this.heldMails = new HeldMailService(new app.integreat.crm.store.HeldMailStore(table), receipts, mailFiles, clock, ids,
                this::inboundMail, settingsStore);
        this.inboundMail = () -> {
            InboundMailService inbound = new InboundMailService(interactionStore, followUpStore, contactStore, accountStore,
                    memberStore, receipts, clock, ids, config.inboundAddress(), mailFiles, settingsStore);
            inbound.useHeldMails(heldMails);
            return inbound;
        };
        SnoozeStore snoozeStore = new SnoozeStore(table, taskStore);
        this.reminders = () -> new ReminderService(taskStore, new ReminderStore(table), followUpStore, snoozeStore, memberStore, accountStore,
                digest -> mailer.send(digest.to(), digest.subject(), digest.text()), clock, ids, config.appUrl());
        // pipeline.json in the jar; the day counts may be overridden per deployment
        Pipeline pipeline = Pipeline.load(System.getenv("REMIND_AFTER_DAYS"), System.getenv("STALE_AFTER_DAYS"));
        OpportunityStore opportunityStore = new OpportunityStore(table, pipeline);
        this.opportunities = new OpportunityService(opportunityStore, snoozeStore, accountStore,
                memberStore, new AccountSummary(table), pipeline, clock, ids);
        this.reports = new ReportService(new ReportStore(table), opportunityStore, pipeline, clock);
        this.search = new SearchService(new SearchStore(table));
        this.privacy = new app.integreat.crm.core.PrivacyService(new app.integreat.crm.store.PersonStore(table, mailFiles, auditStore),
                contactStore, interactionStore, taskStore, opportunityStore, mailFiles, audit);
        this.retention = new app.integreat.crm.core.RetentionService(settingsStore, interactionStore, mailFiles, clock);
        // every kind of background job, in one place (docs/background-work.md)
        this.backgroundWork = new BackgroundWork(new SqsWorkQueue(this::sqs, this::workQueueUrl));
        this.merges = new app.integreat.crm.core.MergeService(new app.integreat.crm.store.MergeStore(table, contactStore,
                accountStore, opportunityStore, interactionStore, taskStore, followUpStore, auditStore), contactStore, accountStore,
                opportunityStore, interactionStore, taskStore, audit, clock, ids, backgroundWork);
        backgroundWork.register(InteractionService.LINK_CONTACT_MAILS, interactions::linkContactMailsStep)
                .register(InteractionService.LINK_DOMAIN_MAILS, interactions::linkDomainMailsStep)
                .register(app.integreat.crm.core.MergeService.CONTINUE_MERGE, merges::continueMergeStep)
                .register(app.integreat.crm.core.MergeService.CONTINUE_UNDO, merges::continueUndoStep);
        this.interactions.useWork(backgroundWork);
        this.accounts.useWork(backgroundWork);
    }

    /** Merging duplicates and undoing a merge. */
    public app.integreat.crm.core.MergeService merges() {
        return merges;
    }

    /** The services of a Lambda execution environment: built on first use, then shared by its handler. */
    public static synchronized Services fromEnvironment() {
        if (fromEnvironment == null) {
            Config config = Config.fromEnvironment();
            fromEnvironment = new Services(config, dynamoDb(config), Clock.systemUTC());
        }
        return fromEnvironment;
    }

    /**
     * A DynamoDB client with the lightweight URL-connection HTTP client, an explicit region and an
     * explicit credentials provider, so that start-up does not probe for any of them.
     */
    public static DynamoDbClient dynamoDb(Config config, ExecutionInterceptor... interceptors) {
        // tests and the benchmark count requests with interceptors
        var builder = DynamoDbClient.builder()
                .httpClient(config.timeouts().dynamoDb().httpClient())
                .overrideConfiguration(config.timeouts().dynamoDb().overrides(List.of(interceptors)))
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config));
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        return builder.build();
    }

    /** The S3 client (raw mails); path-style addressing against an emulator. */
    public synchronized S3Client s3() {
        if (s3 == null) {
            var builder = S3Client.builder()
                    .httpClient(config.timeouts().s3().httpClient())
                    .overrideConfiguration(config.timeouts().s3().overrides(List.of()))
                    .region(Region.of(config.region()))
                    .credentialsProvider(credentials(config));
            if (config.endpoint() != null) {
                builder.endpointOverride(config.endpoint()).forcePathStyle(true);
            }
            s3 = builder.build();
        }
        return s3;
    }

    /** Presigns short-lived links to raw mails; presigning is local computation, no request. */
    public synchronized S3Presigner s3Presigner() {
        if (presigner != null) {
            return presigner;
        }
        var builder = S3Presigner.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config));
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
        }
        presigner = builder.build();
        return presigner;
    }

    /** Watches the SES client (the local runner's outbox); only before its first use. */
    public synchronized void interceptSes(ExecutionInterceptor interceptor) {
        if (ses != null) {
            throw new IllegalStateException("the SES client is built already");
        }
        sesInterceptors.add(interceptor);
    }

    /** The SES v2 client for outgoing mail (receipts and reminders). */
    public synchronized SesV2Client ses() {
        if (ses == null) {
            var builder = SesV2Client.builder()
                    .httpClient(config.timeouts().ses().httpClient())
                    .overrideConfiguration(config.timeouts().ses().overrides(List.copyOf(sesInterceptors)))
                    .region(Region.of(config.region()))
                    .credentialsProvider(credentials(config));
            if (config.endpoint() != null) {
                builder.endpointOverride(config.endpoint());
            }
            ses = builder.build();
        }
        return ses;
    }

    /** The SQS client of the work queue. */
    public synchronized SqsClient sqs() {
        if (sqs == null) {
            var builder = SqsClient.builder()
                    .httpClient(config.timeouts().sqs().httpClient())
                    .overrideConfiguration(config.timeouts().sqs().overrides(List.of()))
                    .region(Region.of(config.region()))
                    .credentialsProvider(credentials(config));
            if (config.endpoint() != null) {
                builder.endpointOverride(config.endpoint());
            }
            sqs = builder.build();
        }
        return sqs;
    }

    /** The work queue's URL: WORK_QUEUE_URL as the template sets it, or the local runner's queue on the emulator. */
    public synchronized String workQueueUrl() {
        return workQueueUrl;
    }

    public synchronized void useWorkQueueUrl(String url) {
        this.workQueueUrl = url;
    }

    /** Jobs on the work queue: started by requests, run a step at a time by BackgroundWorkFunction. */
    public BackgroundWork backgroundWork() {
        return backgroundWork;
    }

    public Table table() {
        return table;
    }

    /** Warms the store's request path (reads of a key that never exists, a refused write) for SnapStart. */
    public void prime() {
        table.prime();
    }

    public Ids ids() {
        return ids;
    }

    private static AwsCredentialsProvider credentials(Config config) {
        return credentials(config.endpoint());
    }

    /** The credentials for AWS or, with an endpoint, an emulator (also for the tools' own clients). */
    public static AwsCredentialsProvider credentials(URI endpoint) {
        if (endpoint != null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
            // an emulator accepts any key
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        }
        if (System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null) {
            // SnapStart: Lambda hands credentials out through the container endpoint, not environment variables
            return ContainerCredentialsProvider.builder().build();
        }
        return EnvironmentVariableCredentialsProvider.create();
    }

    public Config config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public app.integreat.crm.core.RetentionService retention() {
        return retention;
    }

    public SettingsService settings() {
        return settings;
    }

    public MemberService members() {
        return members;
    }

    public AccountService accounts() {
        return accounts;
    }

    public ContactService contacts() {
        return contacts;
    }

    public TimelineService timeline() {
        return timeline;
    }

    public InteractionService interactions() {
        return interactions;
    }

    public synchronized InboundMailService inboundMail() {
        if (builtInboundMail == null) {
            builtInboundMail = inboundMail.get();
        }
        return builtInboundMail;
    }

    /** A member's own aliases, confirmed by a link mailed to the address. */
    public app.integreat.crm.core.AliasService aliases() {
        return aliases;
    }

    /** Mail in a member's name that waits for the member's confirmation. */
    public HeldMailService heldMails() {
        return heldMails;
    }

    public TaskService tasks() {
        return tasks;
    }

    public synchronized ReminderService reminders() {
        if (builtReminders == null) {
            builtReminders = reminders.get();
        }
        return builtReminders;
    }

    public CalendarService calendar() {
        return calendar;
    }

    public OpportunityService opportunities() {
        return opportunities;
    }

    public FileService files() {
        return files;
    }

    public ReportService reports() {
        return reports;
    }

    public SearchService search() {
        return search;
    }

    /** The audit log; other services call {@code audit().record(...)} for changes that are not one transaction. */
    public app.integreat.crm.core.AuditLog audit() {
        return audit;
    }

    public app.integreat.crm.core.PrivacyService privacy() {
        return privacy;
    }
}
