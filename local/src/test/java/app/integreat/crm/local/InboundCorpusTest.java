package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every raw real-world and malformed mail of the shared corpus, through SES, S3 and the inbound
 * function: each must end as an interaction, an unresolved mail or a quarantined mail with a
 * reason, never as a failed invocation. Once as received, once forwarded by a member as attachment, once as if a member had sent it (BCC).
 */
class InboundCorpusTest {
    static final Path CORPUS = TestCrm.ROOT.resolve("testdata/corpus");
    static final List<String> FOLDERS = List.of("mikel-mail", "james-mime4j", "stalwart-mail-parser-dovecot", "mimekit");
    static final Set<String> ENDINGS = Set.of("LOGGED", "UNRESOLVED", "QUARANTINED");

    @Test
    void everyCorpusMailEndsAsARecordWithAReason() throws IOException {
        TestCrm crm = new TestCrm();
        String member = "lena@integreat.example";
        crm.member(member, "MEMBER");
        List<Path> messages = messages();
        assertTrue(messages.size() >= 130, "the corpus walk found only " + messages.size() + " messages");

        Map<String, Integer> endings = new HashMap<>();
        List<String> failures = new ArrayList<>();
        for (Path message : messages) {
            byte[] raw = Files.readAllBytes(message);
            for (String variant : List.of("as received", "forwarded", "sent by a member")) {
                byte[] delivered = switch (variant) {
                    case "forwarded" -> forwardAsAttachment(member, crm.inboundAddress(), raw);
                    case "sent by a member" -> sentBy(member, raw);
                    default -> raw;
                };
                try {
                    Map<String, Object> result = crm.inbound().deliver(delivered, member, List.of(crm.inboundAddress()),
                            LocalInbound.Verdicts.PASS);
                    String ending = (String) result.get("result");
                    endings.merge(ending, 1, Integer::sum);
                    if (!ENDINGS.contains(ending)) {
                        failures.add(CORPUS.relativize(message) + " (" + variant + "): " + ending);
                    }
                } catch (RuntimeException e) {
                    failures.add(CORPUS.relativize(message) + " (" + variant + "): " + e);
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(endings.getOrDefault("QUARANTINED", 0) > 0 && endings.getOrDefault("UNRESOLVED", 0) > 0, endings::toString);

        // every quarantined mail carries a reason
        List<Map<String, Object>> quarantined = new ArrayList<>();
        String cursor = null;
        do {
            TestCrm.Reply page = crm.admin().get("/quarantine?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
            quarantined.addAll(page.items());
            cursor = (String) page.json().get("nextCursor");
        } while (cursor != null);
        assertEquals(endings.get("QUARANTINED"), quarantined.size());
        quarantined.forEach(q -> assertFalse(((String) q.get("reason")).isBlank()));
    }

    /**
     * The mail as if a member had written it and BCC'd the CRM: a From of the member's in front, the
     * original From renamed, so that matching and the transaction run for every corpus mail.
     */
    static byte[] sentBy(String member, byte[] original) {
        String text = new String(original, StandardCharsets.ISO_8859_1);
        text = text.replaceFirst("(?im)^from:", "X-Original-From:");
        // fixtures share Message-IDs (variants of one test mail, with other attachments), and one member logging
        // the same original twice logs it once: each delivery gets a Message-ID of its own
        text = text.replaceFirst("(?im)^message-id:", "X-Original-Message-ID:");
        return ("From: " + member + "\r\nMessage-ID: <bcc-" + DELIVERIES.incrementAndGet() + "@corpus.example>\r\n" + text)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final java.util.concurrent.atomic.AtomicLong DELIVERIES = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The fixture as the original of a forward: a Message-ID in its header gets a value of its own (see
     * {@link #sentBy}); one without is left as it is (its sender, date, subject and text tell it apart).
     */
    static byte[] asOriginal(byte[] fixture) {
        String text = new String(fixture, StandardCharsets.ISO_8859_1);
        int crlf = text.indexOf("\r\n\r\n");
        int lf = text.indexOf("\n\n");
        int end = crlf < 0 ? lf : lf < 0 ? crlf : Math.min(crlf, lf);
        String header = end < 0 ? text : text.substring(0, end);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("(?im)^message-id:[^\r\n]*").matcher(header);
        if (!id.find()) {
            return fixture;
        }
        String replaced = header.substring(0, id.start()) + "Message-ID: <original-" + DELIVERIES.incrementAndGet()
                + "@corpus.example>" + header.substring(id.end());
        return (replaced + (end < 0 ? "" : text.substring(end))).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What a member's client sends for "forward as attachment". */
    static byte[] forwardAsAttachment(String member, String inbound, byte[] fixture) {
        byte[] original = asOriginal(fixture);
        String head = "From: " + member + "\r\nTo: " + inbound + "\r\nSubject: Fwd: corpus\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"corpus-boundary-7f3a\"\r\n\r\n"
                + "--corpus-boundary-7f3a\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nWeitergeleitet.\r\n"
                + "--corpus-boundary-7f3a\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n";
        String tail = "\r\n--corpus-boundary-7f3a--\r\n";
        byte[] start = head.getBytes(StandardCharsets.US_ASCII);
        byte[] end = tail.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[start.length + original.length + end.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(original, 0, all, start.length, original.length);
        System.arraycopy(end, 0, all, start.length + original.length, end.length);
        return all;
    }

    /** .eml and .msg files, and .txt files that begin with a header field. */
    static List<Path> messages() throws IOException {
        List<Path> found = new ArrayList<>();
        for (String folder : FOLDERS) {
            try (Stream<Path> walk = Files.walk(CORPUS.resolve(folder))) {
                walk.filter(Files::isRegularFile).filter(InboundCorpusTest::isMessage).sorted().forEach(found::add);
            }
        }
        return found;
    }

    private static boolean isMessage(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".eml") || name.endsWith(".msg")) {
            return true;
        }
        if (!name.endsWith(".txt")) {
            return false;
        }
        try (InputStream in = Files.newInputStream(path)) {
            return new String(in.readNBytes(200), StandardCharsets.ISO_8859_1).matches("(?s)[A-Za-z][A-Za-z0-9-]*:.*");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
