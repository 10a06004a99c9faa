package app.integreat.crm.local;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stand-in for SES's inbound SMTP endpoint: a small SMTP server on loopback that accepts
 * mail for the inbound address's domain (so plus addresses work), and hands each message to
 * {@link LocalInbound}, so that swaks or any mail client can BCC or forward to the local CRM.
 * Local use only: no TLS, no authentication, loopback only.
 */
public final class SmtpListener implements AutoCloseable {
    /** SES accepts messages up to 40 MB. */
    static final int MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
    private static final Pattern PATH = Pattern.compile("(?i)^(MAIL FROM|RCPT TO):\\s*<([^>]*)>.*$");

    private final LocalInbound inbound;
    private final String domain;
    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "smtp");
        thread.setDaemon(true);
        return thread;
    });

    public SmtpListener(LocalInbound inbound, String inboundAddress, int port) throws IOException {
        this.inbound = inbound;
        this.domain = inboundAddress.substring(inboundAddress.indexOf('@') + 1).toLowerCase(Locale.ROOT);
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    }

    public int port() {
        return server.getLocalPort();
    }

    public void start() {
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.submit(() -> serve(socket));
                } catch (IOException e) {
                    if (!server.isClosed()) {
                        System.err.println("smtp: accept failed: " + e.getMessage());
                    }
                }
            }
        }, "smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream raw = socket.getOutputStream()) {
            socket.setSoTimeout(60_000);
            OutputStream out = new BufferedOutputStream(raw);
            reply(out, "220 crm.localhost ESMTP local CRM inbound");
            String from = null;
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = readLine(in)) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                switch (command) {
                    case "HELO" -> reply(out, "250 crm.localhost");
                    case "EHLO" -> reply(out, "250-crm.localhost\r\n250-SIZE " + MAX_MESSAGE_BYTES + "\r\n250-8BITMIME\r\n250 SMTPUTF8");
                    case "MAIL" -> {
                        Matcher path = PATH.matcher(line);
                        if (!path.matches()) {
                            reply(out, "501 syntax: MAIL FROM:<address>");
                        } else {
                            from = path.group(2);
                            recipients.clear();
                            reply(out, "250 OK");
                        }
                    }
                    case "RCPT" -> {
                        Matcher path = PATH.matcher(line);
                        if (from == null) {
                            reply(out, "503 MAIL first");
                        } else if (!path.matches()) {
                            reply(out, "501 syntax: RCPT TO:<address>");
                        } else if (!path.group(2).toLowerCase(Locale.ROOT).endsWith("@" + domain)) {
                            reply(out, "550 this server takes mail for @" + domain + " only");
                        } else {
                            recipients.add(path.group(2).toLowerCase(Locale.ROOT));
                            reply(out, "250 OK");
                        }
                    }
                    case "DATA" -> {
                        if (recipients.isEmpty()) {
                            reply(out, "503 RCPT first");
                            continue;
                        }
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        byte[] message = readData(in);
                        if (message == null) {
                            reply(out, "552 message larger than " + MAX_MESSAGE_BYTES + " bytes");
                        } else {
                            try {
                                String id = inbound.receive(message, from, List.copyOf(recipients), LocalInbound.verdictsFromEnvironment());
                                reply(out, "250 OK " + id);
                            } catch (RuntimeException e) {
                                // as with SES, the function failing does not lose the mail: it is in the bucket
                                System.err.println("smtp: the inbound function failed: " + e);
                                reply(out, "451 processing failed, try again");
                            }
                        }
                        from = null;
                        recipients.clear();
                    }
                    case "RSET" -> {
                        from = null;
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "NOOP" -> reply(out, "250 OK");
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 command not implemented");
                }
            }
        } catch (SocketTimeoutException e) {
            // idle client: drop it
        } catch (IOException e) {
            System.err.println("smtp: connection failed: " + e.getMessage());
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One command line without its line ending; null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r' && line.size() < 4096) {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** The message up to the lone dot, dot-unstuffed; null when it exceeds the size limit (read to the end anyway). */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLarge = false;
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b != '\n') {
                continue;
            }
            byte[] bytes = line.toByteArray();
            line.reset();
            int length = bytes.length;
            boolean crlf = length >= 2 && bytes[length - 2] == '\r';
            int contentLength = length - (crlf ? 2 : 1);
            if (contentLength == 1 && bytes[0] == '.') {
                return tooLarge ? null : message.toByteArray();
            }
            int start = bytes[0] == '.' ? 1 : 0;
            if (message.size() + length > MAX_MESSAGE_BYTES) {
                tooLarge = true;
            }
            if (!tooLarge) {
                message.write(bytes, start, contentLength - start);
                message.write('\r');
                message.write('\n');
            }
        }
        throw new IOException("connection closed during DATA");
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
