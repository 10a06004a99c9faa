package app.integreat.crm.store;

import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.TimelineEntry;
import app.integreat.crm.store.Writes.Condition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Timelines: each account and contact keeps a small copy of every interaction, task and stage change
 * that concerns it in its own item collection, under {@code TL#<at>#<refId>}. Newest first is then
 * one Query, and the copies are written in the same transaction as the record they copy.
 * "TL#" sorts after everything an account's detail page reads ({@link Keys#DETAIL_UPPER_BOUND}).
 */
public final class Timeline {
    private final Table table;
    private final Writes writes;

    public Timeline(Table table) {
        this.table = table;
        this.writes = new Writes(table.name());
    }

    /** The timeline partition of an account. */
    public static String ofAccount(String accountId) {
        return Keys.account(accountId);
    }

    /** The timeline partition of a contact. */
    public static String ofContact(String contactId) {
        return Keys.contact(contactId);
    }

    /**
     * Newest first, one Query; empty when the account or contact does not exist. Every account and
     * contact has an anchor item at {@code sk = "TL#"}, which sorts before all its lines: a Query that
     * reads no item at all has found no record, so an empty timeline costs no second request.
     */
    public java.util.Optional<Page<TimelineEntry>> page(String owner, PageRequest page) {
        Table.KeyQuery query = new Table.KeyQuery(null, Keys.PK, owner, Keys.SK, "begins_with", Keys.TIMELINE_PREFIX, true);
        boolean[] readAny = {false};
        boolean[] merged = {false};
        // one more item than the page: the anchor, which sorts last
        Page<TimelineEntry> entries = table.queryPage(query, page, 1, item -> {
            readAny[0] = true;
            merged[0] |= MERGED.equals(Items.entity(item));
            return !ANCHOR.equals(Items.entity(item)) && !MERGED.equals(Items.entity(item));
        }, Timeline::entry);
        // a merged-away record's marker sorts first: its timeline is the kept record's now (the API answers 301)
        return !merged[0] && (readAny[0] || page.cursor() != null) ? java.util.Optional.of(entries) : java.util.Optional.empty();
    }

    private static final String ANCHOR = "TIMELINE_ANCHOR";
    /** The entity of a merged-away record's marker (MergeStore). */
    static final String MERGED = "MERGED";

    /** The anchor of a new account's or contact's timeline, in the record's create transaction. */
    TransactWriteItem anchorAction(String owner) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(owner));
        item.put(Keys.SK, Attrs.s(Keys.TIMELINE_PREFIX));
        item.put(Items.ENTITY, Attrs.s(ANCHOR));
        return writes.put(item, Condition.NONE);
    }

    TransactWriteItem removeAnchorAction(String owner) {
        return writes.delete(owner, Keys.TIMELINE_PREFIX, Condition.NONE);
    }

    /**
     * Whether anything was ever logged on the record: one Query for one line. The history stays with
     * the organisation, so such a record is not deleted.
     */
    boolean hasHistory(String owner) {
        // the lines sort right after the anchor "TL#" and nothing sorts after them
        return table.queryFirst(new Table.KeyQuery(null, Keys.PK, owner, Keys.SK, ">", Keys.TIMELINE_PREFIX, false), 1)
                .stream().anyMatch(item -> Attrs.string(item, Keys.SK).startsWith(Keys.TIMELINE_PREFIX));
    }

    /** Puts (or replaces) the entry in each owner's timeline. */
    List<TransactWriteItem> putActions(List<String> owners, TimelineEntry entry) {
        return owners.stream().map(owner -> writes.put(item(owner, entry), Condition.NONE)).toList();
    }

    /** Removes the entry from each owner's timeline. */
    List<TransactWriteItem> deleteActions(List<String> owners, TimelineEntry entry) {
        return owners.stream().map(owner -> writes.delete(owner, Keys.timelineSk(entry.at(), entry.refId()), Condition.NONE)).toList();
    }

    static Map<String, AttributeValue> item(String owner, TimelineEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(owner));
        item.put(Keys.SK, Attrs.s(Keys.timelineSk(entry.at(), entry.refId())));
        item.put(Items.ENTITY, Attrs.s("TIMELINE"));
        item.put("kind", Attrs.s(entry.kind()));
        item.put("refId", Attrs.s(entry.refId()));
        item.put("at", Attrs.s(entry.at().toString()));
        Attrs.put(item, "type", entry.type());
        Attrs.put(item, "title", entry.title());
        Attrs.put(item, "summary", entry.summary());
        Attrs.put(item, "by", entry.by());
        if (!entry.details().isEmpty()) {
            Map<String, AttributeValue> details = new HashMap<>();
            entry.details().forEach((name, value) -> details.put(name, Attrs.s(value)));
            item.put("details", Attrs.map(details));
        }
        return item;
    }

    static TimelineEntry entry(Map<String, AttributeValue> item) {
        Map<String, String> details = new HashMap<>();
        AttributeValue stored = item.get("details");
        if (stored != null && stored.hasM()) {
            stored.m().forEach((name, value) -> details.put(name, value.s()));
        }
        return new TimelineEntry(Attrs.string(item, "kind"), Attrs.string(item, "refId"), Attrs.instant(item, "at"),
                Attrs.string(item, "type"), Attrs.string(item, "title"), Attrs.string(item, "summary"),
                Attrs.string(item, "by"), details);
    }
}
