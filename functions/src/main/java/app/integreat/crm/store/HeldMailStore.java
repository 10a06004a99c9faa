package app.integreat.crm.store;

import app.integreat.crm.model.HeldMail;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.QuarantinedMail;
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
 * Held mails (see {@link HeldMail}): one item each, listed for their member on gsi1 and by age on gsi2 while
 * they wait; a confirmed one keeps its item (without index keys) so that a repeated confirmation answers the same.
 */
public final class HeldMailStore {
    private final Table table;
    private final Writes writes;

    public HeldMailStore(Table table) {
        this.table = table;
        this.writes = new Writes(table.name());
    }

    /** Holds the mail once: false when one of the markers exists already (a repeated delivery). */
    public boolean holdOnce(HeldMail mail, List<String> markers) {
        List<TransactWriteItem> actions = new ArrayList<>();
        for (String marker : markers) {
            actions.add(writes.put(InteractionStore.markerItem(marker, Keys.held(mail.id()), mail.receivedAt()), Condition.notExists()));
        }
        actions.add(writes.put(item(mail), Condition.notExists()));
        try {
            table.transact(actions);
            return true;
        } catch (Table.TransactionFailed e) {
            for (int i = 0; i < markers.size(); i++) {
                if (e.failed(i)) {
                    return false;
                }
            }
            throw e;
        }
    }

    public Optional<HeldMail> byId(String id) {
        return table.get(Keys.held(id), Keys.HELD_SK).map(HeldMailStore::heldMail);
    }

    /** The member's waiting mails, newest first: one Query. */
    public Page<HeldMail> ofMember(String memberId, PageRequest page) {
        Table.KeyQuery query = new Table.KeyQuery(Keys.GSI1, Keys.GSI1_PK, Keys.heldOf(memberId), null, null, null, true);
        return table.queryPage(query, page, HeldMailStore::heldMail);
    }

    /** Up to {@code max} waiting mails whose {@code confirmBy} is before {@code cutoff}, earliest first (the daily expiry). */
    public List<HeldMail> dueBefore(Instant cutoff, int max) {
        Table.KeyQuery query = Table.KeyQuery.partition(Keys.GSI2, Keys.GSI2_PK, Keys.HELD)
                .withSk(Keys.GSI2_SK, "<", Keys.SORTABLE_INSTANT.format(cutoff));
        return table.queryFirst(query, max).stream().map(HeldMailStore::heldMail).toList();
    }

    /** HELD (or an interrupted CONFIRMING) to CONFIRMING; false when the mail was dropped, expired or confirmed meanwhile. */
    public boolean startConfirming(HeldMail mail) {
        return table.transactUnlessFirstFails(List.of(writes.put(item(mail.withState(HeldMail.State.CONFIRMING, null, null)),
                new Condition("#state IN (:held, :confirming)", Map.of("#state", "state"),
                        Map.of(":held", Attrs.s(HeldMail.State.HELD.name()), ":confirming", Attrs.s(HeldMail.State.CONFIRMING.name()))))));
    }

    /** Records how the confirmed mail ended; it leaves the member's list. */
    public void confirmed(HeldMail mail, String result, String recordId) {
        table.transact(List.of(writes.put(item(mail.withState(HeldMail.State.CONFIRMED, result, recordId)), Condition.NONE)));
    }

    /** Removes a waiting mail; false when it was confirmed, expired or dropped meanwhile. */
    public boolean drop(HeldMail mail) {
        return table.transactUnlessFirstFails(List.of(writes.delete(Keys.held(mail.id()), Keys.HELD_SK, stillHeld())));
    }

    /** Moves a waiting mail to the quarantine in one transaction; false when the member decided meanwhile. */
    public boolean expire(HeldMail mail, QuarantinedMail quarantined) {
        return table.transactUnlessFirstFails(List.of(writes.delete(Keys.held(mail.id()), Keys.HELD_SK, stillHeld()),
                writes.put(InteractionStore.quarantineItem(quarantined), Condition.notExists())));
    }

    /** The id of the record an idempotency marker points to (a mail logged by an earlier, interrupted confirmation). */
    public Optional<String> markedRecordId(String marker) {
        return table.get(Keys.mailSeen(marker), Keys.MAIL_SEEN_SK).map(item -> Attrs.string(item, "record"))
                .map(record -> record.substring(record.indexOf('#') + 1));
    }

    private static Condition stillHeld() {
        return new Condition("#state = :held", Map.of("#state", "state"), Map.of(":held", Attrs.s(HeldMail.State.HELD.name())));
    }

    private static Map<String, AttributeValue> item(HeldMail mail) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.held(mail.id())));
        item.put(Keys.SK, Attrs.s(Keys.HELD_SK));
        item.put(Items.ENTITY, Attrs.s("HELD"));
        item.put("id", Attrs.s(mail.id()));
        item.put("memberId", Attrs.s(mail.memberId()));
        Attrs.put(item, "from", mail.from());
        Attrs.put(item, "subject", mail.subject());
        Attrs.put(item, "dmarcVerdict", mail.dmarcVerdict());
        Attrs.put(item, "sesMessageId", mail.sesMessageId());
        Attrs.put(item, "rawMailKey", mail.rawMailKey());
        item.put("receivedAt", Attrs.s(mail.receivedAt().toString()));
        item.put("confirmBy", Attrs.s(mail.confirmBy().toString()));
        // the daily run moves it on confirmBy; DynamoDB's TTL is the backstop should the run stop
        Expiry.stamp(item, mail.confirmBy());
        if (!mail.recipients().isEmpty()) {
            item.put("recipients", Attrs.list(mail.recipients()));
        }
        item.put("state", Attrs.s(mail.state().name()));
        Attrs.put(item, "result", mail.result());
        Attrs.put(item, "recordId", mail.recordId());
        if (mail.state() != HeldMail.State.CONFIRMED) {
            item.put(Keys.GSI1_PK, Attrs.s(Keys.heldOf(mail.memberId())));
            item.put(Keys.GSI1_SK, Attrs.s(Keys.SORTABLE_INSTANT.format(mail.receivedAt()) + "#" + mail.id()));
            item.put(Keys.GSI2_PK, Attrs.s(Keys.HELD));
            item.put(Keys.GSI2_SK, Attrs.s(Keys.SORTABLE_INSTANT.format(mail.confirmBy()) + "#" + mail.id()));
        }
        return item;
    }

    private static HeldMail heldMail(Map<String, AttributeValue> item) {
        return new HeldMail(Attrs.string(item, "id"), Attrs.string(item, "memberId"), Attrs.string(item, "from"),
                Attrs.string(item, "subject"), Attrs.string(item, "dmarcVerdict"), Attrs.string(item, "sesMessageId"),
                Attrs.string(item, "rawMailKey"), Attrs.instant(item, "receivedAt"), Attrs.strings(item, "recipients"),
                HeldMail.State.valueOf(Attrs.string(item, "state")), Attrs.string(item, "result"), Attrs.string(item, "recordId"),
                Attrs.instant(item, "confirmBy"));
    }
}
