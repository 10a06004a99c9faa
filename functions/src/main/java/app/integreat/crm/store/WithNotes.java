package app.integreat.crm.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A record's item and its notes item (null when it has no notes), as one Query returns them. */
record WithNotes(Map<String, AttributeValue> record, Map<String, AttributeValue> notes) {

    /** Picks the record (sk {@code recordSk}) and its notes (sk {@code notesSk}) out of a Query's items. */
    static Optional<WithNotes> find(List<Map<String, AttributeValue>> items, String recordSk, String notesSk) {
        Map<String, AttributeValue> record = null;
        Map<String, AttributeValue> notes = null;
        for (Map<String, AttributeValue> item : items) {
            String sk = Attrs.string(item, Keys.SK);
            if (recordSk.equals(sk)) {
                record = item;
            } else if (notesSk.equals(sk)) {
                notes = item;
            }
        }
        return record == null ? Optional.empty() : Optional.of(new WithNotes(record, notes));
    }

    /** Reads a record with its notes: one Query of the sort keys starting with {@code recordSk}. */
    static Optional<WithNotes> read(Table table, String pk, String recordSk, String notesSk) {
        List<Map<String, AttributeValue>> items = table.queryFirst(
                Table.KeyQuery.partition(null, Keys.PK, pk).withSk(Keys.SK, "begins_with", recordSk), 2);
        return find(items, recordSk, notesSk);
    }
}
