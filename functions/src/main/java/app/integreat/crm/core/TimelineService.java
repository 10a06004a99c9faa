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
        return timeline.page(Timeline.ofAccount(accountId), page).orElseThrow(() -> CrmException.notFound("Account", accountId));
    }

    public Page<TimelineEntry> ofContact(String contactId, PageRequest page) {
        return timeline.page(Timeline.ofContact(contactId), page).orElseThrow(() -> CrmException.notFound("Contact", contactId));
    }
}
