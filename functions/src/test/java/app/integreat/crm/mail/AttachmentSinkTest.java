package app.integreat.crm.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser hands every attachment, also those of an attached message, to the sink, counted and hashed. */
class AttachmentSinkTest {
    private static final byte[] PDF = "%PDF-1.4 Angebot".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LOGO = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

    private static final String MAIL = """
        From: a@example.org
        To: b@example.org
        Subject: Fwd: Bericht
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="outer"

        --outer
        Content-Type: text/html; charset=UTF-8

        <p>Siehe <img src="cid:logo@x">Anhang</p>
        --outer
        Content-Type: image/png
        Content-ID: <logo@x>
        Content-Disposition: inline
        Content-Transfer-Encoding: base64

        %s
        --outer
        Content-Type: message/rfc822

        From: c@example.org
        To: a@example.org
        Subject: Bericht
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="inner"

        --inner
        Content-Type: text/plain

        Der Bericht.
        --inner
        Content-Type: application/pdf
        Content-Disposition: attachment; filename="bericht.pdf"
        Content-Transfer-Encoding: base64

        %s
        --inner--
        --outer--
        """.formatted(Base64.getEncoder().encodeToString(LOGO), Base64.getEncoder().encodeToString(PDF));

    private static ByteArrayInputStream raw() {
        return new ByteArrayInputStream(MAIL.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void everyAttachmentReachesTheSinkWithItsNumberAndFingerprint() throws Exception {
        List<String> seen = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        ParsedMail mail = new MailParser().parse(raw(), (index, filename, mimeType, content) -> {
            seen.add(index + " " + mimeType + " " + filename);
            bytes.add(content.readAllBytes());
            return AttachmentSink.Kept.at("key-" + index);
        });
        assertEquals(List.of("0 image/png null", "1 application/pdf bericht.pdf"), seen);
        assertEquals(HexFormat.of().formatHex(LOGO), HexFormat.of().formatHex(bytes.get(0)));
        AttachmentInfo logo = mail.attachments().get(0);
        assertEquals(sha256(LOGO), logo.sha256());
        assertEquals("key-0", logo.reference());
        assertEquals("logo@x", logo.contentId());
        assertEquals(0, logo.index());
        AttachmentInfo pdf = mail.attachedMessages().get(0).attachments().get(0);
        assertEquals(1, pdf.index());
        assertEquals(sha256(PDF), pdf.sha256());
        assertEquals(PDF.length, pdf.sizeBytes());
        assertTrue(mail.html().contains("cid:logo@x"), mail.html());
    }

    @Test
    void aSinkThatStopsEarlyStillGetsTheWholeFileCountedAndHashed() throws Exception {
        ParsedMail mail = new MailParser().parse(raw(), (index, filename, mimeType, content) -> {
            content.read();
            return AttachmentSink.Kept.not("too large");
        });
        AttachmentInfo pdf = mail.attachedMessages().get(0).attachments().get(0);
        assertEquals(sha256(PDF), pdf.sha256());
        assertEquals(PDF.length, pdf.sizeBytes());
        assertNull(pdf.reference());
        assertEquals("too large", pdf.notKeptReason());
    }

    @Test
    void aFailingStoreIsNotMistakenForABrokenMail() {
        assertThrows(AttachmentSink.StorageFailure.class, () -> new MailParser().parse(raw(), (index, filename, mimeType, content) -> {
            throw new AttachmentSink.StorageFailure("S3 is down", null);
        }));
    }

    @Test
    void withoutASinkOnlyTheMetadataIsKept() throws Exception {
        ParsedMail mail = new MailParser().parse(raw());
        assertEquals(new AttachmentInfo(null, "image/png", LOGO.length, "logo@x", true), mail.attachments().get(0));
    }
}
