package app.integreat.crm.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Where Integreat stands with one municipality (or, for a split instance, several): a service
 * agreement of a {@code type} at a {@code stage} of the pipeline (keys from {@link Pipeline}).
 *
 * @param accounts       the linked municipality accounts, with their cost shares
 * @param stageSince     when the opportunity entered its current stage
 * @param visited        every stage the opportunity has been at (for rules such as "won after contract sent")
 * @param closedAt       when it was closed, or null while open
 * @param reminderTaskId the follow-up task the pipeline last created for it, or null
 * @param history        the latest stage changes (at most {@link #HISTORY_SHOWN}), oldest first; empty in lists,
 *                       only the record itself carries them (all of them: GET /opportunities/{id}/history)
 * @param stageChanges   how many stage changes it has had in all, its creation included
 * @param snooze         put off until a date, or null (only the record itself carries it)
 * @param salesforceId   the 18-character id of the Salesforce record it was imported from, or null
 */
public record Opportunity(String id, String name, String type, List<Account> accounts, String ownerId, String stage,
                          Instant stageSince, List<String> visited, LocalDate expectedCloseDate, BigDecimal amount,
                          String notes, String lostReason, Instant closedAt, String reminderTaskId,
                          List<StageChange> history, int stageChanges, Snooze snooze, String createdBy, Instant createdAt, Instant updatedAt,
                          long version, String salesforceId) {

    /** The record's read shows this many of the latest stage changes. */
    public static final int HISTORY_SHOWN = 50;

    /** A linked municipality; {@code share} is its cost share in percent (split instances), or null. */
    public record Account(String accountId, String name, BigDecimal share) {
    }

    /** One stage change: the new stage, when, by which member, and why (when lost). */
    public record StageChange(String stage, Instant at, String by, String lostReason) {
    }

    public Opportunity {
        accounts = List.copyOf(accounts);
        visited = List.copyOf(visited);
        history = history == null ? List.of() : List.copyOf(history);
    }

    public boolean isOpen() {
        return closedAt == null;
    }

    public List<String> accountIds() {
        return accounts.stream().map(Account::accountId).toList();
    }
}
