package app.integreat.crm.store;

import app.integreat.crm.model.StoredFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Files of a record: one item per file in the record's own collection ({@code FILE#<id>}, after
 * the account's detail range and before its timeline), so listing them is one Query.
 */
public final class FileStore {
    /** A record lists at most this many files. */
    public static final int MAX_LISTED = 200;

    private final Table table;
    private final Writes writes;

    public FileStore(Table table) {
        this.table = table;
        this.writes = new Writes(table.name());
    }

    /**
     * The files of an account ("ACCOUNT"), contact ("CONTACT") or opportunity ("OPPORTUNITY"), empty
     * when the record does not exist: one Query, backwards from the end of the FILE# range, which
     * reads the files and then one item of the record below them (its record item or a copy), so a
     * record without files is told from a missing one without a second request.
     */
    public java.util.Optional<List<StoredFile>> list(String recordKind, String recordId) {
        List<Map<String, AttributeValue>> items = table.queryFirst(new Table.KeyQuery(null, Keys.PK, owner(recordKind, recordId),
                Keys.SK, "<=", Keys.FILE_PREFIX + "~", true), MAX_LISTED + 1);
        List<StoredFile> files = items.stream().filter(item -> Attrs.string(item, Keys.SK).startsWith(Keys.FILE_PREFIX))
                .limit(MAX_LISTED).map(FileStore::file).toList();
        return items.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(files);
    }

    TransactWriteItem putAction(String recordKind, String recordId, StoredFile file) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(owner(recordKind, recordId)));
        item.put(Keys.SK, Attrs.s(Keys.FILE_PREFIX + file.id()));
        item.put(Items.ENTITY, Attrs.s("FILE"));
        item.put("id", Attrs.s(file.id()));
        item.put("name", Attrs.s(file.name()));
        Attrs.put(item, "contentType", file.contentType());
        item.put("size", Attrs.n(file.size()));
        item.put("key", Attrs.s(file.key()));
        Attrs.put(item, Items.SALESFORCE_ID, file.salesforceId());
        item.put("createdAt", Attrs.s(file.createdAt().toString()));
        return writes.put(item, Writes.Condition.NONE);
    }

    private static String owner(String recordKind, String recordId) {
        return switch (recordKind) {
            case "ACCOUNT" -> Keys.account(recordId);
            case "CONTACT" -> Keys.contact(recordId);
            case "OPPORTUNITY" -> Keys.opportunity(recordId);
            default -> throw new IllegalArgumentException("files belong to accounts, contacts and opportunities: " + recordKind);
        };
    }

    private static StoredFile file(Map<String, AttributeValue> item) {
        return new StoredFile(Attrs.string(item, "id"), Attrs.string(item, "name"), Attrs.string(item, "contentType"),
                Attrs.number(item, "size"), Attrs.string(item, "key"), Attrs.string(item, Items.SALESFORCE_ID),
                Attrs.instant(item, "createdAt"));
    }
}
