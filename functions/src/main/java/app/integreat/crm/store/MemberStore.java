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

    /** A member by login email, with the team's settings. */
    public record WithSettings(Optional<Member> member, app.integreat.crm.model.Settings settings) {
    }

    /** As {@link #byEmail}, with the team's settings read in the same request: one BatchGetItem of both items. */
    public WithSettings byEmailWithSettings(String email) {
        Optional<Member> member = Optional.empty();
        app.integreat.crm.model.Settings settings = app.integreat.crm.model.Settings.DEFAULT;
        for (Map<String, AttributeValue> item : table.batchGet(List.of(Table.key(Keys.login(email), Keys.LOGIN_SK),
                Table.key(Keys.SETTINGS, Keys.SETTINGS)))) {
            if (Keys.SETTINGS.equals(Attrs.string(item, Keys.PK))) {
                settings = SettingsStore.settings(item);
            } else {
                member = Optional.of(Items.member(item));
            }
        }
        return new WithSettings(member, settings);
    }

    /** The member whose address or confirmed alias this is (an alias never signs in: see {@link #byEmail}). */
    public Optional<Member> byAddress(String email) {
        Optional<Member> member = byEmail(email);
        if (member.isPresent()) {
            return member;
        }
        return table.get(Keys.alias(email), Keys.ALIAS_SK).map(item -> Attrs.string(item, "memberId")).flatMap(this::byId);
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

    /**
     * Replaces the member whose aliases changed: an added alias's item is new (409 on {@code aliases} when another
     * member has it), a removed one's item leaves; conditioned on the version read (412) like {@link #update}.
     */
    public void updateAliases(Member updated, long expectedVersion, List<String> added, List<String> removed) {
        transactAliases(updated, expectedVersion, added, removed, List.of());
    }

    /** A request of a member to add an alias, until its link is used or expires (the token is stored hashed). */
    public record AliasRequest(String memberId, String address, java.time.Instant expiresAt) {
    }

    public void saveAliasRequest(String tokenHash, AliasRequest request) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.aliasRequest(tokenHash)));
        item.put(Keys.SK, Attrs.s(Keys.ALIAS_REQUEST_SK));
        item.put(Items.ENTITY, Attrs.s("ALIASREQUEST"));
        item.put("memberId", Attrs.s(request.memberId()));
        item.put("address", Attrs.s(request.address()));
        item.put("expiresAt", Attrs.s(request.expiresAt().toString()));
        table.transact(List.of(writes.put(item, Condition.notExists())));
    }

    public Optional<AliasRequest> aliasRequest(String tokenHash) {
        return table.get(Keys.aliasRequest(tokenHash), Keys.ALIAS_REQUEST_SK).map(item -> new AliasRequest(
                Attrs.string(item, "memberId"), Attrs.string(item, "address"), Attrs.instant(item, "expiresAt")));
    }

    /** Adds the requested alias and uses up its request in one transaction (a second use finds the request gone: 404). */
    public void confirmAlias(Member updated, long expectedVersion, String address, String tokenHash) {
        transactAliases(updated, expectedVersion, List.of(address), List.of(),
                List.of(writes.delete(Keys.aliasRequest(tokenHash), Keys.ALIAS_REQUEST_SK, new Condition("attribute_exists(pk)", Map.of(), Map.of()))));
    }

    private void transactAliases(Member updated, long expectedVersion, List<String> added, List<String> removed,
                                 List<TransactWriteItem> more) {
        List<TransactWriteItem> actions = new ArrayList<>(updateActions(updated, expectedVersion, Condition.version(expectedVersion), false));
        int firstAdded = actions.size();
        for (String address : added) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(Keys.PK, Attrs.s(Keys.alias(address)));
            item.put(Keys.SK, Attrs.s(Keys.ALIAS_SK));
            item.put(Items.ENTITY, Attrs.s("ALIAS"));
            item.put("memberId", Attrs.s(updated.id()));
            actions.add(writes.put(item, Condition.notExists()));
        }
        for (String address : removed) {
            actions.add(writes.delete(Keys.alias(address), Keys.ALIAS_SK, Condition.attributeEquals("memberId", updated.id())));
        }
        int firstMore = actions.size();
        actions.addAll(more);
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            for (int i = 0; i < added.size(); i++) {
                if (e.failed(firstAdded + i)) {
                    throw new CrmException(CrmException.Kind.CONFLICT, "The address " + added.get(i) + " is another member's alias.",
                            List.of(new CrmException.FieldError("aliases", added.get(i) + " is taken")), Map.of());
                }
            }
            if (!more.isEmpty() && e.failed(firstMore)) {
                throw CrmException.of(CrmException.Kind.NOT_FOUND, "This confirmation link has been used already.");
            }
            if (byId(updated.id()).isEmpty()) {
                throw CrmException.notFound("Member", updated.id());
            }
            throw CrmException.stale("member");
        }
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
