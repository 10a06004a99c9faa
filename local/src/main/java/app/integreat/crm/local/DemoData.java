package app.integreat.crm.local;

import app.integreat.crm.api.Json;
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
            String accountId = (String) call("POST", "/accounts", null, body).get("id");
            created++;
            for (Map<String, Object> contact : contacts == null ? List.<Map<String, Object>>of() : contacts) {
                Map<String, Object> withAccount = new java.util.LinkedHashMap<>(contact);
                withAccount.put("accountId", accountId);
                call("POST", "/contacts", null, withAccount);
                created++;
            }
        }
        return created;
    }

    private Map<String, Object> call(String method, String path, String query, Map<String, Object> body) {
        LocalFunctions.Match match = functions.match(method, path);
        var event = HttpEvents.event(method, path, query, Map.of("content-type", List.of("application/json")),
                body == null ? null : Json.write(body), false, match.route().routeKey(), match.pathParameters(),
                Map.of("email", adminEmail, "email_verified", "true"));
        APIGatewayV2HTTPResponse response = functions.invokeHttp(match.functionId(), event, null);
        if (response.getStatusCode() >= 300) {
            throw new IllegalStateException("demo data: " + method + " " + path + " answered " + response.getStatusCode()
                    + ": " + response.getBody());
        }
        return Json.object(response.getBody());
    }
}
