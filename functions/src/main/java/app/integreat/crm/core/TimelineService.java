package app.integreat.crm.core;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.TimelineEntry;
import app.integreat.crm.store.Timeline;

/** The timelines of accounts and contacts, newest first. */
public final class TimelineService {
    private final Timeline timeline;

    public TimelineService(Timeline timeline) {
        this.timeline = timeline;
    }

    public Page<TimelineEntry> ofAccount(String accountId, PageRequest page) {
        return timeline.page(Timeline.ofAccount(accountId), page).orElseThrow(() -> CrmException.notFound("Account", accountId));
    }

    public Page<TimelineEntry> ofContact(String contactId, PageRequest page) {
        return timeline.page(Timeline.ofContact(contactId), page).orElseThrow(() -> CrmException.notFound("Contact", contactId));
    }
}
