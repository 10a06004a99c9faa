package app.integreat.crm.store;

import app.integreat.crm.model.FollowUp;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.Task;
import app.integreat.crm.store.Writes.Condition;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Follow-ups of outbound mails. The follow-up item sits in its interaction's collection (sk
 * {@code INTERACTIONFOLLOWUP}) and, while armed, on gsi1 under {@code FOLLOWUPS#ARMED} sorted by due
 * date, so the reminder run finds the due ones with one key range. A copy per watched contact,
 * account and unknown address ({@code AWAITREPLY#<kind>#<id>}) lets an inbound mail find what it
 * answers with a Query per sender key. Every change of state is one transaction conditioned on the
 * follow-up still being armed, which also removes the copies: each follow-up ends once.
 */
public final class FollowUpStore {
    /** Armed follow-ups one inbound sender key can answer in one mail. */
    public static final int AWAITING_PER_KEY = 25;

    private final Table table;
    private final Writes writes;
    private final TaskStore tasks;

    public FollowUpStore(Table table, TaskStore tasks) {
        this.table = table;
        this.writes = new Writes(table.name());
        this.tasks = tasks;
    }

    /** The follow-up item and its copies, for the mail's own transaction. */
    List<TransactWriteItem> armActions(FollowUp followUp) {
        List<TransactWriteItem> actions = new ArrayList<>();
        Map<String, AttributeValue> item = Items.withKeys(fields(followUp), Keys.interaction(followUp.interactionId()), Keys.FOLLOW_UP_SK);
        item.put(Keys.GSI1_PK, Attrs.s(Keys.FOLLOW_UPS_ARMED));
        item.put(Keys.GSI1_SK, Attrs.s(followUp.dueDate() + "#" + followUp.interactionId()));
        actions.add(writes.put(item, Condition.notExists()));
        for (String pk : awaitingKeys(followUp)) {
            actions.add(writes.put(Items.withKeys(fields(followUp), pk, Keys.awaitingReplySk(followUp.interactionId())), Condition.NONE));
        }
        return actions;
    }

    /** Deletes the follow-up and its copies (its mail is discarded). */
    List<TransactWriteItem> removeActions(FollowUp followUp) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.delete(Keys.interaction(followUp.interactionId()), Keys.FOLLOW_UP_SK, Condition.NONE));
        for (String pk : awaitingKeys(followUp)) {
            actions.add(writes.delete(pk, Keys.awaitingReplySk(followUp.interactionId()), Condition.NONE));
        }
        return actions;
    }

    /**
     * An armed follow-up that watches other contacts now (a merge moves its mail, an undo moves it back): the item
     * (conditioned on still being armed) and its copies, rewritten; copies of keys no longer watched deleted.
     */
    List<TransactWriteItem> rewatchActions(FollowUp before, FollowUp after) {
        List<TransactWriteItem> actions = new ArrayList<>();
        Condition armed = new Condition("#state = :armed", Map.of("#state", "state"),
                Map.of(":armed", Attrs.s(FollowUp.State.ARMED.name())));
        actions.add(writes.setFields(Keys.interaction(after.interactionId()), Keys.FOLLOW_UP_SK,
                Map.of("contactIds", Attrs.list(after.contactIds())), List.of(), armed));
        List<String> watched = awaitingKeys(after);
        for (String pk : awaitingKeys(before)) {
            if (!watched.contains(pk)) {
                actions.add(writes.delete(pk, Keys.awaitingReplySk(before.interactionId()), Condition.NONE));
            }
        }
        for (String pk : watched) {
            actions.add(writes.put(Items.withKeys(fields(after), pk, Keys.awaitingReplySk(after.interactionId())), Condition.NONE));
        }
        return actions;
    }

    /** Armed follow-ups waiting for an answer from this contact, account or address (kind CONTACT, ACCOUNT, EMAIL). */
    public List<FollowUp> awaiting(String kind, String id) {
        return table.queryFirst(Table.KeyQuery.partition(null, Keys.PK, Keys.awaitingReply(kind, id)), AWAITING_PER_KEY)
                .stream().map(FollowUpStore::followUp).toList();
    }

    /** One page of the armed follow-ups due on or before {@code today}, by due date (cursor: where the last page ended). */
    public Page<FollowUp> due(LocalDate today, PageRequest page) {
        Table.KeyQuery query = Table.KeyQuery.partition(Keys.GSI1, Keys.GSI1_PK, Keys.FOLLOW_UPS_ARMED)
                .withSk(Keys.GSI1_SK, "<", today.plusDays(1).toString());
        return table.queryPage(query, page, FollowUpStore::followUp);
    }

    /** Marks it answered by an inbound mail; false when it was no longer armed (answered or turned into a task before). */
    public boolean answer(FollowUp followUp, String answeredBy) {
        return end(followUp, Map.of("state", Attrs.s(FollowUp.State.ANSWERED.name()), "answeredBy", Attrs.s(answeredBy)), List.of());
    }

    /** Its sender has left the team: nobody to remind. */
    public boolean close(FollowUp followUp) {
        return end(followUp, Map.of("state", Attrs.s(FollowUp.State.CLOSED.name())), List.of());
    }

    /**
     * Creates the no-reply task and ends the follow-up in one transaction; false (nothing written)
     * when the follow-up was no longer armed, so that a rerun of the schedule creates each task once.
     */
    public boolean createTask(FollowUp followUp, Task task) {
        Map<String, AttributeValue> set = Map.of("state", Attrs.s(FollowUp.State.TASK_CREATED.name()), "taskId", Attrs.s(task.id()));
        try {
            return end(followUp, set, tasks.createActions(task));
        } catch (Table.TransactionFailed e) {
            // the mail's account was deleted meanwhile: its summary cannot take the task, the task is still due
            return end(followUp, set, tasks.createActions(task, false));
        }
    }

    private boolean end(FollowUp followUp, Map<String, AttributeValue> set, List<TransactWriteItem> more) {
        List<TransactWriteItem> actions = new ArrayList<>();
        Condition armed = new Condition("#state = :armed", Map.of("#state", "state"),
                Map.of(":armed", Attrs.s(FollowUp.State.ARMED.name())));
        actions.add(writes.setFields(Keys.interaction(followUp.interactionId()), Keys.FOLLOW_UP_SK, set,
                List.of(Keys.GSI1_PK, Keys.GSI1_SK), armed));
        for (String pk : awaitingKeys(followUp)) {
            actions.add(writes.delete(pk, Keys.awaitingReplySk(followUp.interactionId()), Condition.NONE));
        }
        actions.addAll(more);
        return table.transactUnlessFirstFails(actions);
    }

    private static List<String> awaitingKeys(FollowUp followUp) {
        List<String> keys = new ArrayList<>();
        followUp.contactIds().forEach(id -> keys.add(Keys.awaitingReply("CONTACT", id)));
        followUp.accountIds().forEach(id -> keys.add(Keys.awaitingReply("ACCOUNT", id)));
        followUp.addresses().forEach(address -> keys.add(Keys.awaitingReply("EMAIL", address)));
        return keys;
    }

    private static Map<String, AttributeValue> fields(FollowUp f) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Items.ENTITY, Attrs.s("FOLLOWUP"));
        item.put("interactionId", Attrs.s(f.interactionId()));
        item.put("memberId", Attrs.s(f.memberId()));
        Attrs.put(item, "subject", f.subject());
        item.put("sentAt", Attrs.s(f.sentAt().toString()));
        item.put("dueDate", Attrs.s(f.dueDate().toString()));
        item.put("state", Attrs.s(f.state().name()));
        item.put("contactIds", Attrs.list(f.contactIds()));
        item.put("accountIds", Attrs.list(f.accountIds()));
        item.put("opportunityIds", Attrs.list(f.opportunityIds()));
        item.put("addresses", Attrs.list(f.addresses()));
        Attrs.put(item, "answeredBy", f.answeredBy());
        Attrs.put(item, "taskId", f.taskId());
        return item;
    }

    static FollowUp followUp(Map<String, AttributeValue> item) {
        return new FollowUp(Attrs.string(item, "interactionId"), Attrs.string(item, "memberId"), Attrs.string(item, "subject"),
                Attrs.instant(item, "sentAt"), LocalDate.parse(Attrs.string(item, "dueDate")),
                FollowUp.State.valueOf(Attrs.string(item, "state")), Attrs.strings(item, "contactIds"),
                Attrs.strings(item, "accountIds"), Attrs.strings(item, "opportunityIds"), Attrs.strings(item, "addresses"),
                Attrs.string(item, "answeredBy"), Attrs.string(item, "taskId"));
    }
}
