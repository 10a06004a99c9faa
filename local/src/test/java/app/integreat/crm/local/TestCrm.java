package app.integreat.crm.local;

import app.integreat.crm.json.Json;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * A CRM on its own fresh table in the shared emulator, driven through HTTP API events that are routed
 * by template.yaml to the deployment jar's handlers, exactly as the local runner does.
 */
final class TestCrm {
    static final String ADMIN = "admin@example.org";
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final AtomicInteger TABLES = new AtomicInteger();
    /** The CRMs made since the last {@link #dropFinishedTables()}: their tables go when their test class ends. */
    private static final java.util.Queue<TestCrm> UNDROPPED = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Every DynamoDB operation the handlers issue, in order (e.g. "GetItem", "Query"). */
    final List<String> operations = Collections.synchronizedList(new ArrayList<>());
    final LocalCrm crm;

    TestCrm() {
        this(Clock.systemUTC());
    }

    /** With more SDK interceptors, e.g. the benchmark's Meter that also counts items read. */
    TestCrm(ExecutionInterceptor... more) {
        this(Clock.systemUTC(), more);
    }

    /** A CRM whose functions read the time from this clock (e.g. a {@link TestClock} to let days pass). */
    TestCrm(Clock clock, ExecutionInterceptor... more) {
        this(settings -> settings, clock, more);
    }

    /** A CRM with changed settings (e.g. a small CSV export size, to send exports through S3). */
    TestCrm(java.util.function.UnaryOperator<LocalCrm.Settings> change, Clock clock, ExecutionInterceptor... more) {
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        String table = "crm-test-" + ProcessHandle.current().pid() + "-" + TABLES.incrementAndGet();
        crm = new LocalCrm(change.apply(LocalCrm.Settings.fromEnvironment(ROOT).withTableName(table)
                .withAdmin(ADMIN)), TestEmulator.endpoint(), clock, withCounter(counter, more));
        UNDROPPED.add(this);
    }

    private static ExecutionInterceptor[] withCounter(ExecutionInterceptor counter, ExecutionInterceptor[] more) {
        ExecutionInterceptor[] all = new ExecutionInterceptor[more.length + 1];
        all[0] = counter;
        System.arraycopy(more, 0, all, 1, more.length);
        return all;
    }

    /** The answer of a function: status, headers and the JSON body (null when empty). */
    record Reply(int status, Map<String, String> headers, Map<String, Object> json, String body) {
        String header(String name) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue();
                }
            }
            return null;
        }

        String etag() {
            return header("ETag");
        }

        String string(String field) {
            return (String) json.get(field);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items() {
            return (List<Map<String, Object>>) json.get("items");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /**
     * Deletes this CRM's table. The emulator copies all its tables for every transaction, so a test
     * that filled one in bulk drops it, or every later transaction of the run would be slow.
     */
    void dropTable() {
        crm.queues().delete();
        try {
            crm.dynamo().deleteTable(b -> b.tableName(crm.services().table().name()));
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException alreadyDropped) {
            // a test dropped it early (after a bulk fill)
        }
    }

    /**
     * Drops the tables of every CRM made since the last call; {@link DropTablesAfterEachClass} calls it
     * when a test class ends. Without it the emulator keeps every table of the run in memory (it grew
     * past 11 GB and was killed) and copies all of them for every transaction.
     */
    static void dropFinishedTables() {
        for (TestCrm finished; (finished = UNDROPPED.poll()) != null; ) {
            finished.dropTable();
        }
    }

    /**
     * Runs the work queue until it is empty, handing each message to its function as Lambda would (the
     * work a step enqueues is run too); fails if a message failed or it is not drained within two minutes.
     * Returns how many messages were handled.
     */
    int drainQueues() {
        return crm.queues().drain(crm.functions(), java.time.Duration.ofMinutes(2));
    }

    /** GETs as the caller, asserting what every GET keeps to: 200, at most two DynamoDB requests, no Scan. */
    Reply getWithinBudget(Caller caller, String pathAndQuery) {
        operations.clear();
        Reply reply = caller.get(pathAndQuery);
        org.junit.jupiter.api.Assertions.assertEquals(200, reply.status(), pathAndQuery + ": " + reply);
        org.junit.jupiter.api.Assertions.assertTrue(operations.size() <= 2, pathAndQuery + " made " + operations);
        org.junit.jupiter.api.Assertions.assertFalse(operations.contains("Scan"), pathAndQuery);
        return reply;
    }

    /** A request as the member with this email (null: no token claims at all). */
    Caller as(String email) {
        return new Caller(email, Map.of());
    }

    Caller admin() {
        return as(ADMIN);
    }

    /** Creates an active member with the role and returns a caller for it. */
    Caller member(String email, String role) {
        Reply reply = admin().post("/members", Map.of("email", email, "name", "Test " + email, "role", role));
        if (reply.status() != 201) {
            throw new IllegalStateException("could not create member: " + reply);
        }
        return as(email);
    }

    final class Caller {
        private final String email;
        private final Map<String, String> headers;

        private Caller(String email, Map<String, String> headers) {
            this.email = email;
            this.headers = headers;
        }

        Caller header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Caller(email, more);
        }

        Caller ifMatch(String etag) {
            return header("if-match", etag);
        }

        Reply get(String pathAndQuery) {
            return call("GET", pathAndQuery, null);
        }

        Reply post(String path, Object body) {
            return call("POST", path, body == null ? null : Json.write(body));
        }

        Reply patch(String path, Object body) {
            return call("PATCH", path, Json.write(body));
        }

        Reply delete(String path) {
            return call("DELETE", path, null);
        }

        Reply call(String method, String pathAndQuery, String body) {
            return reply(crm.functions().call(method, pathAndQuery, headers, body,
                    email == null ? null : LocalFunctions.claimsOf(email)));
        }
    }

    private LocalInbound inbound;

    /** SES and its S3 action for this CRM: raw mails go to the emulator's bucket, then to the inbound function. */
    synchronized LocalInbound inbound() {
        if (inbound == null) {
            inbound = new LocalInbound(crm);
        }
        return inbound;
    }

    /** Receives a mail as SES would (verdicts PASS) for the given envelope recipients; returns the SES message id. */
    String receive(String rawMail, String... envelopeRecipients) {
        return inbound().receive(rawMail.getBytes(java.nio.charset.StandardCharsets.UTF_8), "sender@example.org",
                List.of(envelopeRecipients), LocalInbound.Verdicts.PASS);
    }

    /** The mails this CRM's functions had SES send to this address: subject and text body each. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sentTo(String address) {
        return crm.outbox().mails().stream()
                .filter(mail -> ((List<String>) mail.get("to")).contains(address)).toList();
    }

    String inboundAddress() {
        return crm.services().config().inboundAddress();
    }

    Reply invoke(String functionId, APIGatewayV2HTTPEvent event) {
        return reply(crm.functions().invokeHttp(functionId, event, null));
    }

    static Reply reply(APIGatewayV2HTTPResponse response) {
        String body = response.getBody();
        Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        String type = headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        // JSON and problem+json are parsed; other bodies (the calendar feed, a CSV export) are only text
        Map<String, Object> json = body == null || body.isEmpty() || (type != null && !type.contains("json")) ? null : Json.object(body);
        return new Reply(response.getStatusCode(), response.getHeaders() == null ? Map.of() : response.getHeaders(), json, body);
    }
}
