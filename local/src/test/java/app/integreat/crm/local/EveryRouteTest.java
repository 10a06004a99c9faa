package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated from template.yaml's routes, so that a new route is covered the day it is added: every
 * route that needs a member answers 401 without identity (at the handler and at the runner's
 * authorizer), and every route with a path id answers 404 for a well-formed id that names nothing.
 */
class EveryRouteTest {
    /** A well-formed id (ULID) that no record has. */
    static final String UNKNOWN = "01JAAAAAAAAAAAAAAAAAAAAAAA";
    /** Bodies that pass validation, so that the unknown id is what the answer is about. */
    static final Map<String, String> BODIES = Map.ofEntries(
            Map.entry("PATCH /accounts/{id}", "{\"notes\":\"x\"}"),
            Map.entry("PATCH /contacts/{id}", "{\"notes\":\"x\"}"),
            Map.entry("PATCH /members/{id}", "{\"name\":\"x\"}"),
            Map.entry("PATCH /opportunities/{id}", "{\"notes\":\"x\"}"),
            Map.entry("POST /opportunities/{id}/stage", "{\"stage\":\"INFO_PROVIDED\"}"),
            Map.entry("POST /opportunities/{id}/snooze", "{\"until\":\"" + java.time.LocalDate.now().plusDays(30)
                    + "\",\"reason\":\"x\"}"),
            Map.entry("PATCH /tasks/{id}", "{\"title\":\"x\"}"),
            Map.entry("POST /unresolved/{id}/assign", "{\"contactId\":\"" + UNKNOWN + "\"}"),
            Map.entry("POST /interactions/{id}/links", "{\"contactId\":\"" + UNKNOWN + "\"}"),
            Map.entry("POST /quarantine/{id}/release", "{\"memberId\":\"" + UNKNOWN + "\"}"));
    /** The routes without the authorizer, on purpose: the health check and the secret calendar feed. */
    static final java.util.Set<String> OPEN_ROUTES = java.util.Set.of("GET /health", "GET /calendar/{file}");

    static TestCrm crm;
    static LocalServer server;
    static List<Template.Route> routes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        crm = new TestCrm();
        crm.crm.template().functions().forEach(function -> routes.addAll(function.routes()));
        server = new LocalServer(crm.crm, new LocalTokens("http://localhost/every-route", Clock.systemUTC()),
                TestCrm.ROOT.resolve("web"), 0);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String concrete(String path) {
        return path.replaceAll("\\{[^}]+}", UNKNOWN);
    }

    @Test
    void everyMemberRouteAnswers401WithoutIdentity() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        int checked = 0;
        for (Template.Route route : routes) {
            if (!route.authenticated()) {
                continue;
            }
            String body = BODIES.getOrDefault(route.routeKey(), route.method().equals("GET") || route.method().equals("DELETE") ? null : "{}");
            Reply handler = crm.as(null).header("if-match", "\"1\"").call(route.method(), concrete(route.path()), body);
            assertEquals(401, handler.status(), route.routeKey() + " at the handler: " + handler);
            assertEquals("application/problem+json", handler.header("Content-Type"), route.routeKey());

            HttpResponse<String> runner = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + concrete(route.path())))
                    .method(route.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, runner.statusCode(), route.routeKey() + " at the runner's authorizer: " + runner.body());
            checked++;
        }
        // the open routes are the ones meant to be open; all others need a member
        assertEquals(OPEN_ROUTES, routes.stream().filter(route -> !route.authenticated()).map(Template.Route::routeKey)
                .collect(java.util.stream.Collectors.toSet()));
        assertEquals(routes.size() - OPEN_ROUTES.size(), checked, routes::toString);
        assertTrue(checked >= 40, "the template has " + checked + " member routes");
    }

    @Test
    void everyRouteWithAPathIdAnswers404ForAnUnknownId() {
        int checked = 0;
        for (Template.Route route : routes) {
            if (!route.path().contains("{")) {
                continue;
            }
            String body = BODIES.getOrDefault(route.routeKey(), route.method().equals("GET") || route.method().equals("DELETE") ? null : "{}");
            Reply reply = crm.admin().header("if-match", "\"1\"").call(route.method(), concrete(route.path()), body);
            assertEquals(404, reply.status(), route.routeKey() + ": " + reply);
            assertEquals("application/problem+json", reply.header("Content-Type"), route.routeKey());
            checked++;
        }
        assertEquals(routes.stream().filter(route -> route.path().contains("{")).count(), checked);
        assertTrue(checked >= 20, "the template has " + checked + " routes with a path id");
    }
}
