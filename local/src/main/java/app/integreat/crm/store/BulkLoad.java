package app.integreat.crm.store;

import app.integreat.crm.model.Account;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.QuarantinedMail;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.Pipeline;
import app.integreat.crm.model.Task;
import app.integreat.crm.model.TimelineEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Fills a benchmark or test table fast: the items of {@link AccountStore#createActions} (exactly
 * what the app writes), put with BatchWriteItem instead of one transaction per account, which moto
 * makes slow by copying the table for every transaction. Never deployed (local module).
 */
public final class BulkLoad {
    private BulkLoad() {
    }

    public static void accounts(DynamoDbClient dynamo, Table table, List<Account> accounts) {
        AccountStore store = new AccountStore(table);
        List<TransactWriteItem> actions = new ArrayList<>();
        for (Account account : accounts) {
            actions.addAll(store.createActions(account));
        }
        put(dynamo, table, actions, false);
    }

    /**
     * Opportunities as {@link OpportunityStore#create} writes them (record, details, history, copies
     * with all their list keys, locks, timeline lines, search items, every history item of imported
     * history), without the account summaries and report counters: those are updates (the account
     * items, which lists of opportunities never read; {@code crm reports rebuild} counts the history).
     */
    public static void opportunities(DynamoDbClient dynamo, Table table, Pipeline pipeline, List<Opportunity> opportunities) {
        OpportunityStore store = new OpportunityStore(table, pipeline);
        List<TransactWriteItem> actions = new ArrayList<>();
        for (Opportunity o : opportunities) {
            TimelineEntry line = new TimelineEntry(TimelineEntry.STAGE_CHANGE, o.id(), o.createdAt(), o.stage(), o.name(), null,
                    o.createdBy(), java.util.Map.of());
            actions.addAll(store.createActions(o, line, null));
            actions.addAll(store.laterHistoryActions(o));
        }
        put(dynamo, table, actions, true);
    }

    /**
     * Tasks as {@link TaskStore#create} writes them: the items put in batches; {@code withCounters}
     * then applies each update of a member or account item (counters, the account's summary) on its
     * own, with its condition (not atomic with the puts), else leaves them out.
     */
    public static void tasks(DynamoDbClient dynamo, Table table, List<Task> tasks, boolean withCounters) {
        TaskStore store = new TaskStore(table);
        List<TransactWriteItem> actions = new ArrayList<>();
        for (Task task : tasks) {
            actions.addAll(store.createActions(task, withCounters));
        }
        put(dynamo, table, actions, true);
        for (TransactWriteItem action : actions) {
            Update update = action.update();
            if (withCounters && update != null) {
                dynamo.updateItem(UpdateItemRequest.builder().tableName(update.tableName()).key(update.key())
                        .updateExpression(update.updateExpression()).conditionExpression(update.conditionExpression())
                        .expressionAttributeNames(update.expressionAttributeNames())
                        .expressionAttributeValues(update.expressionAttributeValues().isEmpty() ? null : update.expressionAttributeValues())
                        .build());
            }
        }
    }

    /** Interactions as logging them writes them (the record, its body, timeline lines, waiting items). */
    public static void interactions(DynamoDbClient dynamo, Table table, List<Interaction> interactions) {
        TaskStore tasks = new TaskStore(table);
        InteractionStore store = new InteractionStore(table, tasks, new FollowUpStore(table, tasks));
        List<TransactWriteItem> actions = new ArrayList<>();
        for (Interaction interaction : interactions) {
            actions.addAll(store.createActions(interaction));
        }
        put(dynamo, table, actions, false);
    }

    /** Quarantined mails as the inbound function writes them (without their delivery markers). */
    public static void quarantined(DynamoDbClient dynamo, Table table, List<QuarantinedMail> mails) {
        List<WriteRequest> puts = new ArrayList<>();
        for (QuarantinedMail mail : mails) {
            puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(InteractionStore.quarantineItem(mail)).build()).build());
        }
        write(dynamo, table, puts);
    }

    private static void put(DynamoDbClient dynamo, Table table, List<TransactWriteItem> actions, boolean skipUpdates) {
        List<WriteRequest> puts = new ArrayList<>();
        for (TransactWriteItem action : actions) {
            if (action.put() == null) {
                if (skipUpdates && action.update() != null) {
                    continue;
                }
                throw new IllegalStateException("a bulk load puts items only, not " + action);
            }
            puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(action.put().item()).build()).build());
        }
        write(dynamo, table, puts);
    }

    private static void write(DynamoDbClient dynamo, Table table, List<WriteRequest> puts) {
        for (int from = 0; from < puts.size(); from += 25) {
            List<WriteRequest> batch = puts.subList(from, Math.min(from + 25, puts.size()));
            Map<String, List<WriteRequest>> pending = Map.of(table.name(), batch);
            while (!pending.isEmpty()) {
                BatchWriteItemResponse response = dynamo.batchWriteItem(BatchWriteItemRequest.builder().requestItems(pending).build());
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    /** How many items creating one account writes (the account, its notes, its name-search items). */
    public static int itemsPerAccount(Table table, Account account) {
        return new AccountStore(table).createActions(account).size();
    }
}
