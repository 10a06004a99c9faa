package app.integreat.crm.core;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.Recurrence;
import app.integreat.crm.model.Task;
import app.integreat.crm.model.TaskStatus;
import app.integreat.crm.store.AccountStore;
import app.integreat.crm.store.ContactStore;
import app.integreat.crm.store.MemberStore;
import app.integreat.crm.store.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Tasks (Wiedervorlagen): validation and rules; the store keeps copies, counters and versions atomic. */
public final class TaskService {
    public static final int TITLE = 200;
    public static final int DESCRIPTION = 2_000;
    /** Attempts to move one task that a concurrent edit changed between our read and our write. */
    private static final int MOVE_ATTEMPTS = 3;
    private static final String[] READ_ONLY = {"createdAt", "updatedAt", "version", "completedAt", "createdBy",
            "handedOverFrom", "handedOverAt", "origin", "interactionId", "nextTaskId"};

    private final TaskStore tasks;
    private final MemberStore members;
    private final AccountStore accounts;
    private final ContactStore contacts;
    private final Clock clock;
    private final Ids ids;

    public TaskService(TaskStore tasks, MemberStore members, AccountStore accounts, ContactStore contacts, Clock clock, Ids ids) {
        this.tasks = tasks;
        this.members = members;
        this.accounts = accounts;
        this.contacts = contacts;
        this.clock = clock;
        this.ids = ids;
    }

    public Task create(Member caller, Map<String, Object> body) {
        Input in = Input.of(body);
        String title = in.text("title", TITLE, true);
        String description = in.text("description", DESCRIPTION, false);
        LocalDate dueDate = in.date("dueDate", true);
        String assigneeId = in.has("assigneeId") ? id(in, "assigneeId", true) : caller.id();
        String accountId = id(in, "accountId", false);
        String contactId = id(in, "contactId", false);
        String opportunityId = id(in, "opportunityId", false);
        Recurrence recurrence = recurrence(in, dueDate);
        in.finish();
        checkReferences(assigneeId, accountId, contactId);
        Task task = Task.open(ids.next(), title, description, dueDate, assigneeId, accountId, contactId, opportunityId,
                caller.id(), clock.instant(), recurrence, null, null);
        tasks.create(task);
        return task;
    }

    public Task get(String id) {
        return tasks.get(id).orElseThrow(() -> CrmException.notFound("Task", id));
    }

    public Task update(String id, long expectedVersion, Map<String, Object> body) {
        Task current = current(id, expectedVersion);
        Input in = Input.of(body).ignoring(READ_ONLY);
        in.readOnly("id", current.id());
        if (in.has("status") && !current.status().name().equals(body.get("status"))) {
            in.error("status", "is changed with POST /tasks/{id}/complete or /reopen");
        }
        in.ignoring("status");
        String title = in.has("title") ? in.text("title", TITLE, true) : current.title();
        String description = in.has("description") ? in.text("description", DESCRIPTION, false) : current.description();
        LocalDate dueDate = in.has("dueDate") ? in.date("dueDate", true) : current.dueDate();
        String assigneeId = in.has("assigneeId") ? id(in, "assigneeId", true) : current.assigneeId();
        String accountId = in.has("accountId") ? id(in, "accountId", false) : current.accountId();
        String contactId = in.has("contactId") ? id(in, "contactId", false) : current.contactId();
        String opportunityId = in.has("opportunityId") ? id(in, "opportunityId", false) : current.opportunityId();
        // a new due date re-anchors the series (its day of the month is the one months return to)
        Recurrence recurrence = in.has("recurrence") ? recurrence(in, dueDate) : current.recurrence();
        if (recurrence != null && current.recurrence() != null && recurrence.every() == current.recurrence().every()
                && recurrence.unit() == current.recurrence().unit() && java.util.Objects.equals(dueDate, current.dueDate())) {
            recurrence = current.recurrence(); // sent back unchanged: the series keeps its anchor (Jan 31 → Feb 28 → Mar 31)
        } else if (recurrence != null && !in.has("recurrence") && dueDate != null) {
            recurrence = Recurrence.from(recurrence.every(), recurrence.unit(), dueDate);
        }
        in.finish();
        checkReferences(assigneeId.equals(current.assigneeId()) ? null : assigneeId,
                java.util.Objects.equals(accountId, current.accountId()) ? null : accountId,
                java.util.Objects.equals(contactId, current.contactId()) ? null : contactId);
        Task updated = new Task(id, title, description, dueDate, assigneeId, current.status(), accountId, contactId,
                opportunityId, current.createdBy(), current.completedAt(), current.handedOverFrom(), current.handedOverAt(),
                recurrence, current.origin(), current.interactionId(), current.nextTaskId(),
                current.createdAt(), clock.instant(), current.version() + 1, current.salesforceId());
        tasks.update(current, updated);
        return updated;
    }

