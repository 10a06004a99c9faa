package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The runner fires the template's schedule at 07:00 Berlin time, whatever the offset that day. */
class LocalRemindersTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static ZonedDateTime utc(String instant) {
        return ZonedDateTime.parse(instant);
    }

    @Test
    void theNextRunIsSevenInBerlinAcrossDst() {
        Template.Schedule schedule = TemplateConsistencyTest.TEMPLATE.schedules().get(0);
        assertEquals("cron(0 7 * * ? *)", schedule.expression(), "the parameter's default");
        assertEquals("Europe/Berlin", schedule.timezone());
        assertEquals(utc("2026-03-28T06:00:00Z").toInstant(),
                LocalReminders.next(schedule.expression(), BERLIN, utc("2026-03-27T06:00:00Z")).toInstant(), "CET: 06:00 UTC");
        assertEquals(utc("2026-03-29T05:00:00Z").toInstant(),
                LocalReminders.next(schedule.expression(), BERLIN, utc("2026-03-28T06:00:00Z")).toInstant(), "CEST from the 29th");
        assertEquals(utc("2026-10-25T06:00:00Z").toInstant(),
                LocalReminders.next(schedule.expression(), BERLIN, utc("2026-10-25T05:30:00Z")).toInstant(), "CET again on the day the clocks go back");
        assertEquals(utc("2026-11-27T06:00:00Z").toInstant(),
                LocalReminders.next(schedule.expression(), BERLIN, utc("2026-11-26T23:30:00Z")).toInstant(), "just after midnight: the same morning");
        assertThrows(IllegalArgumentException.class, () -> LocalReminders.next("rate(1 day)", BERLIN, utc("2026-11-26T23:30:00Z")));
    }
}
