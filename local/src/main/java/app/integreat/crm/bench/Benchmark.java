package app.integreat.crm.bench;

import app.integreat.crm.json.Json;
import app.integreat.crm.model.Account;
import app.integreat.crm.model.AccountType;
import app.integreat.crm.local.Emulator;
import app.integreat.crm.local.LocalCrm;
import app.integreat.crm.local.LocalFunctions;
import app.integreat.crm.local.LocalInbound;
import app.integreat.crm.local.Template;
import app.integreat.crm.store.BulkLoad;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code bench/run}: cold start, warm latency, jar size, DynamoDB requests per API call and the big
 * inbound mail, printed as one Markdown report and written into docs/performance.md. See that file
 * for what each number means.
 *
 * <p>System properties: {@code bench.runs} (cold starts per target, 10), {@code bench.calls} (warm
 * calls, 1000), {@code bench.warmup} (300), {@code bench.accounts} (the big table, 10000),
 * {@code bench.write} (false: print only).
 */
public final class Benchmark {
    static final String ADMIN = "admin@example.org";
    /** The JVM options of Lambda's java21 managed runtime that matter here (docs: java-customization). */
    static final List<String> LAMBDA_JVM = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xshare:auto");
    static final String BEGIN = "<!-- BEGIN bench/run -->";
    static final String END = "<!-- END bench/run -->";
    static final String SAMPLE_ID = "01JDZ6Q4Z8X9V2M3N4P5R6S7T8";
    static final String FLOOR = "floor: one GetItem";
    /** List pages ask for this many: 100 accounts fill every account page, so both table sizes read full pages. */
    static final int LIMIT = 25;

    /** A line of bench/targets.tsv: what to cold-start, by template function and sample event. */
    record Target(String label, String functionId, String eventGlob) {
    }

    /** One child JVM's answer. */
    record Probe(double initMs, double primeMs, double invokeMs, double jvmStartToEndMs, long classes, long peakHeapBytes,
                 String status, Map<String, Object> all) {
        double coldMs() {
            return initMs + invokeMs;
        }

        double number(String key) {
            return ((Number) all.get(key)).doubleValue();
        }
    }

    private final Path root;
    private final Path work;
    private final Path jar;
    private final URI endpoint;
    private final LocalCrm crm;
    private final String table;
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final Path probeClasses;
    private final Path floorClasses;
    private final Path meterClasses;

