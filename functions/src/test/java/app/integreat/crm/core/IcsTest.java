package app.integreat.crm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class IcsTest {

    @Test
    void textIsEscaped() {
        assertEquals("a\\\\b\\;c\\,d\\ne\\nf\\ng", Ics.escape("a\\b;c,d\ne\r\nf\rg"));
        assertEquals("tab\tok", Ics.escape("tab\tok\u0007"));
        assertEquals("SUMMARY:Rückruf\\, dann Vertrag\\; ok\r\n", new Ics().text("SUMMARY", "Rückruf, dann Vertrag; ok").toString());
    }

    @Test
    void linesFoldAt75OctetsWithoutSplittingUtf8() {
        String value = "ä".repeat(100) + "€𝄞" + "x".repeat(80);
        String ics = new Ics().text("DESCRIPTION", value).toString();
        assertTrue(ics.endsWith("\r\n"));
        String[] lines = ics.substring(0, ics.length() - 2).split("\r\n", -1);
        StringBuilder unfolded = new StringBuilder(lines[0]);
        for (int i = 0; i < lines.length; i++) {
            byte[] bytes = lines[i].getBytes(StandardCharsets.UTF_8);
            assertTrue(bytes.length <= 75, "line " + i + " has " + bytes.length + " octets");
            // every physical line is whole UTF-8 (no sequence cut): it round-trips
            assertEquals(lines[i], new String(bytes, StandardCharsets.UTF_8));
            if (i > 0) {
                assertTrue(lines[i].startsWith(" "));
                unfolded.append(lines[i].substring(1));
            }
        }
        assertEquals("DESCRIPTION:" + value, unfolded.toString());
        assertTrue(lines.length > 4);
        // a line of exactly 75 octets is not folded
        String exact = "X".repeat(75 - "SUMMARY:".length());
        assertEquals("SUMMARY:" + exact + "\r\n", new Ics().text("SUMMARY", exact).toString());
        assertEquals("SUMMARY:" + exact + "\r\n Y\r\n", new Ics().text("SUMMARY", exact + "Y").toString());
    }

    @Test
    void datesAndRawValues() {
        assertEquals("DTSTART;VALUE=DATE:20261201\r\nDTSTAMP:20261130T060000Z\r\n", new Ics()
                .date("DTSTART", LocalDate.parse("2026-12-01")).utc("DTSTAMP", Instant.parse("2026-11-30T06:00:00.123Z")).toString());
        assertThrows(IllegalArgumentException.class, () -> new Ics().raw("URL", "http://x\r\nX-EVIL:1"));
    }
}
