package app.integreat.crm.api;

import app.integreat.crm.json.Json;
import app.integreat.crm.DependencyFailure;
import app.integreat.crm.Services;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Member;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crac.Core;
import org.crac.Resource;

/**
 * The shared shape of an API function: find the route by the event's route key, resolve the caller
 * from the JWT claims, run the route, and turn refusals into RFC 9457 problems. Subclasses only
 * declare their routes.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {

    @FunctionalInterface
    protected interface Route {
        Response handle(ApiRequest request);
    }

    private record Entry(Route route, boolean authenticated, boolean withSettings) {
    }

    private final Map<String, Entry> routes = new LinkedHashMap<>();
    protected final Services services;

    protected ApiHandler(Services services) {
        this.services = services;
        // SnapStart calls beforeCheckpoint before it takes the snapshot; off Lambda this registers nothing
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to renew: Ids draws its randomness after restore by itself, clients reconnect on use
    }

    /**
     * A harmless warm-up of what every request does, so that a restored snapshot starts with loaded and
     * initialised classes: JSON both ways, a response and a problem, reads of a key that never exists.
     * Writes nothing.
     */
    public final void prime() {
        Json.object(Json.write(Map.of("name", "Prime", "count", 1, "tags", List.of(true, "x"))));
        toHttp(Response.ok(Map.of("items", List.of(Map.of("id", "prime")))));
        problem(404, "Not Found", "prime", List.of(new CrmException.FieldError("id", "prime")), Map.of());
        if (services != null) {
            try {
                services.prime();
            } catch (RuntimeException e) {
                // a failed warm-up leaves the snapshot colder, not broken: requests behave the same
            }
        }
    }

    /** A route that needs an active member as caller. */
    protected final void route(String routeKey, Route route) {
        routes.put(routeKey, new Entry(route, true, false));
    }

    /** A route that needs an active member and the team's settings: both read in one request ({@link ApiRequest#settings}). */
    protected final void routeWithSettings(String routeKey, Route route) {
        routes.put(routeKey, new Entry(route, true, true));
    }

    /** A route open to everybody (the template gives it no authorizer). */
    protected final void publicRoute(String routeKey, Route route) {
        routes.put(routeKey, new Entry(route, false, false));
    }

    /** The route keys ("GET /accounts/{id}") this handler serves; the template must map the same. */
    public final Set<String> routeKeys() {
        return Collections.unmodifiableSet(routes.keySet());
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long start = System.nanoTime();
        String routeKey = event.getRouteKey();
        APIGatewayV2HTTPResponse response;
        String failure = null;
        try {
            Entry entry = routes.get(routeKey);
            if (entry == null) {
                throw CrmException.of(CrmException.Kind.NOT_FOUND, "There is no such route.");
            }
            Member caller = null;
            app.integreat.crm.model.Settings settings = null;
            if (entry.withSettings()) {
                app.integreat.crm.core.MemberService.CallerWithSettings read = services.members().resolveCallerWithSettings(emailClaim(event));
                caller = read.caller();
                settings = read.settings();
            } else if (entry.authenticated()) {
                caller = services.members().resolveCaller(emailClaim(event));
            }
            Map<String, String> query = event.getQueryStringParameters();
            if (query != null && query.get("format") != null && !"csv".equals(query.get("format"))) {
                throw CrmException.badParameter("format", "must be csv (or absent, for the JSON list)");
            }
            if (caller != null && routeKey.startsWith("GET ") && query != null && "csv".equals(query.get("format"))) {
                response = export(routeKey, entry, event, caller);
            } else {
                response = toHttp(entry.route().handle(new ApiRequest(event, caller, settings)));
            }
        } catch (CrmException e) {
            Response moved = e.kind() == CrmException.Kind.NOT_FOUND ? movedIfMerged(routeKey, event) : null;
            response = moved != null ? toHttp(moved)
                    : problem(e.kind().status, e.kind().title, e.detail(), e.errors(), e.extensions());
        } catch (RuntimeException e) {
            failure = describe(e);
            response = DependencyFailure.is(e) ? unavailable() : problem(500, "Internal error", "Something went wrong on our side. Nothing was changed unless the answer said so; please try again.",
                    List.of(), Map.of());
        }
        log(context, routeKey, response.getStatusCode(), (System.nanoTime() - start) / 1_000_000, failure);
        return response;
    }

    /**
     * A route of a record that is not found may name a merged-away one: 301 to the kept record (the same
     * route), with one GetItem of the marker only on that path.
     */
    private Response movedIfMerged(String routeKey, APIGatewayV2HTTPEvent event) {
        boolean contact = routeKey.contains(" /contacts/{id}");
        if (!routes.containsKey(routeKey) || !(contact || routeKey.contains(" /accounts/{id}")) || event.getPathParameters() == null) {
            return null;
        }
        String id = event.getPathParameters().get("id");
        String collection = contact ? "/contacts/" : "/accounts/";
        return (contact ? services.merges().redirectOfContact(id) : services.merges().redirectOfAccount(id)).map(merged -> {
            String path = event.getRawPath() == null ? collection + id : event.getRawPath();
            String location = path.replaceFirst(collection + id, collection + merged.keptId())
                    + (event.getRawQueryString() == null || event.getRawQueryString().isEmpty() ? "" : "?" + event.getRawQueryString());
            return Response.movedPermanently(location, Map.of("mergedInto", merged.keptId(), "mergeId", merged.mergeId()));
        }).orElse(null);
    }

    /** An export reads at most this many rows, and stops before the function's timeout (15 s) would. */
    static final int EXPORT_MAX_ROWS = 100_000;
    static final long EXPORT_DEADLINE_NANOS = 10_000_000_000L;

    /**
     * {@code ?format=csv} on a list: every row of its filter, read page by page (200 a page) through
     * the list's own Query, as CSV ({@link CsvExport}). Up to the configured size the answer is the
     * file; beyond it the file goes to S3 and the answer is a 302 to a presigned link (or, with
     * {@code redirect=false}, 200 {@code {url}}), as Lambda answers at most 6 MB.
     */
    @SuppressWarnings("unchecked")
    private APIGatewayV2HTTPResponse export(String routeKey, Entry entry, APIGatewayV2HTTPEvent event, Member caller) {
        long deadline = System.nanoTime() + EXPORT_DEADLINE_NANOS;
        Map<String, String> query = new HashMap<>(event.getQueryStringParameters());
        boolean redirect = !"false".equals(query.remove("redirect"));
        query.remove("format");
        // every row from the start: a limit does not apply (a malformed one is still refused), a cursor is refused
        app.integreat.crm.model.PageRequest.parse(query.get("limit"), null);
        if (query.get("cursor") != null) {
            throw CrmException.badParameter("cursor", "an export reads every row from the start; leave cursor out");
        }
        query.put("limit", String.valueOf(app.integreat.crm.model.PageRequest.MAX_LIMIT));
        List<Map<String, Object>> rows = new ArrayList<>();
        while (true) {
            event.setQueryStringParameters(query);
            Response page = entry.route().handle(new ApiRequest(event, caller));
            if (!(page.body() instanceof Map<?, ?> body) || !(body.get("items") instanceof List<?> items)) {
                throw CrmException.badParameter("format", "csv is offered by the lists; this route answers one record");
            }
            items.forEach(item -> rows.add((Map<String, Object>) item));
            Object next = body.get("nextCursor");
            if (next == null) {
                break;
            }
            if (rows.size() >= EXPORT_MAX_ROWS || System.nanoTime() > deadline) {
                throw CrmException.badParameter("format", "the export holds more rows than one export can read in time ("
                        + rows.size() + " so far); narrow the list's filter");
            }
            query.put("cursor", next.toString());
        }
        byte[] csv = CsvExport.csv(rows, caller.language()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String filename = routeKey.substring(routeKey.lastIndexOf('/') + 1).replaceAll("[^a-z]", "") + "-"
                + java.time.LocalDate.now(services.clock()) + ".csv";
        String contentType = "text/csv; charset=utf-8";
        if (csv.length <= services.config().exportInlineMaxBytes()) {
            Map<String, String> headers = new HashMap<>();
            headers.put("Content-Type", contentType);
            headers.put("Content-Disposition", "attachment; filename=\"" + filename + "\"");
            headers.put("Cache-Control", "no-store");
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers)
                    .withBody(new String(csv, java.nio.charset.StandardCharsets.UTF_8)).build();
        }
        String url = app.integreat.crm.S3Exports.put(services, filename, contentType, csv);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url);
        json.put("rows", rows.size());
        json.put("expiresInSeconds", app.integreat.crm.S3Exports.LINK_LIFETIME.toSeconds());
        return toHttp(redirect ? Response.redirect(url, json) : Response.ok(json));
    }

    /** The caller's email, only ever from the authorizer's verified JWT claims. */
    private static String emailClaim(APIGatewayV2HTTPEvent event) {
        var requestContext = event.getRequestContext();
        var authorizer = requestContext == null ? null : requestContext.getAuthorizer();
        var jwt = authorizer == null ? null : authorizer.getJwt();
        Map<String, String> claims = jwt == null ? null : jwt.getClaims();
        if (claims == null || claims.get("email") == null) {
            throw CrmException.of(CrmException.Kind.UNAUTHENTICATED, "Sign in first: the request carries no identity.");
        }
        // Cognito sets email_verified in every ID token; an address nobody verified identifies nobody
        if (!"true".equalsIgnoreCase(claims.get("email_verified"))) {
            throw CrmException.of(CrmException.Kind.FORBIDDEN, "Your email address is not verified yet.");
        }
        return claims.get("email");
    }

    private static APIGatewayV2HTTPResponse toHttp(Response response) {
        Map<String, String> headers = new HashMap<>(response.headers());
        String body = null;
        if (response.body() instanceof Response.Binary file) {
            headers.put("Content-Type", file.contentType());
            headers.put("Content-Disposition", "attachment; filename=\"" + file.filename() + "\"");
            headers.put("Cache-Control", "no-store");
            return APIGatewayV2HTTPResponse.builder().withStatusCode(response.status()).withHeaders(headers)
                    .withBody(java.util.Base64.getEncoder().encodeToString(file.bytes())).withIsBase64Encoded(true).build();
        }
        if (response.body() instanceof Response.Text text) {
            headers.put("Content-Type", text.contentType());
            body = text.text();
        } else if (response.body() != null) {
            headers.put("Content-Type", "application/json");
            body = Json.write(response.body());
        }
        headers.put("Cache-Control", "no-store");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(response.status()).withHeaders(headers).withBody(body).build();
    }

    /** A dependency failed or did not answer in time: worth trying again, unlike a 500. */
    private static APIGatewayV2HTTPResponse unavailable() {
        APIGatewayV2HTTPResponse response = problem(503, "Service unavailable",
                "The database or another service the CRM depends on did not answer in time. Please try again in a few "
                        + "seconds; if you were saving a change, reload first to see whether it was saved.", List.of(), Map.of());
        response.getHeaders().put("Retry-After", String.valueOf(DependencyFailure.RETRY_AFTER_SECONDS));
        return response;
    }

    static APIGatewayV2HTTPResponse problem(int status, String title, String detail, List<CrmException.FieldError> errors,
                                            Map<String, Object> extensions) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        if (!errors.isEmpty()) {
            List<Map<String, Object>> fields = new ArrayList<>();
            for (CrmException.FieldError error : errors) {
                fields.add(Map.of("field", error.field(), "detail", error.detail()));
            }
            problem.put("errors", fields);
        }
        problem.putAll(extensions);
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/problem+json");
        headers.put("Cache-Control", "no-store");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(Json.write(problem)).build();
    }

    /** The exception's class and where it happened: its message may hold personal data, so it is not logged. */
    private static String describe(RuntimeException e) {
        StringBuilder text = new StringBuilder(e.getClass().getName());
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 8); i++) {
            text.append(" at ").append(frames[i]);
        }
        Throwable cause = e.getCause();
        if (cause != null) {
            text.append(" caused by ").append(cause.getClass().getName());
        }
        return text.toString();
    }

    /** One structured line per request, with no personal data: route, status, duration. */
    private static void log(Context context, String routeKey, int status, long millis, String failure) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", status >= 500 ? "ERROR" : "INFO");
        line.put("message", "request");
        line.put("route", routeKey);
        line.put("status", status);
        line.put("durationMs", millis);
        if (context != null && context.getAwsRequestId() != null) {
            line.put("requestId", context.getAwsRequestId());
        }
        if (failure != null) {
            line.put("error", failure);
        }
        System.out.println(Json.write(line));
    }
}
