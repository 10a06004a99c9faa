package app.integreat.crm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SearchTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"München", "münchen", "MÜNCHEN", "MUNCHEN", "munchen", "  München  ", "Mu\u0308nchen"})
    void spellingsOfMunichAllFoldToTheSameKey(String spelling) {
        assertEquals("munchen", SearchText.normalize(spelling));
    }

    @Test
    void ueIsNotFoldedToU() {
        // documented behaviour: only accents are removed; the transliteration "ue" stays as typed
        assertEquals("muenchen", SearchText.normalize("Muenchen"));
        assertEquals("muenchen", SearchText.normalize("MUENCHEN"));
    }

    @Test
    void sharpSBecomesSs() {
        assertEquals("strasse", SearchText.normalize("Straße"));
        assertEquals("strasse", SearchText.normalize("STRASSE"));
        assertEquals("strasse", SearchText.normalize("STRAẞE"));
        assertEquals("gross", SearchText.normalize("groß"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Landkreis  Fürstenfeldbruck!|landkreis furstenfeldbruck",
        "Tür an Tür – Integrationsprojekte gGmbH|tur an tur integrationsprojekte ggmbh",
        "Señora Élodie|senora elodie",
        "Crème brûlée, Ångström & Co.|creme brulee angstrom co",
        "Stadt Augsburg (Amt für Integration)|stadt augsburg amt fur integration",
        "Haus 12b|haus 12b",
        "O'Brien-Müller|o brien muller",
        "a...b---c|a b c",
    })
    void punctuationCollapsesToSingleSpaces(String input, String expected) {
        assertEquals(expected, SearchText.normalize(input));
    }

    @Test
    void whitespaceOfAnyKindCollapses() {
        assertEquals("eins zwei drei", SearchText.normalize("eins\tzwei\n\r\u00a0drei"));
    }

    @Test
    void leadingAndTrailingPunctuationIsRemoved() {
        assertEquals("hallo welt", SearchText.normalize("  --»Hallo, Welt!«--  "));
        assertEquals("x", SearchText.normalize("...x..."));
    }

    @Test
    void nullAndTextWithoutLettersBecomeEmpty() {
        assertEquals("", SearchText.normalize(null));
        assertEquals("", SearchText.normalize(""));
        assertEquals("", SearchText.normalize("   "));
        assertEquals("", SearchText.normalize("!?–…"));
    }

    @Test
    void aPrefixOfANameNormalizesToAPrefixOfItsKey() {
        String key = SearchText.normalize("Tür an Tür – Integrationsprojekte gGmbH");
        for (String typed : new String[] {"tür", "TUR AN", "Tür an Tür –", "tur an tur integ"}) {
            String query = SearchText.normalize(typed);
            assertTrue(key.startsWith(query), () -> "'" + query + "' is not a prefix of '" + key + "'");
        }
    }

    @Test
    void lengthIsCappedAt120() {
        assertEquals(120, SearchText.MAX_LENGTH);
        assertEquals("a".repeat(120), SearchText.normalize("a".repeat(500)));
        assertEquals("a".repeat(120), SearchText.normalize("Ä".repeat(500)));
        String words = SearchText.normalize("wörter ".repeat(100));
        assertTrue(words.length() <= 120, "length " + words.length());
        assertTrue(words.startsWith("worter worter"));
        assertFalse(words.endsWith(" "));
    }

    @Test
    void lengthCapHoldsWhenASpaceIsInsertedAtTheLimit() {
        // 119 letters, then a word break: the space and the next letter are appended together
        String result = SearchText.normalize("a".repeat(119) + " bcd");
        assertTrue(result.length() <= SearchText.MAX_LENGTH,
                "normalize must not exceed " + SearchText.MAX_LENGTH + " characters but returned " + result.length());
        // the same with ordinary words: 24 x "wort " puts the 25th word's space at index 119
        String words = SearchText.normalize("wort ".repeat(100));
        assertTrue(words.length() <= SearchText.MAX_LENGTH, "length " + words.length());
    }

    @Test
    void lengthCapHoldsWhereverTheWordBreakFalls() {
        for (int split = 1; split < 200; split++) {
            String result = SearchText.normalize("a".repeat(split) + ", " + "b".repeat(200));
            assertTrue(result.length() <= SearchText.MAX_LENGTH, "split " + split + ": length " + result.length());
            assertFalse(result.endsWith(" "), "split " + split + ": trailing space");
        }
    }
}