    public void delete(String id, long expectedVersion) {
        tasks.delete(current(id, expectedVersion));
    }

    /** Marks the task done; completing a done task changes nothing. {@code expectedVersion} may be null (no If-Match). */
    public Task complete(String id, Long expectedVersion) {
        Task current = expectedVersion == null ? get(id) : current(id, expectedVersion);
        if (current.status() == TaskStatus.DONE) {
            return current;
        }
        Instant now = clock.instant();
        Task done = withStatus(current, TaskStatus.DONE, current.assigneeId(), now, now);
        if (current.recurrence() != null && current.nextTaskId() == null) {
            // each occurrence creates its successor once: a reopened and again completed task remembers it
            Task next = Task.open(ids.next(), current.title(), current.description(), current.recurrence().next(current.dueDate()),
                    current.assigneeId(), current.accountId(), current.contactId(), current.opportunityId(),
                    current.createdBy(), now, current.recurrence(), null, null);
            done = withNext(done, next.id());
            tasks.completeWithNext(current, done, next);
            return done;
        }
        tasks.update(current, done);
        return done;
    }

    /** {"every": 1..366, "unit": DAY|WEEK|MONTH|YEAR}, anchored at the due date; null (or absent) for none. */
    private static Recurrence recurrence(Input in, LocalDate dueDate) {
        Input nested = in.object("recurrence");
        if (nested == null) {
            return null;
        }
        java.math.BigDecimal every = nested.decimal("every", java.math.BigDecimal.ONE,
                java.math.BigDecimal.valueOf(Recurrence.MAX_EVERY), 0);
        if (every == null && !nested.has("every")) {
            nested.error("every", "is required");
        }
        Recurrence.Unit unit = nested.enumValue("unit", Recurrence.Unit.class, true);
        nested.finishNested();
        return every == null || unit == null || dueDate == null ? null : Recurrence.from(every.intValue(), unit, dueDate);
    }

    private static Task withNext(Task t, String nextTaskId) {
        return new Task(t.id(), t.title(), t.description(), t.dueDate(), t.assigneeId(), t.status(), t.accountId(),
                t.contactId(), t.opportunityId(), t.createdBy(), t.completedAt(), t.handedOverFrom(), t.handedOverAt(),
                t.recurrence(), t.origin(), t.interactionId(), nextTaskId, t.createdAt(), t.updatedAt(), t.version(), t.salesforceId());
    }

    /**
     * Opens a done task again, for its assignee or for {@code assigneeId} from the body (needed when
     * the assignee has been deactivated meanwhile).
     */
    public Task reopen(String id, Long expectedVersion, Map<String, Object> body) {
        Task current = expectedVersion == null ? get(id) : current(id, expectedVersion);
        Input in = Input.of(body);
        String assigneeId = in.has("assigneeId") ? id(in, "assigneeId", true) : current.assigneeId();
        in.finish();
        if (current.status() == TaskStatus.OPEN && assigneeId.equals(current.assigneeId())) {
            return current;
        }
        checkReferences(assigneeId, null, null);
        Task open = withStatus(current, TaskStatus.OPEN, assigneeId, null, clock.instant());
        tasks.update(current, open);
        return open;
    }

