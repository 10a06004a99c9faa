package app.integreat.crm.store;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.SearchText;
import app.integreat.crm.model.Task;
import app.integreat.crm.store.Writes.Condition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Members are kept twice, written together: under their id, and under their email (the login item),
 * so that resolving the caller of a request is one GetItem.
 */
public final class MemberStore {
    private final Table table;
    private final Writes writes;

    public MemberStore(Table table) {
        this.table = table;
        this.writes = new Writes(table.name());
        this.auditStore = new AuditStore(table);
    }

    /** Role changes and deactivations are audited in their own transaction. */
    private final AuditStore auditStore;

    public Optional<Member> byEmail(String email) {
        return table.get(Keys.login(email), Keys.LOGIN_SK).map(Items::member);
    }

    public Optional<Member> byId(String id) {
        return table.get(Keys.member(id), Keys.MEMBER_SK).map(Items::member);
    }

    /** Creates the member; false when a member with this email already exists. */
    public boolean create(Member member) {
        try {
            table.transact(createActions(member));
            return true;
        } catch (Table.TransactionFailed e) {
            if (e.failed(1)) {
                return false;
            }
            throw e;
        }
    }

    /** The member item and its login copy, both new (the login copy's condition is action 1). */
    List<TransactWriteItem> createActions(Member member) {
        return List.of(writes.put(memberItem(member), Condition.notExists()), writes.put(loginItem(member), Condition.notExists()));
    }

    /** Replaces the member if it still has {@code expectedVersion}; else 404 or 412. */
    public void update(Member member, long expectedVersion) {
        update(member, expectedVersion, List.of());
    }

    /** As {@link #update(Member, long)}, with the audit log's entries for the change in the same transaction. */
    public void update(Member member, long expectedVersion, List<app.integreat.crm.model.AuditEntry> audit) {
        try {
            List<TransactWriteItem> actions = new ArrayList<>(updateActions(member, expectedVersion, Condition.version(expectedVersion), false));
            audit.forEach(entry -> actions.add(auditStore.action(entry)));
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (byId(member.id()).isEmpty()) {
                throw CrmException.notFound("Member", member.id());
            }
            throw CrmException.stale("member");
        }
    }

    /**
     * Deactivates the member ({@code updated} has active false) and moves its remaining open tasks
     * to {@code toId}, in one transaction: the member item is conditioned on its version and on its
     * open-task counter being exactly the number of tasks moved, so a task opened for the member
     * meanwhile makes the transaction fail instead of staying behind. False when tasks changed
     * meanwhile (read them again and retry); 412 when the member changed; 422 when the target is
     * not an active member.
     */
    public boolean deactivate(Member updated, long expectedVersion, List<Task> before, List<Task> after, String toId,
                              TaskStore tasks, List<app.integreat.crm.model.AuditEntry> audit) {
        Condition condition = new Condition("#version = :expectedVersion AND "
                + (before.isEmpty() ? "(attribute_not_exists(#open) OR #open = :moved)" : "#open = :moved"),
                Map.of("#version", "version", "#open", TaskStore.OPEN_TASKS),
                Map.of(":expectedVersion", Attrs.n(expectedVersion), ":moved", Attrs.n(before.size())));
        List<TransactWriteItem> actions = new ArrayList<>(updateActions(updated, expectedVersion, condition, true));
        for (int i = 0; i < before.size(); i++) {
            actions.addAll(tasks.updateActions(before.get(i), after.get(i), false));
        }
        audit.forEach(entry -> actions.add(auditStore.action(entry)));
        int target = -1;
        if (!before.isEmpty()) {
            target = actions.size();
            actions.add(tasks.openTasks(toId, before.size()));
        }
        try {
            table.transact(actions);
            return true;
        } catch (Table.TransactionFailed e) {
            if (target >= 0 && e.failed(target)) {
                throw CrmException.inactiveMember("reassignTo", toId);
            }
            if (e.failed(0)) {
                Member current = byId(updated.id()).orElseThrow(() -> CrmException.notFound("Member", updated.id()));
                if (current.version() != expectedVersion) {
                    throw CrmException.stale("member");
                }
            }
            return false;
        }
    }

    /** The member item is SET field by field, so that the open-task counter the task transactions keep survives. */
    private List<TransactWriteItem> updateActions(Member member, long expectedVersion, Condition memberCondition,
                                                  boolean resetOpenTasks) {
        Map<String, AttributeValue> fields = new HashMap<>(memberItem(member));
        fields.remove(Keys.PK);
        fields.remove(Keys.SK);
        if (resetOpenTasks) {
            fields.put(TaskStore.OPEN_TASKS, Attrs.n(0));
        }
        return List.of(
                writes.setFields(Keys.member(member.id()), Keys.MEMBER_SK, fields, List.of(), memberCondition),
                writes.put(loginItem(member), Condition.version(expectedVersion)));
    }

    public Page<Member> list(PageRequest page) {
        return table.queryPage(Table.KeyQuery.partition(Keys.GSI1, Keys.GSI1_PK, Keys.MEMBERS), page, Items::member);
    }

    private static Map<String, AttributeValue> memberItem(Member member) {
        Map<String, AttributeValue> item = Items.withKeys(Items.memberFields(member), Keys.member(member.id()), Keys.MEMBER_SK);
        item.put(Keys.GSI1_PK, Attrs.s(Keys.MEMBERS));
        item.put(Keys.GSI1_SK, Attrs.s(Keys.byName(SearchText.normalize(member.name()), member.id())));
        return item;
    }

    private static Map<String, AttributeValue> loginItem(Member member) {
        return Items.withKeys(Items.memberFields(member), Keys.login(member.email()), Keys.LOGIN_SK);
    }
}
