package app.integreat.crm.local;

import app.integreat.crm.Services;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The local runner's entry point, called by ./crm:
 * <pre>
 *   start [--demo] [--port 3000] [--smtp-port 2525]   the API, the page and the emulator
 *   invoke &lt;FunctionLogicalId&gt; &lt;event.json&gt;          one function once, like sam local invoke
 *   import salesforce PATH… [--dry-run] …             a Salesforce export into the CRM (see ImportCommand)
 *   reports rebuild                                   recompute the pipeline report's counters from the histories
 * </pre>
 */
public final class Cli {

    public static void main(String[] args) throws Exception {
        Deque<String> arguments = new ArrayDeque<>(List.of(args));
        String command = arguments.isEmpty() ? "help" : arguments.pop();
        Path root = Path.of(System.getProperty("crm.root", ".")).toAbsolutePath().normalize();
        switch (command) {
            case "start" -> start(root, arguments);
            case "invoke" -> invoke(root, arguments);
            case "import" -> System.exit(ImportCommand.run(arguments, System.out, System.err));
            case "reports" -> reports(root, arguments);
            default -> {
                System.err.println("usage: crm start [--demo] [--port 3000] [--smtp-port 2525]");
                System.err.println("       crm invoke <FunctionLogicalId> <event.json>");
                System.err.println("       " + ImportCommand.USAGE.substring("usage: ".length()));
                System.err.println("       crm reports rebuild");
                System.exit(command.equals("help") ? 0 : 2);
            }
        }
    }

    private static void start(Path root, Deque<String> arguments) throws Exception {
        boolean demo = false;
        int port = 3000;
        int smtpPort = 2525;
        while (!arguments.isEmpty()) {
            String option = arguments.pop();
            switch (option) {
                case "--demo" -> demo = true;
                case "--port" -> port = Integer.parseInt(value(arguments, option));
                case "--smtp-port" -> smtpPort = Integer.parseInt(value(arguments, option));
                default -> fail("unknown option " + option);
            }
        }
        LocalCrm.Settings settings = LocalCrm.Settings.fromEnvironment(root);
        URI endpoint = emulatorEndpoint(root);
        LocalCrm crm = new LocalCrm(settings, endpoint, Clock.systemUTC());
        LocalTokens tokens = new LocalTokens("http://localhost:" + port + "/local-issuer", Clock.systemUTC());
        LocalServer server = new LocalServer(crm, tokens, root.resolve("web"), port);
        if (demo) {
            int loaded = new DemoData(crm.functions(), settings.adminEmail()).load(root.resolve("local/demo-data.json"));
            System.out.println(loaded == 0 ? "Demo data: already loaded." : "Demo data: loaded " + loaded + " records.");
        }
        SmtpListener smtp = new SmtpListener(new LocalInbound(crm), settings.inboundAddress(), smtpPort);
        smtp.start();
        server.start();
        System.out.println("Integreat CRM runs at http://localhost:" + server.port() + "/");
        LocalReminders.startSchedules(crm.template(), crm.functions(), Clock.systemUTC());
        crm.queues().start(crm.functions());
        System.out.println("  reminders now: curl -X POST localhost:" + server.port() + "/dev/run-reminders; mails: curl localhost:"
                + server.port() + "/dev/outbox");
        System.out.println("  let days pass: curl -X POST localhost:" + server.port() + "/dev/clock -d '{\"offsetDays\": 7}'");
        System.out.println("  emulator (AWS_ENDPOINT_URL): " + endpoint + ", table " + settings.tableName());
        System.out.println("  sign in as " + settings.adminEmail() + ": curl -s -X POST localhost:" + server.port()
                + "/dev/token -d '{\"email\":\"" + settings.adminEmail() + "\"}'");
        System.out.println("  inbound mail: BCC or forward to " + settings.inboundAddress() + " via SMTP on localhost:"
                + smtp.port() + " (e.g. swaks --server localhost:" + smtp.port() + " --from " + settings.adminEmail()
                + " --to someone@example.com --bcc " + settings.inboundAddress() + ")");
        System.out.println("Stop with Ctrl-C.");
        Thread.currentThread().join();
    }