    Benchmark(Path root, URI endpoint) throws IOException {
        this.root = root;
        this.work = root.resolve("local/target/bench");
        Files.createDirectories(work);
        this.jar = root.resolve("functions/target/crm-functions.jar");
        this.endpoint = endpoint;
        this.table = "crm-bench-" + ProcessHandle.current().pid();
        this.crm = new LocalCrm(LocalCrm.Settings.fromEnvironment(root).withTableName(table).withAdmin(ADMIN), endpoint,
                Clock.systemUTC(), new Meter());
        this.probeClasses = runtimeClassPath(work.resolve("probe"));
        this.floorClasses = copyClasses(work.resolve("floor"), FloorHandler.class);
        this.meterClasses = copyClasses(work.resolve("meter"), Meter.class);
        Path interceptors = meterClasses.resolve("software/amazon/awssdk/global/handlers/execution.interceptors");
        Files.createDirectories(interceptors.getParent());
        Files.writeString(interceptors, Meter.class.getName() + "\n");
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : System.getProperty("crm.root", ".")).toAbsolutePath().normalize();
        String external = System.getenv("AWS_ENDPOINT_URL");
        Files.createDirectories(root.resolve("local/target/bench"));
        Emulator emulator = external == null || external.isBlank()
                ? Emulator.startMoto(root.resolve("local/target/bench/moto.log").toFile())
                : Emulator.external(URI.create(external));
        java.io.PrintStream stdout = System.out;
        System.setOut(System.err); // the handlers' log lines; stdout carries the report only
        try {
            String report = new Benchmark(root, emulator.endpoint()).run();
            stdout.println(report);
            if (Boolean.getBoolean("bench.write")) {
                writeInto(root.resolve("docs/performance.md"), report);
                System.err.println("written into docs/performance.md");
            }
        } finally {
            emulator.close();
        }
        System.exit(0);
    }

    String run() throws Exception {
        int runs = Integer.getInteger("bench.runs", 10);
        int calls = Integer.getInteger("bench.calls", 1000);
        int warmup = Integer.getInteger("bench.warmup", 300);
        int big = Integer.getInteger("bench.accounts", 10_000);
        StringBuilder md = new StringBuilder();
        md.append("Measured ").append(Instant.now().toString(), 0, 10).append(" on ").append(machine()).append(", moto ")
                .append("as the emulator. Child JVMs run with `").append(String.join(" ", LAMBDA_JVM)).append("`.\n\n");

        log("filling the table: 100 accounts, 20 contacts");
        fill();
        coldStarts(md, runs);
        warm(md, calls, warmup);
        jarSize(md);
        requests(md, big);
        bigMail(md);
        return md.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // data

    private void fill() {
        ids.put("members", Json.object(call("GET", "/me", null).getBody()).get("id").toString());
        ids.put("accounts", created(call("POST", "/accounts", Json.write(Map.of("name", "Landkreis Großstadt", "type", "MUNICIPALITY",
                "notes", "Gesprächsnotiz\n".repeat(200))))));
        for (int i = 1; i < 100; i++) {
            created(call("POST", "/accounts", Json.write(Map.of("name", "Gemeinde " + i, "type", i % 2 == 0 ? "MUNICIPALITY" : "PARTNER"))));
        }
        for (int i = 0; i < 20; i++) {
            ids.put("contacts", created(call("POST", "/contacts", Json.write(Map.of("firstName", "Person", "lastName", "Nummer " + i,
                    "accountId", ids.get("accounts"), "emails", List.of("person" + i + "@grossstadt.de"))))));
        }
        // the sender of the sample mails (events/ses-*.eml) and the contact they are written to
        created(call("POST", "/members", Json.write(Map.of("email", "lena@integreat.example", "name", "Lena Berg"))));
        created(call("POST", "/contacts", Json.write(Map.of("firstName", "Erika", "lastName", "Müller",
                "accountId", ids.get("accounts"), "emails", List.of("erika.mueller@augsburg.de")))));
        inbound = new LocalInbound(crm);
    }

    private LocalInbound inbound;

    /**
     * An SES sample event for a fresh delivery: its raw mail (the .eml next to the event, or {@code raw})
     * stored under a new message id, as SES's S3 action would, so that no run measures a repeated delivery.
     */
    private String freshDelivery(Path eventFile, Path raw) throws IOException {
        String text = Files.readString(eventFile);
        Matcher messageId = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"").matcher(text);
        if (!messageId.find()) {
            throw new IllegalStateException(eventFile + " has no messageId");
        }
        String fresh = LocalInbound.newMessageId();
        inbound.store(fresh, Files.readAllBytes(raw));
        return text.replace(messageId.group(1), fresh);
    }

    private static String created(APIGatewayV2HTTPResponse response) {
        if (response.getStatusCode() != 201) {
            throw new IllegalStateException("setup call failed: " + response.getStatusCode() + " " + response.getBody());
        }
        return Json.object(response.getBody()).get("id").toString();
    }

    /** An API call as the admin, routed by the template like the local runner does. */
    APIGatewayV2HTTPResponse call(String method, String pathAndQuery, String body) {
        return call(method, pathAndQuery, body, Map.of());
    }

    APIGatewayV2HTTPResponse call(String method, String pathAndQuery, String body, Map<String, String> headers) {
        return crm.functions().call(method, pathAndQuery, headers, body, LocalFunctions.claimsOf(ADMIN));
    }

    // ---------------------------------------------------------------------------------------------
    // 1. cold start and 2. warm latency

    List<Target> targets() throws IOException {
        List<Target> targets = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("bench/targets.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t+");
            targets.add(new Target(fields[0].trim(), fields[1].trim(), fields[2].trim()));
        }
        return targets;
    }

    /** The handler class of a target, or null when template.yaml or events/ lack it ("not built"). */
    String handlerOf(Target target) {
        for (Template.Function function : crm.template().functions()) {
            if (function.logicalId().equals(target.functionId())) {
                return eventFile(target) == null ? null : function.handlerClass();
            }
        }
        return null;
    }

    /** The sample event of a target (the first file matching its glob), or null. */
    Path eventFile(Target target) {
        Path glob = root.resolve(target.eventGlob());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(glob.getParent(), glob.getFileName().toString())) {
            List<Path> matches = new ArrayList<>();
            files.forEach(matches::add);
            matches.sort(null);
            return matches.isEmpty() ? null : matches.get(0);
        } catch (IOException e) {
            return null;
        }
    }

    /** The sample event with the ids of this run's records in place of the sample's ids. */
    Path event(Target target) throws IOException {
        String text = Files.readString(eventFile(target));
        if (LocalInbound.FUNCTION.equals(target.functionId())) {
            Path raw = eventFile(target).resolveSibling(eventFile(target).getFileName().toString().replaceFirst("\\.json$", ".eml"));
            text = freshDelivery(eventFile(target), raw);
        }
        Map<String, Object> json = Json.object(text);
        if (json.get("pathParameters") instanceof Map<?, ?> parameters && parameters.get("id") instanceof String sampleId) {
            String resource = target.label().replaceAll("^\\w+ /([^/?]+).*", "$1");
            text = text.replace(sampleId, ids.getOrDefault(resource, sampleId));
        } else {
            // a body that names the sample account (POST /interactions) is aimed at this run's account
            text = text.replace(SAMPLE_ID, ids.getOrDefault("accounts", SAMPLE_ID));
        }
        Path file = work.resolve("events").resolve(target.label().replaceAll("[^A-Za-z0-9]+", "_") + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private void coldStarts(StringBuilder md, int runs) throws Exception {
        List<Target> targets = targets();
        Target floor = new Target(FLOOR, null, targets.get(0).eventGlob());
        Map<Target, List<Probe>> cold = new LinkedHashMap<>();
        Map<Target, List<Probe>> primed = new LinkedHashMap<>();
        cold.put(floor, new ArrayList<>());
        for (Target target : targets) {
            if (handlerOf(target) != null) {
                cold.put(target, new ArrayList<>());
                primed.put(target, new ArrayList<>());
            }
        }
        Path floorEvent = event(targets.get(0));
        // rounds interleave the targets, so that a slower moment of the shared machine hits all alike
        for (int round = 0; round < runs; round++) {
            log("cold starts, round " + (round + 1) + " of " + runs);
            for (Map.Entry<Target, List<Probe>> entry : cold.entrySet()) {
                Target target = entry.getKey();
                boolean isFloor = target == floor;
                entry.getValue().add(probe(isFloor ? FloorHandler.class.getName() : handlerOf(target),
                        isFloor ? floorEvent : event(target), isFloor ? List.of(floorClasses) : List.of(), List.of(), false));
                if (!isFloor && round < Math.max(3, runs / 2)) {
                    primed.get(target).add(probe(handlerOf(target), event(target), List.of(), List.of(), true));
                }
            }
        }
        Map<String, long[]> classes = new LinkedHashMap<>();
        for (Target target : cold.keySet()) {
            boolean isFloor = target == floor;
            classes.put(target.label(), classesOf(isFloor ? FloorHandler.class.getName() : handlerOf(target),
                    isFloor ? floorEvent : event(target), isFloor ? List.of(floorClasses) : List.of()));
        }
        double floorMs = median(cold.get(floor), Probe::coldMs);
        md.append("## 1. Cold start\n\n");
        md.append("A fresh JVM per run loads the deployment jar through its own class loader, constructs the handler "
                + "(init) and runs one invocation against the emulator with the event read by the Lambda runtime's "
                + "serializer (first invoke). Median of ").append(runs).append(" runs. The floor is a handler that only "
                + "does one GetItem with the same SDK client setup. *Classes loaded*: counted with `-Xlog:class+load` in a "
                + "separate run (JDK, jar and generated classes; in brackets those of the runtime's event serializer, "
                + "aws-lambda-java-serialization, which any Java function with event objects loads). *After priming*: the first invocation after the "
                + "SnapStart hook `beforeCheckpoint` ran (what a restored snapshot starts from).\n\n");
        md.append("| Call | init ms | first invoke ms | cold start ms | handler / floor | JVM start to end ms | classes loaded (+ serializer) "
                + "| first invoke after priming ms | status |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Target target : targets()) {
            List<Probe> probes = cold.entrySet().stream().filter(e -> e.getKey().label().equals(target.label()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            if (probes == null) {
                md.append("| ").append(target.label()).append(" (").append(target.functionId())
                        .append(") | n/a (not built) | | | | | | | |\n");
                continue;
            }
            Target key = cold.keySet().stream().filter(t -> t.label().equals(target.label())).findFirst().orElseThrow();
            md.append(row(target.label(), probes, floorMs, primed.get(key), classes.get(target.label())));
        }
        md.append(row(FLOOR, cold.get(floor), floorMs, null, classes.get(FLOOR))).append('\n');
    }

    private static String row(String label, List<Probe> probes, double floorMs, List<Probe> primed, long[] classes) {
        double coldMs = median(probes, Probe::coldMs);
        return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f | %.0f | %,d (+ %,d) | %s | %s |%n", label,
                median(probes, Probe::initMs), median(probes, Probe::invokeMs), coldMs, coldMs / floorMs,
                median(probes, Probe::jvmStartToEndMs), classes[0], classes[1],
                primed == null || primed.isEmpty() ? "" : String.format(Locale.ROOT, "%.0f", median(primed, Probe::invokeMs)),
                probes.get(0).status());
    }

    private void warm(StringBuilder md, int calls, int warmup) throws Exception {
        md.append("## 2. Warm latency\n\n").append(calls).append(" calls after ").append(warmup).append(" warm-up calls in one "
                + "JVM with the same options; a call is event deserialisation, the handler and response serialisation. "
                + "*Outside the emulator* subtracts the time from sending each DynamoDB request until its response "
                + "arrived (measured by an SDK interceptor).\n\n");
        md.append("| Call | median ms | p99 ms | outside emulator: median ms | outside emulator: p99 ms |\n|---|---:|---:|---:|---:|\n");
        for (Target target : targets()) {
            String handler = handlerOf(target);
            if (handler == null) {
                md.append("| ").append(target.label()).append(" | n/a (not built) | | | |\n");
                continue;
            }
            log("warm latency: " + target.label());
            Probe probe = probe(handler, event(target), List.of(meterClasses), List.of("calls=" + calls, "warmup=" + warmup), false);
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f |%n", target.label(), probe.number("warmMedianMs"),
                    probe.number("warmP99Ms"), probe.number("outsideMedianMs"), probe.number("outsideP99Ms")));
        }
        md.append('\n');
    }

    /** Runs {@link ColdStartProbe} in a fresh JVM with Lambda's options and this run's environment. */
    Probe probe(String handler, Path event, List<Path> extra, List<String> more, boolean prime) throws Exception {
        return probe(handler, event, extra, more, prime, List.of());
    }

    Probe probe(String handler, Path event, List<Path> extra, List<String> more, boolean prime, List<String> jvmOptions)
            throws Exception {
        List<String> arguments = new ArrayList<>(more);
        arguments.add("prime=" + prime);
        Map<String, Object> json = runProbe(probeClasses, jar, handler, event, extra, arguments, jvmOptions, environment());
        return new Probe(((Number) json.get("initMs")).doubleValue(), ((Number) json.get("primeMs")).doubleValue(),
                ((Number) json.get("invokeMs")).doubleValue(), ((Number) json.get("jvmStartToEndMs")).doubleValue(),
                ((Number) json.get("classes")).longValue(), ((Number) json.get("peakHeapBytes")).longValue(),
                String.valueOf(json.get("status")), json);
    }

    /**
     * Runs {@link ColdStartProbe} in a fresh JVM with Lambda's options (plus {@code jvmOptions}) and the
     * given environment; returns its result line as JSON. Also used by the class-count test.
     */
    public static Map<String, Object> runProbe(Path probeClasses, Path jar, String handler, Path event, List<Path> extra,
                                               List<String> arguments, List<String> jvmOptions, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_JVM);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", probeClasses.toString(), ColdStartProbe.class.getName(), "jar=" + jar, "handler=" + handler,
                "event=" + event));
        if (!extra.isEmpty()) {
            command.add("extra=" + String.join(",", extra.stream().map(Path::toString).toList()));
        }
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String result = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("BENCH-RESULT ")) {
                    result = line.substring("BENCH-RESULT ".length());
                } else if (output.length() < 20_000) {
                    output.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || result == null) {
            process.destroyForcibly();
            throw new IllegalStateException("probe of " + handler + " failed:\n" + output);
        }
        return Json.object(result);
    }

    /**
     * The lines of a {@code -Xlog:class+load} file: {classes of the JDK, the jar and generated ones;
     * classes of the runtime's event serializer (loaded from the probe's directory)}.
     */
    public static long[] countClasses(Path log) throws IOException {
        long runtime;
        long all;
        try (var lines = Files.lines(log)) {
            List<String> loaded = lines.filter(line -> line.contains("source:")).toList();
            all = loaded.size();
            runtime = loaded.stream().filter(line -> line.contains("/probe/")).count();
        }
        return new long[] {all - runtime, runtime};
    }

    /** The classes a cold start of a handler loads, counted by -Xlog:class+load in a run without management beans. */
    long[] classesOf(String handler, Path event, List<Path> extra) throws Exception {
        Path log = work.resolve("classes-" + handler.replaceAll(".*\\.", "") + ".log");
        Files.deleteIfExists(log);
        runProbe(probeClasses, jar, handler, event, extra, List.of("mx=false"), List.of("-Xlog:class+load:file=" + log), environment());
        return countClasses(log);
    }

    /** What the template and the Lambda service would put into a function's environment. */
    Map<String, String> environment() {
        return environment(root, endpoint, table);
    }

    public static Map<String, String> environment(Path root, URI endpoint, String table) {
        LocalCrm.Settings settings = LocalCrm.Settings.fromEnvironment(root);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", settings.region());
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("TABLE_NAME", table);
        env.put("ADMIN_EMAIL", ADMIN);
        env.put("INBOUND_ADDRESS", settings.inboundAddress());
        env.put("RAW_MAIL_BUCKET", settings.rawMailBucket());
        env.put("MAIL_FROM", settings.mailFrom());
        env.put("APP_URL", settings.appUrl());
        return env;
    }

    // ---------------------------------------------------------------------------------------------
    // 3. jar

    private void jarSize(StringBuilder md) throws IOException {
        long size = Files.size(jar);
        int classes = 0;
        List<String> clients = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                classes += entry.getName().endsWith(".class") ? 1 : 0;
                for (String forbidden : List.of("org/apache/http/", "org/apache/hc/client5/", "io/netty/")) {
                    if (entry.getName().startsWith(forbidden) && !clients.contains(forbidden)) {
                        clients.add(forbidden);
                    }
                }
            }
        }
        md.append("## 3. Deployment jar\n\n| Jar | size | classes | Apache / Apache 5 / Netty HTTP client classes |\n|---|---:|---:|---|\n");
        md.append(String.format(Locale.ROOT, "| functions/target/crm-functions.jar | %.2f MB (%,d bytes) | %,d | %s |%n%n",
                size / 1_048_576.0, size, classes, clients.isEmpty() ? "none" : String.join(", ", clients)));
    }

    // ---------------------------------------------------------------------------------------------
    // 4. requests per API call

    /** The calls measured: every GET route of the template, a list page per filter, and the writes. */
    List<String[]> apiCalls() {
        List<String[]> calls = new ArrayList<>();
        for (Template.Function function : crm.template().functions()) {
            for (Template.Route route : function.routes()) {
                if (!route.method().equals("GET")) {
                    continue;
                }
                String resource = route.path().replaceAll("^/([^/]+).*", "$1");
                String path = route.path().replace("{id}", ids.getOrDefault(resource, SAMPLE_ID));
                calls.add(new String[] {route.routeKey(), "GET", route.path().contains("{") ? path : path + "?limit=" + LIMIT, null});
            }
        }
        calls.add(new String[] {"GET /accounts?type=", "GET", "/accounts?type=MUNICIPALITY&limit=" + LIMIT, null});
        calls.add(new String[] {"GET /accounts?q=", "GET", "/accounts?q=gemeinde&limit=" + LIMIT, null});
        calls.add(new String[] {"GET /contacts?accountId=", "GET", "/contacts?accountId=" + ids.get("accounts") + "&limit=" + LIMIT, null});
        calls.add(new String[] {"GET /contacts?q=", "GET", "/contacts?q=nummer&limit=" + LIMIT, null});
        calls.add(new String[] {"GET /contacts?email=", "GET", "/contacts?email=person3%40grossstadt.de", null});
        calls.add(new String[] {"POST /accounts", "POST", "/accounts", Json.write(Map.of("name", "Markt Neu", "type", "OTHER"))});
        calls.add(new String[] {"POST /contacts", "POST", "/contacts", Json.write(Map.of("lastName", "Neu", "accountId", ids.get("accounts")))});
        return calls;
    }

    record Cost(int status, int requests, long items, List<String> operations) {
    }

    Map<String, Cost> measureCalls() {
        Map<String, Cost> costs = new LinkedHashMap<>();
        for (String[] call : apiCalls()) {
            Meter.reset();
            APIGatewayV2HTTPResponse response = call(call[1], call[2], call[3]);
            costs.put(call[0], new Cost(response.getStatusCode(), Meter.operations().size(), Meter.itemsRead(), Meter.operations()));
            if (response.getStatusCode() == 201) {
                // remove what a create made, so that both table sizes are measured with the same records
                Map<String, String> headers = response.getHeaders();
                String location = headers.getOrDefault("Location", headers.get("location"));
                String etag = headers.getOrDefault("ETag", headers.get("etag"));
                APIGatewayV2HTTPResponse deleted = call("DELETE", location, null, Map.of("if-match", etag));
                if (deleted.getStatusCode() != 204) {
                    throw new IllegalStateException("could not delete " + location + ": " + deleted.getBody());
                }
            }
        }
        return costs;
    }

    private void requests(StringBuilder md, int big) {
        log("requests per call with 100 accounts");
        Map<String, Cost> small = measureCalls();
        log("bulk-loading " + (big - 100) + " more accounts");
        long loadStart = System.nanoTime();
        List<Account> accounts = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 100; i < big; i++) {
            accounts.add(new Account(crm.services().ids().next(), String.format("Gemeinde %05d", i),
                    i % 2 == 0 ? AccountType.MUNICIPALITY : AccountType.PARTNER, null, null, null, List.of(), null, now, now, 1, null));
        }
        BulkLoad.accounts(crm.dynamo(), crm.services().table(), accounts);
        log(String.format(Locale.ROOT, "loaded in %.0f s", (System.nanoTime() - loadStart) / 1e9));
        Map<String, Cost> large = measureCalls();
        md.append("## 4. DynamoDB requests and items read per API call\n\nCounted by an SDK execution interceptor, with 100 and "
                + "with ").append(String.format(Locale.ROOT, "%,d", big)).append(" accounts in the table (list pages with "
                + "`limit=" + LIMIT + "`; the extra accounts are written with the store's own item mapping). Ids that a route has "
                + "no record for answer 404 and still show the cost of looking.\n\n");
        md.append("| Call | status | requests (100) | items read (100) | requests (").append(String.format(Locale.ROOT, "%,d", big))
                .append(") | items read (").append(String.format(Locale.ROOT, "%,d", big))
                .append(") | items ratio | operations |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map.Entry<String, Cost> entry : small.entrySet()) {
            Cost a = entry.getValue();
            Cost b = large.get(entry.getKey());
            String ratio = a.items() == 0 ? (b.items() == 0 ? "1" : "∞") : String.format(Locale.ROOT, "%.2f", (double) b.items() / a.items());
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %s | %s |%n", entry.getKey(), a.status(), a.requests(),
                    a.items(), b.requests(), b.items(), ratio, String.join(", ", b.operations())));
        }
        md.append('\n');
    }

    // ---------------------------------------------------------------------------------------------
    // 5. a 25 MB inbound mail

    private void bigMail(StringBuilder md) throws Exception {
        md.append("## 5. A 25 MB inbound mail\n\n");
        Target mail = new Target("inbound mail", "InboundMailFunction", "events/ses-*.json");
        String handler = handlerOf(mail);
        if (handler == null) {
            md.append("n/a (not built): template.yaml has no `InboundMailFunction` or events/ has no `ses-*.json` yet. "
                    + "The harness is ready: it writes a 25 MB mail (a 19 MB attachment in base64) into the raw-mail "
                    + "bucket under the SES event's message id and runs the function in a fresh JVM with `-Xmx128m`.\n");
            return;
        }
        Path file = work.resolve("mail-25mb.eml");
        long bytes = writeBigMail(file, 25L * 1024 * 1024);
        Path event = work.resolve("events").resolve("inbound-25mb.json");
        Files.createDirectories(event.getParent());
        Files.writeString(event, freshDelivery(eventFile(mail), file));
        md.append("| Mail | size | time (first invoke) ms | peak heap MB (-Xmx128m) | status |\n|---|---:|---:|---:|---|\n");
        try {
            Probe probe = probe(handler, event, List.of(), List.of(), false, List.of("-Xmx128m"));
            md.append(String.format(Locale.ROOT, "| inbound mail with one attachment | %.1f MB | %.0f | %.1f | %s |%n", bytes / 1_048_576.0,
                    probe.invokeMs(), probe.peakHeapBytes() / 1_048_576.0, probe.status()));
        } catch (IllegalStateException failed) {
            Path log = work.resolve("mail-25mb.log");
            Files.writeString(log, String.valueOf(failed.getMessage()));
            md.append(String.format(Locale.ROOT, "| inbound mail with one attachment | %.1f MB | failed | | see local/target/bench/%s |%n",
                    bytes / 1_048_576.0, log.getFileName()));
        }
    }

    /** A mail of about {@code size} bytes: a short text part and one big base64 attachment, written as a stream. */
    public static long writeBigMail(Path file, long size) throws IOException {
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(file)) {
            String head = String.join("\r\n", "From: Anna Admin <" + ADMIN + ">", "To: crm@inbound.localhost",
                    "Subject: =?UTF-8?Q?F=C3=B6rderantrag_mit_Anhang?=", "Date: Fri, 27 Nov 2026 08:15:00 +0000",
                    "Message-ID: <bench-25mb@example.org>", "MIME-Version: 1.0",
                    "Content-Type: multipart/mixed; boundary=\"BENCH\"", "", "--BENCH",
                    "Content-Type: text/plain; charset=utf-8", "", "Anbei der Antrag.", "--BENCH",
                    "Content-Type: application/pdf; name=\"antrag.pdf\"", "Content-Transfer-Encoding: base64",
                    "Content-Disposition: attachment; filename=\"antrag.pdf\"", "", "");
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            out.write(headBytes);
            long written = headBytes.length;
            byte[] raw = new byte[57]; // one 76-character base64 line
            Base64.Encoder encoder = Base64.getEncoder();
            while (written < size - 100) {
                random.nextBytes(raw);
                out.write(encoder.encode(raw));
                out.write('\r');
                out.write('\n');
                written += 78;
            }
            byte[] tail = "--BENCH--\r\n".getBytes(StandardCharsets.US_ASCII);
            out.write(tail);
            return written + tail.length;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // helpers

    static double median(List<Probe> probes, ToDoubleFunction<Probe> value) {
        double[] values = probes.stream().mapToDouble(value).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** The class files of {@code type} (no nested classes) in a directory of their own. */
    static Path copyClasses(Path dir, Class<?> type) throws IOException {
        String name = type.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(name);
        Files.createDirectories(target.getParent());
        try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    /**
     * The probe's class path, as the Lambda runtime's own part: the probe and aws-lambda-java-serialization,
     * nothing of the function. When the serializer sits in the runner's shaded jar, its packages are
     * extracted from there.
     */
    public static Path runtimeClassPath(Path dir) throws IOException {
        copyClasses(dir, ColdStartProbe.class);
        Path source;
        try {
            source = Path.of(LambdaEventSerializers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> prefixes = List.of("com/amazonaws/services/lambda/runtime/serialization/", "com/amazonaws/lambda/thirdparty/");
        if (Files.isDirectory(source)) {
            throw new IllegalStateException("expected aws-lambda-java-serialization as a jar, found " + source);
        }
        try (ZipFile zip = new ZipFile(source.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                if (entry.isDirectory() || prefixes.stream().noneMatch(entry.getName()::startsWith)) {
                    continue;
                }
                Path target = dir.resolve(entry.getName());
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + " ("
                + System.getProperty("os.arch") + ")";
    }

    static void log(String message) {
        System.err.println("[bench] " + message);
    }

    /** Replaces the report between the markers of docs/performance.md. */
    static void writeInto(Path file, String report) throws IOException {
        String text = Files.readString(file);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(file + " lacks the markers " + BEGIN + " and " + END);
        }
        Files.writeString(file, text.substring(0, begin + BEGIN.length()) + "\n" + report + "\n" + text.substring(end));
    }
}
