package app.integreat.crm.store;

import app.integreat.crm.model.Account;
import app.integreat.crm.model.AccountType;
import app.integreat.crm.model.Address;
import app.integreat.crm.model.Contact;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Role;
import app.integreat.crm.model.SearchText;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The explicit mapping between domain records and items, entity by entity (no reflection).
 * {@code fields} maps hold an entity's attributes without keys; the stores add the keys of each copy.
 */
final class Items {
    static final String ENTITY = "entity";
    static final String NOTES = "NOTES";
    /** The id of the Salesforce record an imported record came from (absent on records made in the CRM). */
    static final String SALESFORCE_ID = "salesforceId";

    private Items() {
    }

    // ---- members

    static Map<String, AttributeValue> memberFields(Member member) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ENTITY, Attrs.s("MEMBER"));
        item.put("id", Attrs.s(member.id()));
        item.put("email", Attrs.s(member.email()));
        item.put("name", Attrs.s(member.name()));
        item.put("role", Attrs.s(member.role().name()));
        item.put("active", Attrs.bool(member.active()));
        item.put("language", Attrs.s(member.language()));
        item.put("mailReceipts", Attrs.bool(member.mailReceipts()));
        item.put("followUpDays", Attrs.n(member.followUpDays()));
        if (!member.aliases().isEmpty()) {
            item.put("aliases", Attrs.list(member.aliases()));
        }
        stamp(item, member.createdAt().toString(), member.updatedAt().toString(), member.version());
        return item;
    }

    static Member member(Map<String, AttributeValue> item) {
        return new Member(Attrs.string(item, "id"), Attrs.string(item, "email"), Attrs.string(item, "name"),
                Role.valueOf(Attrs.string(item, "role")), Attrs.bool(item, "active"), Attrs.string(item, "language"),
                !item.containsKey("mailReceipts") || Attrs.bool(item, "mailReceipts"),
                item.containsKey("followUpDays") ? (int) Attrs.number(item, "followUpDays") : Member.DEFAULT_FOLLOW_UP_DAYS,
                Attrs.instant(item, "createdAt"), Attrs.instant(item, "updatedAt"), Attrs.number(item, "version"),
                Attrs.strings(item, "aliases"));
    }

    // ---- accounts

    static final List<String> ACCOUNT_OPTIONAL = List.of("website", "phone", "address");

    static Map<String, AttributeValue> accountFields(Account account) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ENTITY, Attrs.s("ACCOUNT"));
        item.put("id", Attrs.s(account.id()));
        item.put("name", Attrs.s(account.name()));
        item.put("type", Attrs.s(account.type().name()));
        Attrs.put(item, "website", account.website());
        Attrs.put(item, "phone", account.phone());
        if (account.address() != null && !account.address().isEmpty()) {
            Map<String, AttributeValue> address = new HashMap<>();
            Attrs.put(address, "street", account.address().street());
            Attrs.put(address, "postalCode", account.address().postalCode());
            Attrs.put(address, "city", account.address().city());
            Attrs.put(address, "state", account.address().state());
            Attrs.put(address, "country", account.address().country());
            item.put("address", Attrs.map(address));
        }
        item.put("emailDomains", Attrs.list(account.emailDomains()));
        Attrs.put(item, SALESFORCE_ID, account.salesforceId());
        String byName = Keys.byName(SearchText.normalize(account.name()), account.id());
        item.put(Keys.GSI1_PK, Attrs.s(Keys.ACCOUNTS));
        item.put(Keys.GSI1_SK, Attrs.s(byName));
        item.put(Keys.GSI2_PK, Attrs.s(Keys.accountsOfType(account.type())));
        item.put(Keys.GSI2_SK, Attrs.s(byName));
        stamp(item, account.createdAt().toString(), account.updatedAt().toString(), account.version());
        return item;
    }

    /** An account item and its notes item (null when it has no notes). */
    static Account account(Map<String, AttributeValue> item, Map<String, AttributeValue> notes) {
        Address address = null;
        AttributeValue stored = item.get("address");
        if (stored != null && stored.hasM()) {
            Map<String, AttributeValue> a = stored.m();
            address = new Address(Attrs.string(a, "street"), Attrs.string(a, "postalCode"), Attrs.string(a, "city"),
                    Attrs.string(a, "state"), Attrs.string(a, "country"));
        }
        return new Account(Attrs.string(item, "id"), Attrs.string(item, "name"),
                AccountType.valueOf(Attrs.string(item, "type")), Attrs.string(item, "website"),
                Attrs.string(item, "phone"), address, Attrs.strings(item, "emailDomains"), notes == null ? null : Attrs.string(notes, "notes"),
                Attrs.instant(item, "createdAt"), Attrs.instant(item, "updatedAt"), Attrs.number(item, "version"),
                Attrs.string(item, SALESFORCE_ID));
    }

    // ---- contacts

    static Map<String, AttributeValue> contactFields(Contact contact) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ENTITY, Attrs.s("CONTACT"));
        item.put("id", Attrs.s(contact.id()));
        Attrs.put(item, "firstName", contact.firstName());
        item.put("lastName", Attrs.s(contact.lastName()));
        item.put("emails", Attrs.list(contact.emails()));
        item.put("phones", Attrs.list(contact.phones()));
        Attrs.put(item, "title", contact.title());
        Attrs.put(item, "accountId", contact.accountId());
        Attrs.put(item, SALESFORCE_ID, contact.salesforceId());
        stamp(item, contact.createdAt().toString(), contact.updatedAt().toString(), contact.version());
        return item;
    }

    /** A contact item (or a copy of it) and its notes item (null when it has no notes or for a copy). */
    static Contact contact(Map<String, AttributeValue> item, Map<String, AttributeValue> notes) {
        return new Contact(Attrs.string(item, "id"), Attrs.string(item, "firstName"), Attrs.string(item, "lastName"),
                Attrs.strings(item, "emails"), Attrs.strings(item, "phones"), Attrs.string(item, "title"),
                Attrs.string(item, "accountId"), notes == null ? null : Attrs.string(notes, "notes"),
                Attrs.instant(item, "createdAt"), Attrs.instant(item, "updatedAt"), Attrs.number(item, "version"),
                Attrs.string(item, SALESFORCE_ID));
    }

    static Account account(Map<String, AttributeValue> item) {
        return account(item, null);
    }

    static Contact contact(Map<String, AttributeValue> item) {
        return contact(item, null);
    }

    /**
     * Free text lives in an item of its own next to its record, so that lists, copies and indexes,
     * which carry the record, stay small however long the notes are.
     */
    static Map<String, AttributeValue> notesItem(String pk, String sk, String notes) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(pk));
        item.put(Keys.SK, Attrs.s(sk));
        item.put(ENTITY, Attrs.s("NOTES"));
        item.put("notes", Attrs.s(notes));
        return item;
    }

    static String entity(Map<String, AttributeValue> item) {
        return Attrs.string(item, ENTITY);
    }

    private static void stamp(Map<String, AttributeValue> item, String createdAt, String updatedAt, long version) {
        item.put("createdAt", Attrs.s(createdAt));
        item.put("updatedAt", Attrs.s(updatedAt));
        item.put("version", Attrs.n(version));
    }

    /** The fields plus the item's own keys. */
    static Map<String, AttributeValue> withKeys(Map<String, AttributeValue> fields, String pk, String sk) {
        Map<String, AttributeValue> item = new HashMap<>(fields);
        item.put(Keys.PK, Attrs.s(pk));
        item.put(Keys.SK, Attrs.s(sk));
        return item;
    }
}
