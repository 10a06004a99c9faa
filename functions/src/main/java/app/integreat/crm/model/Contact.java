package app.integreat.crm.model;

import java.time.Instant;
import java.util.List;

/**
 * A person at an account (or on their own). Each address in {@code emails} belongs to this contact only.
 * {@code salesforceId}: the 18-character id of the Salesforce record it was imported from, or null.
 */
public record Contact(String id, String firstName, String lastName, List<String> emails, List<String> phones,
                      String title, String accountId, String notes, Instant createdAt, Instant updatedAt,
                      long version, String salesforceId) {

    public String displayName() {
        return firstName == null ? lastName : firstName + " " + lastName;
    }

    /** Sorted by last name, then first name, the way a phone book is. */
    public String sortName() {
        return firstName == null ? lastName : lastName + " " + firstName;
    }
}
