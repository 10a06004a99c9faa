package app.integreat.crm.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Every one of the 26 mime4j messages against its expected MIME tree (the .xml next to it): the subject,
 * the readable text parts, each attachment's type, name and (for base64) decoded size in order, and each
 * attached message, recursively. The rules are ParsedMail's: a text/plain or text/html part without an
 * attachment disposition or file name is text, a message/rfc822 part an attached message (three levels
 * deep), every other leaf an attachment.
 */
class Mime4jTreesTest {
    static final Path BASE = Corpus.ROOT.resolve("james-mime4j/core/src/test/resources");

    /** What a tree says a parsed message must hold. */
    record Expected(String subject, List<String> textLines, List<String> attachments, List<Expected> messages) {
    }

    static List<Path> trees() throws IOException {
        try (Stream<Path> walk = Files.walk(Corpus.dir("james-mime4j"))) {
            return walk.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
    }

    @Test
    void everyMessageHasItsTree() throws IOException {
        List<Path> trees = trees();
        assertEquals(26, trees.size(), "26 expected trees, none excluded");
        for (Path tree : trees) {
            assertTrue(Files.isRegularFile(message(tree)), "no message for " + tree);
        }
    }

    static Path message(Path tree) {
        return tree.resolveSibling(tree.getFileName().toString().replaceFirst("\\.xml$", ".msg"));
    }

    /**
     * Where the CRM's parser answers otherwise than mime4j's strict tree, on purpose; each is checked for
     * what the parser does instead.
     */
    static final Map<String, String> DIFFERENT_ON_PURPOSE = Map.of(
            "testmsgs/malformedHeader-noheader.xml",
            "input without a single header field is no mail: MailParseException, so the inbound function quarantines it",
            "testmsgs/malformedHeaderStartsBody-nocrlfcrlf.xml",
            "a header line without a colon is skipped and the header read on to the blank line (mime4j's lenient mode), "
                    + "where the strict tree makes it the start of the body");

    @Test
    void theDifferencesOnPurposeAreWhatTheParserDoes() throws Exception {
        assertEquals(2, DIFFERENT_ON_PURPOSE.size());
        org.junit.jupiter.api.Assertions.assertThrows(MailParseException.class,
                () -> MailCorpusTest.parse("james-mime4j/core/src/test/resources/testmsgs/malformedHeader-noheader.msg"));
        ParsedMail skipped = MailCorpusTest.parse("james-mime4j/core/src/test/resources/testmsgs/malformedHeaderStartsBody-nocrlfcrlf.msg");
        assertEquals("this is a subject", skipped.subject());
        assertEquals("Body text", skipped.text().strip());
    }

    @TestFactory
    Stream<DynamicTest> everyTreeIsCompared() throws IOException {
        List<Path> compared = trees().stream().filter(tree -> !DIFFERENT_ON_PURPOSE.containsKey(BASE.relativize(tree).toString())).toList();
        assertEquals(26 - DIFFERENT_ON_PURPOSE.size(), compared.size(), "24 trees compared, 2 listed with their reason");
        return compared.stream().map(tree -> DynamicTest.dynamicTest(BASE.relativize(tree).toString(), () -> {
            Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(tree.toFile()).getDocumentElement();
            Expected expected = expectedMessage(root, 0);
            ParsedMail mail;
            try (InputStream in = Files.newInputStream(message(tree))) {
                mail = new MailParser().parse(in);
            }
            compare(expected, mail, "");
        }));
    }

    static void compare(Expected expected, ParsedMail mail, String where) {
        assertEquals(expected.subject(), mail.subject(), where + "subject");
        for (String line : expected.textLines()) {
            assertTrue(mail.text().contains(line), where + "text lacks \"" + line + "\": " + mail.text());
        }
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < mail.attachments().size(); i++) {
            String described = describe(mail.attachments().get(i));
            // the tree gives no decoded size for a part that is not base64
            boolean sizeUnknown = i < expected.attachments().size() && expected.attachments().get(i).endsWith(" ?");
            actual.add(sizeUnknown ? described.substring(0, described.lastIndexOf(' ')) + " ?" : described);
        }
        assertEquals(expected.attachments(), actual, where + "attachments");
        assertEquals(expected.messages().size(), mail.attachedMessages().size(), where + "attached messages");
        for (int i = 0; i < expected.messages().size(); i++) {
            compare(expected.messages().get(i), mail.attachedMessages().get(i), where + "message " + (i + 1) + ": ");
        }
    }

