package app.integreat.crm.mail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Charset lookup that never throws, with the substitutions real mail needs. */
final class Charsets {
    static final Charset UTF_8 = StandardCharsets.UTF_8;
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private Charsets() {
    }

    /** The charset for a MIME name, or the fallback when the name is missing, malformed or unknown to the JVM. */
    static Charset forName(String name, Charset fallback) {
        if (name == null || name.isBlank()) {
            return fallback;
        }
        String key = name.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        // Mailers label windows-1252 text as Latin-1 all the time (curly quotes, euro sign); 1252 is a superset.
        if (key.equals("iso-8859-1") || key.equals("latin1") || key.equals("iso8859-1") || key.equals("latin-1")) {
            return WINDOWS_1252;
        }
        if (key.equals("utf8")) {
            return UTF_8;
        }
        try {
            return Charset.forName(key);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** Decodes with replacement characters for bad input. */
    static String decode(byte[] bytes, Charset charset) {
        return new String(bytes, charset);
    }

    /** Whether the bytes are valid UTF-8, ignoring an incomplete character cut off at the end. */
    static boolean isUtf8(byte[] bytes, int length, boolean cut) {
        int checked = cut ? Math.max(0, length - 4) : length;
        try {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 0, checked));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
