package app.integreat.crm.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SalesforceIdTest {

    @Test
    void fifteenCharacterIdsGainTheirCaseChecksum() {
        // the example of Salesforce's own documentation of the 18-character form
        assertEquals("a0D30000001n7PiEAI", SalesforceId.normalize("a0D30000001n7Pi"));
        assertEquals("0012o00003AbCdEAAV", SalesforceId.normalize("0012o00003AbCdE"));
    }

    @Test
    void eighteenCharacterIdsStayAndIgnoreTheCaseOfTheirSuffix() {
        assertEquals("a0D30000001n7PiEAI", SalesforceId.normalize("a0D30000001n7PiEAI"));
        assertEquals("a0D30000001n7PiEAI", SalesforceId.normalize("a0D30000001n7Pieai"));
    }

    @Test
    void emptyValuesAndTheNullSentinelMeanNone() {
        assertNull(SalesforceId.normalize(""));
        assertNull(SalesforceId.normalize("  "));
        assertNull(SalesforceId.normalize(null));
        assertNull(SalesforceId.normalize("000000000000000AAA"));
        assertNull(SalesforceId.normalize("000000000000000"));
    }

    @Test
    void anythingElseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SalesforceId.normalize("001"));
        assertThrows(IllegalArgumentException.class, () -> SalesforceId.normalize("a0D30000001n7P!"));
        // a suffix that does not match the case of the first 15 characters
        assertThrows(IllegalArgumentException.class, () -> SalesforceId.normalize("a0D30000001n7PiAAA"));
    }
}
