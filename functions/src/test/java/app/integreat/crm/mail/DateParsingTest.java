package app.integreat.crm.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateParsingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Mon, 23 Nov 2026 10:15:00 +0100|2026-11-23T09:15:00Z",
        "Monday, November 23, 2026 10:15 AM|2026-11-23T09:15:00Z",
        "Monday, November 23, 2026 3:15 PM|2026-11-23T14:15:00Z",
        "Montag, 23. November 2026 10:15|2026-11-23T09:15:00Z",
        "23.11.2026 10:15|2026-11-23T09:15:00Z",
        "Am 23.11.2026 um 10:15 schrieb Max Mustermann <max@example.de>:|2026-11-23T09:15:00Z",
        "Mi., 27. Okt. 2021 um 09:31 Uhr|2021-10-27T07:31:00Z",
        "Donnerstag, 28. Oktober 2021 um 12:46|2021-10-28T10:46:00Z",
        "26. Oktober 2021 um 14:25:08 OESZ|2021-10-26T11:25:08Z",
        "Dienstag, 2. November 2021, 09:26:50 MEZ|2021-11-02T08:26:50Z",
        "Wed, Oct 27, 2021 at 9:31 AM|2021-10-27T07:31:00Z",
        "Tuesday, November 2, 2021, 09:26:50 AM GMT+1|2021-11-02T08:26:50Z",
        "Monday, September 19, 2022, 5:55:44 PM -0400|2022-09-19T21:55:44Z",
        "25 October 2021 at 11:17:21 EEST|2021-10-25T08:17:21Z",
        "2026-03-29 02:30|2026-03-29T01:30:00Z",
        "Mittwoch, 1. Juli 2026 08:00|2026-07-01T06:00:00Z",
        "28/10/2021, 12:46|2021-10-28T10:46:00Z",
    })
    void parsesEnglishAndGermanDates(String text, String expected) {
        assertEquals(Instant.parse(expected), DateParsing.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "gestern", "32.13.2026 10:15", "Montag um 10", "Foo 23 Bar 2026"})
    void unparseableIsNull(String text) {
        assertNull(DateParsing.parse(text));
    }
}
