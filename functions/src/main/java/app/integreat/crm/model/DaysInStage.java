package app.integreat.crm.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bounded histogram of days spent in a stage: one bucket per day up to two weeks (exact), then
 * widening ranges up to a year and one bucket beyond. 25 buckets per stage keep an aggregate item
 * small whatever the history holds; the median is exact while it falls into a one-day bucket.
 */
public final class DaysInStage {
    /** Lower bounds of the buckets; bucket i holds [LOWER[i], LOWER[i+1] - 1], the last is open-ended. */
    static final int[] LOWER = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 22, 31, 46, 61, 91, 121, 181, 271, 366};

    private DaysInStage() {
    }

    public static int buckets() {
        return LOWER.length;
    }

    public static int bucket(long days) {
        for (int i = LOWER.length - 1; i > 0; i--) {
            if (days >= LOWER[i]) {
                return i;
            }
        }
        return 0;
    }

    public static int from(int bucket) {
        return LOWER[bucket];
    }

    /** The last day of the bucket, or null for the open-ended one. */
    public static Integer to(int bucket) {
        return bucket + 1 < LOWER.length ? LOWER[bucket + 1] - 1 : null;
    }

    /**
     * The median of the stays (the lower median for an even count): exact when its bucket is one
     * day wide, else the middle of the bucket's range (the lower bound for the open-ended one).
     */
    public record Median(long stays, Long days, boolean exact) {
    }

    public static Median median(Map<Integer, Long> histogram) {
        long stays = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (stays <= 0) {
            return new Median(0, null, true);
        }
        long rank = (stays + 1) / 2;
        long seen = 0;
        for (int bucket = 0; bucket < LOWER.length; bucket++) {
            seen += histogram.getOrDefault(bucket, 0L);
            if (seen >= rank) {
                Integer to = to(bucket);
                if (to == null) {
                    return new Median(stays, (long) from(bucket), false);
                }
                return new Median(stays, (long) (from(bucket) + to) / 2, from(bucket) == to);
            }
        }
        throw new IllegalStateException("unreachable: the rank is within the stays");
    }

    /** The buckets with their counts, for the chart: {from, to, count}, every bucket. */
    public record Bucket(int from, Integer to, long count) {
    }

    public static List<Bucket> histogram(Map<Integer, Long> counts) {
        List<Bucket> out = new ArrayList<>();
        for (int bucket = 0; bucket < LOWER.length; bucket++) {
            out.add(new Bucket(from(bucket), to(bucket), counts.getOrDefault(bucket, 0L)));
        }
        return out;
    }
}
