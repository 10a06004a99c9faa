package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.Services;
import app.integreat.crm.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The API with its DynamoDB endpoint hanging or refusing: routed by the template to the deployment
 * jar's handlers as in every end-to-end test, but with the Services pointed at the bad endpoint. It
 * answers 503 problem+json with Retry-After within the configured SDK timeouts. And a transaction's
 * client request token is the same in every attempt the SDK makes of one call.
 */
class DependencyFaultsTest {
    private static final Services.SdkTimeouts TIMEOUTS = Services.Timeouts.AWS.dynamoDb();
    /** What a request does besides waiting for the SDK: routing, JSON, a loaded machine's scheduling. */
    private static final Duration SLACK = Duration.ofSeconds(3);

    private final TestCrm crm = new TestCrm();

    /** The template's functions with Services whose DynamoDB endpoint is {@code endpoint}. */
    private LocalFunctions functionsAgainst(URI endpoint, ExecutionInterceptor... interceptors) {
        // the timeouts the functions have in AWS, not the local runner's patient ones for the serial emulator
        Services.Config bad = crm.crm.services().config().withEndpoint(endpoint).withTimeouts(Services.Timeouts.AWS);
        return new LocalFunctions(crm.crm.template(), new Services(bad, Services.dynamoDb(bad, interceptors), Clock.systemUTC()));
    }

    private record Timed(TestCrm.Reply reply, Duration elapsed) {
    }

