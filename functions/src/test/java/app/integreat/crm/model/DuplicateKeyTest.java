package app.integreat.crm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DuplicateKeyTest {

    @Test
    void namesMeetAfterUmlautFoldingAndTransliteration() {
        assertEquals(DuplicateKey.fold("Weiß"), DuplicateKey.fold("Weiss"));
        assertEquals(DuplicateKey.fold("Jürgen"), DuplicateKey.fold("Juergen"));
        assertEquals(DuplicateKey.fold("Müller"), DuplicateKey.fold("Mueller"));
        assertEquals(DuplicateKey.fold("Müller"), DuplicateKey.fold("MULLER"));
        assertEquals(DuplicateKey.fold("Stadt  Weißenburg i. Bay."), DuplicateKey.fold("stadt weissenburg i bay"));
        assertEquals(DuplicateKey.fold("Bär"), DuplicateKey.fold("Baer"));
        assertEquals(DuplicateKey.fold("Göbel"), DuplicateKey.fold("Goebel"));
        assertEquals(DuplicateKey.fold("Ju\u0308rgen"), DuplicateKey.fold("Jürgen"), "a decomposed umlaut too");
        assertEquals(DuplicateKey.fold("Renée"), DuplicateKey.fold("Renee"));
        assertNotEquals(DuplicateKey.fold("Müller"), DuplicateKey.fold("Möller"));
    }

    @Test
    void phonesCompareAsInternationalDigits() {
        assertEquals("498213240", DuplicateKey.phone("+49 821 324-0"));
        assertEquals("498213240", DuplicateKey.phone("0049 (821) 3240"));
        assertEquals("498213240", DuplicateKey.phone("0821 3240"));
        assertEquals("43112345", DuplicateKey.phone("+43 1 12345"));
        assertNull(DuplicateKey.phone("-12"), "an extension alone is no number");
        assertNull(DuplicateKey.phone("unbekannt"));
    }

    @Test
    void aContactsNameCountsWithinItsAccountAndAddressesWithoutPlusTags() {
        Contact a = contact("Jürgen", "Müller", "ACC1", List.of("j.mueller+crm@augsburg.de"), List.of("0821 3240"));
        Contact b = contact("Juergen", "Mueller", "ACC1", List.of("j.mueller@augsburg.de"), List.of("+49 821 3240"));
        Contact elsewhere = contact("Jürgen", "Müller", "ACC2", List.of(), List.of());
        assertEquals(DuplicateKey.ofContact(a), DuplicateKey.ofContact(b));
        Set<DuplicateKey> other = DuplicateKey.ofContact(elsewhere);
        assertEquals(1, other.size());
        assertNotEquals(other.iterator().next(), DuplicateKey.ofContact(a).iterator().next());
    }

    @Test
    void aRecordHasABoundedNumberOfKeys() {
        Contact many = contact("A", "B", null, List.of("a@x.de", "b@x.de", "c@x.de", "d@x.de"),
                List.of("0821 1111", "0821 2222", "0821 3333", "0821 4444"));
        assertEquals(1 + DuplicateKey.MAX_PHONES + DuplicateKey.MAX_ADDRESSES, DuplicateKey.ofContact(many).size());
        String longName = "ä".repeat(5000);
        assertEquals(DuplicateKey.MAX_VALUE / 2, DuplicateKey.fold(longName).length(), "ae folds to a after the cut");
    }

    @Test
    void accountsMeetByStreetAbbreviation() {
        Account a = account("Stadt Augsburg", new Address("Maximilianstr. 4", "86150", "Augsburg", null, null));
        Account b = account("Stadt Augsburg ", new Address("Maximilianstraße 4", "86150", "Augsburg", null, null));
        assertEquals(DuplicateKey.ofAccount(a), DuplicateKey.ofAccount(b));
        assertEquals(2, DuplicateKey.ofAccount(a).size(), "name and address; no phone");
    }

    private static Contact contact(String first, String last, String accountId, List<String> emails, List<String> phones) {
        return new Contact("C", first, last, emails, phones, null, accountId, null, Instant.EPOCH, Instant.EPOCH, 1, null);
    }

    private static Account account(String name, Address address) {
        return new Account("A", name, AccountType.MUNICIPALITY, null, null, address, List.of(), null, Instant.EPOCH, Instant.EPOCH, 1, null);
    }
}
