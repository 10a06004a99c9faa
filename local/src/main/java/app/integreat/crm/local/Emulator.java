package app.integreat.crm.local;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The embedded AWS for local runs and tests: a moto server process on a free loopback port, or the
 * endpoint in AWS_ENDPOINT_URL when one is given (LocalStack, or a moto server started elsewhere).
 */
public final class Emulator implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final URI endpoint;
    private final Process process;

    private Emulator(URI endpoint, Process process) {
        this.endpoint = endpoint;
        this.process = process;
    }

    public static Emulator external(URI endpoint) {
        return new Emulator(endpoint, null);
    }

    /**
     * moto's own server, serving one request at a time. moto rolls a failed transaction back by
     * restoring a copy of the table taken when the transaction began, which silently drops writes that
     * other requests made meanwhile; DynamoDB isolates transactions, and serving requests one after the
     * other restores that guarantee. Concurrency tests still race their requests against each other.
     *
     * <p>moto also keeps every model object it ever made in a list for its dashboard, including each
     * transaction's copy of the table: a test run grew the server past 11 GB until the kernel killed
     * it. The server here makes its models untracked (the dashboard is not used), which keeps it at
     * the size of what it stores.
     */
    private static final String SERIAL_MOTO_SERVER = String.join("\n",
            "import sys",
            "from werkzeug.serving import run_simple",
            "from moto.core.common_models import BaseModel",
            "BaseModel.__new__ = staticmethod(lambda cls, *args, **kwargs: super(BaseModel, cls).__new__(cls))",
            "from moto.server import DomainDispatcherApplication, create_backend_app",
            "run_simple(sys.argv[1], int(sys.argv[2]), DomainDispatcherApplication(create_backend_app), threaded=False)");

    /** Starts the moto server and returns once it answers; its output goes to {@code log}. */
    public static Emulator startMoto(File log) {
        int port = freePort();
        List<String> command = motoImportable()
                ? List.of("python3", "-c", SERIAL_MOTO_SERVER, "127.0.0.1", Integer.toString(port))
                : List.of("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto_server; install it with: pip install \"moto[server]\"", e);
        }
        Emulator emulator = new Emulator(URI.create("http://127.0.0.1:" + port), process);
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        emulator.awaitReady();
        return emulator;
    }

    /** True when python3 can import moto (pip install "moto[server]"); else the moto_server command is used. */
    private static boolean motoImportable() {
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import moto.server, werkzeug.serving")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with code " + process.exitValue());
            }
            if (answers()) {
                return;
            }
            try {
                // polling the condition "the server answers"; each probe is itself bounded by its timeouts
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto_server", e);
            }
        }
        close();
        throw new IllegalStateException("moto_server did not answer within " + START_TIMEOUT);
    }

    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status < 500;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
