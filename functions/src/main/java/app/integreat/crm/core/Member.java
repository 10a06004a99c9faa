package app.integreat.crm.core;

import java.time.Instant;

/** A person on the Integreat team who uses the CRM. The email is the sign-in identity and never changes. */
public record Member(String id, String email, String name, Role role, boolean active, String language,
                     Instant createdAt, Instant updatedAt, long version) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
