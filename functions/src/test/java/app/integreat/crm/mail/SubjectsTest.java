package app.integreat.crm.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Fwd: Angebot|Angebot",
        "Fw: Angebot|Angebot",
        "FW: Angebot|Angebot",
        "WG: Angebot|Angebot",
        "AW: WG: Re: Angebot|Angebot",
        "RE: Angebot|Angebot",
        "re: Angebot|Angebot",
        "Wtr: Angebot|Angebot",
        "TR: Angebot|Angebot",
        "RV: Angebot|Angebot",
        "SV: Angebot|Angebot",
        "VS: Angebot|Angebot",
        "Antw: Angebot|Angebot",
        "Doorst: Angebot|Angebot",
        "Re[2]: Angebot|Angebot",
        "RE [3] : AW:Angebot|Angebot",
        "'   Fwd:   Re:  Angebot  '|Angebot",
        "Angebot|Angebot",
        "Review: Angebot|Review: Angebot",
        "Fwd:|Fwd:",
        "'  Re: AW:  '|Re: AW:",
        "Termin: 3.12.|Termin: 3.12.",
    })
    void stripsLeadingPrefixes(String subject, String expected) {
        assertEquals(expected, Subjects.display(subject));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Fwd: x", "WG: x", "TR: x", "I: x", "ENC: x", "PD: x", "VB: x", "İLT: x", "Redir.: x"})
    void forwardPrefixes(String subject) {
        assertTrue(Subjects.isForward(subject));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Re: x", "AW: x", "x", "Fwd x", "Info: x"})
    void notForwardPrefixes(String subject) {
        assertFalse(Subjects.isForward(subject));
    }

    @org.junit.jupiter.api.Test
    void nullStaysNull() {
        assertNull(Subjects.display(null));
        assertFalse(Subjects.isForward(null));
    }
}
