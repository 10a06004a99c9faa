package app.integreat.crm.core;

import app.integreat.crm.store.AccountStore;
import app.integreat.crm.store.ContactStore;
import app.integreat.crm.store.Timeline;

/** The timelines of accounts and contacts, newest first. */
public final class TimelineService {
    private final Timeline timeline;
    private final AccountStore accounts;
    private final ContactStore contacts;

    public TimelineService(Timeline timeline, AccountStore accounts, ContactStore contacts) {
        this.timeline = timeline;
        this.accounts = accounts;
        this.contacts = contacts;
    }

    public Page<TimelineEntry> ofAccount(String accountId, PageRequest page) {
        Page<TimelineEntry> entries = timeline.page(Timeline.ofAccount(accountId), page);
        // an empty first page is the only case where we must tell "no entries" from "no such account"
        if (entries.items().isEmpty() && page.cursor() == null && !accounts.exists(accountId)) {
            throw CrmException.notFound("Account", accountId);
        }
        return entries;
    }

    public Page<TimelineEntry> ofContact(String contactId, PageRequest page) {
        Page<TimelineEntry> entries = timeline.page(Timeline.ofContact(contactId), page);
        if (entries.items().isEmpty() && page.cursor() == null && !contacts.exists(contactId)) {
            throw CrmException.notFound("Contact", contactId);
        }
        return entries;
    }
}
