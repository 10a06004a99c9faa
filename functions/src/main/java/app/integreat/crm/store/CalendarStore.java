package app.integreat.crm.store;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.store.Writes.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Calendar feed tokens, stored by their SHA-256 hash only ({@code CALFEED#<hash>}, found by one
 * GetItem), and the member's pointer to the current one ({@code MEMBER#<id>} / {@code CALENDAR}).
 * Rotating puts the new hash and deletes the old one in one transaction conditioned on the pointer
 * as read, so two concurrent rotations never leave two live feeds.
 */
public final class CalendarStore {
    private final Table table;
    private final Writes writes;

    public CalendarStore(Table table) {
        this.table = table;
        this.writes = new Writes(table.name());
    }

    /** A live feed: whose tasks, in which language (as when the link was made). */
    public record Feed(String memberId, String language) {
    }

    /** The feed with this token hash, if it is live: one GetItem. */
    public Optional<Feed> feed(String tokenHash) {
        return table.get(Keys.calendarFeed(tokenHash), Keys.CALENDAR_FEED_SK)
                .map(item -> new Feed(Attrs.string(item, "memberId"), Attrs.string(item, "language")));
    }

    /** Makes {@code tokenHash} the member's only live feed (the previous one, if any, stops working). */
    public void rotate(String memberId, String language, String tokenHash, Instant now) {
        Optional<String> previous = current(memberId);
        List<TransactWriteItem> actions = new ArrayList<>();
        Map<String, AttributeValue> feed = new HashMap<>();
        feed.put(Keys.PK, Attrs.s(Keys.calendarFeed(tokenHash)));
        feed.put(Keys.SK, Attrs.s(Keys.CALENDAR_FEED_SK));
        feed.put(Items.ENTITY, Attrs.s("CALFEED"));
        feed.put("memberId", Attrs.s(memberId));
        Attrs.put(feed, "language", language);
        feed.put("createdAt", Attrs.s(now.toString()));
        actions.add(writes.put(feed, Condition.notExists()));
        Map<String, AttributeValue> pointer = new HashMap<>();
        pointer.put(Keys.PK, Attrs.s(Keys.member(memberId)));
        pointer.put(Keys.SK, Attrs.s(Keys.MEMBER_CALENDAR_SK));
        pointer.put(Items.ENTITY, Attrs.s("CALENDAR"));
        pointer.put("tokenHash", Attrs.s(tokenHash));
        pointer.put("createdAt", Attrs.s(now.toString()));
        actions.add(writes.put(pointer, asRead(previous)));
        previous.ifPresent(hash -> actions.add(writes.delete(Keys.calendarFeed(hash), Keys.CALENDAR_FEED_SK, Condition.NONE)));
        transact(actions);
    }

    /** Revokes the member's feed; false when there was none. */
    public boolean revoke(String memberId) {
        Optional<String> previous = current(memberId);
        if (previous.isEmpty()) {
            return false;
        }
        transact(List.of(writes.delete(Keys.member(memberId), Keys.MEMBER_CALENDAR_SK, asRead(previous)),
                writes.delete(Keys.calendarFeed(previous.get()), Keys.CALENDAR_FEED_SK, Condition.NONE)));
        return true;
    }

    private Optional<String> current(String memberId) {
        return table.get(Keys.member(memberId), Keys.MEMBER_CALENDAR_SK).map(item -> Attrs.string(item, "tokenHash"));
    }

    private static Condition asRead(Optional<String> previous) {
        return previous.map(hash -> new Condition("#tokenHash = :previous", Map.of("#tokenHash", "tokenHash"),
                Map.of(":previous", Attrs.s(hash)))).orElse(Condition.notExists());
    }

    private void transact(List<TransactWriteItem> actions) {
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            throw CrmException.of(CrmException.Kind.CONFLICT, "The calendar link was changed at the same moment. Please try again.");
        }
    }
}
