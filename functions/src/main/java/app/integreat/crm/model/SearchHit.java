package app.integreat.crm.model;

import java.time.Instant;

/**
 * One record found by the search: its kind (ACCOUNT, CONTACT, OPPORTUNITY, INTERACTION), id, the
 * text it shows (name or subject), and what the result list adds: the account's or opportunity's or
 * interaction's type, the account (and for an interaction the contact) to open it at, an interaction's time.
 */
public record SearchHit(String kind, String id, String title, String type, String accountId, String contactId, Instant at) {
}
