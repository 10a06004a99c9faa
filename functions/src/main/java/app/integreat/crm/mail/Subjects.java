package app.integreat.crm.mail;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/** Subject lines without the "Re:"/"Fwd:"/"WG:" chains that mail clients prepend, in many languages. */
public final class Subjects {
    // Outlook and webmail prefixes: en, de, fr, es, it, nl, pt, da/no, sv, fi, pl, tr, ro and friends.
    private static final String FORWARDS = "fwd?|wg|tr|rv|vs|vl|vb|i|pd|enc|redir\\.?|wtr|doorst|videresend|"
        + "vidaresend|fs|İlt|ilt|továbbítás|pr|přeposlat";
    private static final String REPLIES = "re|aw|sv|antw|odp|r|rif|ynt|res|ref|vá|atb|svar|odg|răspuns|отв|ответ";
    private static final Pattern PREFIX = Pattern.compile(
        "^\\s*(?:\\[[^\\]]{0,20}\\]\\s*)?(" + FORWARDS + "|" + REPLIES + ")\\s*(?:\\[\\d+\\]|\\(\\d+\\)|\\^\\d+)?\\s*[:：]",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern FORWARD = Pattern.compile(FORWARDS, Pattern.CASE_INSENSITIVE);
    /** A prefix is short; each match sees at most this much of the subject, so a hostile one costs linear time. */
    private static final int PREFIX_WINDOW = 100;

    private Subjects() {
    }

    /**
     * The subject for display: every leading reply/forward prefix removed ("AW: WG: Re[2]: Angebot" → "Angebot").
     * Null stays null; a subject that is nothing but prefixes comes back trimmed instead of empty.
     */
    public static String display(String subject) {
        if (subject == null) {
            return null;
        }
        String stripped = subject.strip();
        int at = 0;
        Matcher m = PREFIX.matcher(window(stripped, at));
        while (m.find()) {
            at += m.end();
            while (at < stripped.length() && Character.isWhitespace(stripped.charAt(at))) {
                at++;
            }
            m = PREFIX.matcher(window(stripped, at));
        }
        String rest = stripped.substring(at);
        return rest.isEmpty() ? stripped : rest;
    }

    /** Whether the first prefix says "forwarded" (Fwd:, WG:, TR:, RV:, ...), as opposed to a reply or none. */
    public static boolean isForward(String subject) {
        if (subject == null) {
            return false;
        }
        Matcher m = PREFIX.matcher(window(subject.strip(), 0));
        return m.find() && FORWARD.matcher(m.group(1)).matches();
    }

    private static String window(String text, int from) {
        return text.substring(from, Math.min(text.length(), from + PREFIX_WINDOW));
    }
}
