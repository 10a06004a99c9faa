package app.integreat.crm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaysInStageTest {

    @Test
    void bucketsAreOneDayWideForTwoWeeksThenWiden() {
        for (int day = 0; day <= 14; day++) {
            assertEquals(day, DaysInStage.bucket(day));
            assertEquals(day, DaysInStage.from(day));
            assertEquals(day, DaysInStage.to(day));
        }
        assertEquals(15, DaysInStage.bucket(15));
        assertEquals(15, DaysInStage.bucket(21));
        assertEquals(16, DaysInStage.bucket(22));
        assertEquals(DaysInStage.buckets() - 1, DaysInStage.bucket(366));
        assertEquals(DaysInStage.buckets() - 1, DaysInStage.bucket(100_000));
        assertNull(DaysInStage.to(DaysInStage.buckets() - 1));
        for (int bucket = 1; bucket < DaysInStage.buckets(); bucket++) {
            assertEquals(DaysInStage.from(bucket), DaysInStage.to(bucket - 1) + 1, "buckets leave no gap");
        }
    }

    @Test
    void theMedianIsExactForShortStaysAndTheMiddleOfItsBucketForLongOnes() {
        assertEquals(new DaysInStage.Median(0, null, true), DaysInStage.median(Map.of()));
        Map<Integer, Long> short_ = new HashMap<>();
        short_.put(DaysInStage.bucket(2), 1L);
        short_.put(DaysInStage.bucket(3), 1L);
        short_.put(DaysInStage.bucket(9), 1L);
        assertEquals(new DaysInStage.Median(3, 3L, true), DaysInStage.median(short_));
        short_.put(DaysInStage.bucket(0), 1L);
        assertEquals(new DaysInStage.Median(4, 2L, true), DaysInStage.median(short_), "the lower median of four");
        Map<Integer, Long> long_ = Map.of(DaysInStage.bucket(1), 1L, DaysInStage.bucket(50), 2L);
        assertEquals(new DaysInStage.Median(3, 53L, false), DaysInStage.median(long_), "46 to 60 days");
        assertEquals(new DaysInStage.Median(1, 366L, false), DaysInStage.median(Map.of(DaysInStage.bucket(1000), 1L)));
    }
}
