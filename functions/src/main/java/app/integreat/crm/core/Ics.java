package app.integreat.crm.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes iCalendar (RFC 5545) text: CRLF line ends, content lines folded at 75 octets (a fold never
 * splits a UTF-8 sequence; each continuation starts with one space, which counts toward its 75), and
 * TEXT values escaped (backslash, semicolon, comma, newline).
 */
public final class Ics {
    static final int MAX_OCTETS = 75;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private final StringBuilder out = new StringBuilder();

    /** A property whose value is written as is (dates, URIs, keywords): it must hold no line break. */
    public Ics raw(String name, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a raw value cannot hold a line break");
        }
        fold(name + ":" + value);
        return this;
    }

    /** A TEXT property, escaped. */
    public Ics text(String name, String value) {
        return raw(name, escape(value));
    }

    public Ics date(String name, LocalDate date) {
        return raw(name + ";VALUE=DATE", date.format(DATE));
    }

    public Ics utc(String name, Instant instant) {
        return raw(name, UTC.format(instant));
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** TEXT escaping (RFC 5545, 3.3.11); CR LF and lone CR become \n as well. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case ';' -> escaped.append("\\;");
                case ',' -> escaped.append("\\,");
                case '\n' -> escaped.append("\\n");
                case '\r' -> {
                    escaped.append("\\n");
                    if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                }
                default -> {
                    // other control characters are not allowed in TEXT
                    if (c >= 0x20 || c == '\t') {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /** Appends one content line, folded so that no physical line exceeds 75 octets. */
    private void fold(String line) {
        int octets = 0;
        int limit = MAX_OCTETS;
        for (int i = 0; i < line.length(); ) {
            int codePoint = line.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                out.append("\r\n ");
                octets = 1;
                limit = MAX_OCTETS;
            }
            out.appendCodePoint(codePoint);
            octets += size;
            i += Character.charCount(codePoint);
        }
        out.append("\r\n");
    }
}