    /** Tasks by due date; {@code assignee} is "me" or a member id; {@code dueBefore} is exclusive. */
    public Page<Task> list(Member caller, String assignee, String status, String dueBefore, String accountId, PageRequest page) {
        String assigneeId = null;
        if (assignee != null) {
            assigneeId = assignee.trim().equalsIgnoreCase("me") ? caller.id() : assignee.trim();
            if (!Ids.looksLikeId(assigneeId)) {
                throw CrmException.badParameter("assignee", "must be \"me\" or a member id");
            }
        }
        TaskStatus taskStatus = null;
        if (status != null) {
            try {
                taskStatus = TaskStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CrmException.badParameter("status", "must be one of " + List.of(TaskStatus.values()));
            }
        }
        LocalDate before = null;
        if (dueBefore != null) {
            // yyyy-MM-dd, as in bodies: LocalDate alone also reads years such as +99999
            String text = dueBefore.trim();
            try {
                before = text.length() == 10 ? LocalDate.parse(text) : null;
            } catch (DateTimeParseException e) {
                before = null;
            }
            if (before == null) {
                throw CrmException.badParameter("dueBefore", "must be a date like 2026-12-31");
            }
        }
        if (accountId != null && !Ids.looksLikeId(accountId.trim())) {
            throw CrmException.badParameter("accountId", "must be an account id");
        }
        return tasks.list(assigneeId, taskStatus, before, accountId == null ? null : accountId.trim(), page);
    }

    /**
     * Vacation cover: moves the open tasks of one member due in the window (both ends inclusive, each
     * optional) to another and returns how many moved. Each task is moved on the version we read, so
     * a task edited meanwhile is read again and moved only if it still qualifies; a second run finds
     * nothing left to move.
     */
    public int handover(Member caller, Map<String, Object> body) {
        Input in = Input.of(body);
        String fromId = id(in, "fromMemberId", true);
        String toId = id(in, "toMemberId", true);
        LocalDate dueFrom = in.date("dueFrom", false);
        LocalDate dueUntil = in.date("dueUntil", false);
        if (fromId != null && fromId.equals(toId)) {
            in.error("toMemberId", "must differ from fromMemberId");
        }
        if (dueFrom != null && dueUntil != null && dueUntil.isBefore(dueFrom)) {
            in.error("dueUntil", "must not be before dueFrom");
        }
        in.finish();
        if (!caller.isAdmin() && !caller.id().equals(fromId) && !caller.id().equals(toId)) {
            throw CrmException.of(CrmException.Kind.FORBIDDEN, "Only admins hand over the tasks of others.");
        }
        if (members.byId(fromId).isEmpty()) {
            throw CrmException.invalid("fromMemberId", "member " + fromId + " does not exist");
        }
        requireActive("toMemberId", toId);
        Instant now = clock.instant();
        int moved = 0;
        List<Task> candidates = tasks.openTasksOf(fromId, dueUntil == null ? null : dueUntil.plusDays(1), Integer.MAX_VALUE);
        for (Task candidate : candidates) {
            Task task = candidate;
            for (int attempt = 1; attempt <= MOVE_ATTEMPTS && task != null; attempt++) {
                if (task.status() != TaskStatus.OPEN || !task.assigneeId().equals(fromId)
                        || (dueFrom != null && task.dueDate().isBefore(dueFrom))
                        || (dueUntil != null && task.dueDate().isAfter(dueUntil))) {
                    break; // moved or changed by someone else meanwhile: no longer ours to move
                }
                if (tasks.updateIfUnchanged(task, handedOver(task, toId, now))) {
                    moved++;
                    break;
                }
                task = tasks.get(task.id()).orElse(null);
            }
        }
        return moved;
    }

    /** The open tasks a member has; used before deactivating them. */
    List<Task> openTasksOf(String memberId) {
        return tasks.openTasksOf(memberId, null, Integer.MAX_VALUE);
    }

