package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runner over real HTTP: JWT checks as API Gateway's authorizer does them, routing, the page. */
class LocalRunnerTest {
    static final String ISSUER = "http://localhost/local-issuer";
    static LocalServer server;
    static LocalTokens tokens;
    static HttpClient http = HttpClient.newHttpClient();
    static String base;
    static TestCrm crm;

    @BeforeAll
    static void start() throws Exception {
        crm = new TestCrm();
        tokens = new LocalTokens(ISSUER, Clock.systemUTC());
        server = new LocalServer(crm.crm, tokens, TestCrm.ROOT.resolve("web"), 0);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String tokenFor(String email) throws Exception {
        HttpResponse<String> response = send("POST", "/dev/token", null, Json.write(Map.of("email", email)));
        assertEquals(200, response.statusCode(), response.body());
        return (String) Json.object(response.body()).get("token");
    }

    @Test
    void aTokenFromDevTokenOpensTheApi() throws Exception {
        String token = tokenFor(TestCrm.ADMIN);
        HttpResponse<String> me = send("GET", "/me", token, null);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals(TestCrm.ADMIN, Json.object(me.body()).get("email"));
        assertEquals("\"1\"", me.headers().firstValue("ETag").orElse(null));

        HttpResponse<String> created = send("POST", "/accounts", token, "{\"name\":\"Stadt Kempten\",\"type\":\"MUNICIPALITY\"}");
        assertEquals(201, created.statusCode());
        String id = (String) Json.object(created.body()).get("id");
        HttpResponse<String> read = send("GET", "/accounts/" + id, token, null);
        assertEquals(200, read.statusCode());
        HttpResponse<String> search = send("GET", "/accounts?q=KEMPT", token, null);
        assertTrue(search.body().contains(id), search.body());
    }

    @Test
    void tokensAreCheckedLikeTheJwtAuthorizerChecksThem() throws Exception {
        LocalTokens otherKey = new LocalTokens(ISSUER, Clock.systemUTC());
        Instant later = Instant.now().plusSeconds(3600);
        String valid = tokenFor(TestCrm.ADMIN);
        String[] parts = valid.split("\\.");
        String tamperedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace(TestCrm.ADMIN, "evil@example.org").getBytes());
        Map<String, String> refused = Map.of(
                "no token", "",
                "garbage", "not.a.jwt",
                "other key", otherKey.issue(TestCrm.ADMIN),
                "wrong issuer", tokens.sign(TestCrm.ADMIN, "https://evil.example/issuer", LocalTokens.AUDIENCE, later),
                "wrong audience", tokens.sign(TestCrm.ADMIN, ISSUER, "another-client", later),
                "expired", tokens.sign(TestCrm.ADMIN, ISSUER, LocalTokens.AUDIENCE, Instant.now().minusSeconds(600)),
                "tampered", parts[0] + "." + tamperedPayload + "." + parts[2]);
        for (Map.Entry<String, String> token : refused.entrySet()) {
            HttpResponse<String> response = send("GET", "/me", token.getValue().isEmpty() ? null : token.getValue(), null);
            assertEquals(401, response.statusCode(), token.getKey());
            assertEquals("{\"message\":\"Unauthorized\"}", response.body(), token.getKey());
        }
    }

    @Test
    void devTokenIsOnlyForMembers() throws Exception {
        assertEquals(403, send("POST", "/dev/token", null, "{\"email\":\"stranger@example.org\"}").statusCode());
        assertEquals(400, send("POST", "/dev/token", null, "{}").statusCode());
    }

    @Test
    void devTokenIsOnlyForPagesOfThisRunner() throws Exception {
        HttpRequest foreignOrigin = HttpRequest.newBuilder(URI.create(base + "/dev/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + TestCrm.ADMIN + "\"}"))
                .header("Origin", "http://evil.example").build();
        HttpResponse<String> refused = http.send(foreignOrigin, HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode());
        assertTrue(!refused.body().contains("token\""), refused.body());

        HttpRequest sameOrigin = HttpRequest.newBuilder(URI.create(base + "/dev/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + TestCrm.ADMIN + "\"}"))
                .header("Origin", base).build();
        assertEquals(200, http.send(sameOrigin, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void healthIsOpenAndThePageIsServed() throws Exception {
        HttpResponse<String> health = send("GET", "/health", null, null);
        assertEquals(200, health.statusCode());
        HttpResponse<String> page = send("GET", "/", null, null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<html"), page.body());
        assertEquals(404, send("GET", "/../pom.xml", null, null).statusCode());
        assertEquals(404, send("GET", "/%2e%2e/pom.xml", null, null).statusCode());
        assertEquals(404, send("GET", "/%00", null, null).statusCode(), "a path the file system refuses still gets an answer");
        assertEquals(404, send("POST", "/nowhere", null, "{}").statusCode());
    }

    @Test
    void theRunnerUsesTheTemplateInTheRepository() throws Exception {
        // the routes of the repository's template.yaml, read from its text without the runner's parser
        String text = java.nio.file.Files.readString(TestCrm.ROOT.resolve("template.yaml"));
        java.util.regex.Matcher route = java.util.regex.Pattern.compile("(?m)^\\s+Path: (\\S+)\\s*\\n\\s+Method: (\\w+)").matcher(text);
        java.util.Set<String> inFile = new java.util.TreeSet<>();
        while (route.find()) {
            inFile.add(route.group(2).toUpperCase(java.util.Locale.ROOT) + " " + route.group(1));
        }
        assertTrue(inFile.size() >= 40, inFile::toString);
        java.util.Set<String> served = new java.util.TreeSet<>();
        crm.crm.template().functions().forEach(function -> function.routes().forEach(r -> served.add(r.routeKey())));
        assertEquals(inFile, served);
        // and the runner routes each of them, and nothing else
        for (String key : inFile) {
            String[] parts = key.split(" ");
            String path = parts[1].replaceAll("\\{[^}]+}", "01JAAAAAAAAAAAAAAAAAAAAAAA");
            assertTrue(crm.crm.functions().match(parts[0], path) != null, key);
        }
        assertEquals(null, crm.crm.functions().match("GET", "/nowhere"));
    }
}
