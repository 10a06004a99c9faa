package app.integreat.crm.importer;

/**
 * Salesforce record ids. The 15-character form is case-sensitive; the 18-character form appends
 * three characters that encode the case of the first 15 (one per group of five), so it survives
 * case-insensitive tools. Every id is matched in its 18-character form.
 */
public final class SalesforceId {
    /** What exports write for an empty lookup (besides an empty value). */
    static final String NULL_SENTINEL = "000000000000000AAA";
    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private SalesforceId() {
    }

    /** The 18-character id; null for an empty value or the null sentinel; IllegalArgumentException for anything else. */
    public static String normalize(String value) {
        if (value == null) {
            return null;
        }
        String id = value.trim();
        if (id.isEmpty() || id.equals(NULL_SENTINEL) || id.equals(NULL_SENTINEL.substring(0, 15))) {
            return null;
        }
        if (id.length() != 15 && id.length() != 18) {
            throw new IllegalArgumentException("is not a Salesforce id (15 or 18 characters): " + shorten(id));
        }
        for (int i = 0; i < 15; i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                throw new IllegalArgumentException("is not a Salesforce id: " + shorten(id));
            }
        }
        String base = id.substring(0, 15);
        String full = base + suffix(base);
        if (id.length() == 18 && !id.equalsIgnoreCase(full)) {
            throw new IllegalArgumentException("is not a Salesforce id (its last 3 characters do not match): " + id);
        }
        return full;
    }

    /** The key prefix (first three characters) that names the object: 001 Account, 003 Contact, … */
    public static String prefix(String id) {
        return id.substring(0, 3);
    }

    private static String suffix(String base) {
        StringBuilder suffix = new StringBuilder(3);
        for (int group = 0; group < 3; group++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = base.charAt(group * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            suffix.append(SUFFIX_ALPHABET.charAt(bits));
        }
        return suffix.toString();
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
