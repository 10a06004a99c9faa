package app.integreat.crm.core;

import app.integreat.crm.model.Contact;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.EmailAddress;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.SearchText;
import app.integreat.crm.store.AccountStore;
import app.integreat.crm.store.ContactStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Contacts: the people at accounts, each email address belonging to one of them only. */
public final class ContactService {
    private static final String[] READ_ONLY = {"createdAt", "updatedAt", "version"};

    private final ContactStore contacts;
    private final AccountStore accounts;
    private final Clock clock;
    private final Ids ids;

    public ContactService(ContactStore contacts, AccountStore accounts, Clock clock, Ids ids) {
        this.contacts = contacts;
        this.accounts = accounts;
        this.clock = clock;
        this.ids = ids;
    }

    public Contact create(Map<String, Object> body) {
        Input in = Input.of(body);
        String firstName = in.text("firstName", Limits.NAME, false);
        String lastName = in.text("lastName", Limits.NAME, true);
        List<String> emails = in.emails("emails", Limits.EMAILS_PER_CONTACT);
        List<String> phones = in.texts("phones", Limits.PHONES_PER_CONTACT, Limits.PHONE);
        String title = in.text("title", Limits.SHORT_TEXT, false);
        String accountId = accountId(in);
        String notes = in.text("notes", Limits.NOTES, false);
        in.finish();
        Instant now = clock.instant();
        Contact contact = new Contact(ids.next(), firstName, lastName, emails == null ? List.of() : emails,
                phones == null ? List.of() : phones, title, accountId, notes, now, now, 1, null);
        contacts.create(contact);
        return contact;
    }

    public Contact get(String id) {
        return contacts.get(id).orElseThrow(() -> CrmException.notFound("Contact", id));
    }

    public Optional<Contact> byEmail(String email) {
        String normalized = EmailAddress.normalize(email);
        if (normalized == null) {
            throw CrmException.badParameter("email", "is not a valid email address");
        }
        return contacts.byEmail(normalized);
    }

    public Contact update(String id, long expectedVersion, Map<String, Object> body) {
        Contact current = get(id);
        if (current.version() != expectedVersion) {
            throw CrmException.stale("contact");
        }
        Input in = Input.of(body).ignoring(READ_ONLY);
        in.readOnly("id", current.id());
        String firstName = in.has("firstName") ? in.text("firstName", Limits.NAME, false) : current.firstName();
        String lastName = in.has("lastName") ? in.text("lastName", Limits.NAME, true) : current.lastName();
        List<String> emails = in.has("emails") ? in.emails("emails", Limits.EMAILS_PER_CONTACT) : current.emails();
        List<String> phones = in.has("phones") ? in.texts("phones", Limits.PHONES_PER_CONTACT, Limits.PHONE) : current.phones();
        String title = in.has("title") ? in.text("title", Limits.SHORT_TEXT, false) : current.title();
        String accountId = in.has("accountId") ? accountId(in) : current.accountId();
        String notes = in.has("notes") ? in.text("notes", Limits.NOTES, false) : current.notes();
        in.finish();
        Contact updated = new Contact(id, firstName, lastName, emails == null ? List.of() : emails,
                phones == null ? List.of() : phones, title, accountId, notes, current.createdAt(), clock.instant(),
                current.version() + 1, current.salesforceId());
        contacts.update(current, updated);
        return updated;
    }

    public void delete(String id, long expectedVersion) {
        Contact current = get(id);
        if (current.version() != expectedVersion) {
            throw CrmException.stale("contact");
        }
        contacts.delete(current);
    }

    /**
     * The contacts of an account and/or matching a name prefix; with {@code email}, the one contact
     * that has the address (the other filters are then not used, but still checked, so that a wrong
     * one is refused whichever filter wins).
     */
    public Page<Contact> find(String email, String accountId, String query, PageRequest page) {
        if (accountId != null && !Ids.looksLikeId(accountId)) {
            throw CrmException.badParameter("accountId", "is not an account id");
        }
        if (email != null) {
            if (page.cursor() != null) {
                // the lookup is one page with no next one: it never gave out a cursor
                throw CrmException.badParameter("cursor", "is not a cursor this list gave out");
            }
            return new Page<>(byEmail(email).map(List::of).orElse(List.of()), null);
        }
        return contacts.list(accountId, SearchText.normalize(query), page);
    }

    /** An account id that must name an existing account (checked again atomically when written). */
    private String accountId(Input in) {
        String accountId = in.text("accountId", 26, false);
        if (accountId != null && (!Ids.looksLikeId(accountId) || !accounts.exists(accountId))) {
            in.error("accountId", "account " + accountId + " does not exist");
        }
        return accountId;
    }

    /** Pairs of contacts that may be the same, by the keys they share. */
    public Page<app.integreat.crm.model.DuplicateGroup> duplicates(PageRequest page) {
        return contacts.duplicates(page);
    }
}
