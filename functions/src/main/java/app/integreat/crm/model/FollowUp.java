package app.integreat.crm.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The watch on an outbound mail to people outside: armed until {@code dueDate}; an inbound mail from
 * one of its counterparts (or their accounts' other contacts) disarms it, otherwise the reminder run
 * on the due date gives its sender a task "Keine Antwort: …".
 *
 * @param contactIds  the counterparts that are contacts
 * @param accountIds  their accounts (and accounts matched by domain or plus address)
 * @param addresses   counterparts that matched no contact
 * @param answeredBy  the inbound interaction that answered it, or null
 * @param taskId      the task the reminder run created, or null
 */
public record FollowUp(String interactionId, String memberId, String subject, Instant sentAt, LocalDate dueDate,
                       State state, List<String> contactIds, List<String> accountIds, List<String> opportunityIds,
                       List<String> addresses, String answeredBy, String taskId) {
    /** At most this many counterparts are watched per mail, which keeps the mail's transaction below 100 actions. */
    public static final int MAX_WATCHED = 20;

    public enum State { ARMED, ANSWERED, TASK_CREATED, CLOSED }

    public FollowUp {
        contactIds = List.copyOf(contactIds);
        accountIds = List.copyOf(accountIds);
        opportunityIds = List.copyOf(opportunityIds);
        addresses = List.copyOf(addresses);
    }
}
