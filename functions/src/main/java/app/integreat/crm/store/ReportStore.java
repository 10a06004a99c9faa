package app.integreat.crm.store;

import app.integreat.crm.model.PipelineCounts;
import app.integreat.crm.model.PipelineCounts.Slot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The pipeline report's counters: one item per month and type ({@code MONTH#<yyyy-MM>#<TYPE>}) and
 * one per type for the open counts now ({@code OPEN#<TYPE>}), all in the partition REPORT#PIPELINE.
 * Each counter is a numeric attribute that the opportunity transactions {@code ADD} to, so no
 * write reads them first. A report is one Query from its first month on.
 */
public final class ReportStore {
    private static final String ENTITY = "PIPELINE_COUNTS";
    private static final Set<String> NOT_COUNTERS = Set.of(Keys.PK, Keys.SK, Items.ENTITY, "month", "type");

    private final Table table;

    public ReportStore(Table table) {
        this.table = table;
    }

    /**
     * One update per slot, adding the counts (and setting a reason's text if it is new). An update
     * that counts a lost reason new to its slot is conditioned on the slot having room for it
     * ({@link PipelineCounts#MAX_REASONS}); see {@link #reasonRefused}.
     */
    List<TransactWriteItem> actions(PipelineCounts counts) {
        List<TransactWriteItem> actions = new ArrayList<>();
        counts.counters().forEach((slot, values) -> {
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> placeholders = new HashMap<>();
            StringBuilder add = new StringBuilder();
            int i = 0;
            for (Map.Entry<String, Long> counter : values.entrySet()) {
                add.append(i == 0 ? "ADD " : ", ").append("#c").append(i).append(" :c").append(i);
                names.put("#c" + i, counter.getKey());
                placeholders.put(":c" + i, Attrs.n(counter.getValue()));
                i++;
            }
            StringBuilder set = new StringBuilder(" SET #entity = :entity, #month = :month, #type = :type");
            names.put("#entity", Items.ENTITY);
            names.put("#month", "month");
            names.put("#type", "type");
            placeholders.put(":entity", Attrs.s(ENTITY));
            placeholders.put(":month", Attrs.s(slot.month()));
            placeholders.put(":type", Attrs.s(slot.type()));
            int t = 0;
            for (Map.Entry<String, String> text : counts.texts(slot).entrySet()) {
                set.append(", #t").append(t).append(" = if_not_exists(#t").append(t).append(", :t").append(t).append(")");
                names.put("#t" + t, text.getKey());
                placeholders.put(":t" + t, Attrs.s(text.getValue()));
                t++;
            }
            Update.Builder update = Update.builder().tableName(table.name())
                    .key(Table.key(Keys.PIPELINE_REPORT, Keys.reportSlotSk(slot.month(), slot.type())))
                    .updateExpression(add + set.toString());
            String reason = counts.newReason(slot);
            if (reason != null) {
                names.put("#reason", PipelineCounts.reason(reason));
                names.put("#seen", PipelineCounts.LOSSES_SEEN);
                placeholders.put(":maxReasons", Attrs.n(PipelineCounts.MAX_REASONS));
                update.conditionExpression("attribute_exists(#reason) OR attribute_not_exists(#seen) OR #seen < :maxReasons");
            }
            actions.add(TransactWriteItem.builder().update(update.expressionAttributeNames(names)
                    .expressionAttributeValues(placeholders).build()).build());
        });
        return actions;
    }

    /** Whether the transaction failed only because a slot had no room for a new lost reason. */
    static boolean reasonRefused(Table.TransactionFailed e, int firstAction, int actions) {
        for (int i = firstAction; i < firstAction + actions; i++) {
            if (e.failed(i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The counters of every month from {@code fromMonth} on, and the open counts: one Query
     * ({@code sk >= MONTH#<from>}; the OPEN# items sort after all months). At most {@code maxItems}.
     */
    public PipelineCounts read(String fromMonth, int maxItems) {
        Table.KeyQuery query = Table.KeyQuery.partition(null, Keys.PK, Keys.PIPELINE_REPORT)
                .withSk(Keys.SK, ">=", Keys.REPORT_MONTH_PREFIX + fromMonth);
        PipelineCounts counts = new PipelineCounts();
        for (Map<String, AttributeValue> item : table.queryFirst(query, maxItems)) {
            Slot slot = new Slot(Attrs.string(item, "month"), Attrs.string(item, "type"));
            item.forEach((name, value) -> {
                if (NOT_COUNTERS.contains(name)) {
                    return;
                }
                if (value.n() != null) {
                    counts.add(slot, name, Long.parseLong(value.n()));
                } else if (value.s() != null) {
                    counts.text(slot, name, value.s());
                }
            });
        }
        return counts;
    }

    /**
     * Replaces every counter item with the given totals (the rebuild): puts each slot's item whole
     * and deletes the items of slots the totals no longer have, one PutItem or DeleteItem each (a
     * few hundred at most; not atomic, so a rebuild that stopped half-way is simply run again).
     * Running it again with the same totals writes the same items.
     */
    public void replace(PipelineCounts totals) {
        Table.KeyQuery all = Table.KeyQuery.partition(null, Keys.PK, Keys.PIPELINE_REPORT);
        Set<String> stale = new HashSet<>();
        for (Map<String, AttributeValue> item : table.queryFirst(all, Integer.MAX_VALUE)) {
            stale.add(Attrs.string(item, Keys.SK));
        }
        totals.counters().forEach((slot, values) -> {
            String sk = Keys.reportSlotSk(slot.month(), slot.type());
            stale.remove(sk);
            Map<String, AttributeValue> item = new HashMap<>(Table.key(Keys.PIPELINE_REPORT, sk));
            item.put(Items.ENTITY, Attrs.s(ENTITY));
            item.put("month", Attrs.s(slot.month()));
            item.put("type", Attrs.s(slot.type()));
            values.forEach((name, value) -> {
                if (value != 0) {
                    item.put(name, Attrs.n(value));
                }
            });
            totals.texts(slot).forEach((name, text) -> item.put(name, Attrs.s(text)));
            table.putUnconditionally(item);
        });
        for (String sk : stale) {
            table.deleteUnconditionally(Keys.PIPELINE_REPORT, sk);
        }
    }
}
