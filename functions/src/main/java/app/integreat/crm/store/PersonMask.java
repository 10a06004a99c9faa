package app.integreat.crm.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What an erasure masks in the records it keeps: the person's addresses, their local parts, and their
 * names as written, folded and transliterated, in any case. Each is replaced by {@link #MASK}, which is
 * never longer than what it replaces (every needle has at least 3 characters), so no item grows.
 * Entries of lists that name the person (a participant, a link, an address, their contact id) are
 * dropped instead. Key attributes are never changed: an item whose keys name the person is deleted.
 * The patterns are quoted literals: linear in the text, whatever it holds.
 */
final class PersonMask {
    static final String MASK = "***";
    private static final int MIN_NEEDLE = 3;
    private static final Set<String> KEY_ATTRIBUTES = keyAttributes();

    private final String contactId;
    private final Set<String> addresses;
    private final List<Pattern> patterns = new ArrayList<>();

    /** {@code domains}: the domains of the person's addresses that are theirs alone (not an account's, not free mail). */
    PersonMask(String contactId, String firstName, String lastName, Set<String> addresses, Set<String> domains) {
        this.contactId = contactId;
        this.addresses = new LinkedHashSet<>();
        Set<String> needles = new LinkedHashSet<>();
        for (String address : addresses) {
            String lower = address.toLowerCase(Locale.ROOT);
            this.addresses.add(lower);
            needles.add(lower);
            int at = lower.indexOf('@');
            if (at > 0) {
                needles.add(lower.substring(0, at));
            }
        }
        domains.forEach(domain -> needles.add(domain.toLowerCase(Locale.ROOT)));
        for (String name : new String[] {firstName, lastName}) {
            if (name == null) {
                continue;
            }
            for (String variant : variants(name.strip())) {
                needles.add(variant);
                for (String word : variant.split("[\\s\\-]+")) {
                    needles.add(word);
                }
            }
        }
        if (firstName != null && lastName != null) {
            needles.addAll(variants(firstName.strip() + " " + lastName.strip()));
            needles.addAll(variants(lastName.strip() + ", " + firstName.strip()));
        }
        needles.stream().filter(needle -> needle.length() >= MIN_NEEDLE)
                .sorted(Comparator.comparingInt(String::length).reversed())
                .forEach(needle -> patterns.add(Pattern.compile(Pattern.quote(needle),
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
    }

    /** The name as written, with umlauts folded (München → Munchen) and transliterated (München → Muenchen). */
    static Set<String> variants(String name) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(name);
        variants.add(app.integreat.crm.model.SearchText.normalize(name));
        variants.add(name.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ä", "Ae")
                .replace("Ö", "Oe").replace("Ü", "Ue").replace("ß", "ss"));
        return variants;
    }

    String contactId() {
        return contactId;
    }

    boolean isPersonsAddress(String address) {
        return address != null && addresses.contains(address.toLowerCase(Locale.ROOT));
    }

    /** Whether the text (a From header, say) holds one of the person's addresses. */
    boolean mentionsAddress(String text) {
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return addresses.stream().anyMatch(lower::contains);
    }

    /** Whether the text names the person (any needle, any case). */
    boolean names(String text) {
        if (text == null) {
            return false;
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    String mask(String text) {
        String masked = text;
        for (Pattern pattern : patterns) {
            masked = pattern.matcher(masked).replaceAll(Matcher.quoteReplacement(MASK));
        }
        return masked;
    }

    /** Whether an item's keys name the person: such an item is a lookup of theirs and is deleted, not kept. */
    boolean keysName(Map<String, AttributeValue> item) {
        for (String key : KEY_ATTRIBUTES) {
            AttributeValue value = item.get(key);
            if (value != null && value.s() != null && names(value.s())) {
                return true;
            }
        }
        return false;
    }

    /** The item with the person masked out of every attribute but its keys (null: nothing to change). */
    Map<String, AttributeValue> masked(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> out = new HashMap<>(item.size());
        boolean changed = false;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            if (KEY_ATTRIBUTES.contains(attribute.getKey())) {
                out.put(attribute.getKey(), attribute.getValue());
                continue;
            }
            if (attribute.getKey().equals("contactId") && contactId.equals(attribute.getValue().s())) {
                changed = true;
                continue;
            }
            AttributeValue value = value(attribute.getValue());
            changed |= !value.equals(attribute.getValue());
            out.put(attribute.getKey(), value);
        }
        return changed ? out : null;
    }

    private AttributeValue value(AttributeValue value) {
        if (value.s() != null) {
            return AttributeValue.fromS(mask(value.s()));
        }
        if (value.hasL()) {
            List<AttributeValue> kept = new ArrayList<>(value.l().size());
            for (AttributeValue element : value.l()) {
                if (!namesPerson(element)) {
                    kept.add(value(element));
                }
            }
            return AttributeValue.fromL(kept);
        }
        if (value.hasM()) {
            Map<String, AttributeValue> map = new HashMap<>();
            value.m().forEach((name, inner) -> {
                if (!(name.equals("contactId") && contactId.equals(inner.s()))) {
                    map.put(name, value(inner));
                }
            });
            return AttributeValue.fromM(map);
        }
        if (value.hasSs()) {
            return AttributeValue.fromSs(value.ss().stream().filter(s -> !isPersonsAddress(s) && !contactId.equals(s))
                    .map(this::mask).distinct().toList());
        }
        return value;
    }

    /** A list entry that stands for the person: their address or id, or a participant or link of theirs. */
    private boolean namesPerson(AttributeValue element) {
        if (element.s() != null) {
            return contactId.equals(element.s()) || isPersonsAddress(element.s());
        }
        if (element.hasM()) {
            Map<String, AttributeValue> m = element.m();
            AttributeValue email = m.get("email");
            AttributeValue address = m.get("address");
            AttributeValue id = m.get("contactId");
            return (email != null && isPersonsAddress(email.s())) || (address != null && isPersonsAddress(address.s()))
                    || (id != null && contactId.equals(id.s()));
        }
        return false;
    }

    private static Set<String> keyAttributes() {
        Set<String> keys = new LinkedHashSet<>(List.of(Keys.PK, Keys.SK));
        for (int n = 1; n <= 9; n++) {
            keys.add(Keys.gsiPk(n));
            keys.add(Keys.gsiSk(n));
        }
        return keys;
    }
}
