package app.integreat.crm.store;

import app.integreat.crm.core.Task;
import app.integreat.crm.core.TaskStatus;
import app.integreat.crm.store.Writes.Condition;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Tasks: the task item plus its line on the timelines of its account and contact, always written
 * together. Other stores add a task to their own transaction with {@link #createActions(Task)}.
 */
public final class TaskStore {
    private final Table table;
    private final Writes writes;
    private final Timeline timeline;

    public TaskStore(Table table) {
        this.table = table;
        this.writes = new Writes(table.name());
        this.timeline = new Timeline(table);
    }

    public Optional<Task> get(String id) {
        return table.get(Keys.task(id), Keys.TASK_SK).map(TaskStore::task);
    }

    public void create(Task task) {
        table.transact(createActions(task));
    }

    /** The actions that create a task, for a transaction of the caller's (e.g. a call with its follow-up). */
    List<TransactWriteItem> createActions(Task task) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(item(task), Condition.notExists()));
        actions.addAll(timeline.putActions(timelineOwners(task), task.timelineEntry()));
        return actions;
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

    static Map<String, AttributeValue> item(Task task) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.task(task.id())));
        item.put(Keys.SK, Attrs.s(Keys.TASK_SK));
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
        item.put("createdAt", Attrs.s(task.createdAt().toString()));
        item.put("updatedAt", Attrs.s(task.updatedAt().toString()));
        item.put("version", Attrs.n(task.version()));
        return item;
    }

    static Task task(Map<String, AttributeValue> item) {
        return new Task(Attrs.string(item, "id"), Attrs.string(item, "title"), Attrs.string(item, "description"),
                LocalDate.parse(Attrs.string(item, "dueDate")), Attrs.string(item, "assigneeId"),
                TaskStatus.valueOf(Attrs.string(item, "status")), Attrs.string(item, "accountId"),
                Attrs.string(item, "contactId"), Attrs.string(item, "opportunityId"), Attrs.string(item, "createdBy"),
                Attrs.instant(item, "completedAt"), Attrs.string(item, "handedOverFrom"),
                Attrs.instant(item, "handedOverAt"), Attrs.instant(item, "createdAt"),
                Attrs.instant(item, "updatedAt"), Attrs.number(item, "version"));
    }
}
