package app.integreat.crm.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A municipality put off until a date ("zurückgestellt"): until then it does not count as dormant in
 * the overview; on the date the reminder run gives the opportunity's owner a task "Wiedervorlage: <reason>".
 *
 * @param accountIds the opportunity's municipalities, whose overview rows show the snooze
 * @param by         the member who snoozed it
 */
public record Snooze(String opportunityId, LocalDate until, String reason, String ownerId, List<String> accountIds,
                     String by, Instant at) {
    public Snooze {
        accountIds = List.copyOf(accountIds);
    }
}
