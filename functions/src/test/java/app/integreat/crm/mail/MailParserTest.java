package app.integreat.crm.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MailParserTest {
    private final MailParser parser = new MailParser();

    private ParsedMail parse(String raw) throws MailParseException {
        return parse(raw, StandardCharsets.UTF_8);
    }

    private ParsedMail parse(String raw, Charset charset) throws MailParseException {
        return parser.parse(new ByteArrayInputStream(raw.replace("\n", "\r\n").getBytes(charset)));
    }

    @Test
    void headersAreDecoded() throws Exception {
        String utf8 = Base64.getEncoder().encodeToString("Grüße aus Köln".getBytes(StandardCharsets.UTF_8));
        ParsedMail mail = parse("""
            Message-ID: <abc.123@mail.example.de>
            In-Reply-To: <parent@example.de>
            References: <root@example.de> <parent@example.de>
            From: =?UTF-8?B?%s?= <Max.Mustermann@Example.DE>
            Sender: sekretariat@example.de
            Reply-To: "Vertrieb" <vertrieb@example.de>
            To: "Berger, Anna" <anna@integreat.app>, crm@integreat.app
            Cc: Team: a@example.de, b@example.de;
            Date: Mon, 23 Nov 2026 10:15:00 +0100
            Subject: =?ISO-8859-1?Q?M=FCnchen?= und =?UTF-8?B?%s?=

            Hallo
            """.formatted(utf8, utf8));
        assertEquals("abc.123@mail.example.de", mail.messageId());
        assertEquals("parent@example.de", mail.inReplyTo());
        assertEquals(List.of("root@example.de", "parent@example.de"), mail.references());
        assertEquals(new MailAddress("Grüße aus Köln", "max.mustermann@example.de"), mail.from());
        assertEquals(new MailAddress(null, "sekretariat@example.de"), mail.sender());
        assertEquals(List.of(new MailAddress("Vertrieb", "vertrieb@example.de")), mail.replyTo());
        assertEquals(List.of(new MailAddress("Berger, Anna", "anna@integreat.app"),
            new MailAddress(null, "crm@integreat.app")), mail.to());
        assertEquals(List.of(new MailAddress(null, "a@example.de"), new MailAddress(null, "b@example.de")), mail.cc());
        assertEquals(Instant.parse("2026-11-23T09:15:00Z"), mail.date());
        assertEquals("München und Grüße aus Köln", mail.subject());
        assertEquals("Hallo", mail.text());
        assertFalse(mail.automated());
    }

    @Test
    void latin1QuotedPrintableBody() throws Exception {
        ParsedMail mail = parse("""
            From: a@example.de
            Subject: Umlaute
            Content-Type: text/plain; charset=ISO-8859-1
            Content-Transfer-Encoding: quoted-printable

            =C4 =D6 =DC =E4 =F6 =FC =DF, sehr lange Zeile mit weichem Zeilen=
            umbruch.
            """);
        assertEquals("Ä Ö Ü ä ö ü ß, sehr lange Zeile mit weichem Zeilenumbruch.", mail.text());
    }

    @Test
    void charsetsWithoutLabelOrWithUnknownLabelAreGuessed() throws Exception {
        String head = "From: a@example.de\nContent-Type: text/plain; charset=%s\nContent-Transfer-Encoding: 8bit\n\n";
        assertEquals("Grüße – „Zitat“ 5 €", parse(head.formatted("x-unknown") + "Grüße – „Zitat“ 5 €\n").text());
        assertEquals("Grüße – „Zitat“ 5 €",
            parse(head.formatted("windows-1252") + "Grüße – „Zitat“ 5 €\n", Charset.forName("windows-1252")).text());
        assertEquals("Grüße 5 €", parse(head.formatted("iso-8859-1") + "Grüße 5 €\n",
            Charset.forName("windows-1252")).text());
        assertEquals("Grüße", parse("From: a@example.de\n\nGrüße\n", StandardCharsets.ISO_8859_1).text());
        assertEquals("Grüße", parse("From: a@example.de\n\nGrüße\n", StandardCharsets.UTF_8).text());
    }

    @Test
    void htmlOnlyBecomesReadableText() throws Exception {
        ParsedMail mail = parse("""
            From: a@example.de
            Content-Type: text/html; charset=utf-8

            <html><head><style>p {color: red}</style><title>t</title></head><body>
            <p>Sehr geehrte <b>Frau</b> Berger,</p><div>Zeile eins<br>Zeile zwei</div>
            <ul><li>Punkt eins</li><li>Punkt zwei</li></ul>
            <blockquote>Zitat</blockquote><script>alert(1)</script><div>Gruß&nbsp;Max</div>
            </body></html>
            """);
        assertEquals("Sehr geehrte Frau Berger,\n\nZeile eins\nZeile zwei\n\n- Punkt eins\n- Punkt zwei\n\n"
            + "Zitat\n\nGruß Max", mail.text());
        assertTrue(mail.hasHtml());
    }

    @Test
    void plainTextWinsInMultipartAlternative() throws Exception {
        ParsedMail mail = parse("""
            From: a@example.de
            Content-Type: multipart/alternative; boundary="alt"

            --alt
            Content-Type: text/html; charset=utf-8

            <p>HTML text</p>
            --alt
            Content-Type: text/plain; charset=utf-8

            Plain text
            --alt--
            """);
        assertEquals("Plain text", mail.text());
        assertTrue(mail.hasHtml());
        assertTrue(mail.attachments().isEmpty());
    }

    @Test
    void attachmentMetadataWithRfc2231Names() throws Exception {
        byte[] pdf = new byte[1000];
        String base64 = Base64.getMimeEncoder().encodeToString(pdf);
        ParsedMail mail = parse("""
            From: a@example.de
            Content-Type: multipart/mixed; boundary="mix"

            --mix
            Content-Type: text/plain; charset=utf-8

            Anbei.
            --mix
            Content-Type: application/pdf
            Content-Disposition: attachment; filename*=UTF-8''Angebot%%20M%%C3%%BCller.pdf
            Content-Transfer-Encoding: base64

            %s
            --mix
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename*0*=ISO-8859-1''Pr%%FCfung%%20;
             filename*1="Teil 2.txt"

            abc
            --mix
            Content-Type: image/png; name="=?UTF-8?Q?Gr=C3=BC=C3=9Fe.png?="
            Content-ID: <logo@example.de>
            Content-Disposition: inline

            png
            --mix--
            """.formatted(base64));
        assertEquals("Anbei.", mail.text());
        assertEquals(List.of(
            new AttachmentInfo("Angebot Müller.pdf", "application/pdf", 1000, null, false),
            new AttachmentInfo("Prüfung Teil 2.txt", "application/octet-stream", 3, null, false),
            new AttachmentInfo("Grüße.png", "image/png", 3, "logo@example.de", true)), mail.attachments());
    }

    private static final String WITH_ATTACHED_MESSAGE = """
        From: Anna <anna@integreat.app>
        Subject: Fwd: Anfrage
        Content-Type: multipart/mixed; boundary="outer"

        --outer
        Content-Type: text/plain

        Siehe unten.
        --outer
        Content-Type: message/rfc822

        From: Kunde <kunde@example.de>
        Subject: Anfrage
        Content-Type: multipart/mixed; boundary="inner"

        --inner
        Content-Type: text/plain

        Innen.
        --inner
        Content-Type: message/rfc822

        From: Ganz innen <tief@example.de>
        Subject: Tief

        Tief.
        --inner--
        --outer--
        """;

    @Test
    void attachedMessagesAreParsedNested() throws Exception {
        ParsedMail mail = parse(WITH_ATTACHED_MESSAGE);
        assertEquals("Siehe unten.", mail.text());
        assertEquals(1, mail.attachedMessages().size());
        ParsedMail inner = mail.attachedMessages().get(0);
        assertEquals(new MailAddress("Kunde", "kunde@example.de"), inner.from());
        assertEquals("Innen.", inner.text());
        assertEquals("Tief", inner.attachedMessages().get(0).subject());
        assertTrue(mail.attachments().isEmpty());
    }

    @Test
    void attachedMessagesBeyondTheDepthCapAreAttachments() throws Exception {
        MailParser shallow = new MailParser(1000, 1);
        ParsedMail mail = shallow.parse(new ByteArrayInputStream(WITH_ATTACHED_MESSAGE.getBytes(StandardCharsets.UTF_8)));
        ParsedMail inner = mail.attachedMessages().get(0);
        assertTrue(inner.attachedMessages().isEmpty());
        assertEquals("message/rfc822", inner.attachments().get(0).mimeType());
        assertTrue(inner.attachments().get(0).sizeBytes() > 20);
    }

    @Test
    void missingOrGarbageDateIsNull() throws Exception {
        assertNull(parse("From: a@example.de\nSubject: x\n\nHallo\n").date());
        assertNull(parse("From: a@example.de\nDate: gestern abend, so gegen acht\n\nHallo\n").date());
        assertNull(parse("From: a@example.de\nDate: \n\nHallo\n").date());
    }

    @Test
    void longBodiesAreCutAtTheCap() throws Exception {
        MailParser small = new MailParser(10);
        ParsedMail mail = small.parse(new ByteArrayInputStream(
            "From: a@example.de\n\n0123456789abcdef\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("0123456789", mail.text());
        assertTrue(mail.bodyTruncated());
        assertFalse(parse("From: a@example.de\n\nkurz\n").bodyTruncated());
    }

    @Test
    void machineMailIsMarked() throws Exception {
        assertTrue(parse("From: a@example.de\nAuto-Submitted: auto-replied\n\nAbwesend\n").automated());
        assertTrue(parse("From: a@example.de\nPrecedence: bulk\n\nNewsletter\n").automated());
        assertFalse(parse("From: a@example.de\nAuto-Submitted: no\n\nHallo\n").automated());
        ParsedMail bounce = parse("From: MAILER-DAEMON@mx.example.de\nSubject: Undelivered\n\nSorry\n");
        assertTrue(bounce.bounce());
        assertTrue(bounce.automated());
    }

    @Test
    void noMessageAtAllIsAParseException() {
        MailParseException empty = assertThrows(MailParseException.class,
            () -> parser.parse(new ByteArrayInputStream(new byte[0])));
        assertEquals("empty message", empty.getMessage());
        MailParseException noHeader = assertThrows(MailParseException.class,
            () -> parse("Das ist nur Text.\nOhne Kopfzeilen.\n"));
        assertTrue(noHeader.getMessage().startsWith("no header section"), noHeader.getMessage());
        assertThrows(MailParseException.class, () -> parser.parse(null));
    }

    @Test
    void readErrorsBecomeParseExceptions() {
        java.io.InputStream failing = new java.io.InputStream() {
            private int n;

            @Override
            public int read() throws java.io.IOException {
                if (n < 20) {
                    return "From: a@example.de\n\n".charAt(n++);
                }
                throw new java.io.IOException("connection reset");
            }
        };
        MailParseException e = assertThrows(MailParseException.class, () -> parser.parse(failing));
        assertTrue(e.getMessage().contains("connection reset"), e.getMessage());
    }

    @Test
    void bigAttachmentIsCountedNotKept() throws Exception {
        int lines = 320_000; // about 25 MB of base64, 18.2 MB decoded
        ParsedMail mail = parser.parse(GeneratedMail.withAttachment(lines));
        assertEquals("Anbei die Pläne.", mail.text());
        assertEquals(List.of(new AttachmentInfo("plaene.pdf", "application/pdf",
            (long) lines * GeneratedMail.BYTES_PER_LINE, null, false)), mail.attachments());
    }

    /** How long the small-heap probe may take. */
    static final long PROBE_SECONDS = 120;

    @Test
    void bigMailParsesInASmallHeap(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path output = dir.resolve("probe.txt");
        // a fresh JVM with 48 MB of heap cannot hold the 25 MB mail (nor its 18 MB attachment) in an array
        // next to the parser, so passing here shows the attachment was streamed
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin"
            + File.separator + "java", "-Xmx48m", "-cp", classPath, GeneratedMail.class.getName(), "330000")
            .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        // the output goes to a file, so that waiting is bounded: reading a pipe to its end would wait for ever
        boolean finished = process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertTrue(finished, "probe did not finish in " + PROBE_SECONDS + " s");
        String text = java.nio.file.Files.readString(output, StandardCharsets.UTF_8).strip();
        assertEquals(0, process.exitValue(), text);
        assertEquals(330_000L * GeneratedMail.BYTES_PER_LINE + " Anbei die Pläne.", text);
    }
}
