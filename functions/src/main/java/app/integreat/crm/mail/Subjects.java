package app.integreat.crm.mail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Subject lines without the "Re:"/"Fwd:"/"WG:" chains that mail clients prepend, in many languages. */
public final class Subjects {
    // Outlook and webmail prefixes: en, de, fr, es, it, nl, pt, da/no, sv, fi, pl, tr, ro and friends.
    private static final String FORWARDS = "fwd?|wg|tr|rv|vs|vl|vb|i|pd|enc|redir\\.?|wtr|doorst|videresend|"
        + "vidaresend|fs|İlt|ilt|továbbítás|pr|přeposlat";
    private static final String REPLIES = "re|aw|sv|antw|odp|r|rif|ynt|res|ref|vá|atb|svar|odg|răspuns|отв|ответ";
    private static final Pattern PREFIX = Pattern.compile(
        "^\\s*(?:\\[[^\\]]{0,20}\\]\\s*)?(" + FORWARDS + "|" + REPLIES + ")\\s*(?:\\[\\d+\\]|\\(\\d+\\)|\\^\\d+)?\\s*[:：]",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern FORWARD = Pattern.compile(FORWARDS, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

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
        String rest = subject.strip();
        Matcher m = PREFIX.matcher(rest);
        while (m.find()) {
            rest = rest.substring(m.end()).strip();
            m = PREFIX.matcher(rest);
        }
        return rest.isEmpty() ? subject.strip() : rest;
    }

    /** Whether the first prefix says "forwarded" (Fwd:, WG:, TR:, RV:, ...), as opposed to a reply or none. */
    public static boolean isForward(String subject) {
        if (subject == null) {
            return false;
        }
        Matcher m = PREFIX.matcher(subject.strip());
        return m.find() && FORWARD.matcher(m.group(1)).matches();
    }
}
