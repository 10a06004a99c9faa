package app.integreat.crm.store;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.Recurrence;
import app.integreat.crm.model.Task;
import app.integreat.crm.model.TaskStatus;
import app.integreat.crm.store.Writes.Condition;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Tasks: the task item, its "any status" copy, its copy in its account's collection and its line on
 * the timelines of its account and contact, always written together and conditioned on the task's
 * version. The assignee's member item counts the member's open tasks ({@value #OPEN_TASKS}); every
 * transaction that opens, closes or moves an open task adjusts it, and adding an open task to a
 * member is conditioned on the member being active. Deactivating a member is conditioned on that
 * counter, so no open task is ever left with an inactive assignee (see MemberStore#deactivate).
 * Other stores add a task to their own transaction with {@link #createActions(Task)}.
 */
public final class TaskStore {
    /** The counter of open tasks on a member item. */
    static final String OPEN_TASKS = "openTasks";
    /** The status slot of the copy that lists a task whatever its status. */
    static final String ANY = "ANY";

    private final Table table;
    private final Writes writes;
    private final Timeline timeline;
    private final AccountSummary summary;

    public TaskStore(Table table) {
        this.table = table;
        this.writes = new Writes(table.name());
        this.timeline = new Timeline(table);
        this.summary = new AccountSummary(table);
    }

    public Optional<Task> get(String id) {
        return table.get(Keys.task(id), Keys.TASK_SK).map(TaskStore::task);
    }

    /** Creates the task; 422 naming assigneeId when the assignee is not an active member. */
    public void create(Task task) {
        List<TransactWriteItem> actions = createActions(task);
        try {
            transact(actions);
        } catch (Table.TransactionFailed e) {
            throw inactiveAssignee(task.assigneeId());
        }
    }

    /** The actions that create a task, for a transaction of the caller's (e.g. a call with its follow-up). */
    List<TransactWriteItem> createActions(Task task) {
        return createActions(task, true);
    }

    /**
     * As {@link #createActions(Task)}; {@code withSummary} false leaves the open task on its account's
     * summary to the caller, whose transaction updates that account item anyway (an item only once).
     */
    List<TransactWriteItem> createActions(Task task, boolean withSummary) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(item(task), Condition.notExists()));
        actions.addAll(copyActions(null, task));
        if (withSummary) {
            actions.addAll(summaryActions(null, task));
        }
        if (task.status() == TaskStatus.OPEN) {
            actions.add(openTasks(task.assigneeId(), 1));
        }
        actions.addAll(timeline.putActions(timelineOwners(task), task.timelineEntry()));
        return actions;
    }

    /**
     * Replaces the task as read ({@code before}, whose version is the condition) by {@code after}, with
     * all its copies, timeline lines and the open-task counters of the assignees concerned.
     */
    public void update(Task before, Task after) {
        try {
            transact(updateActions(before, after, true));
        } catch (Table.TransactionFailed e) {
            if (e.failed(0)) {
                if (get(before.id()).isEmpty()) {
                    throw CrmException.notFound("Task", before.id());
                }
                throw CrmException.stale("task");
            }
            throw inactiveAssignee(after.assigneeId());
        }
    }

    /** Like {@link #update} for a background change: false (and nothing written) when the task changed meanwhile. */
    public boolean updateIfUnchanged(Task before, Task after) {
        try {
            transact(updateActions(before, after, true));
            return true;
        } catch (Table.TransactionFailed e) {
            if (e.failed(0)) {
                return false;
            }
            throw inactiveAssignee(after.assigneeId());
        }
    }

    /**
     * Completes a recurring task and opens its next occurrence in one transaction, conditioned on the
     * version read. The assignee stays the same, so the open-task counter does not change, and the
     * account item is updated once for both tasks (a transaction may touch an item only once).
     */
    public void completeWithNext(Task before, Task done, Task next) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(item(done), Condition.version(before.version())));
        actions.addAll(copyActions(before, done));
        actions.addAll(timeline.putActions(timelineOwners(done), done.timelineEntry()));
        actions.add(writes.put(item(next), Condition.notExists()));
        actions.addAll(copyActions(null, next));
        actions.addAll(timeline.putActions(timelineOwners(next), next.timelineEntry()));
        if (next.accountId() != null) {
            actions.add(summary.replacedTaskAction(next.accountId(), before.id(), next.id(), next.dueDate()));
        }
        try {
            transact(actions);
        } catch (Table.TransactionFailed e) {
            if (get(before.id()).isEmpty()) {
                throw CrmException.notFound("Task", before.id());
            }
            throw CrmException.stale("task");
        }
    }

    public void delete(Task task) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.delete(Keys.task(task.id()), Keys.TASK_SK, Condition.version(task.version())));
        actions.addAll(copyActions(task, null));
        actions.addAll(summaryActions(task, null));
        if (task.status() == TaskStatus.OPEN) {
            actions.add(openTasks(task.assigneeId(), -1));
        }
        actions.addAll(timeline.deleteActions(timelineOwners(task), task.timelineEntry()));
        try {
            transact(actions);
        } catch (Table.TransactionFailed e) {
            if (get(task.id()).isEmpty()) {
                throw CrmException.notFound("Task", task.id());
            }
            throw CrmException.stale("task");
        }
    }

    /**
     * The actions of a change; {@code counters} false leaves the open-task counters to the caller,
     * who moves many tasks at once (a transaction may touch each member item only once).
     */
    List<TransactWriteItem> updateActions(Task before, Task after, boolean counters) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(item(after), Condition.version(before.version())));
        actions.addAll(copyActions(before, after));
        actions.addAll(summaryActions(before, after));
        if (counters) {
            boolean wasOpen = before.status() == TaskStatus.OPEN;
            boolean isOpen = after.status() == TaskStatus.OPEN;
            boolean sameAssignee = before.assigneeId().equals(after.assigneeId());
            if (wasOpen && (!isOpen || !sameAssignee)) {
                actions.add(openTasks(before.assigneeId(), -1));
            }
            if (isOpen && (!wasOpen || !sameAssignee)) {
                actions.add(openTasks(after.assigneeId(), 1));
            }
        }
        List<String> oldOwners = timelineOwners(before);
        List<String> newOwners = timelineOwners(after);
        List<String> gone = oldOwners.stream().filter(owner -> !newOwners.contains(owner)).toList();
        actions.addAll(timeline.deleteActions(gone, before.timelineEntry()));
        actions.addAll(timeline.putActions(newOwners, after.timelineEntry()));
        return actions;
    }

    /**
     * The account's summary of open tasks (its "next open task" on the municipality overview): only
     * when the task opens, closes, changes its due date or moves to another account, so that a batch
     * of unchanged tasks (a handover) does not touch the account item at all.
     */
    private List<TransactWriteItem> summaryActions(Task before, Task after) {
        String wasOn = before != null && before.status() == TaskStatus.OPEN ? before.accountId() : null;
        String isOn = after != null && after.status() == TaskStatus.OPEN ? after.accountId() : null;
        List<TransactWriteItem> actions = new ArrayList<>(1);
        if (wasOn != null && !wasOn.equals(isOn)) {
            actions.add(summary.closedTaskAction(wasOn, before.id()));
        }
        if (isOn != null && (!isOn.equals(wasOn) || !after.dueDate().equals(before.dueDate()))) {
            actions.add(summary.openTaskAction(isOn, after.id(), after.dueDate(), !isOn.equals(wasOn)));
        }
        return actions;
    }

    /**
     * Runs a transaction of this store. An account that was deleted while it still had tasks fails
     * only its summary action: the task change then goes through without it. An account that exists
     * failed it because it has {@link AccountSummary#MAX_OPEN_TASKS} open tasks: 422.
     */
    private void transact(List<TransactWriteItem> actions) {
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            List<TransactWriteItem> without = new ArrayList<>();
            boolean onlySummariesFailed = true;
            for (int i = 0; i < actions.size(); i++) {
                boolean isSummary = isAccountItemUpdate(actions.get(i));
                if (e.failed(i) && !isSummary) {
                    onlySummariesFailed = false;
                }
                if (!isSummary) {
                    without.add(actions.get(i));
                }
            }
            if (!onlySummariesFailed || without.size() == actions.size()) {
                throw e;
            }
            for (int i = 0; i < actions.size(); i++) {
                String account = actions.get(i).update() == null ? null : actions.get(i).update().key().get(Keys.PK).s();
                if (e.failed(i) && table.get(account, Keys.ACCOUNT_SK).isPresent()) {
                    throw CrmException.invalid("accountId", "has " + AccountSummary.MAX_OPEN_TASKS
                            + " open tasks already; complete some of them first");
                }
            }
            table.transact(without);
        }
    }

    /** This store touches an account item itself only for its summary of open tasks. */
    private static boolean isAccountItemUpdate(TransactWriteItem action) {
        return action.update() != null && Keys.ACCOUNT_SK.equals(action.update().key().get(Keys.SK).s())
                && action.update().key().get(Keys.PK).s().startsWith(Keys.account(""));
    }

    /** The "any status" copy and the account copy: put (after), or removed (after null or account changed). */
    private List<TransactWriteItem> copyActions(Task before, Task after) {
        List<TransactWriteItem> actions = new ArrayList<>();
        Task current = after != null ? after : before;
        if (after != null) {
            actions.add(writes.put(anyCopy(after), Condition.NONE));
        } else {
            actions.add(writes.delete(Keys.task(current.id()), Keys.TASK_ANY_SK, Condition.NONE));
        }
        String oldAccount = before == null ? null : before.accountId();
        String newAccount = after == null ? null : after.accountId();
        if (oldAccount != null && !oldAccount.equals(newAccount)) {
            actions.add(writes.delete(Keys.account(oldAccount), Keys.accountTaskSk(current.id()), Condition.NONE));
        }
        if (newAccount != null) {
            actions.add(writes.put(accountCopy(after), Condition.NONE));
        }
        return actions;
    }

    /** ADD delta to a member's open-task counter; adding needs the member to be active. */
    TransactWriteItem openTasks(String memberId, long delta) {
        Update.Builder update = Update.builder().tableName(table.name())
                .key(Table.key(Keys.member(memberId), Keys.MEMBER_SK))
                .updateExpression("ADD #open :delta")
                .expressionAttributeNames(delta > 0 ? Map.of("#open", OPEN_TASKS, "#active", "active") : Map.of("#open", OPEN_TASKS))
                .expressionAttributeValues(delta > 0 ? Map.of(":delta", Attrs.n(delta), ":true", Attrs.bool(true)) : Map.of(":delta", Attrs.n(delta)));
        // a task can only be opened for, or moved to, an active member; closing one needs the member to exist
        update.conditionExpression(delta > 0 ? "#active = :true" : "attribute_exists(pk)");
        return TransactWriteItem.builder().update(update.build()).build();
    }

    /**
     * Moves open tasks from one member to another in one transaction (at most {@link #MOVES_PER_TRANSACTION}),
     * each conditioned on its version, with one counter change per member. False when any task changed
     * meanwhile (nothing is written then).
     */
    public boolean moveBatch(List<Task> before, List<Task> after, String fromId, String toId) {
        List<TransactWriteItem> actions = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            actions.addAll(updateActions(before.get(i), after.get(i), false));
        }
        actions.add(openTasks(fromId, -before.size()));
        actions.add(openTasks(toId, before.size()));
        try {
            table.transact(actions);
            return true;
        } catch (Table.TransactionFailed e) {
            if (e.failed(actions.size() - 1)) {
                throw inactiveAssignee(toId);
            }
            return false;
        }
    }

    /** How many tasks fit a transaction next to the member items: 5 actions per task at most, 100 in all. */
    public static final int MOVES_PER_TRANSACTION = 19;

    // ---- lists: each filter combination is one Query on one partition, sorted by due date

    /**
     * One page of tasks sorted by due date: every combination of filters is one Query on one
     * partition. {@code status} null means any status; {@code dueBefore} (exclusive) is a sort-key
     * condition.
     */
    public Page<Task> list(String assigneeId, TaskStatus status, LocalDate dueBefore, String accountId, PageRequest page) {
        String statusSlot = status == null ? ANY : status.name();
        Table.KeyQuery query;
        if (accountId != null && assigneeId != null) {
            query = status == null
                    ? Table.KeyQuery.partition(Keys.gsi(3), Keys.gsiPk(3), Keys.tasksOfAccountAndAssignee(accountId, assigneeId, ANY))
                    : Table.KeyQuery.partition(Keys.gsi(4), Keys.gsiPk(4), Keys.tasksOfAccountAndAssignee(accountId, assigneeId, statusSlot));
        } else if (accountId != null) {
            query = status == null
                    ? Table.KeyQuery.partition(Keys.GSI1, Keys.GSI1_PK, Keys.tasksOfAccount(accountId, ANY))
                    : Table.KeyQuery.partition(Keys.GSI2, Keys.GSI2_PK, Keys.tasksOfAccount(accountId, statusSlot));
        } else if (assigneeId != null) {
            query = Table.KeyQuery.partition(Keys.GSI1, Keys.GSI1_PK, Keys.tasksOfAssignee(assigneeId, statusSlot));
        } else {
            query = Table.KeyQuery.partition(Keys.GSI2, Keys.GSI2_PK, Keys.tasksOfStatus(statusSlot));
        }
        if (dueBefore != null) {
            query = query.withSk(query.index() + "sk", "<", dueBefore.toString());
        }
        return table.queryPage(query, page, TaskStore::task);
    }

    /** All open tasks of a member (at most {@code max}), sorted by due date: one Query per page of the member's open tasks. */
    public List<Task> openTasksOf(String memberId, LocalDate dueBefore, int max) {
        Table.KeyQuery query = Table.KeyQuery.partition(Keys.GSI1, Keys.GSI1_PK, Keys.tasksOfAssignee(memberId, TaskStatus.OPEN.name()));
        if (dueBefore != null) {
            query = query.withSk(Keys.GSI1_SK, "<", dueBefore.toString());
        }
        return all(query, max);
    }

    /** Open tasks due before the date (exclusive), any assignee: the reminders' Query, by due date. */
    public List<Task> openTasksDueBefore(LocalDate dueBefore, int max) {
        Table.KeyQuery query = Table.KeyQuery.partition(Keys.GSI2, Keys.GSI2_PK, Keys.tasksOfStatus(TaskStatus.OPEN.name()))
                .withSk(Keys.GSI2_SK, "<", dueBefore.toString());
        return all(query, max);
    }

    private List<Task> all(Table.KeyQuery query, int max) {
        List<Task> tasks = new ArrayList<>();
        String cursor = null;
        do {
            Page<Task> page = table.queryPage(query, new PageRequest(PageRequest.MAX_LIMIT, cursor), TaskStore::task);
            tasks.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null && tasks.size() < max);
        return tasks.size() > max ? tasks.subList(0, max) : tasks;
    }

    static CrmException inactiveAssignee(String assigneeId) {
        return CrmException.inactiveMember("assigneeId", assigneeId);
    }

    static List<String> timelineOwners(Task task) {
        List<String> owners = new ArrayList<>(2);
        if (task.accountId() != null) {
            owners.add(Timeline.ofAccount(task.accountId()));
        }
        if (task.contactId() != null) {
            owners.add(Timeline.ofContact(task.contactId()));
        }
        return owners;
    }

    private static String dueSk(Task task) {
        return task.dueDate().toString() + "#" + task.id();
    }

    static Map<String, AttributeValue> item(Task task) {
        Map<String, AttributeValue> item = Items.withKeys(fields(task), Keys.task(task.id()), Keys.TASK_SK);
        item.put(Keys.GSI1_PK, Attrs.s(Keys.tasksOfAssignee(task.assigneeId(), task.status().name())));
        item.put(Keys.GSI1_SK, Attrs.s(dueSk(task)));
        item.put(Keys.GSI2_PK, Attrs.s(Keys.tasksOfStatus(task.status().name())));
        item.put(Keys.GSI2_SK, Attrs.s(dueSk(task)));
        return item;
    }

    /** The copy that lists the task whatever its status: by assignee (gsi1) and across the CRM (gsi2). */
    private static Map<String, AttributeValue> anyCopy(Task task) {
        Map<String, AttributeValue> item = Items.withKeys(fields(task), Keys.task(task.id()), Keys.TASK_ANY_SK);
        item.put(Keys.GSI1_PK, Attrs.s(Keys.tasksOfAssignee(task.assigneeId(), ANY)));
        item.put(Keys.GSI1_SK, Attrs.s(dueSk(task)));
        item.put(Keys.GSI2_PK, Attrs.s(Keys.tasksOfStatus(ANY)));
        item.put(Keys.GSI2_SK, Attrs.s(dueSk(task)));
        return item;
    }

    /** The copy in the account's collection: the account's tasks of any status (gsi1) and by status (gsi2). */
    private static Map<String, AttributeValue> accountCopy(Task task) {
        Map<String, AttributeValue> item = Items.withKeys(fields(task), Keys.account(task.accountId()), Keys.accountTaskSk(task.id()));
        item.put(Keys.GSI1_PK, Attrs.s(Keys.tasksOfAccount(task.accountId(), ANY)));
        item.put(Keys.GSI1_SK, Attrs.s(dueSk(task)));
        item.put(Keys.GSI2_PK, Attrs.s(Keys.tasksOfAccount(task.accountId(), task.status().name())));
        item.put(Keys.GSI2_SK, Attrs.s(dueSk(task)));
        item.put(Keys.gsiPk(3), Attrs.s(Keys.tasksOfAccountAndAssignee(task.accountId(), task.assigneeId(), ANY)));
        item.put(Keys.gsiSk(3), Attrs.s(dueSk(task)));
        item.put(Keys.gsiPk(4), Attrs.s(Keys.tasksOfAccountAndAssignee(task.accountId(), task.assigneeId(), task.status().name())));
        item.put(Keys.gsiSk(4), Attrs.s(dueSk(task)));
        return item;
    }

    private static Map<String, AttributeValue> fields(Task task) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Items.ENTITY, Attrs.s("TASK"));
        item.put("id", Attrs.s(task.id()));
        item.put("title", Attrs.s(task.title()));
        Attrs.put(item, "description", task.description());
        item.put("dueDate", Attrs.s(task.dueDate().toString()));
        item.put("assigneeId", Attrs.s(task.assigneeId()));
        item.put("status", Attrs.s(task.status().name()));
        Attrs.put(item, "accountId", task.accountId());
        Attrs.put(item, "contactId", task.contactId());
        Attrs.put(item, "opportunityId", task.opportunityId());
        Attrs.put(item, "createdBy", task.createdBy());
        Attrs.put(item, "completedAt", task.completedAt() == null ? null : task.completedAt().toString());
        Attrs.put(item, "handedOverFrom", task.handedOverFrom());
        Attrs.put(item, "handedOverAt", task.handedOverAt() == null ? null : task.handedOverAt().toString());
        if (task.recurrence() != null) {
            item.put("recurrence", Attrs.map(Map.of("every", Attrs.n(task.recurrence().every()),
                    "unit", Attrs.s(task.recurrence().unit().name()), "anchorDay", Attrs.n(task.recurrence().anchorDay()))));
        }
        Attrs.put(item, "origin", task.origin());
        Attrs.put(item, "interactionId", task.interactionId());
        Attrs.put(item, "nextTaskId", task.nextTaskId());
        Attrs.put(item, Items.SALESFORCE_ID, task.salesforceId());
        item.put("createdAt", Attrs.s(task.createdAt().toString()));
        item.put("updatedAt", Attrs.s(task.updatedAt().toString()));
        item.put("version", Attrs.n(task.version()));
        return item;
    }

    private static Recurrence recurrence(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return null;
        }
        Map<String, AttributeValue> m = value.m();
        return new Recurrence((int) Attrs.number(m, "every"), Recurrence.Unit.valueOf(Attrs.string(m, "unit")),
                (int) Attrs.number(m, "anchorDay"));
    }

    static Task task(Map<String, AttributeValue> item) {
        return new Task(Attrs.string(item, "id"), Attrs.string(item, "title"), Attrs.string(item, "description"),
                LocalDate.parse(Attrs.string(item, "dueDate")), Attrs.string(item, "assigneeId"),
                TaskStatus.valueOf(Attrs.string(item, "status")), Attrs.string(item, "accountId"),
                Attrs.string(item, "contactId"), Attrs.string(item, "opportunityId"), Attrs.string(item, "createdBy"),
                Attrs.instant(item, "completedAt"), Attrs.string(item, "handedOverFrom"),
                Attrs.instant(item, "handedOverAt"), recurrence(item.get("recurrence")), Attrs.string(item, "origin"),
                Attrs.string(item, "interactionId"), Attrs.string(item, "nextTaskId"), Attrs.instant(item, "createdAt"),
                Attrs.instant(item, "updatedAt"), Attrs.number(item, "version"), Attrs.string(item, Items.SALESFORCE_ID));
    }
}
