package app.integreat.crm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "max@example.de|max@example.de",
        "max.mustermann@example.de|max.mustermann@example.de",
        "max+crm@example.de|max+crm@example.de",
        "info@stadt.augsburg.de|info@stadt.augsburg.de",
        "Max.Mustermann@Example.DE|max.mustermann@example.de",
        "\"  max@example.de  \"|max@example.de",
        "info@müller.de|info@müller.de",
        "INFO@MÜLLER.DE|info@müller.de",
        "a@b.co|a@b.co",
        "o'brien@example.ie|o'brien@example.ie",
        "x_y-z@sub-domain.example.org|x_y-z@sub-domain.example.org",
        "1@2.de|1@2.de",
        "poststelle@xn--mnchen-3ya.de|poststelle@münchen.de",
        "Poststelle@XN--MNCHEN-3YA.DE|poststelle@münchen.de",
        "info@rathaus.xn--mnchen-3ya.de|info@rathaus.münchen.de",
        "info@xn--zz.de|info@xn--zz.de",
    })
    void validAddressesAreNormalized(String input, String expected) {
        assertEquals(expected, EmailAddress.normalize(input));
    }

    @Test
    void tabsAndNewlinesAroundTheAddressAreTrimmed() {
        assertEquals("max@example.de", EmailAddress.normalize("\tmax@example.de\n"));
    }

    @Test
    void nullIsNotAnAddress() {
        assertNull(EmailAddress.normalize(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "max.example.de",         // no @
        "max@",                   // no domain
        "@example.de",            // empty local part
        "max@@example.de",
        "max@foo@example.de",     // two @
        "max@localhost",          // no dot in domain
        ".max@example.de",        // local part starts with a dot
        "max.@example.de",        // local part ends with a dot
        "ma..x@example.de",       // double dot in local part
        "max@example..de",        // empty label
        "max@.example.de",
        "max@example.de.",
        "max mustermann@example.de",
        "max@exa mple.de",
        "max@-example.de",        // label starts with '-'
        "max@example-.de",        // label ends with '-'
        "max@exam_ple.de",
        "max@example.de>",
        "<max@example.de>",
        "\"max\"@example.de",
        "max(comment)@example.de",
    })
    void invalidAddressesAreRejected(String input) {
        assertNull(EmailAddress.normalize(input), input);
    }

    @Test
    void localPartIsLimitedTo64Characters() {
        assertEquals("a".repeat(64) + "@example.de", EmailAddress.normalize("a".repeat(64) + "@example.de"));
        assertNull(EmailAddress.normalize("a".repeat(65) + "@example.de"));
    }

    @Test
    void domainLabelsAreLimitedTo63Characters() {
        assertEquals("max@" + "b".repeat(63) + ".de", EmailAddress.normalize("max@" + "b".repeat(63) + ".de"));
        assertNull(EmailAddress.normalize("max@" + "b".repeat(64) + ".de"));
    }

    @Test
    void wholeAddressIsLimitedTo254Characters() {
        String domain = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(61);
        String longest = "l".repeat(64) + "@" + domain;
        assertEquals(254, longest.length());
        assertEquals(longest, EmailAddress.normalize(longest));
        assertEquals(longest, EmailAddress.normalize("  " + longest.toUpperCase() + "  "), "trimmed before the length check");

        String tooLong = longest + "c";
        assertEquals(255, tooLong.length());
        assertNull(EmailAddress.normalize(tooLong));
    }
}