    /** AWS_ENDPOINT_URL when set, otherwise a moto server of our own. */
    private static URI emulatorEndpoint(Path root) throws Exception {
        String external = System.getenv("AWS_ENDPOINT_URL");
        if (external != null && !external.isBlank()) {
            return URI.create(external);
        }
        File logs = root.resolve(".crm").toFile();
        Files.createDirectories(logs.toPath());
        return Emulator.startMoto(new File(logs, "moto.log")).endpoint();
    }

    private static void invoke(Path root, Deque<String> arguments) throws Exception {
        if (arguments.size() != 2) {
            fail("usage: crm invoke <FunctionLogicalId> <event.json>");
        }
        String functionId = arguments.pop();
        Path eventFile = Path.of(arguments.pop());
        LocalCrm crm = new LocalCrm(LocalCrm.Settings.fromEnvironment(root), emulatorEndpoint(root), Clock.systemUTC());
        if (!crm.functions().has(functionId)) {
            fail("template.yaml has no function " + functionId);
        }
        if (functionId.equals(LocalInbound.FUNCTION)) {
            System.out.println(new LocalInbound(crm).invokeSample(eventFile));
            System.exit(0);
        }
        if (crm.functions().handler(functionId) instanceof com.amazonaws.services.lambda.runtime.RequestStreamHandler) {
            System.out.println(crm.functions().invokeStream(functionId, Files.readString(eventFile)));
            System.exit(0);
        }
        if (crm.functions().schedules().stream().anyMatch(schedule -> schedule.functionId().equals(functionId))) {
            invokeScheduled(crm, functionId, eventFile);
            return;
        }
        // The event is read the way the Lambda Java runtime reads it, with its own serializers.
        PojoSerializer<APIGatewayV2HTTPEvent> in = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, Cli.class.getClassLoader());
        PojoSerializer<APIGatewayV2HTTPResponse> out = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, Cli.class.getClassLoader());
        APIGatewayV2HTTPEvent event;
        try (InputStream stream = Files.newInputStream(eventFile)) {
            event = in.fromJson(stream);
        }
        APIGatewayV2HTTPResponse response = crm.functions().invokeHttp(functionId, event, null);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        out.toJson(response, json);
        System.out.println(json.toString(StandardCharsets.UTF_8));
        System.exit(0);
    }

    /**
     * {@code reports rebuild}: replays every opportunity's history into the report's counters (after
     * an import of history, or to repair them). Idempotent; run it while nobody changes stages.
     */
    private static void reports(Path root, Deque<String> arguments) {
        if (arguments.size() != 1 || !arguments.pop().equals("rebuild")) {
            fail("usage: crm reports rebuild");
        }
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        boolean emulator = endpoint != null && !endpoint.isBlank();
        if (!emulator && System.getenv("TABLE_NAME") == null) {
            fail("crm reports rebuild works on an existing table: set AWS_ENDPOINT_URL to the emulator that ./crm start"
                    + " printed, or TABLE_NAME (and AWS credentials and AWS_REGION) for a deployed table");
        }
        LocalCrm.Settings settings = LocalCrm.Settings.fromEnvironment(root);
        Services.Config config = settings.config(emulator ? URI.create(endpoint) : null);
        System.out.println(rebuildReports(new Services(config, Services.dynamoDb(config), Clock.systemUTC())));
        System.exit(0);
    }

    /** The rebuild itself, on the table of these services; the line it prints. */
    static String rebuildReports(Services services) {
        long start = System.nanoTime();
        int replayed = services.reports().rebuild();
        return "Pipeline report rebuilt from " + replayed + " opportunities in " + (System.nanoTime() - start) / 1_000_000 + " ms.";
    }

    /** A scheduled function gets the schedule's Input as a JSON object; it prints the function's answer. */
    private static void invokeScheduled(LocalCrm crm, String functionId, Path eventFile) throws Exception {
        java.util.Map<String, Object> event = app.integreat.crm.json.Json.object(Files.readString(eventFile));
        Object answer = crm.functions().invokeObject(functionId, event);
        System.out.println(app.integreat.crm.json.Json.write(answer));
        System.exit(0);
    }

    private static String value(Deque<String> arguments, String option) {
        if (arguments.isEmpty()) {
            fail(option + " needs a value");
        }
        return arguments.pop();
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
