package app.integreat.crm.store;

import app.integreat.crm.model.AuditEntry;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.store.Writes.Condition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The audit log: one partition {@code AUDIT}, one item per entry under {@code ENTRY#<ulid>} (time-sortable,
 * so newest first is a backwards Query). Entries are only ever put with {@code attribute_not_exists}: no
 * code here updates or deletes one.
 */
public final class AuditStore {
    private final Table table;
    private final Writes writes;

    public AuditStore(Table table) {
        this.table = table;
        this.writes = new Writes(table.name());
    }

    /** Writes the entry on its own (for changes that are not one transaction). */
    public void append(AuditEntry entry) {
        table.transact(List.of(action(entry)));
    }

    /** The entry's Put, for the transaction of the change it records. */
    TransactWriteItem action(AuditEntry entry) {
        return writes.put(item(entry), Condition.notExists());
    }

    /** Newest first, one Query per page. */
    public Page<AuditEntry> page(PageRequest page) {
        Table.KeyQuery query = Table.KeyQuery.partition(null, Keys.PK, Keys.AUDIT).withSk(Keys.SK, "begins_with", Keys.AUDIT_ENTRY_PREFIX);
        query = new Table.KeyQuery(query.index(), query.pkName(), query.pkValue(), query.skName(), query.skOperator(),
                query.skValue(), true);
        return table.queryPage(query, page, AuditStore::entry);
    }

    static Map<String, AttributeValue> item(AuditEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.AUDIT));
        item.put(Keys.SK, Attrs.s(Keys.AUDIT_ENTRY_PREFIX + entry.id()));
        item.put(Items.ENTITY, Attrs.s("AUDIT"));
        item.put("id", Attrs.s(entry.id()));
        item.put("at", Attrs.s(entry.at().toString()));
        item.put("actor", Attrs.s(entry.actor()));
        item.put("action", Attrs.s(entry.action()));
        item.put("recordType", Attrs.s(entry.recordType()));
        Attrs.put(item, "recordId", entry.recordId());
        Attrs.put(item, "reason", entry.reason());
        return item;
    }

    private static AuditEntry entry(Map<String, AttributeValue> item) {
        return new AuditEntry(Attrs.string(item, "id"), Attrs.instant(item, "at"), Attrs.string(item, "actor"),
                Attrs.string(item, "action"), Attrs.string(item, "recordType"), Attrs.string(item, "recordId"),
                Attrs.string(item, "reason"));
    }
}
