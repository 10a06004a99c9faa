package app.integreat.crm.core;

import app.integreat.crm.model.AuditEntry;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.store.AuditStore;
import java.time.Clock;

/**
 * The append-only audit log: who did what to which record and why. Entries name records by type and
 * id only, never by a person's name or address. No method changes or deletes an entry.
 */
public final class AuditLog {
    private final AuditStore store;
    private final Clock clock;
    private final Ids ids;

    public AuditLog(AuditStore store, Clock clock, Ids ids) {
        this.store = store;
        this.clock = clock;
        this.ids = ids;
    }

    /** A new entry (not yet written): for a store that writes it in the transaction of the change. */
    public AuditEntry entry(String actor, String action, String recordType, String recordId, String reason) {
        return new AuditEntry(ids.next(), clock.instant(), actor, action, recordType, recordId, reason);
    }

    /** Writes an entry on its own, for a change that is not one transaction (an import run, a settings change). */
    public void record(String actor, String action, String recordType, String recordId, String reason) {
        store.append(entry(actor, action, recordType, recordId, reason));
    }

    /** Newest first; admins only. */
    public Page<AuditEntry> page(Member caller, PageRequest page) {
        MemberService.requireAdmin(caller);
        return store.page(page);
    }
}
