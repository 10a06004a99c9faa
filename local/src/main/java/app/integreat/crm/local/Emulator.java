package app.integreat.crm.local;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

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

    /** Starts moto_server and returns once it answers; its output goes to {@code log}. */
    public static Emulator startMoto(File log) {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
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
