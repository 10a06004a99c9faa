package app.integreat.crm.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/** Parameters of Content-Type and Content-Disposition, with RFC 2231 continuations and charsets decoded. */
final class MimeParams {
    private static final Pattern SECTION = Pattern.compile("(.+?)\\*(\\d+)(\\*?)");

    private MimeParams() {
    }

    /** Parameter names (lower case) to decoded values, from a header body like {@code attachment; filename="a.pdf"}. */
    static Map<String, String> parse(String headerBody) {
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, String> extended = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, String[]>> sections = new LinkedHashMap<>();
        if (headerBody == null) {
            return plain;
        }
        String body = Scan.unfold(headerBody);
        int semicolon = indexOutsideQuotes(body, 0);
        while (semicolon >= 0 && semicolon < body.length()) {
            int next = indexOutsideQuotes(body, semicolon + 1);
            String param = body.substring(semicolon + 1, next < 0 ? body.length() : next).strip();
            semicolon = next;
            int eq = param.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = param.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = unquote(param.substring(eq + 1).strip());
            Matcher section = SECTION.matcher(name);
            if (section.matches()) {
                sections.computeIfAbsent(section.group(1), k -> new TreeMap<>())
                    .put(Integer.parseInt(section.group(2)), new String[] {value, section.group(3)});
            } else if (name.endsWith("*")) {
                extended.put(name.substring(0, name.length() - 1), decodeExtended(value, true, null)[0]);
            } else {
                plain.putIfAbsent(name, value);
            }
        }
        Map<String, String> result = new LinkedHashMap<>(plain);
        sections.forEach((name, parts) -> result.put(name, joinSections(parts)));
        result.putAll(extended);
        return result;
    }

    private static String joinSections(TreeMap<Integer, String[]> parts) {
        StringBuilder text = new StringBuilder();
        String charset = null;
        boolean firstPart = true;
        for (String[] part : parts.values()) {
            if (part[1].isEmpty()) {
                text.append(part[0]);
            } else {
                String[] decoded = decodeExtended(part[0], firstPart, charset);
                text.append(decoded[0]);
                charset = decoded[1];
            }
            firstPart = false;
        }
        return text.toString();
    }

    /** Decodes {@code charset'lang'percent%20encoded} (or only the percent part after the first section). */
    private static String[] decodeExtended(String value, boolean withCharset, String knownCharset) {
        String charset = knownCharset;
        String encoded = value;
        if (withCharset) {
            int q1 = value.indexOf('\'');
            int q2 = q1 < 0 ? -1 : value.indexOf('\'', q1 + 1);
            if (q2 > q1) {
                charset = value.substring(0, q1);
                encoded = value.substring(q2 + 1);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()
                && isHex(encoded.charAt(i + 1)) && isHex(encoded.charAt(i + 2))) {
                bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(Charsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        Charset cs = Charsets.forName(charset, Charsets.UTF_8);
        return new String[] {Charsets.decode(bytes.toByteArray(), cs), charset};
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static int indexOutsideQuotes(String s, int from) {
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return i;
            }
        }
        return from == 0 ? -1 : s.length();
    }

    /** A quoted-string's content with its backslash escapes resolved. */
    private static String unescape(String quoted) {
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                c = quoted.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return unescape(value.substring(1, value.length() - 1));
        }
        return value;
    }
}
