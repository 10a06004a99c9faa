package app.integreat.crm.core;

import java.time.Instant;

/** An organisation: a municipality, partner, supplier or customer. */
public record Account(String id, String name, AccountType type, String website, String phone, Address address,
                      String notes, Instant createdAt, Instant updatedAt, long version) {
}