    /** An attachment as the tree can tell it: type, file name, and the size when the tree holds base64. */
    static String describe(AttachmentInfo attachment) {
        return attachment.mimeType() + " " + attachment.filename() + " " + attachment.sizeBytes();
    }

    // ---- reading the tree

    static List<Element> children(Element element, String name) {
        List<Element> out = new ArrayList<>();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && (name == null || child.getTagName().equals(name))) {
                out.add(child);
            }
        }
        return out;
    }

    /** The header fields of a message or body part, by lower-case name (the first of each), unfolded. */
    static Map<String, String> fields(Element owner) {
        Map<String, String> fields = new TreeMap<>();
        for (Element header : children(owner, "header")) {
            for (Element field : children(header, "field")) {
                String text = field.getTextContent().strip();
                int colon = text.indexOf(':');
                if (colon > 0) {
                    fields.putIfAbsent(text.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            text.substring(colon + 1).replaceAll("\\r?\\n(?=[ \\t])", "").strip());
                }
            }
        }
        return fields;
    }

    static Expected expectedMessage(Element message, int depth) {
        Map<String, String> fields = fields(message);
        String subject = fields.containsKey("subject") ? DecoderUtil.decodeEncodedWords(fields.get("subject"), org.apache.james.mime4j.codec.DecodeMonitor.SILENT).strip() : null;
        List<String> text = new ArrayList<>();
        List<String> attachments = new ArrayList<>();
        List<Expected> messages = new ArrayList<>();
        content(message, fields, "text/plain", depth, text, attachments, messages);
        return new Expected(subject == null || subject.isEmpty() ? null : subject, text, attachments, messages);
    }

    /** The content of a message or body part: a leaf body, a multipart, or a message. */
    static void content(Element owner, Map<String, String> fields, String defaultType, int depth,
                        List<String> text, List<String> attachments, List<Expected> messages) {
        String contentType = fields.getOrDefault("content-type", defaultType);
        String mimeType = contentType.replaceFirst(";.*", "").strip().toLowerCase(Locale.ROOT);
        for (Element multipart : children(owner, "multipart")) {
            String childDefault = mimeType.equals("multipart/digest") ? "message/rfc822" : "text/plain";
            for (Element part : children(multipart, "body-part")) {
                content(part, fields(part), childDefault, depth, text, attachments, messages);
            }
            return;
        }
        for (Element nested : children(owner, "message")) {
            if (depth + 1 < MailParser.DEFAULT_MAX_DEPTH + 1) {
                messages.add(expectedMessage(nested, depth + 1));
            }
            return;
        }
        Element body = children(owner, "body").isEmpty() ? null : children(owner, "body").get(0);
        String content = body == null ? "" : body.getTextContent();
        if (content.startsWith("\n")) {
            content = content.substring(1); // the tree writer's line break after <body>
        }
        String disposition = fields.getOrDefault("content-disposition", "");
        String filename = param(disposition, "filename");
        if (filename == null) {
            filename = param(contentType, "name");
        }
        boolean attachment = disposition.toLowerCase(Locale.ROOT).startsWith("attachment") || filename != null;
        if (!attachment && (mimeType.equals("text/plain") || mimeType.equals("text/html"))) {
            String encoding = fields.getOrDefault("content-transfer-encoding", "7bit").toLowerCase(Locale.ROOT);
            if (mimeType.equals("text/plain") && (encoding.equals("7bit") || encoding.equals("8bit"))) {
                content.lines().map(String::strip).filter(line -> !line.isEmpty() && line.chars().allMatch(c -> c < 128))
                        .findFirst().ifPresent(text::add);
            }
            return;
        }
        String encoding = fields.getOrDefault("content-transfer-encoding", "7bit").toLowerCase(Locale.ROOT);
        Long size = encoding.equals("base64") ? (long) Base64.getMimeDecoder().decode(content.strip()).length : null;
        attachments.add(mimeType + " " + (filename == null ? null : DecoderUtil.decodeEncodedWords(filename, org.apache.james.mime4j.codec.DecodeMonitor.SILENT)) + " "
                + (size == null ? "?" : size));
    }

    /** A plain parameter value (RFC 2231 continuations and charsets are named as such, not decoded here). */
    static String param(String header, String name) {
        Matcher matcher = Pattern.compile("(?i);\\s*" + name + "\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)").matcher(header);
        if (!matcher.find()) {
            return null;
        }
        return matcher.group(2) != null ? matcher.group(2) : matcher.group(1);
    }
}
