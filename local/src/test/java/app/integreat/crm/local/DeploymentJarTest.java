package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.bench.Benchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Budgets of the deployment jar (docs/performance.md): under 16 MB, one HTTP client only, and an API
 * function's cold start (a fresh JVM as Lambda starts it, one GET /accounts/{id}) loads at most 4,000
 * classes, counted with -Xlog:class+load: the JDK's, the jar's and generated ones (lambdas), not those of
 * the Lambda runtime's own event serializer, which every Java function with event objects loads.
 */
class DeploymentJarTest {
    static final Path JAR = TestCrm.ROOT.resolve("functions/target/crm-functions.jar");
    static final long MAX_BYTES = 16L * 1024 * 1024;
    static final int MAX_CLASSES = 4_000;

    @Test
    void theJarStaysUnder16MegabytesWithOneHttpClient() throws Exception {
        assertTrue(Files.size(JAR) < MAX_BYTES, "crm-functions.jar has " + Files.size(JAR) + " bytes");
        List<String> clients = new ArrayList<>();
        boolean urlConnection = false;
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (name.startsWith("org/apache/http/") || name.startsWith("org/apache/hc/client5/") || name.startsWith("io/netty/")
                        || name.startsWith("software/amazon/awssdk/http/apache") || name.startsWith("software/amazon/awssdk/http/nio/")) {
                    clients.add(name);
                }
                urlConnection |= name.startsWith("software/amazon/awssdk/http/urlconnection/");
            }
        }
        assertEquals(List.of(), clients.subList(0, Math.min(5, clients.size())), "HTTP clients other than url-connection");
        assertTrue(urlConnection, "the url-connection client is in the jar");
    }

    @Test
    void anApiFunctionsColdStartLoadsAtMost4000Classes() throws Exception {
        TestCrm crm = new TestCrm();
        String accountId = crm.admin().post("/accounts", Map.of("name", "Stadt Kempten", "type", "MUNICIPALITY")).string("id");
        Path work = Path.of("target/cold-start");
        Files.createDirectories(work);
        Path event = work.resolve("get-account.json");
        Files.writeString(event, Files.readString(TestCrm.ROOT.resolve("events/http-get-account.json"))
                .replace("01JDZ6Q4Z8X9V2M3N4P5R6S7T8", accountId));
        Path log = work.resolve("classes.log").toAbsolutePath();
        Files.deleteIfExists(log);
        Map<String, Object> result = Benchmark.runProbe(Benchmark.runtimeClassPath(work.resolve("probe")), JAR,
                "app.integreat.crm.api.AccountsHandler", event, List.of(), List.of("mx=false"), List.of("-Xlog:class+load:file=" + log),
                Benchmark.environment(TestCrm.ROOT, TestEmulator.endpoint(), crm.crm.services().config().tableName()));
        assertEquals("200", String.valueOf(result.get("status")), result::toString);
        long[] classes = Benchmark.countClasses(log);
        assertTrue(classes[0] > 1_000, "the log counts classes: " + classes[0]);
        assertTrue(classes[0] <= MAX_CLASSES, "the cold start loaded " + classes[0] + " classes besides the " + classes[1]
                + " of the runtime's event serializer (see " + log + ")");
    }
}
