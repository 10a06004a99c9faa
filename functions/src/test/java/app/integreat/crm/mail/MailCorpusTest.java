package app.integreat.crm.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every raw message of the robustness corpus parses, but for those listed with their reason; what each one holds
 * is compared in CorpusOutcomesTest (local module) against testdata/corpus/inbound-expectations.json, the trees
 * of mime4j in Mime4jTreesTest.
 */
class MailCorpusTest {
    private static final List<String> FOLDERS =
        List.of("mikel-mail", "james-mime4j", "stalwart-mail-parser-dovecot", "mimekit");
    /** The messages that are refused, each with why; every other one must parse. */
    static final java.util.Map<String, String> UNREADABLE = java.util.Map.of(
        "james-mime4j/core/src/test/resources/testmsgs/malformedHeader-noheader.msg",
        "no header section: the input does not start with header fields");
    private final MailParser parser = new MailParser();

    @TestFactory
    Stream<DynamicTest> everyMessageParsesOrFailsWithAReason() throws IOException {
        List<Path> messages = messageFiles();
        // 59 mikel-mail + 26 james-mime4j + 43 stalwart + 8 mimekit (2 .eml, 6 .txt, one of them with a byte-order mark)
        assertEquals(136, messages.size(), "messages in the corpus walk");
        return messages.stream().map(path -> DynamicTest.dynamicTest(Corpus.ROOT.relativize(path).toString(), () -> {
            String name = Corpus.ROOT.relativize(path).toString().replace('\\', '/');
            try (InputStream in = Files.newInputStream(path)) {
                parser.parse(in);
                assertFalse(UNREADABLE.containsKey(name), "listed as unreadable, but parses");
            } catch (MailParseException e) {
                assertEquals(UNREADABLE.get(name), e.getMessage(), "refused: " + e.getMessage());
            }
        }));
    }

    /** Messages are .eml/.msg files and .txt files that start with a header field; licences and notes are not. */
    static List<Path> messageFiles() throws IOException {
        List<Path> result = new java.util.ArrayList<>();
        for (String folder : FOLDERS) {
            try (Stream<Path> walk = Files.walk(Corpus.dir(folder))) {
                walk.filter(Files::isRegularFile).filter(MailCorpusTest::isMessage).sorted().forEach(result::add);
            }
        }
        return result;
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
            String head = new String(in.readNBytes(200), java.nio.charset.StandardCharsets.ISO_8859_1);
            // mimekit's feedback-report.txt starts with a UTF-8 byte-order mark
            return head.matches("(?s)(\u00ef\u00bb\u00bf)?[A-Za-z][A-Za-z0-9-]*:.*");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void tnefWinmailIsAnAttachment() throws Exception {
        ParsedMail mail = parse("mimekit/UnitTests/TestData/tnef/ukr.eml");
        AttachmentInfo winmail = mail.attachments().stream()
            .filter(a -> "winmail.dat".equals(a.filename())).findFirst().orElseThrow();
        assertEquals("application/ms-tnef", winmail.mimeType());
        assertTrue(winmail.sizeBytes() > 0);
        assertFalse(mail.text().isBlank());
    }

    @Test
    void deliveryStatusIsABounceAndAutomated() throws Exception {
        ParsedMail mail = parse("mimekit/UnitTests/TestData/messages/delivery-status.txt");
        assertTrue(mail.bounce());
        assertTrue(mail.automated());
    }

    @Test
    void embeddedMessageIsParsed() throws Exception {
        ParsedMail mail = parse("mimekit/UnitTests/TestData/messages/simple-embedded-message.eml");
        assertEquals(1, mail.attachedMessages().size());
    }

    @Test
    void mime4jTreesMatchTheirExpectedStructure() throws Exception {
        String base = "james-mime4j/core/src/test/resources/";
        ParsedMail simple = parse(base + "testmsgs/simple-attachment.msg");
        assertEquals("Body.", simple.text());
        assertEquals(List.of(new AttachmentInfo("data.bin", "application/octet-stream", 1024, null, false)),
            simple.attachments());
        // the whole message body is a base64 message/rfc822 holding another one
        ParsedMail nested = parse(base + "testmsgs/base64encoded-rfc822message-nested.msg");
        assertEquals(1, nested.attachedMessages().size());
        assertEquals(1, nested.attachedMessages().get(0).attachedMessages().size());
        ParsedMail forwarded = parse(base + "mimetools-testmsgs/mp-msg-rfc822.msg");
        assertEquals("[Fwd: Re: 34Mbit/s Netz]", forwarded.subject());
        assertEquals(1, forwarded.attachedMessages().size());
        assertEquals("Re: 34Mbit/s Netz", forwarded.attachedMessages().get(0).subject());
        ParsedMail multi = parse(base + "mimetools-testmsgs/multi-nested.msg");
        assertEquals(List.of("image/gif", "image/gif", "text/richtext"),
            multi.attachments().stream().map(AttachmentInfo::mimeType).toList());
        assertEquals(1, multi.attachedMessages().size());
        ParsedMail latin1Name = parse(base + "mimetools-testmsgs/attachment-filename-encoding-Latin1.msg");
        assertEquals("attachment.äöü", latin1Name.attachments().get(0).filename());
    }

    static ParsedMail parse(String relative) throws IOException, MailParseException {
        try (InputStream in = Files.newInputStream(Corpus.ROOT.resolve(relative))) {
            return new MailParser().parse(in);
        }
    }
}
