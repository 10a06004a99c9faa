package app.integreat.crm.store;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.Snooze;
import app.integreat.crm.model.Task;
import app.integreat.crm.store.Writes.Condition;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Snoozed opportunities: one item in the opportunity's collection (sk {@code OPPORTUNITYSNOOZE}, so
 * the record's Query reads it too) that sits on gsi1 under {@code SNOOZES} by its date, and a
 * {@code snooze_<opportunityId>} attribute on each linked account's summary for the overview.
 * Snoozing and its undo bump the opportunity's version (If-Match); the end on its date is one
 * transaction with the owner's task, conditioned on the snooze being the one read.
 */
public final class SnoozeStore {
    private final Table table;
    private final Writes writes;
    private final TaskStore tasks;
    private final AccountSummary summary;

    public SnoozeStore(Table table, TaskStore tasks) {
        this.table = table;
        this.writes = new Writes(table.name());
        this.tasks = tasks;
        this.summary = new AccountSummary(table);
    }

    /** Snoozes (or snoozes again) the opportunity as read, whose version becomes {@code after}'s. */
    public void snooze(Opportunity before, Instant now, Snooze snooze) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(versionBump(before, now));
        actions.add(writes.put(item(snooze), Condition.NONE));
        for (String accountId : snooze.accountIds()) {
            actions.add(summary.snoozeAction(accountId, snooze.opportunityId(), snooze.until(), snooze.reason()));
        }
        transact(actions, before.id());
    }

    /** Ends a snooze before its date (undo). */
    public void unsnooze(Opportunity before, Instant now, Snooze snooze) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(versionBump(before, now));
        actions.add(writes.delete(Keys.opportunity(snooze.opportunityId()), Keys.SNOOZE_SK, Condition.NONE));
        for (String accountId : snooze.accountIds()) {
            actions.add(summary.unsnoozeAction(accountId, snooze.opportunityId(), null, null));
        }
        transact(actions, before.id());
    }

    /** One page of the snoozes whose date is today or past, by date. */
    public Page<Snooze> due(LocalDate today, PageRequest page) {
        Table.KeyQuery query = Table.KeyQuery.partition(Keys.GSI1, Keys.GSI1_PK, Keys.SNOOZES)
                .withSk(Keys.GSI1_SK, "<", today.plusDays(1).toString());
        return table.queryPage(query, page, SnoozeStore::snooze);
    }

    /**
     * Ends a snooze on its date with the owner's task, in one transaction conditioned on the snooze
     * still being the one read (a rerun, or a snooze moved meanwhile, writes nothing: false).
     */
    public boolean end(Snooze snooze, Task task) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.delete(Keys.opportunity(snooze.opportunityId()), Keys.SNOOZE_SK, new Condition(
                "#until = :until", Map.of("#until", "until"), Map.of(":until", Attrs.s(snooze.until().toString())))));
        actions.addAll(tasks.createActions(task, false));
        for (String accountId : snooze.accountIds()) {
            // the account item is touched once: the task's summary goes with the snooze's end
            boolean taskAccount = accountId.equals(task.accountId());
            actions.add(summary.unsnoozeAction(accountId, snooze.opportunityId(), taskAccount ? task.id() : null,
                    taskAccount ? task.dueDate() : null));
        }
        return table.transactUnlessFirstFails(actions);
    }

    /** The delete of the snooze item, for the opportunity's delete transaction. */
    TransactWriteItem deleteAction(String opportunityId) {
        return writes.delete(Keys.opportunity(opportunityId), Keys.SNOOZE_SK, Condition.NONE);
    }

    private TransactWriteItem versionBump(Opportunity before, Instant now) {
        return writes.setFields(Keys.opportunity(before.id()), Keys.OPPORTUNITY_SK,
                Map.of("version", Attrs.n(before.version() + 1), "updatedAt", Attrs.s(now.toString())), List.of(),
                Condition.version(before.version()));
    }

    private void transact(List<TransactWriteItem> actions, String opportunityId) {
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (e.failed(0) && table.get(Keys.opportunity(opportunityId), Keys.OPPORTUNITY_SK).isEmpty()) {
                throw CrmException.notFound("Opportunity", opportunityId);
            }
            throw e.failed(0) ? CrmException.stale("opportunity") : CrmException.of(CrmException.Kind.CONFLICT,
                    "A municipality of this opportunity was deleted meanwhile. Reload and try again.");
        }
    }

    private static Map<String, AttributeValue> item(Snooze s) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.opportunity(s.opportunityId())));
        item.put(Keys.SK, Attrs.s(Keys.SNOOZE_SK));
        item.put(Items.ENTITY, Attrs.s("SNOOZE"));
        item.put("opportunityId", Attrs.s(s.opportunityId()));
        item.put("until", Attrs.s(s.until().toString()));
        item.put("reason", Attrs.s(s.reason()));
        item.put("ownerId", Attrs.s(s.ownerId()));
        item.put("accountIds", Attrs.list(s.accountIds()));
        item.put("by", Attrs.s(s.by()));
        item.put("at", Attrs.s(s.at().toString()));
        item.put(Keys.GSI1_PK, Attrs.s(Keys.SNOOZES));
        item.put(Keys.GSI1_SK, Attrs.s(s.until() + "#" + s.opportunityId()));
        return item;
    }

    static Snooze snooze(Map<String, AttributeValue> item) {
        return new Snooze(Attrs.string(item, "opportunityId"), LocalDate.parse(Attrs.string(item, "until")),
                Attrs.string(item, "reason"), Attrs.string(item, "ownerId"), Attrs.strings(item, "accountIds"),
                Attrs.string(item, "by"), Attrs.instant(item, "at"));
    }
}
