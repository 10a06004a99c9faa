package app.integreat.crm.local;

import app.integreat.crm.Services;
import app.integreat.crm.importer.ImportProblem;
import app.integreat.crm.importer.Report;
import app.integreat.crm.importer.SalesforceImport;
import app.integreat.crm.json.Json;
import app.integreat.crm.model.Pipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * {@code crm import salesforce PATH… [--dry-run] [--map FILE] [--reassign-to EMAIL] [--report FILE]
 * [--port 3000 | --aws [--stack NAME]]}: a Salesforce export into the local CRM running on
 * {@code --port} (its table, found through the runner's {@code GET /dev/emulator}), or with
 * {@code --aws} into the deployed stack's table.
 * Exit codes: 0 imported, 1 imported with conflicts, 2 bad input or usage (nothing written),
 * 3 values without a mapping (nothing written), 4 the target could not be reached.
 */
public final class ImportCommand {
    static final String USAGE = "usage: crm import salesforce PATH... [--dry-run] [--map FILE] [--reassign-to EMAIL]"
            + " [--report FILE] [--port 3000 | --aws [--stack NAME]]";

    private ImportCommand() {
    }

    public static int run(Deque<String> arguments, PrintStream out, PrintStream err) {
        return run(arguments, System.getenv(), out, err);
    }

    /** With the environment the --aws path reads (AWS_REGION, TABLE_NAME, AWS_ENDPOINT_URL, …): tests hand in their own. */
    static int run(Deque<String> arguments, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (arguments.isEmpty() || !arguments.pop().equals("salesforce")) {
            err.println(USAGE);
            return 2;
        }
        List<Path> inputs = new ArrayList<>();
        boolean dryRun = false;
        boolean aws = false;
        String stack = null;
        String reassignTo = null;
        Path mapFile = null;
        Path reportFile = null;
        int port = 3000;
        try {
            while (!arguments.isEmpty()) {
                String argument = arguments.pop();
                switch (argument) {
                    case "--dry-run" -> dryRun = true;
                    case "--aws" -> aws = true;
                    case "--stack" -> stack = value(arguments, argument);
                    case "--map" -> mapFile = Path.of(value(arguments, argument));
                    case "--report" -> reportFile = Path.of(value(arguments, argument));
                    case "--reassign-to" -> reassignTo = value(arguments, argument);
                    case "--port" -> port = Integer.parseInt(value(arguments, argument));
                    default -> {
                        if (argument.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + argument);
                        }
                        inputs.add(Path.of(argument));
                    }
                }
            }
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("name at least one export: WE_….ZIP files or a folder");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Services services;
        try {
            services = aws ? awsServices(stack, environment) : localServices(port);
        } catch (IOException | RuntimeException e) {
            err.println("The CRM to import into cannot be reached: " + e.getMessage());
            return 4;
        }
        Pipeline pipeline = Pipeline.load(environment.get("REMIND_AFTER_DAYS"), environment.get("STALE_AFTER_DAYS"));
        try {
            Report report = new SalesforceImport(services, pipeline,
                    new SalesforceImport.Options(dryRun, reassignTo, mapFile, err)).run(inputs);
            out.print(report.table());
            if (reportFile != null) {
                Files.writeString(reportFile, Json.write(report.json()), StandardCharsets.UTF_8);
            }
            return report.conflicts() > 0 ? 1 : 0;
        } catch (ImportProblem problem) {
            err.println("Bad input, nothing was written:");
            err.println("  " + problem.describe());
            return 2;
        } catch (SalesforceImport.BadInput bad) {
            err.println("Bad input, nothing was written:");
            bad.problems.forEach(problem -> err.println("  " + problem.describe()));
            return 2;
        } catch (SalesforceImport.Unmapped unmapped) {
            err.println("Nothing was written: some values have no mapping.");
            err.print(unmapped.report.unmappedText());
            if (reportFile != null) {
                writeQuietly(reportFile, unmapped.report, err);
            }
            return 3;
        } catch (IOException | RuntimeException e) {
            // never a stack trace: the message, and what was done so far is safe to run again
            err.println("The import stopped: " + e + ". What was written is complete per record; run the import again to go on.");
            return 4;
        }
    }

    private static void writeQuietly(Path file, Report report, PrintStream err) {
        try {
            Files.writeString(file, Json.write(report.json()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("The report could not be written to " + file + ": " + e.getMessage());
        }
    }

    /** The table of the local runner on this port, as its GET /dev/emulator tells. */
    private static Services localServices(int port) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/dev/emulator"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException e) {
            throw new IOException("no local CRM answers on port " + port + " (start it with ./crm start --port " + port + ")");
        }
        if (response.statusCode() != 200) {
            throw new IOException("the runner on port " + port + " answered " + response.statusCode() + " to GET /dev/emulator");
        }
        Map<String, Object> emulator = Json.object(response.body());
        Services.Config config = new Services.Config((String) emulator.get("region"), (String) emulator.get("tableName"),
                URI.create((String) emulator.get("endpoint")), (String) emulator.get("adminEmail"), null,
                (String) emulator.get("rawMailBucket"), null, null,
                Services.Config.DEFAULT_RAW_MAIL_RETENTION_DAYS, null, Services.Config.EXPORT_INLINE_MAX_BYTES)
                // the emulator's patience, as the runner has it: with AWS's 4 s per attempt a transaction that waits
                // behind others on a loaded machine is tried again, and moto, which ignores the client request token,
                // refuses the repeat on the conditions the first attempt met ("Another import wrote this record")
                .withTimeouts(Services.Timeouts.EMULATOR);
        return new Services(config, Services.dynamoDb(config), Clock.systemUTC());
    }

    /**
     * The deployed stack's table and mail bucket: from --stack NAME (the resources CrmTable and
     * RawMailBucket, one DescribeStackResources) or TABLE_NAME and RAW_MAIL_BUCKET. Region and
     * credentials as every AWS tool reads them; AWS_ENDPOINT_URL, the SDKs' and the CLI's own
     * setting, points all of it at an emulator.
     */
    static Services awsServices(String stack, Map<String, String> environment) throws IOException {
        String region = environment.get("AWS_REGION") != null ? environment.get("AWS_REGION") : environment.get("AWS_DEFAULT_REGION");
        if (region == null) {
            throw new IOException("--aws needs AWS_REGION");
        }
        String endpointSetting = environment.get("AWS_ENDPOINT_URL");
        URI endpoint = endpointSetting == null || endpointSetting.isBlank() ? null : URI.create(endpointSetting);
        String table = environment.get("TABLE_NAME");
        String bucket = environment.get("RAW_MAIL_BUCKET");
        if (stack != null) {
            Map<String, String> resources = StackResources.of(stack, region, endpoint);
            table = resources.get(StackResources.TABLE);
            bucket = resources.get(StackResources.RAW_MAIL_BUCKET);
            if (table == null) {
                throw new IOException("the stack " + stack + " has no resource " + StackResources.TABLE);
            }
        }
        if (table == null) {
            throw new IOException("--aws needs --stack NAME or TABLE_NAME");
        }
        Services.Config config = new Services.Config(region, table, endpoint, environment.get("CRM_ADMIN_EMAIL"), null,
                bucket, null, null, Services.Config.DEFAULT_RAW_MAIL_RETENTION_DAYS,
                null, Services.Config.EXPORT_INLINE_MAX_BYTES);
        Services.Config withTimeouts = endpoint == null ? config : config.withTimeouts(Services.Timeouts.EMULATOR);
        return new Services(withTimeouts, Services.dynamoDb(withTimeouts), Clock.systemUTC());
    }

    private static String value(Deque<String> arguments, String option) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return arguments.pop();
    }
}
