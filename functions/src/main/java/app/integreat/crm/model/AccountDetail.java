package app.integreat.crm.model;

import java.util.List;

/**
 * An account with its people, as the detail page shows it: at most the first 200 contacts, and
 * how many it has in all; and the opportunities that link it (copies, without notes and history).
 */
public record AccountDetail(Account account, List<Contact> contacts, long contactCount, List<Opportunity> opportunities) {
}
