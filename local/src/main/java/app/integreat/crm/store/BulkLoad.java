package app.integreat.crm.store;

import app.integreat.crm.model.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
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
        List<WriteRequest> puts = new ArrayList<>();
        for (Account account : accounts) {
            for (TransactWriteItem action : store.createActions(account)) {
                if (action.put() == null) {
                    throw new IllegalStateException("creating an account is expected to put items only");
                }
                puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(action.put().item()).build()).build());
            }
        }
        write(dynamo, table, puts);
    }

    /**
     * Imported history: the opportunities' records and details items (with their whole stage
     * history), as a create writes them, without the account copies, locks or report counters;
     * {@code crm reports rebuild} then counts them.
     */
    public static void opportunities(DynamoDbClient dynamo, Table table, app.integreat.crm.model.Pipeline pipeline,
                                     List<app.integreat.crm.model.Opportunity> opportunities) {
        OpportunityStore store = new OpportunityStore(table, pipeline);
        List<WriteRequest> puts = new ArrayList<>();
        for (app.integreat.crm.model.Opportunity opportunity : opportunities) {
            for (Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item : store.recordAndDetails(opportunity)) {
                puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
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
