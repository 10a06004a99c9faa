package app.integreat.crm.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmailDescriptionTest {

    @Test
    void theHeaderLinesOfALoggedMailAreRead() {
        EmailDescription mail = EmailDescription.parse("To: Erika <erika@musterhausen.example>; info@musterhausen.example\r\n"
                + "CC: chef@musterhausen.example\r\nBCC: \r\nAttachment: angebot.pdf\r\nSubject: Angebot\r\nBody:\r\nGuten Tag,\r\nanbei.");
        assertEquals(List.of("erika@musterhausen.example", "info@musterhausen.example"), mail.to());
        assertEquals(List.of("chef@musterhausen.example"), mail.cc());
        assertEquals(List.of(), mail.bcc());
        assertEquals("Angebot", mail.subject());
        assertEquals("Guten Tag,\nanbei.", mail.body());
    }

    @Test
    void aDescriptionWithoutHeadersIsAllBody() {
        EmailDescription mail = EmailDescription.parse("Nur ein Text: mit Doppelpunkt\nund zwei Zeilen");
        assertEquals(List.of(), mail.to());
        assertNull(mail.subject());
        assertEquals("Nur ein Text: mit Doppelpunkt\nund zwei Zeilen", mail.body());
    }

    @Test
    void junkAddressesAreLeftOut() {
        assertEquals(List.of("a@example.org"), EmailDescription.addresses("kein Mail; a@example.org, A@Example.org; <>"));
    }
}
