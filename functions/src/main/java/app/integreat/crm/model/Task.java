package app.integreat.crm.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A task (Wiedervorlage): something a member has to do by a date, optionally about an account,
 * a contact or an opportunity.
 *
 * @param handedOverFrom the member the task was last handed over from (vacation cover), or null
 * @param handedOverAt   when that happened, or null
 * @param recurrence     how the task repeats (completing it creates the next one), or null
 * @param origin         what created it when not a member: {@link #NO_REPLY}, {@link #SNOOZE_ENDED}; or null
 * @param interactionId  the mail a no-reply task is about, or null
 * @param nextTaskId     the occurrence that completing this recurring task created, or null
 * @param salesforceId   the Salesforce Task it was imported from, or null
 */
public record Task(String id, String title, String description, LocalDate dueDate, String assigneeId,
                   TaskStatus status, String accountId, String contactId, String opportunityId, String createdBy,
                   Instant completedAt, String handedOverFrom, Instant handedOverAt,
                   Recurrence recurrence, String origin, String interactionId, String nextTaskId,
                   Instant createdAt, Instant updatedAt, long version, String salesforceId) {
    /** A mail to people outside got no answer in time. */
    public static final String NO_REPLY = "NO_REPLY";
    /** A snoozed municipality's date came. */
    public static final String SNOOZE_ENDED = "SNOOZE_ENDED";

    /** A new open task. */
    public static Task open(String id, String title, String description, LocalDate dueDate, String assigneeId,
                            String accountId, String contactId, String opportunityId, String createdBy, Instant now) {
        return open(id, title, description, dueDate, assigneeId, accountId, contactId, opportunityId, createdBy, now,
                null, null, null);
    }

    /** A new open task that repeats, or that the CRM created itself (origin, the mail it is about). */
    public static Task open(String id, String title, String description, LocalDate dueDate, String assigneeId,
                            String accountId, String contactId, String opportunityId, String createdBy, Instant now,
                            Recurrence recurrence, String origin, String interactionId) {
        return new Task(id, title, description, dueDate, assigneeId, TaskStatus.OPEN, accountId, contactId,
                opportunityId, createdBy, null, null, null, recurrence, origin, interactionId, null, now, now, 1, null);
    }

    /** The line this task shows on the timelines of its account and contact. */
    public TimelineEntry timelineEntry() {
        java.util.Map<String, String> details = new java.util.HashMap<>();
        details.put("dueDate", dueDate.toString());
        details.put("assigneeId", assigneeId);
        if (completedAt != null) {
            details.put("completedAt", completedAt.toString());
        }
        if (salesforceId != null) {
            details.put("salesforceId", salesforceId);
        }
        return new TimelineEntry(TimelineEntry.TASK, id, createdAt, status.name(), title, description, createdBy, details);
    }
}
