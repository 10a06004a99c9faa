package app.integreat.crm.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Locale;

/** Reads a decoded text part into a string, keeping at most a given number of characters. */
final class BodyText {

    /** Text read from a part; {@code truncated} when the part was longer than the cap. */
    record Read(String text, boolean truncated) {
    }

    private BodyText() {
    }

    /**
     * Reads the part to its end, keeping up to {@code maxChars} characters (line ends normalized to \n).
     * Missing, unknown or us-ascii charsets are guessed: UTF-8 if the bytes are valid UTF-8, else windows-1252.
     */
    static Read read(InputStream in, String charsetName, long maxChars) throws IOException {
        long byteCap = Math.min(Integer.MAX_VALUE - 16L, Math.max(0, maxChars) * 4 + 4);
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean cut = false;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            long room = byteCap - kept.size();
            if (room > 0) {
                kept.write(buffer, 0, (int) Math.min(room, n));
            }
            if (n > room) {
                // keep reading to the end of the part, dropping the rest
                cut = true;
            }
        }
        byte[] bytes = kept.toByteArray();
        String text = Charsets.decode(bytes, charsetFor(charsetName, bytes, cut));
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        if (text.length() > maxChars) {
            int end = (int) maxChars;
            if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            return new Read(text.substring(0, end), true);
        }
        return new Read(text, cut);
    }

    private static Charset charsetFor(String name, byte[] bytes, boolean cut) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        Charset declared = Charsets.forName(key, null);
        if (declared != null && !key.equals("us-ascii") && !key.equals("ascii")) {
            return declared;
        }
        return Charsets.isUtf8(bytes, bytes.length, cut) ? Charsets.UTF_8 : Charsets.WINDOWS_1252;
    }
}
