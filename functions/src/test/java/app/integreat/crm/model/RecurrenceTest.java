package app.integreat.crm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RecurrenceTest {

    private static LocalDate d(String text) {
        return LocalDate.parse(text);
    }

    @Test
    void monthEndsStayMonthEnds() {
        Recurrence monthly = Recurrence.from(1, Recurrence.Unit.MONTH, d("2028-01-31"));
        assertEquals(d("2028-02-29"), monthly.next(d("2028-01-31")), "leap year");
        assertEquals(d("2028-03-31"), monthly.next(d("2028-02-29")));
        assertEquals(d("2028-04-30"), monthly.next(d("2028-03-31")));
        assertEquals(d("2027-02-28"), Recurrence.from(1, Recurrence.Unit.MONTH, d("2027-01-31")).next(d("2027-01-31")));
        Recurrence thirtieth = Recurrence.from(1, Recurrence.Unit.MONTH, d("2027-01-30"));
        assertEquals(d("2027-02-28"), thirtieth.next(d("2027-01-30")));
        assertEquals(d("2027-03-30"), thirtieth.next(d("2027-02-28")), "back to the 30th, not the 28th");
        assertEquals(d("2027-04-15"), Recurrence.from(3, Recurrence.Unit.MONTH, d("2027-01-15")).next(d("2027-01-15")));
    }

    @Test
    void daysWeeksAndYears() {
        assertEquals(d("2027-01-02"), Recurrence.from(3, Recurrence.Unit.DAY, d("2026-12-30")).next(d("2026-12-30")));
        assertEquals(d("2027-01-13"), Recurrence.from(2, Recurrence.Unit.WEEK, d("2026-12-30")).next(d("2026-12-30")));
        Recurrence leapDay = Recurrence.from(1, Recurrence.Unit.YEAR, d("2028-02-29"));
        assertEquals(d("2029-02-28"), leapDay.next(d("2028-02-29")));
        assertEquals(d("2032-02-29"), Recurrence.from(4, Recurrence.Unit.YEAR, d("2028-02-29")).next(d("2028-02-29")));
    }

    @Test
    void outOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Recurrence(0, Recurrence.Unit.DAY, 1));
        assertThrows(IllegalArgumentException.class, () -> new Recurrence(367, Recurrence.Unit.DAY, 1));
        assertThrows(IllegalArgumentException.class, () -> new Recurrence(1, null, 1));
    }
}