    /**
     * Deactivates {@code updated}'s member and moves all their open tasks to {@code toId}. Tasks beyond
     * what one transaction holds are moved first, in batches; the last batch and the deactivation are
     * one transaction conditioned on the member's open-task counter, so no open task stays behind.
     */
    void deactivate(Member updated, long expectedVersion, String toId, List<app.integreat.crm.model.AuditEntry> audit) {
        Instant now = updated.updatedAt();
        for (int attempt = 1; attempt <= MOVE_ATTEMPTS; attempt++) {
            List<Task> open = openTasksOf(updated.id());
            if (!open.isEmpty() && toId == null) {
                throw new CrmException(CrmException.Kind.CONFLICT,
                        "The member still has " + open.size() + " open task(s). Name a member in reassignTo to take them over.",
                        List.of(new CrmException.FieldError("reassignTo", "is required while the member has open tasks")),
                        Map.of("openTasks", open.size()));
            }
            int firstOfLast = Math.max(0, open.size() - TaskStore.MOVES_PER_TRANSACTION);
            boolean batchesMoved = true;
            for (int start = 0; start < firstOfLast && batchesMoved; start += TaskStore.MOVES_PER_TRANSACTION) {
                List<Task> batch = open.subList(start, Math.min(firstOfLast, start + TaskStore.MOVES_PER_TRANSACTION));
                batchesMoved = tasks.moveBatch(batch, batch.stream().map(t -> reassigned(t, toId, now)).toList(), updated.id(), toId);
            }
            if (!batchesMoved) {
                continue;
            }
            List<Task> last = open.subList(firstOfLast, open.size());
            if (members.deactivate(updated, expectedVersion, last, last.stream().map(t -> reassigned(t, toId, now)).toList(),
                    toId, tasks, audit)) {
                return;
            }
        }
        throw CrmException.of(CrmException.Kind.CONFLICT,
                "The member's tasks are being changed right now. Please try again in a moment.");
    }

    void requireActive(String field, String memberId) {
        Member member = members.byId(memberId).orElse(null);
        if (member == null) {
            throw CrmException.invalid(field, "member " + memberId + " does not exist");
        }
        if (!member.active()) {
            throw CrmException.inactiveMember(field, memberId);
        }
    }

    /** 409 naming the field: the member exists but has been deactivated. */

    private Task current(String id, long expectedVersion) {
        Task current = get(id);
        if (current.version() != expectedVersion) {
            throw CrmException.stale("task");
        }
        return current;
    }

    /** Referenced records must exist (null: not checked); the store re-checks the assignee atomically. */
    private void checkReferences(String assigneeId, String accountId, String contactId) {
        if (assigneeId != null) {
            requireActive("assigneeId", assigneeId);
        }
        if (accountId != null && !accounts.exists(accountId)) {
            throw CrmException.invalid("accountId", "account " + accountId + " does not exist");
        }
        if (contactId != null && !contacts.exists(contactId)) {
            throw CrmException.invalid("contactId", "contact " + contactId + " does not exist");
        }
    }

    private static String id(Input in, String field, boolean required) {
        String text = in.text(field, 26, required);
        if (text != null && !Ids.looksLikeId(text)) {
            in.error(field, "is not an id");
            return null;
        }
        return text;
    }

    private static Task withStatus(Task t, TaskStatus status, String assigneeId, Instant completedAt, Instant now) {
        return new Task(t.id(), t.title(), t.description(), t.dueDate(), assigneeId, status, t.accountId(), t.contactId(),
                t.opportunityId(), t.createdBy(), completedAt, t.handedOverFrom(), t.handedOverAt(), t.recurrence(),
                t.origin(), t.interactionId(), t.nextTaskId(), t.createdAt(), now, t.version() + 1, t.salesforceId());
    }

    /** Handed over for vacation cover: records from whom and when. */
    private static Task handedOver(Task t, String toId, Instant now) {
        return new Task(t.id(), t.title(), t.description(), t.dueDate(), toId, t.status(), t.accountId(), t.contactId(),
                t.opportunityId(), t.createdBy(), t.completedAt(), t.assigneeId(), now, t.recurrence(), t.origin(),
                t.interactionId(), t.nextTaskId(), t.createdAt(), now, t.version() + 1, t.salesforceId());
    }

    /** Moved because the assignee was deactivated: recorded like a handover. */
    private static Task reassigned(Task t, String toId, Instant now) {
        return handedOver(t, toId, now);
    }
}
