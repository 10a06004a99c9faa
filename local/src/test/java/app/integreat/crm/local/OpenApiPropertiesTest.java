package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.json.Json;
import app.integreat.crm.local.SchemaValues.Broken;
import app.integreat.crm.local.SchemaValues.IdRef;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Requests generated from docs/openapi.yaml for every route, valid and broken, sent through the
 * template's routing to the deployment jar's handlers as an active member or the admin, against the
 * emulator. Whatever is sent: never a 5xx, only statuses the description lists for the route, a
 * problem+json on every 4xx, and nothing written on a refusal (no DynamoDB or S3 write succeeded while
 * the request ran, and the record in the path keeps its ETag). A broken request is always refused.
 *
 * <p>Tries: {@code jqwik.tries.default} in junit-platform.properties (1000 per property, about 20 per
 * route each); a deeper run: {@code mvn verify -Dtest=OpenApiPropertiesTest -Djqwik.tries.default=5000}.
 */
class OpenApiPropertiesTest {
    private static final OpenApi API = OpenApi.load();
    private static final SchemaValues VALUES = new SchemaValues(API);
    private static final SchemaCheck CHECK = new SchemaCheck(VALUES);
    private static final List<OpenApi.Operation> OPERATIONS = API.operations();
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems",
            "BatchWriteItem", "PutObject", "DeleteObject", "CopyObject");

    /** Requests on one table before the next starts afresh: moto copies every table in each transaction, so big ones slow it down. */
    private static final int SENDS_PER_TABLE = 300;
    private static Fixtures fixtures;

    private static synchronized Fixtures fixtures() {
        if (fixtures != null && fixtures.sends >= SENDS_PER_TABLE) {
            fixtures.close();
            fixtures = null;
        }
        if (fixtures == null) {
            fixtures = new Fixtures();
        }
        return fixtures;
    }

    @AfterContainer
    static synchronized void dropTable() {
        if (fixtures != null) {
            fixtures.close();
            fixtures = null;
        }
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void validRequestsAreAnsweredAsDescribed(@ForAll("validRequests") Call call) {
        Statistics.label("route").collect(call.operation().routeKey());
        Outcome outcome = fixtures().send(call);
        Statistics.label("status class").collect(outcome.status() / 100 + "xx");
        checkAnswer(call, outcome);
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void brokenRequestsAreRefusedWithAProblemAndWriteNothing(@ForAll("brokenRequests") Call call) {
        Statistics.label("route").collect(call.operation().routeKey());
        Statistics.label("broken").collect(call.what().replaceAll(":.*", ""));
        Outcome outcome = fixtures().send(call);
        checkAnswer(call, outcome);
        assertTrue(outcome.status() >= 400 && outcome.status() < 500,
                "a broken request (" + call.what() + ") must be refused with a 4xx: " + outcome);
    }

    private static void checkAnswer(Call call, Outcome outcome) {
        int status = outcome.status();
        assertTrue(status < 500, "never a 5xx: " + outcome);
        Map<String, Object> responses = OpenApi.map(call.operation().definition().get("responses"));
        assertTrue(responses.containsKey(String.valueOf(status)),
                call.operation().routeKey() + " answered " + status + ", which docs/openapi.yaml does not list: " + outcome);
        Map<String, Object> response = API.resolve(responses.get(String.valueOf(status)));
        // a CSV export (?format=csv) answers text/csv; charset=utf-8: the media type without its parameter
        boolean csv = outcome.contentType() != null && outcome.contentType().startsWith("text/csv");
        String mediaType = csv ? "text/csv" : outcome.contentType();
        // a person's export answers its zip (base64, as API Gateway carries binary bodies)
        boolean zip = "application/zip".equals(outcome.contentType());
        if (status != 204 && response.get("content") instanceof Map<?, ?> content) {
            Object media = content.get(mediaType);
            assertNotNull(media, "docs/openapi.yaml gives " + call.operation().routeKey() + " " + status + " no "
                    + outcome.contentType() + ": " + outcome);
            Object body = csv || zip ? outcome.body() : Json.object(outcome.body());
            List<String> violations = CHECK.violations(OpenApi.map(media).get("schema"), body, "body");
            assertTrue(violations.isEmpty(), "the answer is not as docs/openapi.yaml describes it: " + violations + " in " + outcome);
        }
        if (status >= 400) {
            assertEquals("application/problem+json", outcome.contentType(), outcome.toString());
            Map<String, Object> problem = Json.object(outcome.body());
            assertEquals(status, ((Number) problem.get("status")).intValue(), outcome.toString());
            assertTrue(problem.get("title") instanceof String && problem.get("detail") instanceof String, outcome.toString());
            assertEquals(0, outcome.writes(), "a refusal wrote to the table or bucket: " + outcome);
            assertEquals(outcome.etagBefore(), outcome.etagAfter(), "a refusal changed the record in the path: " + outcome);
        } else if (status == 201) {
            // the write counter sees writes at all: every creation writes
            assertTrue(outcome.writes() > 0, "a 201 without a write: " + outcome);
        }
        if (csv) {
            assertEquals(200, status, outcome.toString());
            assertEquals("format=csv", "format=" + call.query().get("format"), outcome.toString());
            assertTrue(outcome.body().startsWith("\uFEFF"), "a CSV export starts with its byte order mark: " + outcome);
        } else if (zip) {
            assertEquals("GET /contacts/{id}/export 200", call.operation().routeKey() + " " + status, outcome.toString());
        } else if (status < 400 && status != 204) {
            assertEquals("application/json", outcome.contentType(), outcome.toString());
            assertNotNull(Json.object(outcome.body()));
        }
    }

    // ---------------------------------------------------------------- generation

    /** One request: the route, what is broken (or "valid"), and its parts; ids are resolved when sent. */
    record Call(OpenApi.Operation operation, String what, boolean asMember, Map<String, Object> pathIds,
                Map<String, Object> query, String ifMatch, Object body, String contentType) {
        @Override
        public String toString() {
            return operation.routeKey() + " [" + what + "] " + (asMember ? "as member" : "as admin") + " path=" + pathIds
                    + " query=" + query + " If-Match=" + ifMatch + " content-type=" + contentType + " body="
                    + (body instanceof String text && text.length() > 300 ? text.substring(0, 300) + "…" : body);
        }
    }

    @Provide
    Arbitrary<Call> validRequests() {
        return Arbitraries.of(OPERATIONS).flatMap(operation -> request(operation, false));
    }

    @Provide
    Arbitrary<Call> brokenRequests() {
        return Arbitraries.of(OPERATIONS).filter(OpenApiPropertiesTest::canBeBroken).flatMap(operation -> request(operation, true));
    }

    /** GET /health and the plain reads take nothing that could be wrong. */
    private static boolean canBeBroken(OpenApi.Operation operation) {
        return !brokenParts(operation).isEmpty();
    }

    private static List<String> brokenParts(OpenApi.Operation operation) {
        List<String> parts = new ArrayList<>();
        if (!pathParameters(operation).isEmpty()) {
            parts.add("path");
        }
        if (queryParameters(operation).stream().anyMatch(OpenApiPropertiesTest::constrained)) {
            parts.add("query");
        }
        if (ifMatch(operation) != null) {
            parts.add("if-match");
        }
        if (bodySchema(operation) != null) {
            parts.add("body");
        }
        return parts;
    }

    private static Arbitrary<Call> request(OpenApi.Operation operation, boolean broken) {
        Arbitrary<Map<String, Object>> path = pathIds(operation);
        Arbitrary<Map<String, Object>> query = query(operation);
        Map<String, Object> ifMatchParameter = ifMatch(operation);
        boolean ifMatchRequired = ifMatchParameter != null && Boolean.TRUE.equals(ifMatchParameter.get("required"));
        Arbitrary<String> ifMatch = ifMatchParameter == null ? Arbitraries.just("none")
                : ifMatchRequired ? Arbitraries.just("current") : Arbitraries.of("current", "none");
        Object schema = bodySchema(operation);
        boolean bodyRequired = Boolean.TRUE.equals(requestBody(operation) == null ? null : requestBody(operation).get("required"));
        Arbitrary<Object> body = schema == null ? Arbitraries.just(null)
                : bodyRequired ? VALUES.valid(schema, "body")
                : Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(null)), Tuple.of(3, VALUES.valid(schema, "body")));
        // members may do all but admin's work; PATCH /members stays with the admin so that the fixtures keep their roles
        Arbitrary<Boolean> asMember = operation.path().startsWith("/members/") ? Arbitraries.just(false)
                : Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true)));
        Arbitrary<Call> valid = Combinators.combine(path, query, ifMatch, body, asMember)
                .as((p, q, m, b, member) -> new Call(operation, "valid", member, p, q, m, b, "application/json"));
        if (!broken) {
            return valid;
        }
        List<String> parts = brokenParts(operation);
        return Combinators.combine(valid, Arbitraries.of(parts)).as(Tuple::of).flatMap(pair -> breakPart(pair.get1(), pair.get2()));
    }

    private static Arbitrary<Call> breakPart(Call call, String part) {
        OpenApi.Operation operation = call.operation();
        return switch (part) {
            case "path" -> Combinators.combine(Arbitraries.of(pathParameters(operation)), SchemaValues.badId()).as((name, bad) -> {
                Map<String, Object> ids = new LinkedHashMap<>(call.pathIds());
                ids.put(name, bad);
                return with(call, "path: " + name + " is no id", ids, call.query(), call.ifMatch(), call.body(), call.contentType());
            });
            case "query" -> Arbitraries.of(queryParameters(operation).stream().filter(OpenApiPropertiesTest::constrained).toList())
                    .flatMap(parameter -> VALUES.broken(parameter.get("schema"), (String) parameter.get("name"))
                            // a query carries text: true is "true", which may be an allowed value
                            .filter(b -> b.value() != null && !(b.value() instanceof List) && !(b.value() instanceof Map)
                                    && !String.valueOf(b.value()).isBlank() && !allowedText(parameter, String.valueOf(b.value())))
                            .map(b -> {
                                Map<String, Object> query = new LinkedHashMap<>(call.query());
                                query.put((String) parameter.get("name"), b.value() instanceof BigDecimal d ? d.toPlainString() : String.valueOf(b.value()));
                                return with(call, "query: " + parameter.get("name") + " " + b.what(), call.pathIds(), query,
                                        call.ifMatch(), call.body(), call.contentType());
                            }));
            case "if-match" -> {
                boolean required = Boolean.TRUE.equals(ifMatch(operation).get("required"));
                Arbitrary<String> modes = required ? Arbitraries.of("stale", "none", "weak", "star", "garbage", "huge")
                        : Arbitraries.of("stale", "weak", "garbage", "huge");
                yield modes.map(mode -> with(call, "if-match: " + mode, call.pathIds(), call.query(), mode, call.body(), call.contentType()));
            }
            default -> brokenBody(operation, call);
        };
    }

    private static Arbitrary<Call> brokenBody(OpenApi.Operation operation, Call call) {
        Object schema = bodySchema(operation);
        Object valid = call.body() == null ? new LinkedHashMap<String, Object>() : call.body();
        Arbitrary<Call> mutated = mutate(schema, valid, "").map(b -> with(call, "body: " + b.what(), call.pathIds(), call.query(),
                call.ifMatch(), b.value(), call.contentType()));
        Arbitrary<Call> notAnObject = Arbitraries.of("[]", "42", "\"text\"", "null", "{\"name\":", "{]", "{\"a\":1} trailing",
                        "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "\uFEFF{}")
                .map(text -> with(call, "body: not a JSON object", call.pathIds(), call.query(), call.ifMatch(), new RawJson(text),
                        call.contentType()));
        Arbitrary<Call> tooLarge = Arbitraries.just(with(call, "body: larger than 64 KB", call.pathIds(), call.query(),
                call.ifMatch(), new RawJson("{\"notes\":\"" + "x".repeat(70_000) + "\"}"), call.contentType()));
        Arbitrary<Call> notJson = Arbitraries.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")
                .map(type -> with(call, "body: sent as " + type, call.pathIds(), call.query(), call.ifMatch(),
                        call.body() == null ? Map.of() : call.body(), type));
        return Arbitraries.frequencyOf(Tuple.of(8, mutated), Tuple.of(2, notAnObject), Tuple.of(1, tooLarge), Tuple.of(1, notJson));
    }

    /** A body that is not JSON text of a value (sent as it is). */
    record RawJson(String text) {
        @Override
        public String toString() {
            return text.length() > 80 ? text.substring(0, 80) + "…" : text;
        }
    }

    /** The valid value with one thing wrong in it: a field missing, unknown, or of a broken value, at any depth. */
    @SuppressWarnings("unchecked")
    private static Arbitrary<Broken> mutate(Object schemaNode, Object value, String at) {
        SchemaValues.Schema schema = VALUES.schema(schemaNode);
        Map<String, Object> properties = schema.properties();
        if (!(value instanceof Map<?, ?>) || properties.isEmpty()) {
            return VALUES.broken(schemaNode, at).map(b -> new Broken(b.value(), at + " " + b.what()));
        }
        Map<String, Object> object = (Map<String, Object>) value;
        List<Arbitrary<Broken>> options = new ArrayList<>();
        List<String> required = schema.list("required").stream().map(String.class::cast).toList();
        for (String name : required) {
            options.add(Arbitraries.just(new Broken(without(object, name), at + name + " missing")));
            Map<String, Object> empty = new LinkedHashMap<>(object);
            empty.put(name, null);
            options.add(Arbitraries.just(new Broken(empty, at + name + " null")));
        }
        options.add(Arbitraries.of("naem", "Name", "extra", "__proto__", "name\u0000", "\uD800").map(name -> {
            Map<String, Object> more = new LinkedHashMap<>(object);
            more.put(name, "x");
            return new Broken(more, at + "unknown field " + name);
        }));
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            String name = property.getKey();
            if (VALUES.schema(property.getValue()).readOnly()) {
                continue;
            }
            Arbitrary<Broken> inner = object.get(name) instanceof Map<?, ?> child
                    ? mutate(property.getValue(), child, at + name + ".")
                    : VALUES.broken(property.getValue(), name).map(b -> new Broken(b.value(), at + name + " " + b.what()));
            options.add(inner.map(b -> {
                Map<String, Object> changed = new LinkedHashMap<>(object);
                changed.put(name, b.value());
                return new Broken(changed, b.what());
            }));
        }
        return Arbitraries.oneOf(options);
    }

    private static Map<String, Object> without(Map<String, Object> object, String name) {
        Map<String, Object> less = new LinkedHashMap<>(object);
        less.remove(name);
        return less;
    }

    private static Call with(Call call, String what, Map<String, Object> path, Map<String, Object> query, String ifMatch, Object body,
                             String contentType) {
        return new Call(call.operation(), what, call.asMember(), path, query, ifMatch, body, contentType);
    }

    private static Arbitrary<Map<String, Object>> pathIds(OpenApi.Operation operation) {
        Arbitrary<Map<String, Object>> ids = Arbitraries.just(new LinkedHashMap<>());
        for (String name : pathParameters(operation)) {
            String kind = name.equals("recordId") ? "linked" : Fixtures.kindOfPath(operation.path());
            Arbitrary<Object> id = Arbitraries.frequencyOf(
                    Tuple.of(6, Arbitraries.integers().between(0, 4).map(n -> new IdRef(kind, n))),
                    Tuple.of(1, Arbitraries.just(new IdRef(kind, -1))));
            ids = Combinators.combine(ids, id).as((map, value) -> {
                Map<String, Object> next = new LinkedHashMap<>(map);
                next.put(name, value);
                return next;
            });
        }
        return ids;
    }

    private static Arbitrary<Map<String, Object>> query(OpenApi.Operation operation) {
        Arbitrary<Map<String, Object>> query = Arbitraries.just(new LinkedHashMap<>());
        for (Map<String, Object> parameter : queryParameters(operation)) {
            String name = (String) parameter.get("name");
            Arbitrary<Object> value = Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.just(null)),
                    Tuple.of(1, VALUES.valid(parameter.get("schema"), name)));
            query = Combinators.combine(query, value).as((map, v) -> {
                if (v == null) {
                    return map;
                }
                Map<String, Object> next = new LinkedHashMap<>(map);
                next.put(name, v);
                return next;
            });
        }
        return query;
    }

    private static List<String> pathParameters(OpenApi.Operation operation) {
        return operation.parameters().stream().filter(p -> "path".equals(p.get("in"))).map(p -> (String) p.get("name")).toList();
    }

    private static List<Map<String, Object>> queryParameters(OpenApi.Operation operation) {
        return operation.parameters().stream().filter(p -> "query".equals(p.get("in"))).toList();
    }

    /** A query parameter some value of which is refused (q, a free word, has none). */
    private static boolean constrained(Map<String, Object> parameter) {
        SchemaValues.Schema schema = VALUES.schema(parameter.get("schema"));
        return schema.name() != null || schema.node().size() > 1 || !schema.types().equals(Set.of("string"));
    }

    private static boolean allowedText(Map<String, Object> parameter, String text) {
        return VALUES.schema(parameter.get("schema")).list("enum").stream().anyMatch(value -> String.valueOf(value).equalsIgnoreCase(text));
    }

    private static Map<String, Object> ifMatch(OpenApi.Operation operation) {
        return operation.parameters().stream().filter(p -> "If-Match".equals(p.get("name"))).findFirst().orElse(null);
    }

    private static Map<String, Object> requestBody(OpenApi.Operation operation) {
        Object body = operation.definition().get("requestBody");
        return body == null ? null : API.resolve(body);
    }

    private static Object bodySchema(OpenApi.Operation operation) {
        Map<String, Object> body = requestBody(operation);
        if (body == null) {
            return null;
        }
        Map<String, Object> content = OpenApi.map(body.get("content"));
        return OpenApi.map(content.get("application/json")).get("schema");
    }

    // ---------------------------------------------------------------- sending

    /** What came back, and what the request did to the data. */
    record Outcome(Call call, int status, String contentType, String body, int writes, String etagBefore, String etagAfter) {
        @Override
        public String toString() {
            return status + " " + (body != null && body.length() > 400 ? body.substring(0, 400) + "…" : body) + " (writes " + writes
                    + ", ETag " + etagBefore + " → " + etagAfter + ") for " + call;
        }
    }

    /** One CRM with records of every kind, kept alive as the requests delete or change them. */
    static final class Fixtures {
        private static final String MEMBER = "member@fixture.example";
        private final AtomicInteger writes = new AtomicInteger();
        private final AtomicInteger counter = new AtomicInteger();
        private final TestCrm crm;
        private final TestCrm.Caller admin;
        private final TestCrm.Caller member;
        private final Map<String, List<String>> pools = new LinkedHashMap<>();
        private int sends;

        Fixtures() {
            ExecutionInterceptor writeCounter = new ExecutionInterceptor() {
                @Override
                public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                    if (WRITES.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                        writes.incrementAndGet();
                    }
                }
            };
            crm = new TestCrm(writeCounter);
            admin = crm.admin();
            member = crm.member(MEMBER, "MEMBER");
            pools.put("member", new ArrayList<>(List.of(admin.get("/me").string("id"), member.get("/me").string("id"),
                    crm.member("spare@fixture.example", "MEMBER").get("/me").string("id"))));
            pools.put("account", new ArrayList<>());
            pools.put("contact", new ArrayList<>());
            pools.put("opportunity", new ArrayList<>());
            pools.put("task", new ArrayList<>());
            pools.put("interaction", new ArrayList<>());
            pools.put("unresolved", new ArrayList<>());
            for (int i = 0; i < 3; i++) {
                pools.get("account").add(create("account"));
            }
            for (String kind : List.of("contact", "opportunity", "task", "interaction", "unresolved")) {
                for (int i = 0; i < 2; i++) {
                    pools.get(kind).add(create(kind));
                }
            }
        }

        static String kindOfPath(String path) {
            String first = path.split("/")[1];
            return switch (first) {
                case "members" -> "member";
                case "accounts" -> "account";
                case "contacts" -> "contact";
                case "opportunities" -> "opportunity";
                case "tasks" -> "task";
                case "interactions" -> "interaction";
                case "unresolved" -> "unresolved";
                default -> "any";
            };
        }

        private String create(String kind) {
            int n = counter.incrementAndGet();
            TestCrm.Reply reply = switch (kind) {
                case "account" -> admin.post("/accounts", Map.of("name", "Gemeinde Fixtur " + n, "type", "MUNICIPALITY",
                        "emailDomains", List.of("fixtur-" + n + ".example")));
                case "contact" -> admin.post("/contacts", Map.of("lastName", "Fixtur " + n, "accountId", pools.get("account").get(0),
                        "emails", List.of("kontakt" + n + "@fixtur.example")));
                case "opportunity" -> {
                    String municipality = admin.post("/accounts", Map.of("name", "Kommune Fixtur " + n, "type", "MUNICIPALITY")).string("id");
                    yield admin.post("/opportunities", Map.of("name", "Vertrag " + n, "type", "STANDARD",
                            "accountIds", List.of(municipality), "ownerId", pools.get("member").get(0)));
                }
                case "task" -> admin.post("/tasks", Map.of("title", "Wiedervorlage " + n, "dueDate", "2026-12-0" + (1 + n % 9),
                        "accountId", pools.get("account").get(0)));
                case "interaction" -> admin.post("/interactions", Map.of("type", "CALL", "subject", "Anruf " + n,
                        "contactIds", List.of(pools.get("contact").get(0))));
                case "unresolved" -> {
                    crm.receive(TestMails.mail().from(TestCrm.ADMIN).to("unbekannt" + n + "@nirgendwo.example")
                            .subject("Unbekannt " + n).messageId("fixture-" + n + "@fixture.example").text("Hallo").build(),
                            crm.inboundAddress());
                    List<Map<String, Object>> waiting = admin.get("/unresolved?limit=1").items();
                    yield new TestCrm.Reply(201, Map.of(), waiting.get(0), "");
                }
                default -> throw new IllegalArgumentException(kind);
            };
            if (reply.status() != 201) {
                throw new IllegalStateException("could not create a " + kind + " fixture: " + reply);
            }
            return reply.string("id");
        }

        /** The id an {@link IdRef} names now: a record of its kind, or (n < 0) a well-formed id of nobody. */
        private String resolve(IdRef ref) {
            if (ref.n() < 0) {
                return "7ZZZZZZZZZZZZZZZZZZZZZZZ" + (char) ('A' + (-ref.n() % 20)) + "Z";
            }
            List<String> pool = switch (ref.kind()) {
                case "linked" -> {
                    List<String> linked = new ArrayList<>(pools.get("contact").subList(0, 1));
                    linked.add(pools.get("account").get(0));
                    yield linked;
                }
                case "any" -> pools.values().stream().flatMap(List::stream).toList();
                // unresolved mails are interactions too, the ones with a raw mail
                case "interaction" -> java.util.stream.Stream.concat(pools.get("interaction").stream(), pools.get("unresolved").stream()).toList();
                default -> pools.get(ref.kind());
            };
            return pool.get(ref.n() % pool.size());
        }

        private Object resolveAll(Object value) {
            if (value instanceof IdRef ref) {
                return resolve(ref);
            }
            if (value instanceof Map<?, ?> map) {
                Map<Object, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(k, resolveAll(v)));
                return out;
            }
            if (value instanceof List<?> list) {
                List<Object> out = new ArrayList<>();
                list.forEach(v -> out.add(resolveAll(v)));
                return out;
            }
            return value;
        }

        void close() {
            crm.crm.dynamo().deleteTable(b -> b.tableName(crm.crm.services().config().tableName()));
        }

        synchronized Outcome send(Call call) {
            sends++;
            OpenApi.Operation operation = call.operation();
            String path = operation.path();
            Map<String, String> ids = new LinkedHashMap<>();
            for (Map.Entry<String, Object> id : call.pathIds().entrySet()) {
                String value = String.valueOf(resolveAll(id.getValue()));
                ids.put(id.getKey(), value);
                path = path.replace("{" + id.getKey() + "}", value);
            }
            StringBuilder query = new StringBuilder();
            call.query().forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
                    .append(URLEncoder.encode(String.valueOf(resolveAll(value)), StandardCharsets.UTF_8)));
            // the record's ETag, for If-Match and to see that a refused change left it as it was
            String recordPath = ifMatch(operation) == null ? null : recordPath(operation, ids.get("id"));
            String before = recordPath == null ? null : admin.get(recordPath).etag();
            TestCrm.Caller caller = call.asMember() ? member : admin;
            caller = caller.header("content-type", call.contentType());
            String ifMatch = switch (call.ifMatch()) {
                case "current" -> before;
                // a version no record of a test reaches ("0" is the ETag of settings never saved)
                case "stale" -> "\"999999\"";
                case "weak" -> before == null ? "W/\"1\"" : "W/" + before;
                case "star" -> "*";
                case "garbage" -> "\"abc\"";
                case "huge" -> "\"99999999999999999999\"";
                default -> null;
            };
            if (ifMatch != null) {
                caller = caller.ifMatch(ifMatch);
            }
            String body = call.body() == null ? null
                    : call.body() instanceof RawJson raw ? raw.text() : Json.write(resolveAll(call.body()));
            writes.set(0);
            TestCrm.Reply reply = caller.call(operation.method(), path + query, body);
            int written = writes.get();
            String after = before == null || reply.status() < 400 ? before : admin.get(recordPath).etag();
            String contentType = reply.header("Content-Type");
            keepFixtures(operation, reply, ids.get("id"));
            return new Outcome(call, reply.status(), contentType, reply.body(), written, before, after);
        }

        /** Where the record in the path can be read (an unresolved mail is an interaction). */
        private static String recordPath(OpenApi.Operation operation, String id) {
            if (id == null) {
                return null;
            }
            String kind = kindOfPath(operation.path());
            return switch (kind) {
                case "member" -> "/members/" + id;
                case "account" -> "/accounts/" + id;
                case "contact" -> "/contacts/" + id;
                case "opportunity" -> "/opportunities/" + id;
                case "task" -> "/tasks/" + id;
                case "interaction", "unresolved" -> "/interactions/" + id;
                default -> null;
            };
        }

        /** Requests delete fixtures, assign mails and deactivate members: replace or restore what was used up. */
        private void keepFixtures(OpenApi.Operation operation, TestCrm.Reply reply, String pathId) {
            if (reply.status() >= 300 || operation.method().equals("GET")) {
                return;
            }
            String kind = kindOfPath(operation.path());
            // a merge uses up the record merged away (its routes answer 301 from then on)
            boolean merged = operation.path().endsWith("/merge");
            if ((operation.method().equals("DELETE") || merged) && pathId != null && pools.containsKey(kind) && !kind.equals("unresolved")) {
                replaceMissing(kind);
            }
            // a new address of a contact links the mails that waited for it
            boolean linked = reply.json() != null && reply.json().get("linkedMails") instanceof Number n && n.intValue() > 0;
            if (kind.equals("unresolved") || linked) {
                replaceMissing("unresolved");
            }
            if (kind.equals("member")) {
                restoreMembers();
            }
        }

        private void replaceMissing(String kind) {
            List<String> pool = pools.get(kind);
            for (int i = 0; i < pool.size(); i++) {
                String path = kind.equals("unresolved") ? "/interactions/" + pool.get(i) : recordPath(kindPath(kind), pool.get(i));
                TestCrm.Reply current = admin.get(path);
                boolean usable = current.status() == 200 && (!kind.equals("unresolved") || Boolean.TRUE.equals(current.json().get("unresolved")));
                if (!usable) {
                    pool.set(i, create(kind));
                }
            }
        }

        private static OpenApi.Operation kindPath(String kind) {
            String path = switch (kind) {
                case "account" -> "/accounts/{id}";
                case "contact" -> "/contacts/{id}";
                case "opportunity" -> "/opportunities/{id}";
                case "task" -> "/tasks/{id}";
                default -> "/interactions/{id}";
            };
            return new OpenApi.Operation("GET", path, Map.of(), List.of());
        }

        /** The member fixtures stay active members with the role MEMBER (the admin cannot change itself). */
        private void restoreMembers() {
            for (String id : pools.get("member").subList(1, pools.get("member").size())) {
                TestCrm.Reply current = admin.get("/members/" + id);
                if (!Boolean.TRUE.equals(current.json().get("active")) || !"MEMBER".equals(current.json().get("role"))) {
                    TestCrm.Reply restored = admin.ifMatch(current.etag()).patch("/members/" + id, Map.of("active", true, "role", "MEMBER"));
                    if (restored.status() != 200) {
                        throw new IllegalStateException("could not restore member " + id + ": " + restored);
                    }
                }
            }
        }
    }
}
