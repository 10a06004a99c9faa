package app.integreat.crm.model;

import java.time.Instant;

/**
 * A person on the Integreat team who uses the CRM. The email is the sign-in identity and never changes.
 *
 * @param mailReceipts whether the member gets a receipt for each mail they BCC or forward to the CRM
 */
public record Member(String id, String email, String name, Role role, boolean active, String language,
                     boolean mailReceipts, Instant createdAt, Instant updatedAt, long version) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
