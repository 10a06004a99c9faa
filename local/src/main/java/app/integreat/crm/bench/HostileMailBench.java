package app.integreat.crm.bench;

import app.integreat.crm.mail.ForwardParser;
import app.integreat.crm.mail.MailParseException;
import app.integreat.crm.mail.MailParser;
import app.integreat.crm.mail.ParsedMail;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * How long the inbound function's parsing (MIME, then the forward parser) takes for 1 MB mails built to hurt
 * it, beside ordinary ones of the same size: bench/hostile-mail. Each mail is parsed {@code RUNS} times in one
 * JVM after a warm-up on an ordinary mail; the report gives the first (coldest) run, the median and the worst.
 * Writes its section of docs/performance.md between its markers unless {@code bench.write=false}.
 */
public final class HostileMailBench {
    static final String BEGIN = "<!-- BEGIN bench/hostile-mail -->";
    static final String END = "<!-- END bench/hostile-mail -->";
    private static final int SIZE = 1024 * 1024;
    private static final int RUNS = Integer.getInteger("bench.runs", 7);

    private HostileMailBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Map<String, String> mails = mails();
        MailParser parser = new MailParser();
        ForwardParser forwards = new ForwardParser();
        for (int i = 0; i < 3; i++) {
            parse(parser, forwards, mails.get("ordinary: text and HTML with a PDF"));
        }
        StringBuilder report = new StringBuilder(BEGIN).append('\n')
            .append("Measured ").append(java.time.LocalDate.now()).append(" on ")
            .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
            .append(System.getProperty("java.version")).append(", ").append(RUNS)
            .append(" runs per mail in one JVM, load average ").append(loadAverage())
            .append(" while it ran. Time = MIME parsing plus the forward parser, as the inbound function does.\n\n")
            .append("| mail (about 1 MB) | outcome | first run ms | median ms | worst ms |\n|---|---|---:|---:|---:|\n");
        for (Map.Entry<String, String> mail : mails.entrySet()) {
            long[] millis = new long[RUNS];
            String outcome = "";
            for (int r = 0; r < RUNS; r++) {
                long start = System.nanoTime();
                outcome = parse(parser, forwards, mail.getValue());
                millis[r] = (System.nanoTime() - start) / 1_000_000;
            }
            long first = millis[0];
            Arrays.sort(millis);
            report.append("| ").append(mail.getKey()).append(" | ").append(outcome).append(" | ").append(first)
                .append(" | ").append(millis[RUNS / 2]).append(" | ").append(millis[RUNS - 1]).append(" |\n");
        }
        report.append(END);
        System.out.println(report);
        if (!"false".equals(System.getProperty("bench.write"))) {
            Path doc = root.resolve("docs/performance.md");
            String text = Files.readString(doc);
            int begin = text.indexOf(BEGIN);
            int end = text.indexOf(END);
            if (begin < 0 || end < begin) {
                throw new IOException(doc + " has no " + BEGIN + " … " + END + " section");
            }
            Files.writeString(doc, text.substring(0, begin) + report + text.substring(end + END.length()));
        }
    }

    private static String parse(MailParser parser, ForwardParser forwards, String mail) {
        try {
            ParsedMail parsed = parser.parse(new ByteArrayInputStream(mail.getBytes(StandardCharsets.UTF_8)));
            return forwards.find(parsed).isPresent() ? "parsed, forward found" : "parsed";
        } catch (MailParseException e) {
            return "unparseable (" + e.getMessage() + ")";
        }
    }

    private static Map<String, String> mails() {
        Map<String, String> mails = new LinkedHashMap<>();
        byte[] pdf = new byte[SIZE * 3 / 4 - 20_000];
        new Random(7).nextBytes(pdf);
        String prose = "Sehr geehrte Frau Müller,\r\nvielen Dank für Ihre Nachricht zur Integreat-App. Gern senden wir "
            + "Ihnen das Angebot für den Landkreis, mit den Preisen für die Übersetzungen.\r\n\r\n";
        mails.put("ordinary: text and HTML with a PDF", header("multipart/mixed; boundary=\"m\"") + "--m\r\n"
            + "Content-Type: multipart/alternative; boundary=\"a\"\r\n\r\n--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + prose.repeat(40) + "\r\n--a\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>"
            + ("<p>" + prose + "</p>").repeat(40) + "</body></html>\r\n--a--\r\n--m\r\n"
            + "Content-Type: application/pdf; name=\"Angebot.pdf\"\r\nContent-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=\"Angebot.pdf\"\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(pdf) + "\r\n--m--\r\n");
        mails.put("ordinary: a forward with 1 MB of quoted text", header("text/plain; charset=utf-8")
            + "Bitte zur Akte.\r\n\r\n---------- Forwarded message ---------\r\nVon: Erika Müller <erika@augsburg.de>\r\n"
            + "Date: Mon, 23 Nov 2026 10:15\r\nSubject: Angebot\r\nTo: <lena@integreat.example>\r\n\r\n"
            + fill("> " + prose));
        mails.put("HTML: <pre> full of spaces", header("text/html; charset=utf-8") + "<pre>" + fill(" ") + "x</pre>");
        mails.put("text: one line of '>'", header("text/plain") + "---------- Forwarded message ---------\r\n" + fill(">"));
        mails.put("text: one line of '> '", header("text/plain") + fill("> ") + "\r\n");
        mails.put("text: one line of '-'", header("text/plain") + fill("-") + "\r\n");
        mails.put("text: sender line of 'a@'", header("text/plain") + "---------- Forwarded message ---------\r\nVon: "
            + fill("a@") + "\r\n");
        mails.put("text: sender line of '<a@'", header("text/plain") + "---------- Forwarded message ---------\r\nFrom: "
            + fill("<a@") + "\r\n");
        mails.put("text: address of 'b.'", header("text/plain") + "Von: a@" + fill("b.") + "\r\n");
        mails.put("text: inline block of labels", header("text/plain") + "-----Original Message----- From: "
            + fill("To Cc ") + "\r\n");
        mails.put("header: a 120 KB To list", "From: Lena Berg <lena@integreat.example>\r\nTo: "
            + "a@b.de, ".repeat(120_000 / 8) + "crm@inbound.localhost\r\nSubject: x\r\n\r\nx\r\n" + fill(" "));
        mails.put("header: 'Re: ' 30,000 times", "From: Lena Berg <lena@integreat.example>\r\nTo: crm@inbound.localhost"
            + "\r\nSubject: " + "Re: ".repeat(30_000) + "\r\n\r\n" + fill("x "));
        StringBuilder nested = new StringBuilder(header("multipart/mixed; boundary=\"b0\"")).append("--b0\r\n");
        for (int d = 1; d < 20; d++) {
            nested.append("Content-Type: multipart/mixed; boundary=\"b").append(d).append("\"\r\n\r\n--b").append(d)
                .append("\r\n");
        }
        while (nested.length() < SIZE) {
            nested.append("Content-Type: text/plain\r\n\r\npart\r\n--b19\r\n");
        }
        mails.put("MIME: 20 nested multiparts, then parts until 1 MB", nested.toString());
        return mails;
    }

    /** The one-minute load average (Linux), since a shared machine's other work shows in the times. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String header(String contentType) {
        return "From: Lena Berg <lena@integreat.example>\r\nTo: crm@inbound.localhost\r\nSubject: Fwd: Angebot\r\n"
            + "Date: Mon, 23 Nov 2026 10:15:00 +0100\r\nMessage-ID: <bench@integreat.example>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: " + contentType + "\r\n\r\n";
    }

    private static String fill(String piece) {
        return piece.repeat(Math.max(1, SIZE / piece.length()));
    }
}
