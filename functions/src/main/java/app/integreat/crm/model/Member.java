package app.integreat.crm.model;

import java.time.Instant;

/**
 * A person on the Integreat team who uses the CRM. The email is the sign-in identity and never changes.
 *
 * @param mailReceipts whether the member gets a receipt for each mail they BCC or forward to the CRM
 * @param followUpDays days after which a mail of theirs to people outside that got no answer becomes a task; 0 = off
 * @param aliases      the member's other addresses (normalised): mail from them counts as the member's; never a sign-in
 */
public record Member(String id, String email, String name, Role role, boolean active, String language,
                     boolean mailReceipts, int followUpDays, Instant createdAt, Instant updatedAt, long version,
                     java.util.List<String> aliases) {
    public static final int DEFAULT_FOLLOW_UP_DAYS = 7;
    public static final int MAX_FOLLOW_UP_DAYS = 365;
    public static final int MAX_ALIASES = 10;

    public Member {
        aliases = aliases == null ? java.util.List.of() : java.util.List.copyOf(aliases);
    }

    /** A member without aliases. */
    public Member(String id, String email, String name, Role role, boolean active, String language,
                  boolean mailReceipts, int followUpDays, Instant createdAt, Instant updatedAt, long version) {
        this(id, email, name, role, active, language, mailReceipts, followUpDays, createdAt, updatedAt, version, java.util.List.of());
    }

    public Member withAliases(java.util.List<String> next, Instant now) {
        return new Member(id, email, name, role, active, language, mailReceipts, followUpDays, createdAt, now, version + 1, next);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
