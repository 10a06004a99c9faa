package app.integreat.crm.model;

import java.time.Instant;

/**
 * One append-only line of the audit log: who (a member id), when, what, on which record (its type and
 * id, never a name or an address) and why. It holds no personal data of the person concerned, so an
 * erasure leaves it.
 *
 * @param actor      the member id of the caller, from the JWT claims' member; "import" style actors are member ids too
 * @param action     what was done, e.g. CONTACT_EXPORTED, CONTACT_ERASED, IMPORT_RUN, MEMBER_ROLE_CHANGED
 * @param recordType the kind of record (CONTACT, MEMBER, QUARANTINE, IMPORT, SETTINGS)
 * @param recordId   its id (for an import run: the run's id)
 * @param reason     why, as the caller gave it (may be null); callers must not put names or addresses in it
 */
public record AuditEntry(String id, Instant at, String actor, String action, String recordType, String recordId,
                         String reason) {
    public static final int MAX_REASON_CHARS = 500;

    public static final String CONTACT_EXPORTED = "CONTACT_EXPORTED";
    public static final String CONTACT_ERASED = "CONTACT_ERASED";
    public static final String IMPORT_RUN = "IMPORT_RUN";
    public static final String MEMBER_ROLE_CHANGED = "MEMBER_ROLE_CHANGED";
    public static final String MEMBER_DEACTIVATED = "MEMBER_DEACTIVATED";
    public static final String QUARANTINE_RELEASED = "QUARANTINE_RELEASED";
    public static final String QUARANTINE_DELETED = "QUARANTINE_DELETED";
    public static final String SETTINGS_CHANGED = "SETTINGS_CHANGED";
}
