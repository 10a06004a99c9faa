package app.integreat.crm.model;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A duplicate candidate key: records that share one may be the same organisation or person.
 * {@code reason} says what they share ({@code NAME}, {@code PHONE}, {@code ADDRESS}); {@code value}
 * is its comparable form. Names compare after umlaut folding and transliteration, so Weiß/Weiss,
 * Jürgen/Juergen and Müller/Mueller/Muller meet; contacts' names only within one account.
 */
public record DuplicateKey(String reason, String value) {
    public static final String NAME = "NAME";
    public static final String PHONE = "PHONE";
    public static final String ADDRESS = "ADDRESS";
    /** A record is indexed by its first phones and addresses only, which keeps its transactions small. */
    static final int MAX_PHONES = 2;
    static final int MAX_ADDRESSES = 2;
    /** Keys stay far below DynamoDB's key size limit. */
    static final int MAX_VALUE = 200;
    /** Fewer digits than this are an extension or a typo, not a number two records could share. */
    static final int MIN_PHONE_DIGITS = 6;

    public static Set<DuplicateKey> ofContact(Contact contact) {
        Set<DuplicateKey> keys = new LinkedHashSet<>();
        String name = fold(contact.sortName());
        if (!name.isEmpty()) {
            keys.add(new DuplicateKey(NAME, cut((contact.accountId() == null ? "-" : contact.accountId()) + "#" + name)));
        }
        addPhones(keys, contact.phones());
        int addresses = 0;
        for (String email : contact.emails()) {
            if (addresses++ == MAX_ADDRESSES) {
                break;
            }
            keys.add(new DuplicateKey(ADDRESS, cut(mailbox(email))));
        }
        return keys;
    }

    public static Set<DuplicateKey> ofAccount(Account account) {
        Set<DuplicateKey> keys = new LinkedHashSet<>();
        String name = fold(account.name());
        if (!name.isEmpty()) {
            keys.add(new DuplicateKey(NAME, cut(name)));
        }
        addPhones(keys, account.phone() == null ? List.of() : List.of(account.phone()));
        if (account.address() != null) {
            String street = street(account.address().street());
            String place = fold(account.address().postalCode()) + " " + fold(account.address().city());
            if (!street.isEmpty() && !place.isBlank()) {
                keys.add(new DuplicateKey(ADDRESS, cut(street + "#" + place.trim())));
            }
        }
        return keys;
    }

    private static void addPhones(Set<DuplicateKey> keys, List<String> phones) {
        int added = 0;
        for (String phone : phones) {
            if (added == MAX_PHONES) {
                break;
            }
            String digits = phone(phone);
            if (digits != null) {
                keys.add(new DuplicateKey(PHONE, digits));
                added++;
            }
        }
    }

    /**
     * A phone number as its international digits: "+49 821 324-0", "0049 821 3240" and "0821 3240"
     * are all "498213240" (a leading single 0 is taken as a German trunk prefix); null when too short.
     */
    public static String phone(String text) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < text.length() && digits.length() < 30; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        String number = digits.toString();
        if (number.startsWith("00")) {
            number = number.substring(2);
        } else if (number.startsWith("0") && !text.trim().startsWith("+")) {
            number = "49" + number.substring(1);
        }
        return number.length() < MIN_PHONE_DIGITS ? null : number;
    }

    /** A mailbox without its plus tag: erika.mueller+crm@augsburg.de is erika.mueller@augsburg.de. */
    static String mailbox(String email) {
        String lower = email.toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf('@');
        int plus = lower.indexOf('+');
        return plus > 0 && plus < at ? lower.substring(0, plus) + lower.substring(at) : lower;
    }

    /** A street with "str." and "straße" alike: "Maximilianstr. 4" and "Maximilianstraße 4" meet. */
    static String street(String street) {
        StringBuilder out = new StringBuilder();
        for (String word : fold(street).split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(word.endsWith("str") ? word + "asse" : word);
        }
        return out.toString();
    }

    /**
     * The comparable form of a name: lower case, ä/ö/ü and their transliterations ae/oe/ue both to
     * a/o/u, ß to ss, other accents dropped, punctuation to single spaces.
     */
    public static String fold(String text) {
        if (text == null) {
            return "";
        }
        String lower = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT).replace("ß", "ss").replace("ẞ", "ss")
                .replace("ä", "ae").replace("ö", "oe").replace("ü", "ue");
        String plain = Normalizer.normalize(lower, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(plain.length());
        boolean pendingSpace = false;
        for (int i = 0; i < plain.length() && out.length() < MAX_VALUE; i++) {
            char c = plain.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (Character.isLetterOrDigit(c)) {
                if (pendingSpace && out.length() > 0) {
                    out.append(' ');
                }
                pendingSpace = false;
                out.append(c);
            } else {
                pendingSpace = true;
            }
        }
        return out.toString().replace("ae", "a").replace("oe", "o").replace("ue", "u");
    }

    private static String cut(String value) {
        return value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value;
    }
}
