package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** The calendar feed over real HTTP through the runner (no sign-in), parsed with ical4j; rotation and revocation. */
class CalendarFeedTest {
    final TestCrm crm = new TestCrm();
    final Caller admin = crm.admin();
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static Calendar parse(String ics) throws Exception {
        return new CalendarBuilder().build(new StringReader(ics));
    }

    static String value(VEvent event, String property) {
        return event.getProperty(property).map(Property::getValue).orElse(null);
    }

    @Test
    void theFeedListsTheMembersOpenTasksAsAllDayEvents() throws Exception {
        Caller paula = crm.member("paula@integreat.example", "MEMBER");
        String paulaId = paula.get("/me").string("id");
        String account = admin.post("/accounts", Map.of("name", "Stadt Würzburg", "type", "MUNICIPALITY")).string("id");
        String longTitle = "Rückruf Bürgermeisterin, Termin; Vertrag \\ Anhang – " + "ä".repeat(60);
        Reply task = paula.post("/tasks", Map.of("title", longTitle, "dueDate", "2026-12-03", "accountId", account,
                "description", "Zeile 1\nZeile 2, mit Komma"));
        paula.post("/tasks", Map.of("title", "Zweite", "dueDate", "2026-12-05"));
        String done = paula.post("/tasks", Map.of("title", "Erledigt", "dueDate", "2026-12-01")).string("id");
        paula.post("/tasks/" + done + "/complete", null);
        admin.post("/tasks", Map.of("title", "Nicht Paulas", "dueDate", "2026-12-02"));

        try (LocalServer server = new LocalServer(crm.crm, new LocalTokens("http://localhost/i", Clock.systemUTC()),
                TestCrm.ROOT.resolve("web"), 0)) {
            server.start();
            Reply link = paula.post("/me/calendar", null);
            assertEquals(200, link.status(), link::toString);
            String url = link.string("url");
            String appUrl = crm.crm.services().config().appUrl().replaceAll("/$", "");
            assertTrue(url.startsWith(appUrl + "/calendar/") && url.endsWith(".ics"), url);
            String file = url.substring(url.lastIndexOf('/') + 1);
            String token = file.substring(0, file.length() - 4);
            assertEquals(43, token.length(), "256 random bits");
            String local = "http://localhost:" + server.port() + "/calendar/" + file;

            HttpResponse<String> feed = get(local);
            assertEquals(200, feed.statusCode(), feed.body());
            assertEquals("text/calendar; charset=utf-8", feed.headers().firstValue("Content-Type").orElse(null));
            String ics = feed.body();
            assertTrue(ics.startsWith("BEGIN:VCALENDAR\r\n") && ics.endsWith("END:VCALENDAR\r\n"));
            for (String line : ics.split("\r\n")) {
                assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line);
                assertFalse(line.contains("\n"), "CRLF only");
            }
            Calendar calendar = parse(ics);
            List<VEvent> events = calendar.getComponents("VEVENT").stream().map(c -> (VEvent) c).collect(Collectors.toList());
            assertEquals(2, events.size(), "Paula's open tasks only");
            VEvent first = events.stream().filter(e -> value(e, "UID").startsWith(task.string("id"))).findFirst().orElseThrow();
            assertEquals(longTitle, value(first, "SUMMARY"), "escaping and folding round-trip");
            assertEquals("20261203", value(first, "DTSTART"));
            assertEquals("20261204", value(first, "DTEND"));
            assertTrue(first.getProperty("DTSTART").orElseThrow().toString().contains("VALUE=DATE"), "all-day");
            assertEquals(appUrl + "/#/tasks/" + task.string("id"), value(first, "URL"));
            assertTrue(value(first, "DESCRIPTION").contains("Zeile 1\nZeile 2, mit Komma"), value(first, "DESCRIPTION"));
            assertTrue(value(first, "DESCRIPTION").contains(appUrl + "/#/accounts/" + account), value(first, "DESCRIPTION"));
            assertTrue(value(first, "DTSTAMP").endsWith("Z"));
            String uid = value(first, "UID");
            assertEquals(uid, events.stream().map(e -> value(e, "UID")).filter(uid::equals).findFirst().orElseThrow());
            assertEquals(uid, parse(get(local).body()).getComponents("VEVENT").stream()
                    .map(c -> value((VEvent) c, "UID")).filter(u -> u.startsWith(task.string("id"))).findFirst().orElseThrow(),
                    "the UID is stable");

            // the table holds only the token's hash
            var items = crm.crm.dynamo().query(QueryRequest.builder().tableName(crm.crm.services().config().tableName())
                    .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk",
                            AttributeValue.fromS("MEMBER#" + paulaId))).build()).items();
            assertFalse(items.toString().contains(token), "no working link in the table");

            // unknown links, rotation and revocation: 404
            assertEquals(404, get("http://localhost:" + server.port() + "/calendar/" + "A".repeat(43) + ".ics").statusCode());
            assertEquals(404, get("http://localhost:" + server.port() + "/calendar/nonsense").statusCode());
            String rotated = paula.post("/me/calendar", null).string("url");
            assertFalse(rotated.equals(url));
            assertEquals(404, get(local).statusCode(), "the old link stops working");
            String newLocal = "http://localhost:" + server.port() + "/calendar/" + rotated.substring(rotated.lastIndexOf('/') + 1);
            assertEquals(200, get(newLocal).statusCode());
            assertEquals(204, paula.delete("/me/calendar").status());
            assertEquals(404, get(newLocal).statusCode(), "revoked");
            assertEquals(404, paula.delete("/me/calendar").status());
        }
    }
}
