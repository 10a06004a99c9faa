package app.integreat.crm.model;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The form in which names are indexed and searched: lower case, umlauts and other accents folded
 * to their base letter, ß to ss, punctuation to single spaces. "München", "MUNCHEN" and "münchen"
 * all become "munchen", so a prefix search finds them whichever way the user types.
 */
public final class SearchText {
    /** Index keys stay well below DynamoDB's 1 KB sort-key limit. */
    static final int MAX_LENGTH = 120;

    private SearchText() {
    }

    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String folded = text.replace("ß", "ss").replace("ẞ", "ss");
        folded = Normalizer.normalize(folded, Normalizer.Form.NFD).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        boolean pendingSpace = false;
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (Character.isLetterOrDigit(c)) {
                if (pendingSpace && out.length() > 0) {
                    if (out.length() + 2 > MAX_LENGTH) {
                        break;
                    }
                    out.append(' ');
                }
                pendingSpace = false;
                out.append(c);
            } else {
                pendingSpace = true;
            }
            if (out.length() >= MAX_LENGTH) {
                break;
            }
        }
        return out.toString();
    }
}
