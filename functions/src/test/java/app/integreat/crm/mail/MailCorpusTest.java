package app.integreat.crm.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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

/** Every raw message in the robustness corpus either parses or fails with a MailParseException and a reason. */
class MailCorpusTest {
    private static final List<String> FOLDERS =
        List.of("mikel-mail", "james-mime4j", "stalwart-mail-parser-dovecot", "mimekit");
    private final MailParser parser = new MailParser();

    @TestFactory
    Stream<DynamicTest> everyMessageParsesOrFailsWithAReason() throws IOException {
        List<Path> messages = messageFiles();
        // the corpus README promises 59 + 26 + 43 + 9 messages; far fewer means the walk went wrong
        assertTrue(messages.size() >= 130, "found only " + messages.size() + " messages");
        return messages.stream().map(path -> DynamicTest.dynamicTest(Corpus.ROOT.relativize(path).toString(), () -> {
            try (InputStream in = Files.newInputStream(path)) {
                ParsedMail mail = parser.parse(in);
                assertNotNull(mail.text());
                assertNotNull(mail.attachments());
            } catch (MailParseException e) {
                assertNotNull(e.getMessage());
                assertFalse(e.getMessage().isBlank(), "blank reason");
            } catch (Exception | Error e) {
                fail("unexpected " + e, e);
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
            return head.matches("(?s)[A-Za-z][A-Za-z0-9-]*:.*");
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
