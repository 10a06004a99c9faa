package app.integreat.crm.mail;

/**
 * Hand-written scans for what would otherwise be a regular expression over mail text: each is one pass, so the
 * work stays linear in the input however hostile it is.
 */
final class Scan {
    private Scan() {
    }

    /** The text without the trailing characters that are in {@code chars} or whitespace (if {@code spaces}). */
    static String stripTrailing(String text, String chars, boolean spaces) {
        int end = text.length();
        while (end > 0) {
            char c = text.charAt(end - 1);
            if (chars.indexOf(c) < 0 && !(spaces && Character.isWhitespace(c))) {
                break;
            }
            end--;
        }
        return text.substring(0, end);
    }

    /** Every run of whitespace as one space. */
    static String collapseSpaces(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (!inSpace) {
                    out.append(' ');
                }
                inSpace = true;
            } else {
                out.append(c);
                inSpace = false;
            }
        }
        return out.toString();
    }

    /** Whether the last character that is not whitespace is one of {@code chars}. */
    static boolean endsWithBeforeSpaces(String text, String chars) {
        String stripped = text.stripTrailing();
        return !stripped.isEmpty() && chars.indexOf(stripped.charAt(stripped.length() - 1)) >= 0;
    }

    /** The length of the leading quote markers ({@code >}, spaces and tabs between them) and one space after them. */
    static int quotePrefixLength(String line) {
        int end = 0;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '>') {
                end = ++i;
            } else if (c == ' ' || c == '\t') {
                i++;
            } else {
                break;
            }
        }
        if (end > 0 && end < line.length() && line.charAt(end) == ' ') {
            end++;
        }
        return end;
    }

    /** Header text unfolded: a line break followed by a space or tab is removed, other line breaks too. */
    static String unfold(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\r' && c != '\n') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
