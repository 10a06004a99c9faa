package app.integreat.crm.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A forward of forwards followed inwards (ForwardParser.chain), and a forward known as one whatever its subject. */
class ForwardChainTest {
    static ParsedMail parse(String subject, String body) throws MailParseException {
        String raw = "From: lena@integreat.example\r\nTo: crm@inbound.example\r\nSubject: " + subject + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + body.replace("\n", "\r\n");
        return new MailParser().parse(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    /** n forwarded blocks inside each other, the innermost from sender0. */
    static String nested(int n) {
        StringBuilder body = new StringBuilder("Der eigentliche Text.\n");
        for (int i = 0; i < n; i++) {
            body.insert(0, "---------- Forwarded message ---------\nFrom: Person " + i + " <sender" + i + "@example.org>\n"
                    + "Date: Mon, 30 Nov 2026 at 10:0" + i + "\nSubject: Ebene " + i + "\nTo: someone@example.org\n\n");
            body.insert(0, "Notiz " + i + "\n\n");
        }
        return body.toString();
    }

    @Test
    void theChainGoesInwardsOutermostFirst() throws MailParseException {
        List<ForwardedMessage> chain = new ForwardParser().chain(parse("Ablage", nested(3)), true, 5);
        assertEquals(List.of("sender2@example.org", "sender1@example.org", "sender0@example.org"),
                chain.stream().map(m -> m.from().email()).toList());
        assertEquals("Ebene 0", chain.get(2).subject());
        assertTrue(chain.get(2).body().startsWith("Der eigentliche Text"), chain.get(2).body());
    }

    @Test
    void theChainStopsAtItsDepth() throws MailParseException {
        List<ForwardedMessage> chain = new ForwardParser().chain(parse("Ablage", nested(8)), true, 5);
        assertEquals(5, chain.size());
        assertEquals("sender7@example.org", chain.get(0).from().email());
    }

    @Test
    void aBareHeaderBlockCountsUnderAnySubjectOnlyWhenTheMailIsKnownToBeAForward() throws MailParseException {
        ParsedMail mail = parse("Zur Info: bitte ablegen", "bitte ablegen\n\nVon: Petra Sommer <petra@kempten.example>\n"
                + "Gesendet: Freitag, 27. November 2026 11:45\nAn: Lena <lena@integreat.example>\nBetreff: Unterlagen\n\nAnbei.\n");
        ForwardParser parser = new ForwardParser();
        assertTrue(parser.find(mail).isEmpty(), "by the subject alone it looks like a quoted reply");
        ForwardedMessage original = parser.find(mail, true).orElseThrow();
        assertEquals("petra@kempten.example", original.from().email());
        assertEquals("Unterlagen", original.subject());
        assertEquals("bitte ablegen", original.note());
    }
}
