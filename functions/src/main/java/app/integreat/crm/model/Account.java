package app.integreat.crm.model;

import java.time.Instant;
import java.util.List;

/**
 * An organisation: a municipality, partner, supplier or customer.
 *
 * @param emailDomains domains its people write from (e.g. augsburg.de): mail from an unknown address
 *                     at a domain that belongs to this account only is logged on it
 * @param salesforceId the 18-character id of the Salesforce record it was imported from, or null
 */
public record Account(String id, String name, AccountType type, String website, String phone, Address address,
                      List<String> emailDomains, String notes, Instant createdAt, Instant updatedAt, long version,
                      String salesforceId) {

    public Account {
        emailDomains = emailDomains == null ? List.of() : List.copyOf(emailDomains);
    }
}
