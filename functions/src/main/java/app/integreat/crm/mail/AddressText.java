package app.integreat.crm.mail;

import java.util.ArrayList;
import java.util.List;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Recipient lists as mail clients print them in forwarded blocks, not as RFC 5322 headers: {@code Name <a@b>},
 * {@code Name [mailto:a@b]}, {@code "Doe, John" <a@b>}, {@code Doe, John <a@b>}, bare {@code a@b}, or only a name.
 */
final class AddressText {
    static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+'!#$&*/=?^`{|}~-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+");
    private static final Pattern ANGLE = Pattern.compile("<\\s*([^<>\\s]+@[^<>\\s]+)\\s*>");
    private static final Pattern MAILTO_LINK = Pattern.compile("<mailto:[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern MAILTO_BRACKET = Pattern.compile("\\[mailto:([^\\]]*)\\]", Pattern.CASE_INSENSITIVE);
    private static final Pattern ON_BEHALF = Pattern.compile("\\s+(?:on behalf of|im auftrag von|au nom de|en nombre de|per conto di)\\s.*$",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern BRACKETS = Pattern.compile("[()<>\\[\\]]");
    private static final String QUOTES = "\"'“”„«»‘’‚";

    private AddressText() {
    }

    /** The mailboxes in a printed list; empty for blank text. */
    static List<MailAddress> parseList(String text) {
        List<MailAddress> result = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return result;
        }
        String cleaned = clean(text);
        List<String> segments = split(cleaned);
        boolean anyAddress = cleaned.contains("@");
        List<String> merged = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String segment : segments) {
            if (anyAddress && !segment.contains("@")) {
                // "Doe, John <j@d.de>" was cut at its comma: the name part waits for its address
                pending.append(pending.length() == 0 ? "" : ", ").append(segment);
                continue;
            }
            merged.add(pending.length() == 0 ? segment : pending + ", " + segment);
            pending.setLength(0);
        }
        if (pending.length() > 0) {
            merged.add(pending.toString());
        }
        for (String segment : merged) {
            MailAddress address = parseOne(segment);
            if (address.name() != null || address.email() != null) {
                result.add(address);
            }
        }
        return result;
    }

    /** The first mailbox of a printed From value ("X on behalf of Y" names X). */
    static MailAddress parseFrom(String text) {
        if (text == null) {
            return null;
        }
        String value = ON_BEHALF.matcher(clean(text)).replaceFirst("");
        List<MailAddress> list = parseList(value);
        return list.isEmpty() ? null : list.get(0);
    }

    /** One mailbox from its printed form. */
    static MailAddress parseOne(String segment) {
        String s = segment.strip();
        Matcher angle = ANGLE.matcher(s);
        if (angle.find()) {
            String name = Scan.stripTrailing(s.substring(0, angle.start()), "(", true);
            return MailAddress.of(unquote(name), angle.group(1));
        }
        Matcher bare = EMAIL.matcher(s);
        if (bare.find()) {
            String name = BRACKETS.matcher(s.substring(0, bare.start()) + " " + s.substring(bare.end())).replaceAll(" ");
            return MailAddress.of(unquote(name), bare.group());
        }
        return MailAddress.of(unquote(s), null);
    }

    private static String clean(String text) {
        String s = MAILTO_LINK.matcher(text).replaceAll("");
        return MAILTO_BRACKET.matcher(s).replaceAll("<$1>").replace('\u00a0', ' ').strip();
    }

    static String unquote(String name) {
        String s = name == null ? "" : name.strip();
        boolean changed = true;
        while (changed && !s.isEmpty()) {
            changed = false;
            if (QUOTES.indexOf(s.charAt(0)) >= 0) {
                s = s.substring(1).strip();
                changed = true;
            }
            if (!s.isEmpty() && QUOTES.indexOf(s.charAt(s.length() - 1)) >= 0) {
                s = s.substring(0, s.length() - 1).strip();
                changed = true;
            }
        }
        return Scan.collapseSpaces(s);
    }

    /** Splits at commas and semicolons outside quotes, angle brackets, square brackets and parentheses. */
    private static List<String> split(String s) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int nesting = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '<' || c == '[' || c == '(')) {
                nesting++;
            } else if (!quoted && (c == '>' || c == ']' || c == ')') && nesting > 0) {
                nesting--;
            } else if (!quoted && nesting == 0 && (c == ',' || c == ';')) {
                addPart(parts, current);
                continue;
            }
            current.append(c);
        }
        addPart(parts, current);
        return parts;
    }

    private static void addPart(List<String> parts, StringBuilder current) {
        String part = current.toString().strip();
        if (!part.isEmpty()) {
            parts.add(part);
        }
        current.setLength(0);
    }
}