    /** A read, a list and a write, each as the admin, at the same time (each waits for its own timeouts). */
    private static List<Timed> readListAndWrite(LocalFunctions functions) throws Exception {
        Map<String, String> claims = LocalFunctions.claimsOf(TestCrm.ADMIN);
        List<String[]> calls = List.of(new String[] {"GET", "/me", null}, new String[] {"GET", "/accounts?limit=5", null},
                new String[] {"POST", "/accounts", Json.write(Map.of("name", "Stadt Kempten", "type", "MUNICIPALITY"))});
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<Timed>> futures = new ArrayList<>();
            for (String[] call : calls) {
                futures.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    TestCrm.Reply reply = TestCrm.reply(functions.call(call[0], call[1], Map.of(), call[2], claims));
                    return new Timed(reply, Duration.ofNanos(System.nanoTime() - start));
                }));
            }
            List<Timed> results = new ArrayList<>();
            for (Future<Timed> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertUnavailable(Timed timed) {
        TestCrm.Reply reply = timed.reply();
        assertEquals(503, reply.status(), reply.toString());
        assertEquals("application/problem+json", reply.header("Content-Type"));
        assertEquals(503, ((Number) reply.json().get("status")).intValue());
        String retryAfter = reply.header("Retry-After");
        assertNotNull(retryAfter, "Retry-After is sent");
        assertTrue(Integer.parseInt(retryAfter) > 0, retryAfter);
        assertTrue(timed.elapsed().compareTo(TIMEOUTS.call().plus(SLACK)) <= 0,
                "answered within the SDK's call timeout " + TIMEOUTS.call() + " (+" + SLACK + "): " + timed.elapsed());
    }

    @Test
    void aDatabaseThatAcceptsAndNeverAnswersGets503WithinTheTimeouts() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket hanging = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!hanging.isClosed()) {
                    try {
                        held.add(hanging.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            List<Timed> results = readListAndWrite(functionsAgainst(URI.create("http://127.0.0.1:" + hanging.getLocalPort())));
            for (Timed timed : results) {
                assertUnavailable(timed);
                // it was the hang that answered: at least one attempt timed out
                assertTrue(timed.elapsed().compareTo(TIMEOUTS.attempt()) >= 0, "waited for an attempt: " + timed.elapsed());
            }
            assertFalse(held.isEmpty(), "the SDK connected to the hanging endpoint");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void aDatabaseThatRefusesConnectionsGets503WithinTheTimeouts() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        for (Timed timed : readListAndWrite(functionsAgainst(URI.create("http://127.0.0.1:" + closedPort)))) {
            assertUnavailable(timed);
        }
    }

    @Test
    void everyAttemptOfOneTransactionCarriesTheSameClientRequestToken() throws Exception {
        AtomicInteger transactAttempts = new AtomicInteger();
        ExecutionInterceptor attempts = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if ("TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    transactAttempts.incrementAndGet();
                }
            }
        };
        // the first admin's member record is created on first use, in a transaction of its own: before the proxy
        assertEquals(200, crm.admin().get("/me").status());
        try (DroppingProxy proxy = new DroppingProxy(TestEmulator.endpoint())) {
            LocalFunctions functions = functionsAgainst(proxy.endpoint(), attempts);
            Map<String, String> claims = LocalFunctions.claimsOf(TestCrm.ADMIN);
            TestCrm.Reply created = TestCrm.reply(functions.call("POST", "/accounts", Map.of(),
                    Json.write(Map.of("name", "Stadt Kempten", "type", "MUNICIPALITY")), claims));

            // the first attempt's connection was dropped; the SDK's retry went through and created it once
            assertEquals(201, created.status(), created.toString());
            assertTrue(transactAttempts.get() >= 2, "the SDK retried the dropped transaction: " + transactAttempts.get());
            List<String> tokens = proxy.transactionTokens();
            assertTrue(tokens.size() >= 2, "the proxy saw the dropped attempt and the retry: " + tokens);
            assertFalse(tokens.get(0).isBlank(), "the transaction carries a client request token");
            assertEquals(1, tokens.stream().distinct().count(), "every attempt of one call sends the same token: " + tokens);
            assertEquals(200, crm.admin().get("/accounts/" + created.string("id")).status());

            // another call is another transaction, with a token of its own
            TestCrm.Reply second = TestCrm.reply(functions.call("POST", "/accounts", Map.of(),
                    Json.write(Map.of("name", "Stadt Lindau", "type", "MUNICIPALITY")), claims));
            assertEquals(201, second.status(), second.toString());
            List<String> all = proxy.transactionTokens();
            assertNotEquals(tokens.get(0), all.get(all.size() - 1));
        }
    }

    /**
     * A proxy in front of the emulator that drops the connection of the first TransactWriteItems request
     * without an answer (as a network fault would) and forwards everything else, one request per
     * connection; it records the ClientRequestToken of every TransactWriteItems request it sees.
     */
    private static final class DroppingProxy implements AutoCloseable {
        private static final Pattern TOKEN = Pattern.compile("\"ClientRequestToken\"\\s*:\\s*\"([^\"]*)\"");
        private final URI target;
        private final ServerSocket server;
        private final AtomicBoolean dropped = new AtomicBoolean();
        private final List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        private final ExecutorService pool = Executors.newCachedThreadPool();

        DroppingProxy(URI target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            pool.submit(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        pool.submit(() -> serve(client));
                    } catch (IOException closed) {
                        return null;
                    }
                }
                return null;
            });
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        List<String> transactionTokens() {
            synchronized (tokens) {
                return List.copyOf(tokens);
            }
        }

        private Void serve(Socket client) throws IOException {
            try (client) {
                InputStream in = client.getInputStream();
                String head = readHead(in);
                if (head == null) {
                    return null;
                }
                byte[] body = in.readNBytes(contentLength(head));
                if (head.toLowerCase(Locale.ROOT).contains("dynamodb_20120810.transactwriteitems")) {
                    Matcher token = TOKEN.matcher(new String(body, StandardCharsets.UTF_8));
                    tokens.add(token.find() ? token.group(1) : "");
                    if (dropped.compareAndSet(false, true)) {
                        return null; // closed without a byte of answer
                    }
                }
                try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
                    OutputStream out = upstream.getOutputStream();
                    out.write(withConnectionClose(head).getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                    // the emulator closes after its answer, and so the client does not reuse the connection
                    upstream.getInputStream().transferTo(client.getOutputStream());
                }
            }
            return null;
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
                if (matched == 4) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return 0;
        }

        private static String withConnectionClose(String head) {
            StringBuilder rewritten = new StringBuilder();
            for (String line : head.substring(0, head.length() - 4).split("\r\n")) {
                if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    rewritten.append(line).append("\r\n");
                }
            }
            return rewritten.append("Connection: close\r\n\r\n").toString();
        }

        @Override
        public void close() throws IOException {
            server.close();
            pool.shutdownNow();
        }
    }
}
