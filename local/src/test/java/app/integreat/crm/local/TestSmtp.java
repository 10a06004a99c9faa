package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Speaks SMTP to the runner's listener, as a mail client does (the listener answers 250 once the mail is processed). */
final class TestSmtp {
    private TestSmtp() {
    }

    static void send(int port, String from, List<String> recipients, String message) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            command(out, in, "EHLO test.localhost", "250");
            command(out, in, "MAIL FROM:<" + from + ">", "250");
            for (String recipient : recipients) {
                command(out, in, "RCPT TO:<" + recipient + ">", "250");
            }
            command(out, in, "DATA", "354");
            out.write((message + "\r\n.\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            expect(in, "250");
            command(out, in, "QUIT", "221");
        }
    }

    private static void command(OutputStream out, BufferedReader in, String line, String code) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        expect(in, code);
    }

    private static void expect(BufferedReader in, String code) throws Exception {
        String line;
        do {
            line = in.readLine();
            assertTrue(line != null && line.startsWith(code), "SMTP: expected " + code + " but got " + line);
        } while (line.charAt(3) == '-');
    }
}
