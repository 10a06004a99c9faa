package app.integreat.crm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PersonMaskTest {
    final PersonMask mask = new PersonMask("C1", "Jürgen", "Müller-Lüdenscheidt", Set.of("J.Mueller@Example.org"), Set.of());

    @Test
    void masksTheNameAsWrittenFoldedAndTransliteratedInAnyCaseAndNeverGrowsTheText() {
        String text = "Hallo JÜRGEN, Herr müller-lüdenscheidt, Mueller-Luedenscheidt, muller, j.mueller@example.org schrieb";
        String masked = mask.mask(text);
        for (String trace : List.of("jürgen", "müller", "mueller", "muller", "lüdenscheidt", "luedenscheidt", "example.org")) {
            assertFalse(masked.toLowerCase().contains(trace), trace + " in " + masked);
        }
        assertTrue(masked.length() <= text.length());
        assertTrue(masked.startsWith("Hallo ***"), masked);
    }

    @Test
    void dropsTheParticipantsLinksAndContactIdButNeverChangesKeys() {
        Map<String, AttributeValue> item = Map.of(
                "pk", AttributeValue.fromS("INTERACTION#1"), "sk", AttributeValue.fromS("INTERACTION"),
                "gsi1sk", AttributeValue.fromS("müller#1"),
                "participants", AttributeValue.fromL(List.of(
                        AttributeValue.fromM(Map.of("email", AttributeValue.fromS("j.mueller@example.org"))),
                        AttributeValue.fromM(Map.of("email", AttributeValue.fromS("erika@example.org"))))),
                "contactId", AttributeValue.fromS("C1"),
                "addresses", AttributeValue.fromL(List.of(AttributeValue.fromS("J.MUELLER@example.org"))));
        Map<String, AttributeValue> masked = mask.masked(item);
        assertEquals(1, masked.get("participants").l().size());
        assertEquals("erika@example.org", masked.get("participants").l().get(0).m().get("email").s());
        assertFalse(masked.containsKey("contactId"));
        assertTrue(masked.get("addresses").l().isEmpty());
        assertEquals("müller#1", masked.get("gsi1sk").s(), "keys stay: an item whose keys name the person is deleted instead");
        assertTrue(mask.keysName(item));
        assertNull(mask.masked(Map.of("pk", AttributeValue.fromS("X"), "text", AttributeValue.fromS("nichts"))));
    }

    @Test
    void nameWordsShorterThanThreeCharactersAreLeftAlone() {
        PersonMask short_ = new PersonMask("C2", "Al", "Ng", Set.of(), Set.of());
        assertEquals("Alpen und Ngorongoro", short_.mask("Alpen und Ngorongoro"));
        assertEquals("Brief an ***", short_.mask("Brief an Al Ng"), "the whole name is long enough");
    }
}
