package app.integreat.crm.store;

import app.integreat.crm.model.Contact;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.DuplicateKey;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.SearchText;
import app.integreat.crm.store.Writes.Condition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Contacts. Every write is one transaction over all copies of the contact: the contact item, the copy
 * in its account's collection (with the account's contact counter) and one uniqueness item per email
 * address, written with attribute_not_exists so that an address belongs to at most one contact.
 */
public final class ContactStore {
    private final Table table;
    private final Writes writes;
    private final Timeline timeline;
    private final DuplicateIndex duplicates;

    public ContactStore(Table table) {
        this.table = table;
        this.writes = new Writes(table.name());
        this.timeline = new Timeline(table);
        this.duplicates = DuplicateIndex.contacts(table);
    }

    /** The contact with its notes: one Query of CONTACT and CONTACTNOTES. */
    public Optional<Contact> get(String id) {
        return WithNotes.read(table, Keys.contact(id), Keys.CONTACT_SK, Keys.CONTACT_NOTES_SK)
                .map(found -> Items.contact(found.record(), found.notes()));
    }

    /** Whether the contact exists, without its notes: one GetItem. */
    public boolean exists(String id) {
        return table.get(Keys.contact(id), Keys.CONTACT_SK).isPresent();
    }

    /** The contact an address belongs to (without notes): one GetItem on the address's uniqueness item. */
    public Optional<Contact> byEmail(String email) {
        return table.get(Keys.email(email), Keys.EMAIL_SK).map(Items::contact);
    }

    /**
     * A contact transaction with what explains its refusal: the addresses it claims from action
     * {@code firstClaim} on, and the action that needs the account to exist (-1: none).
     */
    record Write(List<TransactWriteItem> actions, List<String> claimed, int firstClaim, int accountAction,
                 int firstDuplicateKey) {

        Write withDuplicateKeys(List<TransactWriteItem> keyActions) {
            List<TransactWriteItem> all = new ArrayList<>(actions);
            all.addAll(keyActions);
            return new Write(all, claimed, firstClaim, accountAction, actions.size());
        }
    }

    public void create(Contact contact) {
        for (int attempt = 1; ; attempt++) {
            Write write = createWrite(contact);
            try {
                table.transact(write.actions());
                return;
            } catch (Table.TransactionFailed e) {
                if (attempt == DuplicateIndex.ATTEMPTS || !DuplicateIndex.lostOnKeys(e, write.firstDuplicateKey(), attempt)) {
                    throw explain(e, contact, write);
                }
            }
        }
    }

    Write createWrite(Contact contact) {
        List<TransactWriteItem> actions = new ArrayList<>();
        List<String> claimed = new ArrayList<>();
        actions.add(writes.put(contactItem(contact), Condition.notExists()));
        for (String email : contact.emails()) {
            actions.add(writes.put(emailItem(contact, email), Condition.notExists()));
            claimed.add(email);
        }
        int accountAction = -1;
        if (contact.accountId() != null) {
            actions.add(writes.put(membershipItem(contact), Condition.NONE));
            accountAction = actions.size();
            actions.add(writes.addToCounter(Keys.account(contact.accountId()), Keys.ACCOUNT_SK, AccountStore.CONTACT_COUNT, 1));
        }
        actions.addAll(writes.notes(Keys.contact(contact.id()), Keys.CONTACT_NOTES_SK, null, contact.notes()));
        actions.addAll(nameItems(null, contact));
        actions.add(timeline.anchorAction(Timeline.ofContact(contact.id())));
        return new Write(actions, claimed, 1, accountAction, actions.size()).withDuplicateKeys(duplicateKeys(null, contact));
    }

    public void update(Contact before, Contact after) {
        for (int attempt = 1; ; attempt++) {
            Write write = updateWrite(before, after);
            try {
                table.transact(write.actions());
                return;
            } catch (Table.TransactionFailed e) {
                if (attempt == DuplicateIndex.ATTEMPTS || !DuplicateIndex.lostOnKeys(e, write.firstDuplicateKey(), attempt)) {
                    throw explainUpdate(e, before, after, write);
                }
            }
        }
    }

