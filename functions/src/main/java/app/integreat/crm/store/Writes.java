package app.integreat.crm.store;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** Builds the actions of a transaction, each with the condition that protects an invariant. */
final class Writes {
    private final String table;

    Writes(String table) {
        this.table = table;
    }

    /** A condition expression with its placeholders. */
    record Condition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        static final Condition NONE = new Condition(null, Map.of(), Map.of());

        static Condition notExists() {
            return new Condition("attribute_not_exists(pk)", Map.of(), Map.of());
        }

        /** Optimistic locking: the item exists and still has the version the writer read. */
        static Condition version(long expected) {
            return new Condition("#version = :expectedVersion", Map.of("#version", "version"),
                    Map.of(":expectedVersion", Attrs.n(expected)));
        }

        static Condition attributeEquals(String attribute, String value) {
            return new Condition("#owner = :owner", Map.of("#owner", attribute), Map.of(":owner", Attrs.s(value)));
        }
    }

    /** Writes, replaces or removes a record's notes item; nothing when the notes did not change. */
    java.util.List<TransactWriteItem> notes(String pk, String sk, String before, String after) {
        if (java.util.Objects.equals(before, after)) {
            return java.util.List.of();
        }
        if (after == null) {
            return java.util.List.of(delete(pk, sk, Condition.NONE));
        }
        return java.util.List.of(put(Items.notesItem(pk, sk, after), Condition.NONE));
    }

    TransactWriteItem put(Map<String, AttributeValue> item, Condition condition) {
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (condition.expression() != null) {
            put.conditionExpression(condition.expression());
            if (!condition.names().isEmpty()) {
                put.expressionAttributeNames(condition.names());
            }
            if (!condition.values().isEmpty()) {
                put.expressionAttributeValues(condition.values());
            }
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    TransactWriteItem delete(String pk, String sk, Condition condition) {
        Delete.Builder delete = Delete.builder().tableName(table).key(Table.key(pk, sk));
        if (condition.expression() != null) {
            delete.conditionExpression(condition.expression());
            if (!condition.names().isEmpty()) {
                delete.expressionAttributeNames(condition.names());
            }
            if (!condition.values().isEmpty()) {
                delete.expressionAttributeValues(condition.values());
            }
        }
        return TransactWriteItem.builder().delete(delete.build()).build();
    }

    /** Adds {@code delta} to a counter of an item that must exist. */
    TransactWriteItem addToCounter(String pk, String sk, String counter, long delta) {
        Map<String, String> names = new HashMap<>();
        names.put("#counter", counter);
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(Table.key(pk, sk))
                .updateExpression("ADD #counter :delta")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(":delta", Attrs.n(delta)))
                .build()).build();
    }

    /**
     * Sets the given attributes and removes the listed ones, leaving all others (such as counters
     * that other transactions maintain) untouched.
     */
    TransactWriteItem setFields(String pk, String sk, Map<String, AttributeValue> set, Iterable<String> remove,
                                Condition condition) {
        Map<String, String> names = new HashMap<>(condition.names());
        Map<String, AttributeValue> values = new HashMap<>(condition.values());
        StringBuilder expression = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, AttributeValue> entry : set.entrySet()) {
            expression.append(i == 0 ? "SET " : ", ").append("#f").append(i).append(" = :f").append(i);
            names.put("#f" + i, entry.getKey());
            values.put(":f" + i, entry.getValue());
            i++;
        }
        boolean first = true;
        for (String attribute : remove) {
            expression.append(first ? " REMOVE " : ", ").append("#f").append(i);
            names.put("#f" + i, attribute);
            first = false;
            i++;
        }
        Update.Builder update = Update.builder().tableName(table).key(Table.key(pk, sk))
                .updateExpression(expression.toString())
                .expressionAttributeNames(names);
        // DynamoDB refuses an empty map of values, as a REMOVE alone (clearing notes) has
        if (!values.isEmpty()) {
            update.expressionAttributeValues(values);
        }
        if (condition.expression() != null) {
            update.conditionExpression(condition.expression());
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }
}
