package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner's local-only reminder routes over real HTTP: run now, see the outbox, refuse other origins. */
class DevRemindersRoutesTest {

    @Test
    void runRemindersAndReadTheOutbox() throws Exception {
        // a Berlin date that differs from the UTC one: the run must use the CRM's clock and Berlin's calendar
        TestCrm crm = new TestCrm(new TestClock(Instant.parse("2026-11-30T23:30:00Z")));
        String email = "outbox-" + System.nanoTime() + "@integreat.example";
        String memberId = crm.admin().post("/members", Map.of("email", email, "name", "Outbox")).string("id");
        String today = "2026-12-01";
        assertEquals(201, crm.admin().post("/tasks", Map.of("title", "Heute", "dueDate", today, "assigneeId", memberId)).status());
        try (LocalServer server = new LocalServer(crm.crm, new LocalTokens("http://localhost/i", Clock.systemUTC()),
                TestCrm.ROOT.resolve("web"), 0)) {
            server.start();
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://localhost:" + server.port();
            HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create(base + "/dev/run-reminders"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, run.statusCode(), run.body());
            assertEquals(1, ((Number) Json.object(run.body()).get("sent")).intValue(), run.body());
            HttpResponse<String> outbox = http.send(HttpRequest.newBuilder(URI.create(base + "/dev/outbox")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, outbox.statusCode());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) Json.object(outbox.body()).get("items");
            assertEquals(1, items.stream().filter(mail -> String.valueOf(mail.get("to")).contains(email)).count(), outbox.body());
            HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(URI.create(base + "/dev/run-reminders"))
                    .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, foreign.statusCode());
            assertTrue(foreign.body().contains("Forbidden"));
        }
    }
}
