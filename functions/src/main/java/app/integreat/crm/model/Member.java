package app.integreat.crm.model;

import java.time.Instant;

/**
 * A person on the Integreat team who uses the CRM. The email is the sign-in identity and never changes.
 *
 * @param mailReceipts whether the member gets a receipt for each mail they BCC or forward to the CRM
 * @param followUpDays days after which a mail of theirs to people outside that got no answer becomes a task; 0 = off
 */
public record Member(String id, String email, String name, Role role, boolean active, String language,
                     boolean mailReceipts, int followUpDays, Instant createdAt, Instant updatedAt, long version) {
    public static final int DEFAULT_FOLLOW_UP_DAYS = 7;
    public static final int MAX_FOLLOW_UP_DAYS = 365;

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
