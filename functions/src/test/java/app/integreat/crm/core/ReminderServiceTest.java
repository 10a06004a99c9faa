package app.integreat.crm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** "Today" for reminders is the date in Berlin, not in UTC. */
class ReminderServiceTest {

    static LocalDate berlin(String instant) {
        return ReminderService.berlinDate(Instant.parse(instant));
    }

    @Test
    void justBeforeAndAfterMidnightInWinter() {
        assertEquals(LocalDate.parse("2026-01-15"), berlin("2026-01-15T22:30:00Z"), "23:30 CET");
        assertEquals(LocalDate.parse("2026-01-16"), berlin("2026-01-15T23:30:00Z"), "00:30 CET, UTC still on the 15th");
    }

    @Test
    void justBeforeAndAfterMidnightInSummer() {
        assertEquals(LocalDate.parse("2026-07-01"), berlin("2026-07-01T21:30:00Z"), "23:30 CEST");
        assertEquals(LocalDate.parse("2026-07-02"), berlin("2026-07-01T22:30:00Z"), "00:30 CEST");
    }

    @Test
    void onTheDaysTheClocksChange() {
        assertEquals(LocalDate.parse("2026-03-29"), berlin("2026-03-28T23:30:00Z"), "00:30 CET, clocks go forward at 02:00");
        assertEquals(LocalDate.parse("2026-03-29"), berlin("2026-03-29T21:30:00Z"), "23:30 CEST the same day");
        assertEquals(LocalDate.parse("2026-03-30"), berlin("2026-03-29T22:30:00Z"), "00:30 CEST the next day");
        assertEquals(LocalDate.parse("2026-10-25"), berlin("2026-10-24T22:30:00Z"), "00:30 CEST, clocks go back at 03:00");
        assertEquals(LocalDate.parse("2026-10-25"), berlin("2026-10-25T22:30:00Z"), "23:30 CET the same day");
        assertEquals(LocalDate.parse("2026-10-26"), berlin("2026-10-25T23:30:00Z"), "00:30 CET the next day");
    }
}
