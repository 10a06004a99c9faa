package app.integreat.crm.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One municipality in the pipeline overview, as its account item summarises it.
 *
 * @param open              its open opportunities (usually one; one per type at most)
 * @param lastOutcome       the stage its last closed opportunity ended at, or null
 * @param lastInteractionAt the date of the last logged interaction, or null
 * @param openTasks         due dates of its open tasks by task id (the next one is the earliest)
 */
public record MunicipalityStatus(String accountId, String name, Instant accountCreatedAt, List<OpenOpportunity> open,
                                 String lastOutcome, String lastOutcomeOpportunityId, Instant lastOutcomeAt,
                                 Instant lastInteractionAt, List<OpenTask> openTasks, List<Snoozed> snoozes) {

    /** A snooze of one of its opportunities, until a date. */
    public record Snoozed(String opportunityId, LocalDate until, String reason) {
    }

    public record OpenOpportunity(String id, String name, String type, String stage, Instant stageSince) {
    }

    public record OpenTask(String id, LocalDate dueDate) {
    }
}
