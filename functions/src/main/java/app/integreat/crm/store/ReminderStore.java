package app.integreat.crm.store;

import app.integreat.crm.store.Writes.Condition;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One marker per member and Berlin date (pk {@code REMINDER#<memberId>}, sk {@code <yyyy-MM-dd>}):
 * claimed with a condition before the digest is sent, marked SENT after, released when sending
 * failed. Two runs of the same day therefore never both send to a member.
 */
public final class ReminderStore {
    static final String SENDING = "SENDING";
    static final String SENT = "SENT";

    private final Table table;
    private final Writes writes;

    public ReminderStore(Table table) {
        this.table = table;
        this.writes = new Writes(table.name());
    }

    /**
     * Claims the member's digest of the day. False when another run sent it, or is sending it now;
     * a claim older than {@code lease} belongs to a run that died (Lambda's timeout is far shorter)
     * and is taken over.
     */
    public boolean claim(String memberId, LocalDate date, Instant now, Duration lease) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.reminder(memberId)));
        item.put(Keys.SK, Attrs.s(date.toString()));
        item.put(Items.ENTITY, Attrs.s("REMINDER"));
        item.put("state", Attrs.s(SENDING));
        item.put("claimedAt", Attrs.s(Keys.SORTABLE_INSTANT.format(now)));
        // the marker guards this day's digest only; the table's TTL removes it a week later
        Expiry.stamp(item, now.plus(Expiry.REMINDER_MARKER));
        Condition condition = new Condition("attribute_not_exists(pk) OR (#state = :sending AND #claimedAt < :staleBefore)",
                Map.of("#state", "state", "#claimedAt", "claimedAt"),
                Map.of(":sending", Attrs.s(SENDING), ":staleBefore", Attrs.s(Keys.SORTABLE_INSTANT.format(now.minus(lease)))));
        try {
            table.transact(List.of(writes.put(item, condition)));
            return true;
        } catch (Table.TransactionFailed e) {
            return false;
        }
    }

    public void markSent(String memberId, LocalDate date, Instant now, int tasks) {
        table.transact(List.of(writes.setFields(Keys.reminder(memberId), date.toString(),
                Map.of("state", Attrs.s(SENT), "sentAt", Attrs.s(now.toString()), "tasks", Attrs.n(tasks)),
                List.of(), Condition.NONE)));
    }

    /** Gives the claim back after a failed send, so that the retry of the run sends this digest. */
    public void release(String memberId, LocalDate date) {
        table.transact(List.of(writes.delete(Keys.reminder(memberId), date.toString(),
                new Condition("#state = :sending", Map.of("#state", "state"), Map.of(":sending", Attrs.s(SENDING))))));
    }

    /** The marker's state (SENDING, SENT) or null: for tests and support. */
    public String state(String memberId, LocalDate date) {
        return table.get(Keys.reminder(memberId), date.toString()).map(item -> Attrs.string(item, "state")).orElse(null);
    }
}
