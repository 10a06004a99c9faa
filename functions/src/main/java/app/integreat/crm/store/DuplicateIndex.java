package app.integreat.crm.store;

import app.integreat.crm.model.DuplicateGroup;
import app.integreat.crm.model.DuplicateKey;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.store.Writes.Condition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Duplicate candidates of one kind of record (CONTACT or ACCOUNT). Each candidate key has one item,
 * {@code DUPKEY#<kind>#<reason>#<value>}, that lists the records holding the key ({@code members}).
 * A record's writes read their keys' items first (one BatchGetItem) and rewrite them in the record's
 * own transaction, each conditioned on the revision read; an item with two or more members is on
 * gsi1 under {@code DUPES#<kind>}, so the duplicates list is one Query of exactly the shared keys.
 * A lost race on a key item fails the transaction's condition: the store reads and tries again.
 */
public final class DuplicateIndex {
    /** A key item names at most this many records (a switchboard number shared by a whole town hall). */
    static final int MAX_MEMBERS = 20;
    static final String MEMBERS = "members";
    private static final String REVISION = "rev";

    private final Table table;
    private final Writes writes;
    private final String kind;

    DuplicateIndex(Table table, String kind) {
        this.table = table;
        this.writes = new Writes(table.name());
        this.kind = kind;
    }

    public static DuplicateIndex contacts(Table table) {
        return new DuplicateIndex(table, "CONTACT");
    }

    public static DuplicateIndex accounts(Table table) {
        return new DuplicateIndex(table, "ACCOUNT");
    }

    private String pk(DuplicateKey key) {
        return "DUPKEY#" + kind + "#" + key.reason() + "#" + key.value();
    }

    private static final String SK = "DUPKEY";

    private String partition() {
        return "DUPES#" + kind;
    }

    /**
     * The actions that move record {@code id} from the keys {@code before} to {@code after}, where
     * {@code entry} is how the key items name it (null when the record goes). Keys whose items hold
     * the record as it is stay untouched. Reads the touched key items in one BatchGetItem.
     */
    List<TransactWriteItem> actions(String id, Set<DuplicateKey> before, Set<DuplicateKey> after, Map<String, AttributeValue> entry) {
        Set<DuplicateKey> touched = new LinkedHashSet<>(before);
        touched.addAll(after);
        if (touched.isEmpty()) {
            return List.of();
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (DuplicateKey key : touched) {
            keys.add(Table.key(pk(key), SK));
        }
        Map<String, Map<String, AttributeValue>> current = new HashMap<>();
        for (Map<String, AttributeValue> item : table.batchGet(keys)) {
            current.put(item.get(Keys.PK).s(), item);
        }
        AttributeValue copy = entry == null ? null : Attrs.map(entry);
        List<TransactWriteItem> actions = new ArrayList<>();
        for (DuplicateKey key : touched) {
            Map<String, AttributeValue> item = current.get(pk(key));
            Map<String, AttributeValue> members = new TreeMap<>(item == null || !item.containsKey(MEMBERS) ? Map.of() : item.get(MEMBERS).m());
            AttributeValue was = members.get(id);
            boolean holds = after.contains(key) && copy != null;
            if (holds && (members.containsKey(id) || members.size() < MAX_MEMBERS)) {
                members.put(id, copy);
            } else {
                members.remove(id);
            }
            if (java.util.Objects.equals(was, members.get(id))) {
                continue;
            }
            Condition condition = item == null ? Condition.notExists()
                    : new Condition("#rev = :rev", Map.of("#rev", REVISION), Map.of(":rev", Attrs.n(Attrs.number(item, REVISION))));
            if (members.isEmpty()) {
                actions.add(writes.delete(pk(key), SK, condition));
                continue;
            }
            Map<String, AttributeValue> written = new HashMap<>();
            written.put(Keys.PK, Attrs.s(pk(key)));
            written.put(Keys.SK, Attrs.s(SK));
            written.put(Items.ENTITY, Attrs.s("DUPKEY"));
            written.put("reason", Attrs.s(key.reason()));
            written.put("key", Attrs.s(key.value()));
            written.put(REVISION, Attrs.n(item == null ? 1 : Attrs.number(item, REVISION) + 1));
            written.put(MEMBERS, Attrs.map(members));
            if (members.size() >= 2) {
                written.put(Keys.GSI1_PK, Attrs.s(partition()));
                written.put(Keys.GSI1_SK, Attrs.s(key.reason() + "#" + key.value()));
            }
            actions.add(writes.put(written, condition));
        }
        return actions;
    }

    /** One page of the keys that more than one record holds: one Query of gsi1. */
    public Page<DuplicateGroup> page(PageRequest page) {
        return table.queryPage(Table.KeyQuery.partition(Keys.GSI1, Keys.GSI1_PK, partition()), page, DuplicateIndex::group);
    }

    private static DuplicateGroup group(Map<String, AttributeValue> item) {
        List<DuplicateGroup.Member> records = new ArrayList<>();
        // TreeMap: members in id order, that is in the order the records were created
        new TreeMap<>(item.get(MEMBERS).m()).forEach((id, value) -> {
            Map<String, AttributeValue> copy = value.m();
            records.add(new DuplicateGroup.Member(id, Attrs.string(copy, "name"), Attrs.string(copy, "accountId"),
                    Attrs.string(copy, "type")));
        });
        return new DuplicateGroup(Attrs.string(item, "reason"), Attrs.string(item, "key"), List.copyOf(records));
    }

    /** How a contact or account is named in its key items. */
    static Map<String, AttributeValue> entry(String name, String accountId, String type) {
        Map<String, AttributeValue> entry = new HashMap<>();
        entry.put("name", Attrs.s(name));
        Attrs.put(entry, "accountId", accountId);
        Attrs.put(entry, "type", type);
        return entry;
    }

    /** Attempts of a record's write whose key items changed between the read and the transaction. */
    static final int ATTEMPTS = 5;

    /**
     * Writes {@code actions} with the key actions {@code keyActions} builds (read afresh each attempt), again
     * while only the key items lost a race; any other failure is thrown to the caller.
     */
    static void transact(Table table, List<TransactWriteItem> actions, java.util.function.Supplier<List<TransactWriteItem>> keyActions) {
        for (int attempt = 1; ; attempt++) {
            List<TransactWriteItem> all = new java.util.ArrayList<>(actions);
            all.addAll(keyActions.get());
            try {
                table.transact(all);
                return;
            } catch (Table.TransactionFailed e) {
                if (attempt == ATTEMPTS || !lostOnKeys(e, actions.size(), attempt)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Whether a cancelled transaction failed only on key items (from action {@code first} on): worth
     * a new read, after a short random pause so that the writers that collided do not collide again.
     */
    static boolean lostOnKeys(Table.TransactionFailed e, int first, int attempt) {
        if (!failedOnlyOnKeys(e, first)) {
            return false;
        }
        Table.pauseBeforeRetry(attempt);
        return true;
    }

    private static boolean failedOnlyOnKeys(Table.TransactionFailed e, int first) {
        boolean onKeys = false;
        for (int i = 0; i < e.reasons.size(); i++) {
            if (e.failed(i)) {
                if (i < first) {
                    return false;
                }
                onKeys = true;
            }
        }
        return onKeys;
    }
}
