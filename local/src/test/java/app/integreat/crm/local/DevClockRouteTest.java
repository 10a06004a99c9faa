package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.integreat.crm.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner's local-only clock over real HTTP: shifting "now" moves every function (here the reminders and the API). */
class DevClockRouteTest {
    final TestClock base = new TestClock(Instant.parse("2026-11-27T06:00:00Z")); // 07:00 in Berlin
    final TestCrm crm = new TestCrm(base);
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> send(String base, String method, String path, String body, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shiftingTheClockMovesTheRemindersAndTheApi() throws Exception {
        String email = "clock-" + System.nanoTime() + "@integreat.example";
        String memberId = crm.admin().post("/members", Map.of("email", email, "name", "Clock")).string("id");
        assertEquals(201, crm.admin().post("/tasks", Map.of("title", "In drei Tagen", "dueDate", "2026-11-30",
                "assigneeId", memberId)).status());
        try (LocalServer server = new LocalServer(crm.crm, new LocalTokens("http://localhost/i", Clock.systemUTC()),
                TestCrm.ROOT.resolve("web"), 0)) {
            server.start();
            String url = "http://localhost:" + server.port();
            HttpResponse<String> before = send(url, "GET", "/dev/clock", null, null);
            assertEquals(200, before.statusCode(), before.body());
            assertEquals(Map.of("offsetDays", 0, "now", "2026-11-27T06:00:00Z", "today", "2026-11-27"),
                    Json.object(before.body()), before.body());
            HttpResponse<String> run = send(url, "POST", "/dev/run-reminders", null, null);
            assertEquals(0, ((Number) Json.object(run.body()).get("sent")).intValue(), run.body());

            HttpResponse<String> shifted = send(url, "POST", "/dev/clock", "{\"offsetDays\": 3}", null);
            assertEquals(200, shifted.statusCode(), shifted.body());
            assertEquals("2026-11-30", Json.object(shifted.body()).get("today"));
            assertEquals("2026-11-30", Json.object(send(url, "GET", "/dev/clock", null, null).body()).get("today"));
            HttpResponse<String> later = send(url, "POST", "/dev/run-reminders", null, null);
            assertEquals(200, later.statusCode(), later.body());
            assertEquals("2026-11-30", Json.object(later.body()).get("date"), later.body());
            assertEquals(1, ((Number) Json.object(later.body()).get("sent")).intValue(), later.body());
            // the API functions read the same clock: a task created now carries the shifted time
            TestCrm.Reply task = crm.admin().post("/tasks", Map.of("title", "Jetzt", "dueDate", "2026-12-01"));
            assertEquals("2026-11-30T06:00:00Z", task.string("createdAt"));

            assertEquals(400, send(url, "POST", "/dev/clock", "{\"offsetDays\": 1.5}", null).statusCode());
            assertEquals(400, send(url, "POST", "/dev/clock", "{\"offsetDays\": \"3\"}", null).statusCode());
            assertEquals(400, send(url, "POST", "/dev/clock", "{\"offsetDays\": 99999}", null).statusCode());
            assertEquals(400, send(url, "POST", "/dev/clock", "not json", null).statusCode());
            assertEquals(403, send(url, "POST", "/dev/clock", "{\"offsetDays\": 0}", "https://evil.example").statusCode());
            assertEquals(405, send(url, "DELETE", "/dev/clock", null, null).statusCode());
            assertEquals("2026-11-30", Json.object(send(url, "GET", "/dev/clock", null, null).body()).get("today"),
                    "refused requests change nothing");
            assertEquals(0, ((Number) Json.object(send(url, "POST", "/dev/clock", "{\"offsetDays\": 0}", null).body())
                    .get("offsetDays")).intValue());
        }
    }
}
