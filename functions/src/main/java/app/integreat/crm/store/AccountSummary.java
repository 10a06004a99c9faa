package app.integreat.crm.store;

import app.integreat.crm.model.AccountType;
import app.integreat.crm.model.MunicipalityStatus;
import app.integreat.crm.model.MunicipalityStatus.OpenOpportunity;
import app.integreat.crm.model.MunicipalityStatus.OpenTask;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The pipeline facts of an account, kept as extra attributes on the account item itself, so that
 * the municipality overview is one Query of the municipality accounts (gsi2 ACCOUNTS#MUNICIPALITY)
 * however many there are, and every municipality shows, also one without any opportunity.
 * Account edits use {@code UpdateItem ... SET} of their own fields and never touch these.
 * <ul>
 *   <li>{@code openOpp_<opportunityId>}: name, type, stage and since of each open opportunity</li>
 *   <li>{@code opportunityCount}: linked opportunities; an account with any cannot be deleted</li>
 *   <li>{@code lastOutcome}, {@code lastOutcomeAt}, {@code lastOutcomeOpp}: the last closed one</li>
 *   <li>{@code lastInteractionAt}: newest interaction (written by the interactions code)</li>
 *   <li>{@code openTask_<taskId>}: due date of each open task (written by the task code), and
 *   {@code openTaskCount}, how many: at most {@link #MAX_OPEN_TASKS}, which bounds the item</li>
 * </ul>
 * One attribute per open opportunity or task (not a map) lets a transaction add or remove one
 * without reading the others and without overlapping document paths.
 */
public final class AccountSummary {
    static final String OPPORTUNITY_COUNT = "opportunityCount";
    static final String OPEN_OPPORTUNITY = "openOpp_";
    static final String OPEN_TASK = "openTask_";
    static final String LAST_INTERACTION_AT = "lastInteractionAt";
    static final String SNOOZE = "snooze_";
    static final String OPEN_TASK_COUNT = "openTaskCount";
    /** Open tasks one account may have: each is an attribute of the account item (about 45 bytes). */
    public static final int MAX_OPEN_TASKS = 1000;

    private final Table table;

    public AccountSummary(Table table) {
        this.table = table;
    }

    /**
     * Records the interaction time if it is newer than the one recorded; an older one changes
     * nothing. Call it after the interaction's own transaction (it is idempotent, so a retry is
     * harmless); inside a transaction use {@link #interactionAction} for an interaction logged now.
     */
    public void touchInteraction(String accountId, Instant at) {
        try {
            table.transact(List.of(interactionAction(accountId, at)));
        } catch (Table.TransactionFailed e) {
            // an interaction at least as new is recorded already, or the account is gone
        }
    }

    /**
     * {@code SET lastInteractionAt = at} if the account exists and has no newer one. Inside a
     * transaction a failed condition cancels the whole transaction: use it only for interactions
     * that are newer than any before (logged as they happen), and {@link #touchInteraction} otherwise.
     */
    TransactWriteItem interactionAction(String accountId, Instant at) {
        return update(accountId, new Expr()
                .set(LAST_INTERACTION_AT, Attrs.s(at.toString()))
                .condition("attribute_exists(pk) AND (attribute_not_exists(#f0) OR #f0 < :f0)"));
    }

    /**
     * An open task of the account with its due date (a new task, a changed due date, a reopened
     * task). The task code must call this, and {@link #closedTaskAction} when the task is done or
     * deleted or moves to another account, in the task's own transaction.
     */
    TransactWriteItem openTaskAction(String accountId, String taskId, LocalDate dueDate, boolean added) {
        Expr expr = new Expr().set(OPEN_TASK + taskId, Attrs.s(dueDate.toString()));
        return update(accountId, added ? addedTask(expr, "attribute_exists(pk)") : expr.condition("attribute_exists(pk)"));
    }

    /** The opportunity snoozes the account until a date, with its reason (overview: "zurückgestellt bis …"). */
    TransactWriteItem snoozeAction(String accountId, String opportunityId, LocalDate until, String reason) {
        return update(accountId, new Expr().set(SNOOZE + opportunityId, Attrs.map(Map.of("until", Attrs.s(until.toString()),
                "reason", Attrs.s(reason)))).condition("attribute_exists(pk)"));
    }

    /** The snooze ended; {@code taskId} (or null) is the owner's task created in the same transaction. */
    TransactWriteItem unsnoozeAction(String accountId, String opportunityId, String taskId, LocalDate taskDue) {
        Expr expr = new Expr().remove(SNOOZE + opportunityId);
        if (taskId != null) {
            expr.set(OPEN_TASK + taskId, Attrs.s(taskDue.toString()));
        }
        return update(accountId, expr.condition("attribute_exists(pk)"));
    }

    /** A recurring task done and its next occurrence opened, in one update of the account item. */
    TransactWriteItem replacedTaskAction(String accountId, String doneTaskId, String nextTaskId, LocalDate dueDate) {
        return update(accountId, new Expr().remove(OPEN_TASK + doneTaskId).set(OPEN_TASK + nextTaskId, Attrs.s(dueDate.toString()))
                .condition("attribute_exists(pk)"));
    }

    TransactWriteItem closedTaskAction(String accountId, String taskId) {
        return update(accountId, new Expr().remove(OPEN_TASK + taskId).add(OPEN_TASK_COUNT, -1).condition("attribute_exists(pk)"));
    }

    /** One more open task, on condition that the account has fewer than {@link #MAX_OPEN_TASKS}. */
    private static Expr addedTask(Expr expr, String condition) {
        return expr.add(OPEN_TASK_COUNT, 1)
                .condition(condition + " AND (attribute_not_exists(#openTaskCount) OR #openTaskCount < :maxOpenTasks)")
                .name("#openTaskCount", OPEN_TASK_COUNT).value(":maxOpenTasks", Attrs.n(MAX_OPEN_TASKS));
    }

    /**
     * A new opportunity links the account: it must exist and be a municipality. {@code task} is a
     * follow-up task created in the same transaction (one transaction may touch an item only once).
     */
    TransactWriteItem linkAction(String accountId, OpenOpportunity open, OpenTask task) {
        Expr expr = new Expr().add(OPPORTUNITY_COUNT, 1);
        if (open != null) {
            expr.set(OPEN_OPPORTUNITY + open.id(), openValue(open));
        }
        String condition = "attribute_exists(pk) AND #type = :municipality";
        if (task != null) {
            addedTask(expr.set(OPEN_TASK + task.id(), Attrs.s(task.dueDate().toString())), condition);
        } else {
            expr.condition(condition);
        }
        return update(accountId, expr.name("#type", "type").value(":municipality", Attrs.s(AccountType.MUNICIPALITY.name())));
    }

    /** An imported opportunity that is closed already links the account and is its latest outcome. */
    TransactWriteItem linkClosedAction(String accountId, String opportunityId, String stage, Instant at) {
        return update(accountId, new Expr().add(OPPORTUNITY_COUNT, 1)
                .set("lastOutcome", Attrs.s(stage)).set("lastOutcomeAt", Attrs.s(at.toString()))
                .set("lastOutcomeOpp", Attrs.s(opportunityId))
                .condition("attribute_exists(pk) AND #type = :municipality")
                .name("#type", "type").value(":municipality", Attrs.s(AccountType.MUNICIPALITY.name())));
    }

    /** The opportunity is (still or again) open, at this stage; {@code task} as for {@link #linkAction}. */
    TransactWriteItem openAction(String accountId, OpenOpportunity open, OpenTask task) {
        Expr expr = new Expr().set(OPEN_OPPORTUNITY + open.id(), openValue(open));
        if (task != null) {
            addedTask(expr.set(OPEN_TASK + task.id(), Attrs.s(task.dueDate().toString())), "attribute_exists(pk)");
        } else {
            expr.condition("attribute_exists(pk)");
        }
        return update(accountId, expr);
    }

    /** The opportunity was closed: it is no longer open, and its outcome is the account's last one. */
    TransactWriteItem closedAction(String accountId, String opportunityId, String stage, Instant at) {
        return update(accountId, new Expr().remove(OPEN_OPPORTUNITY + opportunityId)
                .set("lastOutcome", Attrs.s(stage)).set("lastOutcomeAt", Attrs.s(at.toString()))
                .set("lastOutcomeOpp", Attrs.s(opportunityId)).condition("attribute_exists(pk)"));
    }

    /** The opportunity was deleted. */
    TransactWriteItem unlinkAction(String accountId, String opportunityId) {
        return update(accountId, new Expr().remove(OPEN_OPPORTUNITY + opportunityId).remove(SNOOZE + opportunityId)
                .add(OPPORTUNITY_COUNT, -1)
                .condition("attribute_exists(pk)"));
    }

    /** The municipality accounts sorted by name with their pipeline facts: one Query on gsi2. */
    public Page<MunicipalityStatus> municipalities(PageRequest page) {
        Table.KeyQuery query = Table.KeyQuery.partition(Keys.GSI2, Keys.GSI2_PK, Keys.accountsOfType(AccountType.MUNICIPALITY));
        return table.queryPage(query, page, AccountSummary::status);
    }

    static MunicipalityStatus status(Map<String, AttributeValue> item) {
        List<OpenOpportunity> open = new ArrayList<>();
        List<OpenTask> tasks = new ArrayList<>();
        List<MunicipalityStatus.Snoozed> snoozes = new ArrayList<>();
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            String name = attribute.getKey();
            if (name.startsWith(OPEN_OPPORTUNITY) && attribute.getValue().hasM()) {
                Map<String, AttributeValue> m = attribute.getValue().m();
                open.add(new OpenOpportunity(name.substring(OPEN_OPPORTUNITY.length()), Attrs.string(m, "name"),
                        Attrs.string(m, "type"), Attrs.string(m, "stage"), Attrs.instant(m, "since")));
            } else if (name.startsWith(OPEN_TASK) && attribute.getValue().s() != null) {
                tasks.add(new OpenTask(name.substring(OPEN_TASK.length()), LocalDate.parse(attribute.getValue().s())));
            } else if (name.startsWith(SNOOZE) && attribute.getValue().hasM()) {
                Map<String, AttributeValue> m = attribute.getValue().m();
                snoozes.add(new MunicipalityStatus.Snoozed(name.substring(SNOOZE.length()), LocalDate.parse(Attrs.string(m, "until")),
                        Attrs.string(m, "reason")));
            }
        }
        open.sort(Comparator.comparing(OpenOpportunity::id));
        tasks.sort(Comparator.comparing(OpenTask::dueDate).thenComparing(OpenTask::id));
        return new MunicipalityStatus(Attrs.string(item, "id"), Attrs.string(item, "name"), Attrs.instant(item, "createdAt"),
                open, Attrs.string(item, "lastOutcome"), Attrs.string(item, "lastOutcomeOpp"),
                Attrs.instant(item, "lastOutcomeAt"), Attrs.instant(item, LAST_INTERACTION_AT), tasks, snoozes);
    }

    private static AttributeValue openValue(OpenOpportunity open) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("name", Attrs.s(open.name()));
        m.put("type", Attrs.s(open.type()));
        m.put("stage", Attrs.s(open.stage()));
        m.put("since", Attrs.s(open.stageSince().toString()));
        return Attrs.map(m);
    }

    private TransactWriteItem update(String accountId, Expr expr) {
        Update.Builder update = Update.builder().tableName(table.name()).key(Table.key(Keys.account(accountId), Keys.ACCOUNT_SK))
                .updateExpression(expr.expression())
                .expressionAttributeNames(expr.names);
        if (!expr.values.isEmpty()) {
            update.expressionAttributeValues(expr.values);
        }
        if (expr.condition != null) {
            update.conditionExpression(expr.condition);
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }

    /** An update expression with numbered placeholders (attribute names here hold ids). */
    private static final class Expr {
        final List<String> sets = new ArrayList<>();
        final List<String> removes = new ArrayList<>();
        final List<String> adds = new ArrayList<>();
        final Map<String, String> names = new HashMap<>();
        final Map<String, AttributeValue> values = new HashMap<>();
        String condition;
        int next;

        Expr set(String attribute, AttributeValue value) {
            int i = next++;
            names.put("#f" + i, attribute);
            values.put(":f" + i, value);
            sets.add("#f" + i + " = :f" + i);
            return this;
        }

        Expr remove(String attribute) {
            int i = next++;
            names.put("#f" + i, attribute);
            removes.add("#f" + i);
            return this;
        }

        Expr add(String attribute, long delta) {
            int i = next++;
            names.put("#f" + i, attribute);
            values.put(":f" + i, Attrs.n(delta));
            adds.add("#f" + i + " :f" + i);
            return this;
        }

        Expr condition(String expression) {
            this.condition = expression;
            return this;
        }

        Expr name(String placeholder, String attribute) {
            names.put(placeholder, attribute);
            return this;
        }

        Expr value(String placeholder, AttributeValue value) {
            values.put(placeholder, value);
            return this;
        }

        String expression() {
            StringBuilder text = new StringBuilder();
            if (!sets.isEmpty()) {
                text.append("SET ").append(String.join(", ", sets));
            }
            if (!removes.isEmpty()) {
                text.append(text.isEmpty() ? "" : " ").append("REMOVE ").append(String.join(", ", removes));
            }
            if (!adds.isEmpty()) {
                text.append(text.isEmpty() ? "" : " ").append("ADD ").append(String.join(", ", adds));
            }
            return text.toString();
        }
    }
}
