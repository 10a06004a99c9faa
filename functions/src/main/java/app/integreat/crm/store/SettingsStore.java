package app.integreat.crm.store;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Settings;
import app.integreat.crm.store.Writes.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The one settings item ({@code SETTINGS / SETTINGS}) and, beside it in the same partition, the counter
 * of mails that were never logged ({@code SETTINGS / NEVERLOGGED}): one Query reads both.
 */
public final class SettingsStore {
    private final Table table;
    private final Writes writes;
    private final AuditStore auditStore;

    public SettingsStore(Table table) {
        this.table = table;
        this.writes = new Writes(table.name());
        this.auditStore = new AuditStore(table);
    }

    /** The settings with the count of mails never logged: one Query. */
    public Settings.Stored read() {
        Settings settings = Settings.DEFAULT;
        long count = 0;
        // NEVERLOGGED, RAWMAILCURSOR, RESTAMP, SETTINGS: the whole partition, four small items
        for (Map<String, AttributeValue> item : table.queryFirst(Table.KeyQuery.partition(null, Keys.PK, Keys.SETTINGS), 4)) {
            String sk = Attrs.string(item, Keys.SK);
            if (Keys.SETTINGS.equals(sk)) {
                settings = settings(item);
            } else if (Keys.NEVER_LOGGED_SK.equals(sk)) {
                count = Attrs.number(item, "count");
            }
        }
        return new Settings.Stored(settings, count);
    }

    /** The settings alone (inbound mail reads them once per mail): one GetItem. */
    public Settings current() {
        return table.get(Keys.SETTINGS, Keys.SETTINGS).map(SettingsStore::settings).orElse(Settings.DEFAULT);
    }

    /**
     * Replaces the settings if they still have {@code expectedVersion} (0: never saved), with the audit
     * entry of the change in the same transaction; else 412.
     */
    public void save(Settings settings, long expectedVersion, app.integreat.crm.model.AuditEntry audit) {
        Condition condition = expectedVersion == 0 ? Condition.notExists() : Condition.version(expectedVersion);
        try {
            table.transact(List.of(writes.put(item(settings), condition), auditStore.action(audit)));
        } catch (Table.TransactionFailed e) {
            throw CrmException.stale("settings");
        }
    }

    /** Where the retention run's walk through the raw mails goes on (null: at the start). */
    public String rawMailCursor() {
        return table.get(Keys.SETTINGS, Keys.RAW_MAIL_CURSOR_SK).map(item -> Attrs.string(item, "startAfter")).orElse(null);
    }

    public void saveRawMailCursor(String startAfter) {
        if (startAfter == null) {
            table.deleteUnconditionally(Keys.SETTINGS, Keys.RAW_MAIL_CURSOR_SK);
            return;
        }
        Map<String, AttributeValue> item = new HashMap<>(Table.key(Keys.SETTINGS, Keys.RAW_MAIL_CURSOR_SK));
        item.put("entity", Attrs.s("CURSOR"));
        item.put("startAfter", Attrs.s(startAfter));
        table.putUnconditionally(item);
    }

    /**
     * How far the retention run has brought stored expiries to the settings: the settings version they follow
     * and, while a pass is under way, where it goes on ({@code SETTINGS / RESTAMP}).
     */
    public record Restamp(long version, String cursor) {
    }

    public Restamp restamp() {
        return table.get(Keys.SETTINGS, Keys.RESTAMP_SK)
                .map(item -> new Restamp(Attrs.number(item, "version"), Attrs.string(item, "cursor")))
                .orElse(new Restamp(0, null));
    }

    public void saveRestamp(Restamp restamp) {
        Map<String, AttributeValue> item = new HashMap<>(Table.key(Keys.SETTINGS, Keys.RESTAMP_SK));
        item.put("entity", Attrs.s("CURSOR"));
        item.put("version", Attrs.n(restamp.version()));
        Attrs.put(item, "cursor", restamp.cursor());
        table.putUnconditionally(item);
    }

    /** Counts one mail that left no trace; the count is all that is kept of it. */
    public void countNeverLogged() {
        table.transact(List.of(TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(Table.key(Keys.SETTINGS, Keys.NEVER_LOGGED_SK))
                .updateExpression("ADD #count :one")
                .expressionAttributeNames(Map.of("#count", "count"))
                .expressionAttributeValues(Map.of(":one", Attrs.n(1)))
                .build()).build()));
    }

    private static Map<String, AttributeValue> item(Settings settings) {
        Map<String, AttributeValue> item = new HashMap<>(Table.key(Keys.SETTINGS, Keys.SETTINGS));
        item.put("entity", Attrs.s("SETTINGS"));
        Settings.Retention retention = settings.retention();
        item.put("unresolvedDays", Attrs.n(retention.unresolvedDays()));
        item.put("quarantineDays", Attrs.n(retention.quarantineDays()));
        item.put("heldDays", Attrs.n(retention.heldDays()));
        item.put("rawMailDays", Attrs.n(retention.rawMailDays()));
        item.put("neverLogDomains", Attrs.list(settings.neverLog().domains()));
        item.put("neverLogAddresses", Attrs.list(settings.neverLog().addresses()));
        Map<String, AttributeValue> team = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (Settings.TeamAddress address : settings.teamAddresses()) {
            team.put(address.address(), Attrs.s(address.memberId()));
            order.add(address.address());
        }
        item.put("teamAddresses", Attrs.map(team));
        item.put("teamAddressOrder", Attrs.list(order));
        Attrs.put(item, "updatedAt", settings.updatedAt() == null ? null : settings.updatedAt().toString());
        item.put("version", Attrs.n(settings.version()));
        return item;
    }

    static Settings settings(Map<String, AttributeValue> item) {
        Settings.Retention retention = new Settings.Retention((int) Attrs.number(item, "unresolvedDays"),
                (int) Attrs.number(item, "quarantineDays"), (int) Attrs.number(item, "heldDays"), (int) Attrs.number(item, "rawMailDays"));
        Map<String, AttributeValue> team = item.containsKey("teamAddresses") ? item.get("teamAddresses").m() : Map.of();
        List<Settings.TeamAddress> addresses = new ArrayList<>();
        for (String address : Attrs.strings(item, "teamAddressOrder")) {
            AttributeValue member = team.get(address);
            if (member != null) {
                addresses.add(new Settings.TeamAddress(address, member.s()));
            }
        }
        Instant updatedAt = Attrs.instant(item, "updatedAt");
        return new Settings(retention, new Settings.NeverLog(Attrs.strings(item, "neverLogDomains"), Attrs.strings(item, "neverLogAddresses")),
                List.copyOf(addresses), updatedAt, Attrs.number(item, "version"));
    }
}
