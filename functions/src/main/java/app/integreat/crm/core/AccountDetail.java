package app.integreat.crm.core;

import java.util.List;

/** An account with its people, as the detail page shows it. */
public record AccountDetail(Account account, List<Contact> contacts) {
}
