package app.integreat.crm.model;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses as the CRM keeps them: trimmed, lower case, so that lookups ignore case. */
public final class EmailAddress {
    // Pragmatic shape check (RFC 5321 lengths, one @, a dot in the domain); delivery is SES's business.
    private static final Pattern LOCAL = Pattern.compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}");
    private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?");

    private EmailAddress() {
    }

    /** The normalized address, or null when the text is not a plausible address. */
    public static String normalize(String text) {
        if (text == null) {
            return null;
        }
        // NFC, so that "ü" typed as u + combining diaeresis is the same address as "ü"
        String address = Normalizer.normalize(text.trim(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        if (address.length() > 254) {
            return null;
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at != address.indexOf('@')) {
            return null;
        }
        String local = address.substring(0, at);
        String domain = unicodeDomain(address.substring(at + 1));
        address = local + "@" + domain;
        if (!LOCAL.matcher(local).matches() || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return null;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return null;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return null;
            }
        }
        return address;
    }

    /**
     * An internationalised domain in its Unicode form, so that "xn--mnchen-3ya.de" and "münchen.de" are one
     * domain wherever addresses and account domains are compared; other domains as they are.
     */
    static String unicodeDomain(String domain) {
        if (!domain.startsWith("xn--") && !domain.contains(".xn--")) {
            return domain;
        }
        try {
            return Normalizer.normalize(java.net.IDN.toUnicode(domain, java.net.IDN.ALLOW_UNASSIGNED), Normalizer.Form.NFC)
                    .toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            // not valid punycode: the label stays as written (and is checked as such below)
            return domain;
        }
    }

    /** The domain of a plausible address (normalized), else null. */
    public static String domainOf(String text) {
        String address = normalize(text);
        return address == null ? null : address.substring(address.indexOf('@') + 1);
    }

    /** The local part without a "+tag" (the part before @), of a normalized address. */
    public static String localPart(String address) {
        return address.substring(0, address.indexOf('@'));
    }
}
