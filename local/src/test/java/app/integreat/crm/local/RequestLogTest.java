package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import app.integreat.crm.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The one log line per request names the route template, status and duration: no address, name, id or query. */
class RequestLogTest {

    /** What the handlers print to standard output (CloudWatch's log stream) while the action runs. */
    static List<String> linesOf(Supplier<?> action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.get();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void theRequestLineHoldsNoPersonalData() {
        TestCrm crm = new TestCrm();
        String email = "erika.mustermann@augsburg.de";
        String contactId = crm.admin().post("/contacts", Map.of("firstName", "Erika", "lastName", "Mustermann",
                "emails", List.of(email))).string("id");

        List<String> lines = linesOf(() -> List.of(
                crm.admin().post("/contacts", Map.of("firstName", "Erika", "lastName", "Mustermann", "emails", List.of(email))),
                crm.admin().get("/contacts?email=" + email),
                crm.admin().get("/contacts/" + contactId),
                crm.as("unbekannt.person@example.org").get("/me"),
                crm.admin().post("/contacts", Map.of("lastName", "Mustermann", "emails", List.of("kein-at-zeichen")))));

        assertEquals(5, lines.size(), lines::toString);
        List<Object> statuses = List.of(409, 200, 200, 403, 422);
        List<String> routes = List.of("POST /contacts", "GET /contacts", "GET /contacts/{id}", "GET /me", "POST /contacts");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Map<String, Object> json = Json.object(line);
            assertEquals(Set.of("level", "message", "route", "status", "durationMs"), json.keySet(), line);
            assertEquals("request", json.get("message"));
            assertEquals(routes.get(i), json.get("route"), line);
            assertEquals(statuses.get(i), ((Number) json.get("status")).intValue(), line);
            for (String personal : List.of("erika", "mustermann", "augsburg", "unbekannt", contactId.toLowerCase(), "kein-at")) {
                assertFalse(line.toLowerCase().contains(personal), () -> personal + " in " + line);
            }
        }
    }
}
