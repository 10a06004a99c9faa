package app.integreat.crm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IdsTest {
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        void set(long millis) {
            this.millis = millis;
        }

        void advance(long delta) {
            this.millis += delta;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static void assertCrockford(String id) {
        assertEquals(26, id.length(), id);
        for (char c : id.toCharArray()) {
            assertTrue(CROCKFORD.indexOf(c) >= 0, () -> "unexpected character '" + c + "' in " + id);
        }
    }

    /** Reference encoding: 48-bit millis as 10 base32 digits, 80-bit random as 16, both big-endian. */
    private static String referenceEncode(long millis, byte[] random) {
        return base32(BigInteger.valueOf(millis), 10) + base32(new BigInteger(1, random), 16);
    }

    private static String base32(BigInteger value, int digits) {
        char[] out = new char[digits];
        BigInteger v = value;
        BigInteger thirtyTwo = BigInteger.valueOf(32);
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = CROCKFORD.charAt(v.mod(thirtyTwo).intValue());
            v = v.divide(thirtyTwo);
        }
        assertEquals(BigInteger.ZERO, v, "value does not fit");
        return new String(out);
    }

    @Test
    void idsAre26CrockfordCharacters() {
        Ids ids = new Ids(Clock.systemUTC());
        for (int i = 0; i < 1000; i++) {
            String id = ids.next();
            assertCrockford(id);
            assertTrue(Ids.looksLikeId(id), id);
        }
    }

    @Test
    void idsInTheSameMillisecondAreStrictlyIncreasing() {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        Ids ids = new Ids(fixed);
        String previous = ids.next();
        Set<String> seen = new HashSet<>();
        seen.add(previous);
        for (int i = 0; i < 10_000; i++) {
            String id = ids.next();
            assertTrue(id.compareTo(previous) > 0, () -> id + " does not sort after its predecessor");
            assertTrue(seen.add(id), "duplicate id " + id);
            assertEquals("01KDVDNA00", id.substring(0, 10), "time prefix changed within one millisecond");
            previous = id;
        }
    }

    @Test
    void idsFromLaterMillisecondsSortAfterEarlierOnes() {
        MutableClock clock = new MutableClock(1_700_000_000_000L);
        Ids ids = new Ids(clock);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            made.add(ids.next());
            // a few ids per millisecond, then move on (by 1 ms, or a big jump now and then)
            if (i % 3 == 2) {
                clock.advance(i % 100 == 2 ? 86_400_000L : 1);
            }
        }
        List<String> sorted = new ArrayList<>(made);
        sorted.sort(null);
        assertEquals(made, sorted, "generation order must equal lexicographic order");
        assertEquals(made.size(), new HashSet<>(made).size());
    }

    @Test
    void anIdFromTheNextMillisecondSortsAfterEveryIdOfThePreviousOne() {
        MutableClock clock = new MutableClock(1_000);
        Ids ids = new Ids(clock);
        String last = null;
        for (int i = 0; i < 500; i++) {
            last = ids.next();
        }
        clock.set(1_001);
        String next = ids.next();
        assertTrue(next.compareTo(last) > 0, next + " should sort after " + last);
        assertEquals(Ids.encode(1_001, new byte[10]).substring(0, 10), next.substring(0, 10));
    }

    @Test
    void aClockThatGoesBackwardsDoesNotBreakTheOrder() {
        MutableClock clock = new MutableClock(5_000_000);
        Ids ids = new Ids(clock);
        String first = ids.next();
        clock.set(4_000_000);
        String second = ids.next();
        assertTrue(second.compareTo(first) > 0, second + " should sort after " + first);
    }

    @Test
    void theTimePrefixEncodesTheMilliseconds() {
        assertEquals("0".repeat(26), Ids.encode(0, new byte[10]));
        // the example from the ULID specification
        assertEquals("01ARYZ6S41", Ids.encode(1469918176385L, new byte[10]).substring(0, 10));
        assertEquals("01KDVDNA00", Ids.encode(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), new byte[10]).substring(0, 10));

        MutableClock clock = new MutableClock(1469918176385L);
        assertEquals("01ARYZ6S41", new Ids(clock).next().substring(0, 10));
    }

    @Test
    void theLargestValuesEncodeToTheLargestId() {
        byte[] ones = new byte[10];
        Arrays.fill(ones, (byte) 0xff);
        String max = Ids.encode((1L << 48) - 1, ones);
        assertEquals("7" + "Z".repeat(25), max);
        assertTrue(Ids.looksLikeId(max));
    }

    @Test
    void theRandomPartIsEncodedBigEndianIntoTheLast16Characters() {
        byte[] one = new byte[10];
        one[9] = 1;
        assertEquals("0".repeat(25) + "1", Ids.encode(0, one));

        byte[] topBit = new byte[10];
        topBit[0] = (byte) 0x80;
        assertEquals("0".repeat(10) + "G" + "0".repeat(15), Ids.encode(0, topBit));

        // bytes 4 and 5 straddle the boundary between the two 40-bit halves
        byte[] middle = new byte[10];
        middle[4] = 1;
        middle[5] = (byte) 0x80;
        assertEquals(referenceEncode(0, middle), Ids.encode(0, middle));

        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = new byte[10];
            random.nextBytes(bytes);
            long millis = random.nextLong() >>> 16; // 48 bits
            assertEquals(referenceEncode(millis, bytes), Ids.encode(millis, bytes));
        }
    }

    @Test
    void encodingPreservesNumericOrder() {
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            long a = random.nextLong() >>> 16;
            long b = random.nextLong() >>> 16;
            byte[] r = new byte[10];
            random.nextBytes(r);
            int byNumber = Long.compare(a, b);
            int byText = Ids.encode(a, r).compareTo(Ids.encode(b, r));
            assertEquals(Integer.signum(byNumber), Integer.signum(byText), a + " vs " + b);
        }
    }

    @Test
    void overflowOfTheRandomPartMovesToTheNextMillisecond() throws Exception {
        MutableClock clock = new MutableClock(10_000);
        Ids ids = new Ids(clock);
        String first = ids.next();

        Field field = Ids.class.getDeclaredField("lastRandom");
        field.setAccessible(true);
        byte[] lastRandom = (byte[]) field.get(ids);
        Arrays.fill(lastRandom, (byte) 0xff);

        String afterOverflow = ids.next();
        assertTrue(afterOverflow.compareTo(first) > 0);
        assertEquals(Ids.encode(10_001, new byte[10]), afterOverflow);
        String then = ids.next();
        assertTrue(then.compareTo(afterOverflow) > 0);
    }

    @Test
    void idsAreUniqueAcrossThreads() throws Exception {
        Ids ids = new Ids(Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<String>>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(() -> {
                    List<String> out = new ArrayList<>();
                    for (int i = 0; i < 5_000; i++) {
                        out.add(ids.next());
                    }
                    return out;
                });
            }
            Set<String> all = new HashSet<>();
            for (Future<List<String>> f : pool.invokeAll(tasks)) {
                List<String> mine = f.get();
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue(mine.get(i).compareTo(mine.get(i - 1)) > 0, "per-thread order broken");
                }
                all.addAll(mine);
            }
            assertEquals(20_000, all.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void looksLikeIdAcceptsGeneratedAndBoundaryIds() {
        assertTrue(Ids.looksLikeId(new Ids(Clock.systemUTC()).next()));
        assertTrue(Ids.looksLikeId("01ARZ3NDEKTSV4RRFFQ69G5FAV"));
        assertTrue(Ids.looksLikeId("0".repeat(26)));
        assertTrue(Ids.looksLikeId("7" + "Z".repeat(25)));
    }

    @Test
    void looksLikeIdRejectsWrongShapes() {
        String good = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
        assertFalse(Ids.looksLikeId(null));
        assertFalse(Ids.looksLikeId(""));
        assertFalse(Ids.looksLikeId(good.substring(0, 25)), "too short");
        assertFalse(Ids.looksLikeId(good + "0"), "too long");
        assertFalse(Ids.looksLikeId(good.toLowerCase()), "lower case");
        assertFalse(Ids.looksLikeId(good.substring(0, 25) + "v"), "one lower-case character");
        for (char excluded : new char[] {'I', 'L', 'O', 'U'}) {
            String id = good.substring(0, 25) + excluded;
            assertFalse(Ids.looksLikeId(id), "must reject " + excluded);
        }
        assertFalse(Ids.looksLikeId("8" + good.substring(1)), "first char > '7' overflows 48 bits");
        assertFalse(Ids.looksLikeId("Z" + good.substring(1)));
        assertFalse(Ids.looksLikeId(good.substring(0, 25) + "-"));
        assertFalse(Ids.looksLikeId(good.substring(0, 25) + " "));
        assertFalse(Ids.looksLikeId(good.substring(0, 12) + "Ä" + good.substring(13)));
    }
}
