package app.integreat.crm.store;

import app.integreat.crm.model.SearchText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Word-prefix search on names. For each word of a normalized name, one item keyed by the name from
 * that word on ("stadt augsburg", "augsburg"), so that a begins_with Query finds "Stadt Augsburg"
 * for "augs" as well as for "stadt a". The items carry a copy of the record for the result list and
 * live in the record's own item collection (sk NAME#n), written in the record's transactions.
 */
final class NameIndex {
    /** Words of a name that are searchable; later words are found only through earlier ones. */
    static final int MAX_WORDS = 8;
    private static final String SK_PREFIX = "NAME#";

    /**
     * Where a record's name items are listed besides the shared search partition (gsi9 SEARCH):
     * a gsi1 partition and a gsi2 partition, each optional.
     */
    record Partitions(String gsi1, String gsi2) {
    }

    private NameIndex() {
    }

    static List<String> suffixes(String name) {
        String normalized = SearchText.normalize(name);
        List<String> suffixes = new ArrayList<>();
        int start = 0;
        while (start < normalized.length() && suffixes.size() < MAX_WORDS) {
            suffixes.add(normalized.substring(start));
            int space = normalized.indexOf(' ', start);
            if (space < 0) {
                break;
            }
            start = space + 1;
        }
        return suffixes;
    }

    /**
     * True when this name item is the first of its record to match the search text. A name with two
     * words starting with the text ("Alpha Alpen" for "alp") has two matching items; keeping only the
     * first makes a search list each record once, on one page.
     */
    static boolean isFirstMatch(Map<String, AttributeValue> item, String name, String search) {
        List<String> suffixes = suffixes(name);
        String sk = Attrs.string(item, Keys.SK);
        for (int i = 0; i < suffixes.size(); i++) {
            if (suffixes.get(i).startsWith(search)) {
                return sk.equals(SK_PREFIX + i);
            }
        }
        return false;
    }

    /**
     * The actions that bring a record's name items from {@code oldName} (null for a new record) to
     * {@code newName} (null for a deleted record).
     */
    static List<TransactWriteItem> actions(Writes writes, String ownerPk, String id, String oldName, String newName,
                                           Map<String, AttributeValue> fields, Partitions partitions) {
        return actions(writes, SK_PREFIX, ownerPk, id, oldName == null ? List.of() : suffixes(oldName),
                newName == null ? List.of() : suffixes(newName), fields, partitions);
    }

    /**
     * The same for any list of search texts under another sort-key prefix (a contact's addresses:
     * ADDR#n): one item per text, each also in the shared search partition.
     */
    static List<TransactWriteItem> actions(Writes writes, String skPrefix, String ownerPk, String id, List<String> oldTexts,
                                           List<String> newTexts, Map<String, AttributeValue> fields, Partitions partitions) {
        int oldCount = oldTexts.size();
        List<String> suffixes = newTexts;
        List<TransactWriteItem> actions = new ArrayList<>();
        for (int i = 0; i < suffixes.size(); i++) {
            Map<String, AttributeValue> item = Items.withKeys(fields, ownerPk, skPrefix + i);
            String sortKey = Keys.byName(suffixes.get(i), id);
            item.put(Keys.GSI9_PK, Attrs.s(Keys.SEARCH));
            item.put(Keys.GSI9_SK, Attrs.s(sortKey));
            if (partitions.gsi1() != null) {
                item.put(Keys.GSI1_PK, Attrs.s(partitions.gsi1()));
                item.put(Keys.GSI1_SK, Attrs.s(sortKey));
            }
            if (partitions.gsi2() != null) {
                item.put(Keys.GSI2_PK, Attrs.s(partitions.gsi2()));
                item.put(Keys.GSI2_SK, Attrs.s(sortKey));
            }
            actions.add(writes.put(item, Writes.Condition.NONE));
        }
        for (int i = suffixes.size(); i < oldCount; i++) {
            actions.add(writes.delete(ownerPk, skPrefix + i, Writes.Condition.NONE));
        }
        return actions;
    }
}
