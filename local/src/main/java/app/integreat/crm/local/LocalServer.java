package app.integreat.crm.local;

import app.integreat.crm.Services;
import app.integreat.crm.json.Json;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Member;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One HTTP server for local use: the API (each request becomes the payload-2.0 event for the function
 * that template.yaml routes it to, after the same JWT checks as the authorizer), the page from web/,
 * the API description docs/openapi.yaml at /openapi.yaml, and the local-only /dev routes.
 */
public final class LocalServer implements AutoCloseable {
    /** API Gateway refuses payloads above 10 MB. */
    private static final int MAX_BODY = 10 * 1024 * 1024;

    private final LocalFunctions functions;
    private final LocalTokens tokens;
    private final Services services;
    private final LocalOutbox outbox;
    private final LocalClock clock;
    private final Path webRoot;
    /** The headers CloudFront adds to the page, from the template's response headers policy. */
    private final Map<String, String> pageHeaders;
    /** docs/openapi.yaml, next to web/ in the repository: the API description, served at /openapi.yaml. */
    private final Path apiDescription;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);

    public LocalServer(LocalCrm crm, LocalTokens tokens, Path webRoot, int port) throws IOException {
        this.functions = crm.functions();
        this.tokens = tokens;
        this.services = crm.services();
        this.outbox = crm.outbox();
        this.clock = crm.clock();
        this.webRoot = webRoot.toRealPath();
        Map<String, String> headers = new java.util.LinkedHashMap<>(crm.template().pageSecurityHeaders());
        headers.put("Cache-Control", "no-cache");
        this.pageHeaders = Map.copyOf(headers);
        this.apiDescription = this.webRoot.resolveSibling("docs").resolve("openapi.yaml");
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/dev/token") && method.equals("POST")) {
                issueToken(exchange);
                return;
            }
            if (path.equals("/dev/clock")) {
                clock(exchange, method);
                return;
            }
            if (path.equals("/dev/emulator") && method.equals("GET")) {
                emulator(exchange);
                return;
            }
            if (path.equals("/dev/run-reminders") || path.equals("/dev/outbox")) {
                reminders(exchange, method, path);
                return;
            }
            if (path.equals("/openapi.yaml") && (method.equals("GET") || method.equals("HEAD"))) {
                // local only, like /dev/token: the deployed API serves routes of the template alone
                send(exchange, 200, "application/yaml", Files.readAllBytes(apiDescription), Map.of("Cache-Control", "no-cache"),
                        method.equals("HEAD"));
                return;
            }
            LocalFunctions.Match match = functions.match(method, path);
            if (match != null) {
                invoke(exchange, method, path, match);
            } else if (method.equals("GET") || method.equals("HEAD")) {
                serveStatic(exchange, path);
            } else {
                send(exchange, 404, "application/json", "{\"message\":\"Not Found\"}", Map.of());
            }
        } catch (RuntimeException e) {
            System.err.println("local runner: " + e.getClass().getName());
            e.printStackTrace();
            send(exchange, 500, "application/json", "{\"message\":\"Internal Server Error\"}", Map.of());
        } finally {
            exchange.close();
        }
    }

    private void invoke(HttpExchange exchange, String method, String path, LocalFunctions.Match match) throws IOException {
        Map<String, String> claims = null;
        if (match.route().authenticated()) {
            claims = authorize(exchange.getRequestHeaders().getFirst("Authorization"));
            if (claims == null) {
                // the authorizer's own answer: the function is never called
                send(exchange, 401, "application/json", "{\"message\":\"Unauthorized\"}", Map.of("WWW-Authenticate", "Bearer"));
                return;
            }
        }
        byte[] raw = readBody(exchange.getRequestBody());
        if (raw == null) {
            send(exchange, 413, "application/json", "{\"message\":\"Request Entity Too Large\"}", Map.of());
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        boolean text = contentType == null || contentType.contains("json") || contentType.startsWith("text/");
        String body = raw.length == 0 ? null : text ? new String(raw, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(raw);
        APIGatewayV2HTTPEvent event = HttpEvents.event(method, path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), body, body != null && !text, match.route().routeKey(), match.pathParameters(), claims);
        APIGatewayV2HTTPResponse response = functions.invokeHttp(match.functionId(), event, null);
        byte[] payload = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        exchange.getResponseHeaders().remove("Content-Type");
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        writeBody(exchange, response.getStatusCode(), payload, method.equals("HEAD"));
    }

    /** As API Gateway's JWT authorizer: "Bearer <jwt>" (or the bare token), verified; null means 401. */
    private Map<String, String> authorize(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return null;
        }
        String token = authorization.trim();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).trim();
        }
        return tokens.verify(token);
    }

    /** POST /dev/token {"email"}: a signed ID token for an active member (local only, never deployed). */
    private void issueToken(HttpExchange exchange) throws IOException {
        if (!fromThisMachine(exchange)) {
            // a web page elsewhere (or one reached by DNS rebinding) must not mint tokens
            sendJson(exchange, 403, Map.of("title", "Forbidden", "status", 403, "detail", "Tokens are only handed out to pages of this runner."));
            return;
        }
        byte[] raw = readBody(exchange.getRequestBody());
        String email;
        try {
            Object value = raw == null ? null : Json.object(new String(raw, StandardCharsets.UTF_8)).get("email");
            email = value instanceof String s ? s : null;
        } catch (CrmException e) {
            email = null;
        }
        if (email == null) {
            sendJson(exchange, 400, Map.of("title", "Bad request", "status", 400, "detail", "Send {\"email\": \"...\"}."));
            return;
        }
        try {
            Member member = services.members().resolveCaller(email);
            sendJson(exchange, 200, Map.of("token", tokens.issue(member.email()), "tokenType", "Bearer", "expiresIn", 43200,
                    "email", member.email()));
        } catch (CrmException e) {
            sendJson(exchange, 403, Map.of("title", "Forbidden", "status", 403, "detail", e.detail()));
        }
    }

    /**
     * GET /dev/emulator: where this runner keeps its data (emulator endpoint, table, bucket, region,
     * admin), so that local tools such as {@code crm import salesforce} write into the running CRM.
     */
    private void emulator(HttpExchange exchange) throws IOException {
        if (!fromThisMachine(exchange)) {
            sendJson(exchange, 403, Map.of("title", "Forbidden", "status", 403, "detail", "Only for tools on this machine."));
            return;
        }
        Services.Config config = services.config();
        sendJson(exchange, 200, Map.of("endpoint", String.valueOf(config.endpoint()), "tableName", config.tableName(),
                "region", config.region(), "rawMailBucket", String.valueOf(config.rawMailBucket()),
                "adminEmail", String.valueOf(config.adminEmail())));
    }

    /**
     * POST /dev/run-reminders runs the scheduled reminder function now; GET /dev/outbox lists the
     * mails the emulator's SES accepted (local only, same origin checks as /dev/token).
     */
    private void reminders(HttpExchange exchange, String method, String path) throws IOException {
        if (!fromThisMachine(exchange)) {
            sendJson(exchange, 403, Map.of("title", "Forbidden", "status", 403, "detail", "Only pages of this runner may use /dev routes."));
            return;
        }
        if (path.equals("/dev/outbox") && method.equals("GET")) {
            sendJson(exchange, 200, Map.of("items", outbox.mails()));
        } else if (path.equals("/dev/run-reminders") && method.equals("POST") && !functions.schedules().isEmpty()) {
            try {
                sendJson(exchange, 200, LocalReminders.run(functions, functions.schedules().get(0).functionId()));
            } catch (RuntimeException e) {
                sendJson(exchange, 502, Map.of("title", "Reminder run failed", "status", 502, "detail", String.valueOf(e.getMessage())));
            }
        } else {
            send(exchange, 405, "application/json", "{\"message\":\"Method Not Allowed\"}", Map.of());
        }
    }

    /**
     * GET /dev/clock tells the runner's time; POST /dev/clock {"offsetDays": N} shifts "now" by N days
     * for every function the runner hosts (0 is the real time). Local only, same origin checks as /dev/token.
     */
    private void clock(HttpExchange exchange, String method) throws IOException {
        if (!fromThisMachine(exchange)) {
            sendJson(exchange, 403, Map.of("title", "Forbidden", "status", 403, "detail", "Only pages of this runner may use /dev routes."));
            return;
        }
        if (method.equals("POST")) {
            byte[] raw = readBody(exchange.getRequestBody());
            Object days;
            try {
                days = raw == null || raw.length == 0 ? null : Json.object(new String(raw, StandardCharsets.UTF_8)).get("offsetDays");
            } catch (CrmException e) {
                days = null;
            }
            boolean whole = days instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                    && Math.abs(number.doubleValue()) <= LocalClock.MAX_OFFSET_DAYS;
            if (!whole) {
                sendJson(exchange, 400, Map.of("title", "Bad request", "status", 400,
                        "detail", "Send {\"offsetDays\": N}, a whole number of days between -" + LocalClock.MAX_OFFSET_DAYS
                                + " and " + LocalClock.MAX_OFFSET_DAYS + ".",
                        "errors", List.of(Map.of("field", "offsetDays", "detail", "must be a whole number of days"))));
                return;
            }
            clock.setOffsetDays(((Number) days).longValue());
        } else if (!method.equals("GET")) {
            send(exchange, 405, "application/json", "{\"message\":\"Method Not Allowed\"}", Map.of());
            return;
        }
        java.time.Instant now = clock.instant();
        sendJson(exchange, 200, Map.of("offsetDays", clock.offsetDays(), "now", now.toString(),
                "today", java.time.LocalDate.ofInstant(now, java.time.ZoneId.of("Europe/Berlin")).toString()));
    }

    /** Host is localhost or a loopback address, and the Origin, when sent, is this runner. */
    private boolean fromThisMachine(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        String expected = ":" + port();
        boolean localHost = host != null && (host.equals("localhost" + expected) || host.equals("127.0.0.1" + expected)
                || host.equals("[::1]" + expected));
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        return localHost && (origin == null || origin.equals("http://" + host));
    }

    private void serveStatic(HttpExchange exchange, String path) throws IOException {
        String relative = path.equals("/") ? "index.html" : path.substring(1);
        Path file;
        try {
            file = webRoot.resolve(relative).normalize();
            // real paths, so that a link inside web/ cannot lead out of it
            file = Files.isRegularFile(file) ? file.toRealPath() : file;
        } catch (java.nio.file.InvalidPathException e) {
            file = null;
        }
        if (file == null || !file.startsWith(webRoot) || !Files.isRegularFile(file)) {
            send(exchange, 404, "application/json", "{\"message\":\"Not Found\"}", Map.of());
            return;
        }
        send(exchange, 200, contentType(file), Files.readAllBytes(file), pageHeaders,
                exchange.getRequestMethod().equalsIgnoreCase("HEAD"));
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".html")) return "text/html; charset=utf-8";
        if (name.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (name.endsWith(".css")) return "text/css; charset=utf-8";
        if (name.endsWith(".json")) return "application/json";
        if (name.endsWith(".svg")) return "image/svg+xml";
        if (name.endsWith(".png")) return "image/png";
        if (name.endsWith(".ico")) return "image/x-icon";
        return "application/octet-stream";
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] raw = in.readNBytes(MAX_BODY + 1);
        return raw.length > MAX_BODY ? null : raw;
    }

    private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, status >= 400 ? "application/problem+json" : "application/json", Json.write(body), Map.of());
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body, Map<String, String> headers) throws IOException {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8), headers, false);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, Map<String, String> headers,
                             boolean head) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        writeBody(exchange, status, body, head);
    }

    private static void writeBody(HttpExchange exchange, int status, byte[] body, boolean head) throws IOException {
        boolean empty = head || body.length == 0 || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

}
