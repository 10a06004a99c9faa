package app.integreat.crm.importer;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;

/** Rows done, rate and time left, on stderr, at most every two seconds. */
final class Progress {
    private final PrintStream out;
    private final Clock clock;
    private final long total;
    private final long started;
    private long done;
    private long lastPrinted;

    Progress(PrintStream out, Clock clock, long total) {
        this.out = out;
        this.clock = clock;
        this.total = total;
        this.started = clock.millis();
        this.lastPrinted = started;
    }

    void row(String object) {
        done++;
        long now = clock.millis();
        if (out != null && now - lastPrinted >= 2000) {
            lastPrinted = now;
            double seconds = Math.max(0.001, (now - started) / 1000.0);
            double rate = done / seconds;
            long left = rate <= 0 ? 0 : (long) ((total - done) / rate);
            out.printf("%s: %,d of %,d rows, %,.0f rows/s, about %s left%n", object, done, total, rate, format(Duration.ofSeconds(left)));
        }
    }

    long done() {
        return done;
    }

    private static String format(Duration duration) {
        return String.format("%d:%02d:%02d", duration.toHours(), duration.toMinutesPart(), duration.toSecondsPart());
    }
}
