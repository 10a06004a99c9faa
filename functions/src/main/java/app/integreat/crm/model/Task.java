package app.integreat.crm.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A task (Wiedervorlage): something a member has to do by a date, optionally about an account,
 * a contact or an opportunity.
 *
 * @param handedOverFrom the member the task was last handed over from (vacation cover), or null
 * @param handedOverAt   when that happened, or null
 * @param salesforceId   the Salesforce Task it was imported from, or null
 */
public record Task(String id, String title, String description, LocalDate dueDate, String assigneeId,
                   TaskStatus status, String accountId, String contactId, String opportunityId, String createdBy,
                   Instant completedAt, String handedOverFrom, Instant handedOverAt,
                   Instant createdAt, Instant updatedAt, long version, String salesforceId) {

    /** A new open task. */
    public static Task open(String id, String title, String description, LocalDate dueDate, String assigneeId,
                            String accountId, String contactId, String opportunityId, String createdBy, Instant now) {
        return new Task(id, title, description, dueDate, assigneeId, TaskStatus.OPEN, accountId, contactId,
                opportunityId, createdBy, null, null, null, now, now, 1, null);
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