    /** The contact's duplicate candidate keys, moved from {@code before} to {@code after} (either null). */
    List<TransactWriteItem> duplicateKeys(Contact before, Contact after) {
        Contact current = after != null ? after : before;
        return duplicates.actions(current.id(), before == null ? Set.of() : DuplicateKey.ofContact(before),
                after == null ? Set.of() : DuplicateKey.ofContact(after),
                after == null ? null : DuplicateIndex.entry(after.displayName(), after.accountId(), null));
    }

    /** As {@link #explain}, first telling a stale or deleted contact (action 0, the version condition). */
    CrmException explainUpdate(Table.TransactionFailed e, Contact before, Contact after, Write write) {
        if (e.failed(0)) {
            if (!exists(before.id())) {
                return CrmException.notFound("Contact", before.id());
            }
            return CrmException.stale("contact");
        }
        return explain(e, after, write);
    }

    Write updateWrite(Contact before, Contact after) {
        return updateWrite(before, after, null);
    }

    /**
     * As {@link #updateWrite(Contact, Contact)}, where the addresses that move between the contact and
     * {@code other} (a merge takes them over, its undo hands them back) change owner in place: each
     * address item is conditioned on naming its present owner, so no moment leaves an address to nobody.
     */
    Write updateWrite(Contact before, Contact after, Contact other) {
        Set<String> othersAddresses = other == null ? Set.of() : new HashSet<>(other.emails());
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(contactItem(after), Condition.version(before.version())));
        Set<String> kept = new HashSet<>(before.emails());
        kept.retainAll(after.emails());
        for (String email : before.emails()) {
            if (!kept.contains(email)) {
                actions.add(othersAddresses.contains(email)
                        ? writes.put(emailItem(other, email), Condition.attributeEquals("id", before.id()))
                        : writes.delete(Keys.email(email), Keys.EMAIL_SK, Condition.attributeEquals("id", before.id())));
            }
        }
        int firstClaim = actions.size();
        List<String> claimed = new ArrayList<>();
        for (String email : after.emails()) {
            if (!kept.contains(email)) {
                actions.add(writes.put(emailItem(after, email), othersAddresses.contains(email)
                        ? Condition.attributeEquals("id", other.id()) : Condition.notExists()));
                claimed.add(email);
            }
        }
        for (String email : after.emails()) {
            if (kept.contains(email)) {
                actions.add(writes.put(emailItem(after, email), Condition.attributeEquals("id", before.id())));
            }
        }
        int accountAction = -1;
        boolean moved = !Objects.equals(before.accountId(), after.accountId());
        if (before.accountId() != null && moved) {
            actions.add(writes.delete(Keys.account(before.accountId()), Keys.accountContactSk(before.id()), Condition.NONE));
            actions.add(writes.addToCounter(Keys.account(before.accountId()), Keys.ACCOUNT_SK, AccountStore.CONTACT_COUNT, -1));
        }
        if (after.accountId() != null) {
            actions.add(writes.put(membershipItem(after), Condition.NONE));
            if (moved) {
                accountAction = actions.size();
                actions.add(writes.addToCounter(Keys.account(after.accountId()), Keys.ACCOUNT_SK, AccountStore.CONTACT_COUNT, 1));
            }
        }
        actions.addAll(writes.notes(Keys.contact(after.id()), Keys.CONTACT_NOTES_SK, before.notes(), after.notes()));
        actions.addAll(nameItems(before, after));
        return new Write(actions, claimed, firstClaim, accountAction, actions.size()).withDuplicateKeys(duplicateKeys(before, after));
    }

    // ---- a merge (MergeStore): the merged-away contact leaves in two transactions, and its undo brings it back so

    /** The merged-away contact's own item, gone (conditioned on the version the merge was asked for). */
    TransactWriteItem removeRecordAction(Contact from) {
        return writes.delete(Keys.contact(from.id()), Keys.CONTACT_SK, Condition.version(from.version()));
    }

    /** The restored contact's own item (it must not exist); its addresses come back with the kept contact's write. */
    TransactWriteItem restoreRecordAction(Contact from) {
        return writes.put(contactItem(from), Condition.notExists());
    }

    /**
     * Everything else of a merged-away contact (account copy and counter, notes, name and search items,
     * timeline anchor); with {@code restore}, the same brought back. Duplicate keys: {@link #duplicateKeys}.
     */
    List<TransactWriteItem> restActions(Contact contact, boolean restore) {
        List<TransactWriteItem> actions = new ArrayList<>();
        if (contact.accountId() != null) {
            actions.add(restore ? writes.put(membershipItem(contact), Condition.NONE)
                    : writes.delete(Keys.account(contact.accountId()), Keys.accountContactSk(contact.id()), Condition.NONE));
            actions.add(writes.addToCounter(Keys.account(contact.accountId()), Keys.ACCOUNT_SK, AccountStore.CONTACT_COUNT,
                    restore ? 1 : -1));
        }
        actions.addAll(writes.notes(Keys.contact(contact.id()), Keys.CONTACT_NOTES_SK, restore ? null : contact.notes(),
                restore ? contact.notes() : null));
        actions.addAll(restore ? nameItems(null, contact) : nameItems(contact, null));
        actions.add(restore ? timeline.anchorAction(Timeline.ofContact(contact.id()))
                : timeline.removeAnchorAction(Timeline.ofContact(contact.id())));
        return actions;
    }

    public void delete(Contact contact) {
        if (timeline.hasHistory(Timeline.ofContact(contact.id()))) {
            throw CrmException.of(CrmException.Kind.CONFLICT,
                    "Interactions or tasks are logged on this contact; its history stays, so it cannot be deleted.");
        }
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.delete(Keys.contact(contact.id()), Keys.CONTACT_SK, Condition.version(contact.version())));
        for (String email : contact.emails()) {
            actions.add(writes.delete(Keys.email(email), Keys.EMAIL_SK, Condition.attributeEquals("id", contact.id())));
        }
        if (contact.accountId() != null) {
            actions.add(writes.delete(Keys.account(contact.accountId()), Keys.accountContactSk(contact.id()), Condition.NONE));
            actions.add(writes.addToCounter(Keys.account(contact.accountId()), Keys.ACCOUNT_SK, AccountStore.CONTACT_COUNT, -1));
        }
        actions.addAll(writes.notes(Keys.contact(contact.id()), Keys.CONTACT_NOTES_SK, contact.notes(), null));
        actions.addAll(nameItems(contact, null));
        actions.add(timeline.removeAnchorAction(Timeline.ofContact(contact.id())));
        try {
            DuplicateIndex.transact(table, actions, () -> duplicateKeys(contact, null));
        } catch (Table.TransactionFailed e) {
            if (!exists(contact.id())) {
                throw CrmException.notFound("Contact", contact.id());
            }
            throw CrmException.stale("contact");
        }
    }

    /**
     * Contacts sorted by last name, all or of one account. With a search text (already normalized)
     * the name index answers: contacts whose first or last name starts with it.
     */
    public Page<Contact> list(String accountId, String search, PageRequest page) {
        boolean searching = search != null && !search.isEmpty();
        Table.KeyQuery query = accountId == null
                ? Table.KeyQuery.partition(Keys.GSI1, Keys.GSI1_PK, searching ? Keys.CONTACT_NAMES : Keys.CONTACTS)
                : Table.KeyQuery.partition(Keys.GSI2, Keys.GSI2_PK,
                        searching ? Keys.contactNamesOfAccount(accountId) : Keys.contactsOfAccount(accountId));
        if (!searching) {
            return table.queryPage(query, page, Items::contact);
        }
        query = query.withSk(accountId == null ? Keys.GSI1_SK : Keys.GSI2_SK, "begins_with", search);
        return table.queryPage(query, page, 0,
                item -> NameIndex.isFirstMatch(item, Items.contact(item).sortName(), search), Items::contact);
    }

    private List<TransactWriteItem> nameItems(Contact before, Contact after) {
        Contact current = after != null ? after : before;
        List<TransactWriteItem> actions = new ArrayList<>(NameIndex.actions(writes, Keys.contact(current.id()), current.id(),
                before == null ? null : before.sortName(), after == null ? null : after.sortName(),
                after == null ? Map.of() : Items.contactFields(after),
                new NameIndex.Partitions(Keys.CONTACT_NAMES,
                        current.accountId() == null ? null : Keys.contactNamesOfAccount(current.accountId()))));
        // the addresses only in the shared search: "erika.mueller@augsburg.de" is found by "erika m" and "augsburg"
        actions.addAll(NameIndex.actions(writes, ADDRESS_SK_PREFIX, Keys.contact(current.id()), current.id(),
                addressTexts(before), addressTexts(after), after == null ? Map.of() : Items.contactFields(after),
                new NameIndex.Partitions(null, null)));
        return actions;
    }

    private static final String ADDRESS_SK_PREFIX = "ADDR#";

    /** Each address and its domain in their search form, once each. */
    private static List<String> addressTexts(Contact contact) {
        if (contact == null) {
            return List.of();
        }
        java.util.Set<String> texts = new java.util.LinkedHashSet<>();
        for (String email : contact.emails()) {
            texts.add(app.integreat.crm.model.SearchText.normalize(email));
            texts.add(app.integreat.crm.model.SearchText.normalize(email.substring(email.indexOf('@') + 1)));
        }
        texts.remove("");
        return List.copyOf(texts);
    }

    /** Turns a cancelled transaction into the reason a person can act on. */
    CrmException explain(Table.TransactionFailed e, Contact contact, Write write) {
        List<String> claimed = write.claimed();
        int firstClaim = write.firstClaim();
        int accountAction = write.accountAction();
        for (int i = 0; i < claimed.size(); i++) {
            if (e.failed(firstClaim + i)) {
                String email = claimed.get(i);
                Optional<Contact> holder = byEmail(email);
                String holderText = holder.map(h -> h.displayName() + " (" + h.id() + ")").orElse("another contact");
                return new CrmException(CrmException.Kind.CONFLICT,
                        "The email address " + email + " already belongs to " + holderText + ".",
                        List.of(new CrmException.FieldError("emails", email + " already belongs to another contact")),
                        holder.<Map<String, Object>>map(h -> Map.of("contactId", h.id(), "email", email)).orElse(Map.of("email", email)));
            }
        }
        if (accountAction >= 0 && e.failed(accountAction)) {
            return CrmException.invalid("accountId", "account " + contact.accountId() + " does not exist");
        }
        return CrmException.of(CrmException.Kind.CONFLICT, "The contact could not be saved because it changed meanwhile. Please reload.");
    }

    private static Map<String, AttributeValue> contactItem(Contact contact) {
        Map<String, AttributeValue> item = Items.withKeys(Items.contactFields(contact), Keys.contact(contact.id()), Keys.CONTACT_SK);
        item.put(Keys.GSI1_PK, Attrs.s(Keys.CONTACTS));
        item.put(Keys.GSI1_SK, Attrs.s(Keys.byName(SearchText.normalize(contact.sortName()), contact.id())));
        return item;
    }

    private static Map<String, AttributeValue> membershipItem(Contact contact) {
        Map<String, AttributeValue> item = Items.withKeys(Items.contactFields(contact),
                Keys.account(contact.accountId()), Keys.accountContactSk(contact.id()));
        item.put(Keys.GSI2_PK, Attrs.s(Keys.contactsOfAccount(contact.accountId())));
        item.put(Keys.GSI2_SK, Attrs.s(Keys.byName(SearchText.normalize(contact.sortName()), contact.id())));
        return item;
    }

    private static Map<String, AttributeValue> emailItem(Contact contact, String email) {
        return Items.withKeys(Items.contactFields(contact), Keys.email(email), Keys.EMAIL_SK);
    }

    /** One page of the duplicate candidates: keys that two or more contacts share (one Query). */
    public Page<app.integreat.crm.model.DuplicateGroup> duplicates(PageRequest page) {
        return duplicates.page(page);
    }
}
