package app.integreat.crm.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our own fixtures for layouts the shared corpus lacks: classic German Outlook, GMX/Web.de, and a non-forward. */
class ForwardParserTest {
    private final ForwardParser parser = new ForwardParser();

    @Test
    void classicGermanOutlookBlockWithMailtoAddresses() throws IOException {
        ForwardedMessage fwd = parser.find(fixture("outlook_de_forward_body.txt"),
            "WG: Angebot Wärmepumpen Rahmenvertrag").orElseThrow();
        assertEquals(new MailAddress("Köhler, Jürgen", "j.koehler@stadtwerke-beispiel.de"), fwd.from());
        assertEquals(List.of(new MailAddress("Berger, Anna", "anna.berger@integreat.app"),
            new MailAddress(null, "vertrieb@integreat.app")), fwd.to());
        assertEquals(List.of(new MailAddress("Müller, Petra", "p.mueller@stadtwerke-beispiel.de")), fwd.cc());
        assertEquals("Montag, 23. November 2026 10:15", fwd.dateText());
        assertEquals(Instant.parse("2026-11-23T09:15:00Z"), fwd.date());
        assertEquals("Angebot Wärmepumpen Rahmenvertrag", fwd.subject());
        assertEquals("Sehr geehrte Frau Berger,\n\nwir bitten um ein Angebot für 40 Wärmepumpen.\n\n"
            + "Mit freundlichen Grüßen\nJürgen Köhler", fwd.body());
        assertEquals("Hallo Frau Berger,\n\nanbei die Anfrage von Herrn Köhler, bitte ins CRM übernehmen.\n\n"
            + "Viele Grüße\nAnna", fwd.note());
        assertEquals(ForwardedMessage.Via.BODY_BLOCK, fwd.via());
    }

    @Test
    void ursprunglicheNachrichtSeparatorCountsEvenWithoutSubject() {
        String body = "Bitte anlegen.\n\n-----Ursprüngliche Nachricht-----\nVon: Max Mustermann <max.m@beispiel.de>\n"
            + "An: Erika Musterfrau <e.m@beispiel.de>\nBetreff: Ihre Anfrage\nDatum: 25.11.2025 15:00\n\nHallo.";
        ForwardedMessage fwd = parser.find(body, null).orElseThrow();
        assertEquals(new MailAddress("Max Mustermann", "max.m@beispiel.de"), fwd.from());
        assertEquals(Instant.parse("2025-11-25T14:00:00Z"), fwd.date());
        assertEquals("Hallo.", fwd.body());
    }

    @Test
    void gmxWebDeBlockStartsWithGesendet() throws IOException {
        ForwardedMessage fwd = parser.find(fixture("gmx_forward_body.txt"), "Fwd: Rückruf wegen Wartungsvertrag")
            .orElseThrow();
        assertEquals(new MailAddress("Sabine Wolf", "sabine.wolf@web.de"), fwd.from());
        assertEquals(List.of(new MailAddress(null, "info@integreat.app")), fwd.to());
        assertEquals("Dienstag, 24. November 2026 um 08:03 Uhr", fwd.dateText());
        assertEquals(Instant.parse("2026-11-24T07:03:00Z"), fwd.date());
        assertEquals("Rückruf wegen Wartungsvertrag", fwd.subject());
        assertTrue(fwd.body().startsWith("Hallo,\n\nbitte rufen Sie mich"), fwd.body());
        assertEquals("Zur Info, bitte anlegen.", fwd.note());
    }

    @Test
    void plainMailIsNoForward() throws IOException {
        assertTrue(parser.find(fixture("plain_not_forward_body.txt"), "Termin").isEmpty());
        assertTrue(parser.find(fixture("plain_not_forward_body.txt"), null).isEmpty());
        assertTrue(parser.find("", "Fwd: x").isEmpty());
    }

    @Test
    void quotedReplyBlockIsNoForwardWhenTheSubjectSaysReply() throws IOException {
        assertTrue(parser.find(fixture("outlook_de_forward_body.txt"), "AW: Angebot").isEmpty());
    }

    @Test
    void attachedMessageWinsOverTheBody() throws Exception {
        String raw = """
            From: Anna Berger <anna.berger@integreat.app>
            To: crm@integreat.app
            Subject: WG: Anfrage
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8

            Siehe Anhang.
            --b1
            Content-Type: message/rfc822
            Content-Disposition: attachment; filename="Anfrage.eml"

            From: =?UTF-8?Q?J=C3=BCrgen_K=C3=B6hler?= <j.koehler@example.de>
            To: anna.berger@integreat.app
            Subject: Anfrage
            Date: Mon, 23 Nov 2026 10:15:00 +0100

            Wir bitten um ein Angebot.
            --b1--
            """;
        ParsedMail mail = new MailParser().parse(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        ForwardedMessage fwd = parser.find(mail).orElseThrow();
        assertEquals(ForwardedMessage.Via.RFC822_ATTACHMENT, fwd.via());
        assertEquals(new MailAddress("Jürgen Köhler", "j.koehler@example.de"), fwd.from());
        assertEquals("Anfrage", fwd.subject());
        assertEquals(Instant.parse("2026-11-23T09:15:00Z"), fwd.date());
        assertEquals("Wir bitten um ein Angebot.", fwd.body());
        assertEquals("Siehe Anhang.", fwd.note());
    }

    @Test
    void quotedCommaNamesAndNameOnlyRecipients() {
        String body = "---------- Forwarded message ---------\nFrom: \"Doe, John\" <John.Doe@Acme.com>\n"
            + "To: Bessie Berry\nCc: suzanne@globex.corp; 'Nick' <nick@globex.corp>\nDate: 23.11.2026 10:15\n"
            + "Subject: Hi\n\nText";
        ForwardedMessage fwd = parser.find(body, null).orElseThrow();
        assertEquals(new MailAddress("Doe, John", "john.doe@acme.com"), fwd.from());
        assertEquals(List.of(new MailAddress("Bessie Berry", null)), fwd.to());
        assertEquals(List.of(new MailAddress(null, "suzanne@globex.corp"), new MailAddress("Nick", "nick@globex.corp")),
            fwd.cc());
        assertEquals("Text", fwd.body());
    }

    @Test
    void aLoneLabelLineIsNoBlock() {
        assertNull(parser.find("Von: Max\nkein Block", null).orElse(null));
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = ForwardParserTest.class.getResourceAsStream("/mail/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /mail/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
