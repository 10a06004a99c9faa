package app.integreat.crm.store;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The one DynamoDB table: GetItem, Query and TransactWriteItems, nothing else (no Scan); single
 * PutItem and DeleteItem only for the report rebuild, which replaces derived counters.
 * Lists read at most limit + 1 items, so a page costs the same whatever the table holds.
 */
public final class Table {
    /** The most actions DynamoDB takes in one TransactWriteItems. */
    static final int MAX_TRANSACTION_ACTIONS = 100;
    /** Attempts for a transaction that lost only to a concurrent transaction (no condition failed). */
    private static final int TRANSACTION_ATTEMPTS = 3;

    private final DynamoDbClient client;
    private final String name;

    public Table(DynamoDbClient client, String name) {
        this.client = client;
        this.name = name;
    }

    public String name() {
        return name;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> key = new HashMap<>(2);
        key.put(Keys.PK, Attrs.s(pk));
        key.put(Keys.SK, Attrs.s(sk));
        return key;
    }

    Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        var response = client.getItem(GetItemRequest.builder().tableName(name).key(key(pk, sk)).consistentRead(true).build());
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    /**
     * Many items by key, at most 100 per BatchGetItem (strongly consistent), in no particular order;
     * keys without an item are left out. Used by the import to look its records up in batches.
     */
    List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(keys.size());
        for (int from = 0; from < keys.size(); from += 100) {
            Map<String, KeysAndAttributes> pending = Map.of(name, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(from + 100, keys.size()))).consistentRead(true).build());
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                BatchGetItemResponse response = client.batchGetItem(BatchGetItemRequest.builder().requestItems(pending).build());
                items.addAll(response.responses().getOrDefault(name, List.of()));
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (!pending.isEmpty()) {
                    pauseBeforeRetry(Math.min(attempt, 5));
                }
            }
        }
        return items;
    }

    /**
     * SnapStart priming: a GetItem and a Query of a partition that never exists, and a transaction
     * whose only action is conditioned on that item existing, so that the snapshot holds loaded and
     * initialised SDK request paths for reads and writes. The condition always fails: nothing is written.
     */
    public void prime() {
        get("PRIME#", "PRIME#");
        queryFirst(KeyQuery.partition(null, Keys.PK, "PRIME#"), 1);
        Map<String, AttributeValue> never = key("PRIME#", "PRIME#");
        try {
            transact(List.of(new Writes(name).put(never, new Writes.Condition("attribute_exists(pk)", Map.of(), Map.of()))));
        } catch (TransactionFailed expected) {
            // the refusal was the point: its path is warm now
        }
    }

    /** A key condition: the partition and an optional sort-key condition on a table or index. */
    record KeyQuery(String index, String pkName, String pkValue, String skName, String skOperator, String skValue,
                    boolean newestFirst) {

        static KeyQuery partition(String index, String pkName, String pkValue) {
            return new KeyQuery(index, pkName, pkValue, null, null, null, false);
        }

        KeyQuery withSk(String skName, String operator, String value) {
            return new KeyQuery(index, pkName, pkValue, skName, operator, value, newestFirst);
        }

        List<String> keyAttributes() {
            if (index == null) {
                return List.of(Keys.PK, Keys.SK);
            }
            return List.of(Keys.PK, Keys.SK, index + "pk", index + "sk");
        }
    }

    /**
     * Reads the first {@code maxItems} items of a key range (a record with its notes, an account's
     * page, the board) in one Query. DynamoDB answers at most 1 MB per request; every range read
     * here holds far less, and a longer one comes back cut rather than costing a second request.
     */
    List<Map<String, AttributeValue>> queryFirst(KeyQuery query, int maxItems) {
        return queryRange(query, maxItems).items();
    }

    /** The first items of a key range, read in one Query, and whether the range holds more. */
    record Range(List<Map<String, AttributeValue>> items, boolean more) {
    }

    Range queryRange(KeyQuery query, int maxItems) {
        QueryResponse response = client.query(request(query, maxItems, null));
        return new Range(response.items(), response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty());
    }

    /**
     * One page of a list, in exactly one Query: whatever the table holds, a page costs one request.
     * It reads {@code limit + 1 + maxSkipped} items; the extra one tells whether another page exists.
     * Items the {@code keep} test refuses (an anchor, a second name word of the same record) are left
     * out: when more than {@code maxSkipped} were, the page holds fewer than {@code limit} items and
     * its cursor continues after the last item read. No page ever reads on until a filter fills it.
     */
    <T> Page<T> queryPage(KeyQuery query, PageRequest page, int maxSkipped, Predicate<Map<String, AttributeValue>> keep,
                          Function<Map<String, AttributeValue>, T> mapper) {
        List<String> keyAttributes = query.keyAttributes();
        Map<String, AttributeValue> start = page.cursor() == null ? null : decodeCursor(page.cursor(), query, keyAttributes);
        QueryResponse response;
        try {
            response = client.query(request(query, page.limit() + 1 + maxSkipped, start));
        } catch (DynamoDbException e) {
            if (start != null && e.awsErrorDetails() != null && "ValidationException".equals(e.awsErrorDetails().errorCode())) {
                // a forged cursor whose key DynamoDB cannot start from
                throw CrmException.badParameter("cursor", "is not a cursor this list gave out");
            }
            throw e;
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            if (keep.test(item)) {
                items.add(item);
            }
        }
        String next = null;
        if (items.size() > page.limit()) {
            items = items.subList(0, page.limit());
            next = encodeCursor(items.get(items.size() - 1), keyAttributes);
        } else if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
            // more skipped than foreseen, or DynamoDB's 1 MB per request: a shorter page, and go on from there
            next = encodeCursor(response.lastEvaluatedKey(), keyAttributes);
        }
        List<T> mapped = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            mapped.add(mapper.apply(item));
        }
        return new Page<>(mapped, next);
    }

    /** One page of a list in which every item read is shown. */
    <T> Page<T> queryPage(KeyQuery query, PageRequest page, Function<Map<String, AttributeValue>, T> mapper) {
        return queryPage(query, page, 0, item -> true, mapper);
    }

    private QueryRequest request(KeyQuery query, Integer limit, Map<String, AttributeValue> start) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#pk", query.pkName());
        values.put(":pk", Attrs.s(query.pkValue()));
        String condition = "#pk = :pk";
        if (query.skName() != null) {
            names.put("#sk", query.skName());
            values.put(":sk", Attrs.s(query.skValue()));
            condition += query.skOperator().equals("begins_with") ? " AND begins_with(#sk, :sk)" : " AND #sk " + query.skOperator() + " :sk";
        }
        QueryRequest.Builder builder = QueryRequest.builder()
                .tableName(name)
                .keyConditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .scanIndexForward(!query.newestFirst())
                .exclusiveStartKey(start);
        if (query.index() == null) {
            builder.consistentRead(true);
        } else {
            builder.indexName(query.index());
        }
        if (limit != null) {
            builder.limit(limit);
        }
        return builder.build();
    }

    // Cursor: the key attributes of the last item returned, joined and base64url-encoded. It names
    // the partition it came from, so a cursor of another list is refused instead of misread.
    private static final char SEPARATOR = '\u001f';

    static String encodeCursor(Map<String, AttributeValue> item, List<String> keyAttributes) {
        StringBuilder text = new StringBuilder("1");
        for (String attribute : keyAttributes) {
            text.append(SEPARATOR).append(item.get(attribute).s());
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, AttributeValue> decodeCursor(String cursor, KeyQuery query, List<String> keyAttributes) {
        if (cursor.length() > 4096) {
            throw CrmException.badParameter("cursor", "is not a cursor this list gave out");
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(String.valueOf(SEPARATOR), -1);
        } catch (IllegalArgumentException e) {
            throw CrmException.badParameter("cursor", "is not a cursor this list gave out");
        }
        if (parts.length != keyAttributes.size() + 1 || !parts[0].equals("1")) {
            throw CrmException.badParameter("cursor", "is not a cursor this list gave out");
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (int i = 0; i < keyAttributes.size(); i++) {
            // every key we write is far below DynamoDB's key size limits (1 KB sort key)
            if (parts[i + 1].isEmpty() || parts[i + 1].getBytes(StandardCharsets.UTF_8).length > 1024) {
                throw CrmException.badParameter("cursor", "is not a cursor this list gave out");
            }
            key.put(keyAttributes.get(i), Attrs.s(parts[i + 1]));
        }
        if (!key.get(query.pkName()).s().equals(query.pkValue())) {
            throw CrmException.badParameter("cursor", "belongs to another list or filter");
        }
        return key;
    }

    /**
     * Every item of one key range, page after page, at most {@code maxItems}: only for reading one
     * person's own partitions (an export or an erasure under Art. 15/17), whose size is that person's
     * history; never for a list. Answers null when the range holds more than {@code maxItems}.
     */
    List<Map<String, AttributeValue>> queryAll(KeyQuery query, int maxItems) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse response = client.query(request(query, null, start));
            items.addAll(response.items());
            if (items.size() > maxItems) {
                return null;
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** Writes an item as it is, unconditionally (derived data only: the report rebuild). */
    void putUnconditionally(Map<String, AttributeValue> item) {
        client.putItem(software.amazon.awssdk.services.dynamodb.model.PutItemRequest.builder().tableName(name).item(item).build());
    }

    /** Removes an item unconditionally (derived data only: the report rebuild). */
    void deleteUnconditionally(String pk, String sk) {
        client.deleteItem(software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest.builder().tableName(name).key(key(pk, sk)).build());
    }

    /** The outcome of a transaction that was cancelled because a condition failed: one code per action. */
    /**
     * Writes the actions in one transaction; false when the first action's condition failed (the state the
     * caller expected is gone: a repeat, or someone else was first), any other failure thrown.
     */
    boolean transactUnlessFirstFails(List<TransactWriteItem> actions) {
        try {
            transact(actions);
            return true;
        } catch (TransactionFailed e) {
            if (e.failed(0)) {
                return false;
            }
            throw e;
        }
    }

    static final class TransactionFailed extends RuntimeException {
        final List<String> reasons;

        TransactionFailed(List<String> reasons) {
            super("transaction cancelled: " + reasons, null, false, false);
            this.reasons = reasons;
        }

        boolean failed(int index) {
            return index < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(index));
        }
    }

    /**
     * Runs the actions atomically. A transaction that lost only to a concurrent one is retried after
     * a short random pause; when a condition failed, {@link TransactionFailed} says which action's.
     * Any other cancellation reason is a fault of ours and surfaces as an error. Each transaction carries
     * a client request token (idempotent for 10 minutes in DynamoDB).
     */
    void transact(List<TransactWriteItem> actions) {
        for (int attempt = 1; ; attempt++) {
            // The SDK resends this very request when an attempt fails or times out, so its retries carry
            // the same token: DynamoDB answers a repeat of a committed transaction with success instead
            // of running it again (and refusing it on its own conditions). Our own retry after a lost
            // race is a new transaction, with a new token.
            TransactWriteItemsRequest request = TransactWriteItemsRequest.builder().transactItems(actions)
                    .clientRequestToken(UUID.randomUUID().toString()).build();
            try {
                client.transactWriteItems(request);
                return;
            } catch (TransactionCanceledException e) {
                List<String> reasons = e.hasCancellationReasons()
                        ? e.cancellationReasons().stream().map(CancellationReason::code).map(code -> code == null ? "None" : code).toList()
                        : List.of();
                if (reasons.contains("ConditionalCheckFailed")) {
                    throw new TransactionFailed(reasons);
                }
                boolean lostARace = !reasons.isEmpty()
                        && reasons.stream().allMatch(code -> code.equals("None") || code.equals("TransactionConflict"));
                if (!lostARace) {
                    throw new IllegalStateException("transaction cancelled for " + reasons, e);
                }
                if (attempt >= TRANSACTION_ATTEMPTS) {
                    throw CrmException.of(CrmException.Kind.CONFLICT,
                            "The record is being changed by someone else right now. Please try again.");
                }
                pauseBeforeRetry(attempt);
            }
        }
    }

    static void pauseBeforeRetry(int attempt) {
        try {
            // jittered backoff, so that two writers that collided do not collide again
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(10, 40) * attempt);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw CrmException.of(CrmException.Kind.CONFLICT, "The record is being changed by someone else right now. Please try again.");
        }
    }
}
