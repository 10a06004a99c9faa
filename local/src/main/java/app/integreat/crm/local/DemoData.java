package app.integreat.crm.local;

import app.integreat.crm.json.Json;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads realistic sample data through the API's own handlers (so it passes the same validation),
 * as the configured admin. Loading again onto the same table adds nothing.
 */
final class DemoData {
    private final LocalFunctions functions;
    private final String adminEmail;

    DemoData(LocalFunctions functions, String adminEmail) {
        this.functions = functions;
        this.adminEmail = adminEmail;
    }

    /** Returns how many records were created (0 when the data was there already). */
    @SuppressWarnings("unchecked")
    int load(Path file) throws IOException {
        Map<String, Object> data = Json.object(Files.readString(file));
        List<Map<String, Object>> accounts = (List<Map<String, Object>>) data.get("accounts");
        String firstName = (String) accounts.get(0).get("name");
        Map<String, Object> existing = call("GET", "/accounts", "q=" + java.net.URLEncoder.encode(firstName, java.nio.charset.StandardCharsets.UTF_8) + "&limit=1", null);
        if (!((List<?>) existing.get("items")).isEmpty()) {
            return 0;
        }
        int created = 0;
        for (Map<String, Object> member : (List<Map<String, Object>>) data.get("members")) {
            call("POST", "/members", null, member);
            created++;
        }
        for (Map<String, Object> account : accounts) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(account);
            List<Map<String, Object>> contacts = (List<Map<String, Object>>) body.remove("contacts");
            Map<String, Object> opportunity = (Map<String, Object>) body.remove("opportunity");
            List<Map<String, Object>> interactions = (List<Map<String, Object>>) body.remove("interactions");
            List<Map<String, Object>> tasks = (List<Map<String, Object>>) body.remove("tasks");
            String accountId = (String) call("POST", "/accounts", null, body).get("id");
            created++;
            List<String> contactIds = new java.util.ArrayList<>();
            for (Map<String, Object> contact : contacts == null ? List.<Map<String, Object>>of() : contacts) {
                Map<String, Object> withAccount = new java.util.LinkedHashMap<>(contact);
                withAccount.put("accountId", accountId);
                contactIds.add((String) call("POST", "/contacts", null, withAccount).get("id"));
                created++;
            }
            created += history(accountId, contactIds, opportunity, interactions, tasks);
        }
        return created;
    }

    /** The account's opportunity, interactions and tasks, dated relative to today so the demo stays current. */
    private int history(String accountId, List<String> contactIds, Map<String, Object> opportunity,
                        List<Map<String, Object>> interactions, List<Map<String, Object>> tasks) {
        int created = 0;
        String me = (String) call("GET", "/me", null, null).get("id");
        if (opportunity != null) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(opportunity);
            body.put("accountIds", List.of(accountId));
            body.put("ownerId", me);
            call("POST", "/opportunities", null, body);
            created++;
        }
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Berlin")).withHour(10).withMinute(0)
                .withSecond(0).withNano(0);
        for (Map<String, Object> interaction : interactions == null ? List.<Map<String, Object>>of() : interactions) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(interaction);
            int daysAgo = ((Number) body.remove("daysAgo")).intValue();
            Object contact = body.remove("contact");
            body.put("occurredAt", now.minusDays(daysAgo).toOffsetDateTime().toString());
            body.put("accountIds", List.of(accountId));
            if (contact != null) {
                body.put("contactIds", List.of(contactIds.get(((Number) contact).intValue())));
            }
            call("POST", "/interactions", null, body);
            created++;
        }
        for (Map<String, Object> task : tasks == null ? List.<Map<String, Object>>of() : tasks) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(task);
            int dueInDays = ((Number) body.remove("dueInDays")).intValue();
            Object contact = body.remove("contact");
            body.put("dueDate", now.toLocalDate().plusDays(dueInDays).toString());
            body.put("assigneeId", me);
            body.put("accountId", accountId);
            if (contact != null) {
                body.put("contactId", contactIds.get(((Number) contact).intValue()));
            }
            call("POST", "/tasks", null, body);
            created++;
        }
        return created;
    }

    private Map<String, Object> call(String method, String path, String query, Map<String, Object> body) {
        APIGatewayV2HTTPResponse response = functions.call(method, query == null ? path : path + "?" + query, Map.of(),
                body == null ? null : Json.write(body), LocalFunctions.claimsOf(adminEmail));
        if (response.getStatusCode() >= 300) {
            throw new IllegalStateException("demo data: " + method + " " + path + " answered " + response.getStatusCode()
                    + ": " + response.getBody());
        }
        return Json.object(response.getBody());
    }
}
