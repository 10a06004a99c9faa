package app.integreat.crm.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one clock of every function the local runner hosts: the base clock (the system's, or a test's)
 * shifted by a number of days that {@code POST /dev/clock} sets, so that a person trying the CRM and
 * the tests can see what happens days later. Never deployed: in AWS, Services uses the system clock.
 */
public final class LocalClock extends Clock {
    /** Ten years either way is far more than anyone needs to try the CRM. */
    static final long MAX_OFFSET_DAYS = 3650;

    private final Clock base;
    private final AtomicLong offsetDays = new AtomicLong();

    public LocalClock(Clock base) {
        this.base = base;
    }

    public long offsetDays() {
        return offsetDays.get();
    }

    public void setOffsetDays(long days) {
        if (Math.abs(days) > MAX_OFFSET_DAYS) {
            throw new IllegalArgumentException("offsetDays must be between -" + MAX_OFFSET_DAYS + " and " + MAX_OFFSET_DAYS);
        }
        offsetDays.set(days);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(Duration.ofDays(offsetDays.get()));
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the CRM works in UTC");
    }
}
