package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/openapi.yaml describes exactly the routes of template.yaml, and the runner serves it. */
class OpenApiDescriptionTest {
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private final OpenApi api = OpenApi.load();

    @Test
    void describesEveryTemplateRouteAndNoOther() {
        Set<String> inTemplate = TemplateConsistencyTest.TEMPLATE.functions().stream()
                .flatMap(function -> function.routes().stream()).map(Template.Route::routeKey)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> described = api.operations().stream().map(OpenApi.Operation::routeKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertFalse(inTemplate.isEmpty());
        Set<String> missing = new TreeSet<>(inTemplate);
        missing.removeAll(described);
        Set<String> extra = new TreeSet<>(described);
        extra.removeAll(inTemplate);
        assertTrue(missing.isEmpty(), "template routes missing from docs/openapi.yaml: " + missing);
        assertTrue(extra.isEmpty(), "docs/openapi.yaml names routes the template lacks: " + extra);
    }

    @Test
    void everyPathParameterIsDeclaredWithItsTemplateName() {
        for (OpenApi.Operation operation : api.operations()) {
            List<String> inPath = new ArrayList<>();
            Matcher matcher = PATH_PARAMETER.matcher(operation.path());
            while (matcher.find()) {
                inPath.add(matcher.group(1));
            }
            List<String> declared = operation.parameters().stream().filter(p -> "path".equals(p.get("in")))
                    .map(p -> (String) p.get("name")).toList();
            assertEquals(new TreeSet<>(inPath), new TreeSet<>(declared), operation.routeKey());
            assertEquals(inPath.size(), declared.size(), operation.routeKey());
        }
    }

    @Test
    void onlyTheRoutesWithoutAuthorizerNeedNoToken() {
        Map<String, Boolean> authenticated = TemplateConsistencyTest.TEMPLATE.functions().stream()
                .flatMap(function -> function.routes().stream())
                .collect(Collectors.toMap(Template.Route::routeKey, Template.Route::authenticated));
        assertEquals(List.of(Map.of("cognitoIdToken", List.of())), api.root.get("security"));
        for (OpenApi.Operation operation : api.operations()) {
            Object security = operation.definition().get("security");
            boolean open = security instanceof List<?> list && list.isEmpty();
            assertEquals(!authenticated.get(operation.routeKey()), open, operation.routeKey() + " security");
        }
    }

    @Test
    void everyChangeThatNeedsIfMatchSaysSo() {
        for (OpenApi.Operation operation : api.operations()) {
            if (!operation.method().equals("PATCH") && !operation.method().equals("DELETE")
                    && !operation.path().endsWith("/stage")) {
                continue;
            }
            if (operation.path().startsWith("/unresolved/") || operation.path().startsWith("/quarantine/")
                    || operation.path().startsWith("/pending-mails/") || operation.path().equals("/me/calendar")) {
                continue; // discarding a mail (one's own held one too) or one's own calendar link is no edit of a record someone may have changed
            }
            boolean ifMatch = operation.parameters().stream()
                    .anyMatch(p -> "If-Match".equals(p.get("name")) && Boolean.TRUE.equals(p.get("required")));
            assertTrue(ifMatch, operation.routeKey() + " needs a required If-Match");
            Map<String, Object> responses = OpenApi.map(operation.definition().get("responses"));
            assertTrue(responses.containsKey("412") && responses.containsKey("428"), operation.routeKey());
        }
    }

    @Test
    void theRunnerServesTheDescription() throws Exception {
        TestCrm crm = new TestCrm();
        try (LocalServer server = new LocalServer(crm.crm, new LocalTokens("http://localhost/i", Clock.systemUTC()),
                TestCrm.ROOT.resolve("web"), 0)) {
            server.start();
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/openapi.yaml")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("application/yaml", response.headers().firstValue("Content-Type").orElse(null));
            assertEquals(Files.readString(OpenApi.FILE), response.body());
        }
        // it is the runner's own route: the deployed API (the template) does not have it
        assertTrue(TemplateConsistencyTest.TEMPLATE.functions().stream().flatMap(f -> f.routes().stream())
                .noneMatch(route -> route.path().equals("/openapi.yaml")));
    }
}
