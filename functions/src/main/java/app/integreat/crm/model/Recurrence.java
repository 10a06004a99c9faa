package app.integreat.crm.model;

import java.time.LocalDate;

/**
 * How a task repeats: every {@code every} days, weeks, months or years. {@code anchorDay} is the day
 * of the month the series started on, so that month ends stay month ends (Jan 31 monthly: Feb 28
 * or 29, then Mar 31) and a series on the 30th returns to the 30th after February.
 */
public record Recurrence(int every, Unit unit, int anchorDay) {
    public static final int MAX_EVERY = 366;

    public enum Unit { DAY, WEEK, MONTH, YEAR }

    public Recurrence {
        if (every < 1 || every > MAX_EVERY || unit == null || anchorDay < 1 || anchorDay > 31) {
            throw new IllegalArgumentException("recurrence out of range");
        }
    }

    /** A series that starts at the due date. */
    public static Recurrence from(int every, Unit unit, LocalDate firstDue) {
        return new Recurrence(every, unit, firstDue.getDayOfMonth());
    }

    /** The due date of the occurrence after the one due at {@code due}. */
    public LocalDate next(LocalDate due) {
        LocalDate next = switch (unit) {
            case DAY -> due.plusDays(every);
            case WEEK -> due.plusWeeks(every);
            case MONTH -> due.plusMonths(every);
            case YEAR -> due.plusYears(every);
        };
        if (unit == Unit.MONTH || unit == Unit.YEAR) {
            next = next.withDayOfMonth(Math.min(anchorDay, next.lengthOfMonth()));
        }
        return next;
    }
}
