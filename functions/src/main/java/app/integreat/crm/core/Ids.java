package app.integreat.crm.core;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Time-sortable ids (ULID: 48 bits of milliseconds, 80 random bits, Crockford base32).
 * Ids made in the same millisecond by one process stay ordered: the random part is incremented.
 * Sorting by id therefore sorts by creation time, which newest-first lists rely on.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private final Clock clock;
    /**
     * Made on first use, not at start-up: under SnapStart every execution environment restored from
     * one snapshot must draw its own random bits.
     */
    private SecureRandom random;
    private long lastMillis = -1;
    private final byte[] lastRandom = new byte[10];

    public Ids(Clock clock) {
        this.clock = clock;
    }

    public synchronized String next() {
        long now = clock.millis();
        if (now > lastMillis) {
            lastMillis = now;
            if (random == null) {
                random = new SecureRandom();
            }
            random.nextBytes(lastRandom);
        } else {
            incrementRandom();
        }
        return encode(lastMillis, lastRandom);
    }

    private void incrementRandom() {
        for (int i = lastRandom.length - 1; i >= 0; i--) {
            if (++lastRandom[i] != 0) {
                return;
            }
        }
        // 2^80 ids in one millisecond cannot happen; if it does, move to the next millisecond.
        lastMillis++;
    }

    static String encode(long millis, byte[] random) {
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 80 random bits = 16 characters of 5 bits
        long hi = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (random[i] & 0xff);
        }
        long lo = 0;
        for (int i = 5; i < 10; i++) {
            lo = (lo << 8) | (random[i] & 0xff);
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        return new String(out);
    }

    /** True when the text has the shape of an id made here; lets handlers answer 404 without a read. */
    public static boolean looksLikeId(String text) {
        if (text == null || text.length() != 26 || text.charAt(0) > '7') {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
