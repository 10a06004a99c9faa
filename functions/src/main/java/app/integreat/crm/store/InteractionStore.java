package app.integreat.crm.store;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Direction;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.InteractionType;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.QuarantinedMail;
import app.integreat.crm.model.Task;
import app.integreat.crm.store.Writes.Condition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Interactions, the unresolved inbox and the quarantine. An interaction is written in one transaction
 * with its body item, its line on every linked contact's and account's timeline, a "waiting" item per
 * address that matched no contact (so creating that contact finds it in one Query), and, for inbound
 * mail, the idempotency markers that make a second delivery a no-op.
 */
public final class InteractionStore {
    /** How many waiting interactions one new contact resolves in its request. */
    public static final int WAITING_PER_ADDRESS = 25;

    private final Table table;
    private final Writes writes;
    private final Timeline timeline;
    private final TaskStore tasks;
    private final AccountSummary summary;

    public InteractionStore(Table table, TaskStore tasks) {
        this.table = table;
        this.writes = new Writes(table.name());
        this.timeline = new Timeline(table);
        this.tasks = tasks;
        this.summary = new AccountSummary(table);
    }

    /**
     * The accounts' "last interaction" for the municipality overview. Written after the interaction's
     * transaction, since it only moves forward (an older mail logged late changes nothing) and a
     * failed condition inside the transaction would cancel the interaction itself.
     */
    private void touchAccounts(Interaction interaction, List<String> accountIds) {
        for (String accountId : accountIds) {
            summary.touchInteraction(accountId, interaction.occurredAt());
        }
    }

    /** Idempotency marker of a message: its SES delivery, or its Message-ID as sent by one member. */
    public static String marker(String kind, String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return kind + "#" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates a manually logged interaction, with its follow-up task (if any) in the same transaction. */
    public void create(Interaction interaction, Task followUp) {
        List<TransactWriteItem> actions = createActions(interaction);
        if (followUp != null) {
            actions.addAll(tasks.createActions(followUp));
        }
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            // the interaction's own items are new: only the follow-up task's conditions can refuse
            if (followUp == null) {
                throw e;
            }
            for (int i = 0; i < actions.size(); i++) {
                var update = actions.get(i).update();
                if (e.failed(i) && update != null && update.key().get(Keys.PK).s().startsWith(Keys.member(""))) {
                    throw CrmException.invalid("followUpTask.assigneeId", "is not an active member");
                }
            }
            throw CrmException.of(CrmException.Kind.CONFLICT,
                    "The follow-up task's account was deleted meanwhile. Reload and log the interaction again.");
        }
        touchAccounts(interaction, interaction.accountIds());
    }

    /**
     * Logs an inbound mail once: false when one of the markers exists already (a repeated delivery,
     * or the same Message-ID sent in again by the same member), in which case nothing is written.
     */
    public boolean createOnce(Interaction interaction, List<String> markers) {
        List<TransactWriteItem> actions = new ArrayList<>();
        for (String marker : markers) {
            actions.add(writes.put(markerItem(marker, Keys.interaction(interaction.id())), Condition.notExists()));
        }
        actions.addAll(createActions(interaction));
        boolean created = once(actions, markers.size());
        if (created) {
            touchAccounts(interaction, interaction.accountIds());
        }
        return created;
    }

    /** Quarantines a mail once (see {@link #createOnce}). */
    public boolean quarantineOnce(QuarantinedMail mail, List<String> markers) {
        List<TransactWriteItem> actions = new ArrayList<>();
        for (String marker : markers) {
            actions.add(writes.put(markerItem(marker, Keys.quarantine(mail.id())), Condition.notExists()));
        }
        actions.add(writes.put(quarantineItem(mail), Condition.notExists()));
        return once(actions, markers.size());
    }

    private boolean once(List<TransactWriteItem> actions, int markerCount) {
        try {
            table.transact(actions);
            return true;
        } catch (Table.TransactionFailed e) {
            for (int i = 0; i < markerCount; i++) {
                if (e.failed(i)) {
                    return false;
                }
            }
            throw e;
        }
    }

    private List<TransactWriteItem> createActions(Interaction interaction) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(item(interaction), Condition.notExists()));
        if (interaction.body() != null) {
            actions.add(writes.put(bodyItem(interaction), Condition.NONE));
        }
        actions.addAll(timeline.putActions(owners(interaction), interaction.timelineEntry()));
        for (String address : interaction.unknownAddresses()) {
            actions.add(writes.put(waitingItem(address, interaction), Condition.NONE));
        }
        actions.addAll(subjectItems(interaction, true));
        return actions;
    }

    /**
     * The subject's word items in the shared search (gsi3), with a small copy (id, type, subject,
     * occurredAt); the subject never changes afterwards. At most 4 words: a mail's transaction holds
     * up to 79 other actions (see InboundMailService.MAX_LINES).
     */
    private List<TransactWriteItem> subjectItems(Interaction interaction, boolean create) {
        List<String> words = NameIndex.suffixes(interaction.subject() == null ? "" : interaction.subject());
        words = words.subList(0, Math.min(SUBJECT_WORDS, words.size()));
        Map<String, AttributeValue> fields = new java.util.HashMap<>();
        fields.put(Items.ENTITY, Attrs.s("INTERACTION"));
        fields.put("id", Attrs.s(interaction.id()));
        fields.put("type", Attrs.s(interaction.type().name()));
        Attrs.put(fields, "subject", interaction.subject());
        fields.put("occurredAt", Attrs.s(interaction.occurredAt().toString()));
        // where the page opens it: its first account, else its first contact (links may change later)
        Attrs.put(fields, "accountId", interaction.accountIds().isEmpty() ? null : interaction.accountIds().get(0));
        Attrs.put(fields, "contactId", interaction.contactIds().isEmpty() ? null : interaction.contactIds().get(0));
        return NameIndex.actions(writes, "NAME#", Keys.interaction(interaction.id()), interaction.id(),
                create ? List.of() : words, create ? words : List.of(), fields, new NameIndex.Partitions(null, null));
    }

    static final int SUBJECT_WORDS = 4;

    /** The interaction with its body: one Query of its item collection. */
    public Optional<Interaction> get(String id) {
        return WithNotes.read(table, Keys.interaction(id), Keys.INTERACTION_SK, Keys.INTERACTION_BODY_SK)
                .map(found -> interaction(found.record(), found.notes()));
    }

    /** The unresolved inbox, newest first. */
    public Page<Interaction> unresolved(PageRequest page) {
        Table.KeyQuery query = new Table.KeyQuery(Keys.GSI1, Keys.GSI1_PK, Keys.UNRESOLVED, null, null, null, true);
        return table.queryPage(query, page, item -> true, item -> interaction(item, null));
    }

    /** Logged (not unresolved) interactions, newest first by when they happened. */
    public Page<Interaction> recent(PageRequest page) {
        Table.KeyQuery query = new Table.KeyQuery(Keys.GSI2, Keys.GSI2_PK, Keys.INTERACTIONS, null, null, null, true);
        return table.queryPage(query, page, item -> true, item -> interaction(item, null));
    }

    public Page<QuarantinedMail> quarantine(PageRequest page) {
        Table.KeyQuery query = new Table.KeyQuery(Keys.GSI1, Keys.GSI1_PK, Keys.QUARANTINE, null, null, null, true);
        return table.queryPage(query, page, item -> true, InteractionStore::quarantined);
    }

    public Optional<QuarantinedMail> quarantined(String id) {
        return table.get(Keys.quarantine(id), Keys.QUARANTINE_SK).map(InteractionStore::quarantined);
    }

    /**
     * The municipality accounts of an opportunity, if it exists (for mail sent to inbound+&lt;opportunityId&gt;@):
     * one GetItem of the opportunity item, without its details.
     */
    public Optional<List<String>> opportunityAccounts(String id) {
        return table.get(Keys.opportunity(id), Keys.OPPORTUNITY_SK).map(item -> OpportunityStore.opportunity(item, null)
                .accounts().stream().map(app.integreat.crm.model.Opportunity.Account::accountId).toList());
    }

    /** Ids of interactions that have this address among their unknown counterparts, oldest first. */
    public List<String> waitingFor(String address) {
        List<Map<String, AttributeValue>> items = table.queryFirst(
                Table.KeyQuery.partition(null, Keys.PK, Keys.waiting(address)), WAITING_PER_ADDRESS);
        return items.stream().map(item -> Attrs.string(item, "interactionId")).toList();
    }

    /**
     * Replaces the interaction with its newly linked version if nobody changed it since it was read;
     * the new timeline lines and the end of the waiting items go in the same transaction.
     */
    public void relink(Interaction before, Interaction after) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(item(after), Condition.version(before.version())));
        List<String> owners = owners(after);
        List<String> ownedBefore = owners(before);
        // the line itself does not change with the links: only records that gain or lose it are written
        actions.addAll(timeline.deleteActions(ownedBefore.stream().filter(owner -> !owners.contains(owner)).toList(),
                before.timelineEntry()));
        actions.addAll(timeline.putActions(owners.stream().filter(owner -> !ownedBefore.contains(owner)).toList(),
                after.timelineEntry()));
        Set<String> stillUnknown = after.unknownAddresses();
        for (String address : before.unknownAddresses()) {
            if (!stillUnknown.contains(address)) {
                actions.add(writes.delete(Keys.waiting(address), Keys.interaction(before.id()), Condition.NONE));
            }
        }
        for (String address : stillUnknown) {
            if (!before.unknownAddresses().contains(address)) {
                actions.add(writes.put(waitingItem(address, after), Condition.NONE));
            }
        }
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            throw missingOrStale(before.id());
        }
        touchAccounts(after, after.accountIds().stream().filter(id -> !before.accountIds().contains(id)).toList());
    }

    /** Discards an unresolved mail as it was read: the record, its body and its waiting items. */
    public void discard(Interaction interaction) {
        List<TransactWriteItem> actions = new ArrayList<>();
        Condition unresolvedAsRead = new Condition("#version = :expectedVersion AND attribute_exists(gsi1pk)",
                Map.of("#version", "version"), Map.of(":expectedVersion", Attrs.n(interaction.version())));
        actions.add(writes.delete(Keys.interaction(interaction.id()), Keys.INTERACTION_SK, unresolvedAsRead));
        actions.add(writes.delete(Keys.interaction(interaction.id()), Keys.INTERACTION_BODY_SK, Condition.NONE));
        for (String address : interaction.unknownAddresses()) {
            actions.add(writes.delete(Keys.waiting(address), Keys.interaction(interaction.id()), Condition.NONE));
        }
        actions.addAll(subjectItems(interaction, false));
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            throw missingOrStale(interaction.id());
        }
    }

    private CrmException missingOrStale(String id) {
        if (table.get(Keys.interaction(id), Keys.INTERACTION_SK).isEmpty()) {
            return CrmException.notFound("Interaction", id);
        }
        return CrmException.stale("interaction");
    }

    private static List<String> owners(Interaction interaction) {
        List<String> owners = new ArrayList<>();
        interaction.contactIds().forEach(id -> owners.add(Timeline.ofContact(id)));
        interaction.accountIds().forEach(id -> owners.add(Timeline.ofAccount(id)));
        return owners;
    }

    // ---- mapping

    private static Map<String, AttributeValue> item(Interaction interaction) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.interaction(interaction.id())));
        item.put(Keys.SK, Attrs.s(Keys.INTERACTION_SK));
        item.put(Items.ENTITY, Attrs.s("INTERACTION"));
        item.put("id", Attrs.s(interaction.id()));
        item.put("type", Attrs.s(interaction.type().name()));
        Attrs.put(item, "direction", interaction.direction() == null ? null : interaction.direction().name());
        item.put("occurredAt", Attrs.s(interaction.occurredAt().toString()));
        Attrs.put(item, "subject", interaction.subject());
        Attrs.put(item, "summary", interaction.summary());
        Attrs.put(item, "outcome", interaction.outcome());
        Attrs.put(item, "nextSteps", interaction.nextSteps());
        item.put("bodyTruncated", Attrs.bool(interaction.bodyTruncated()));
        item.put("links", AttributeValue.fromL(interaction.links().stream().map(InteractionStore::link).toList()));
        item.put("participants", AttributeValue.fromL(interaction.participants().stream().map(InteractionStore::participant).toList()));
        item.put("attachments", AttributeValue.fromL(interaction.attachments().stream().map(InteractionStore::attachment).toList()));
        Attrs.put(item, "authorId", interaction.authorId());
        Attrs.put(item, "messageId", interaction.messageId());
        Attrs.put(item, "rawMailKey", interaction.rawMailKey());
        item.put("unresolved", Attrs.bool(interaction.unresolved()));
        if (interaction.unresolved()) {
            item.put(Keys.GSI1_PK, Attrs.s(Keys.UNRESOLVED));
            item.put(Keys.GSI1_SK, Attrs.s(Keys.SORTABLE_INSTANT.format(interaction.createdAt()) + "#" + interaction.id()));
        } else {
            // the team's recent activity (gsi2), by when it happened; an assigned mail joins it
            item.put(Keys.GSI2_PK, Attrs.s(Keys.INTERACTIONS));
            item.put(Keys.GSI2_SK, Attrs.s(Keys.SORTABLE_INSTANT.format(interaction.occurredAt()) + "#" + interaction.id()));
        }
        item.put("createdAt", Attrs.s(interaction.createdAt().toString()));
        item.put("updatedAt", Attrs.s(interaction.updatedAt().toString()));
        item.put("version", Attrs.n(interaction.version()));
        return item;
    }

    private static Map<String, AttributeValue> bodyItem(Interaction interaction) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.interaction(interaction.id())));
        item.put(Keys.SK, Attrs.s(Keys.INTERACTION_BODY_SK));
        item.put(Items.ENTITY, Attrs.s("INTERACTIONBODY"));
        item.put("notes", Attrs.s(interaction.body()));
        return item;
    }

    private static Map<String, AttributeValue> waitingItem(String address, Interaction interaction) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.waiting(address)));
        item.put(Keys.SK, Attrs.s(Keys.interaction(interaction.id())));
        item.put(Items.ENTITY, Attrs.s("WAITING"));
        item.put("interactionId", Attrs.s(interaction.id()));
        return item;
    }

    private static Map<String, AttributeValue> markerItem(String marker, String recordKey) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.mailSeen(marker)));
        item.put(Keys.SK, Attrs.s(Keys.MAIL_SEEN_SK));
        item.put(Items.ENTITY, Attrs.s("MAILSEEN"));
        item.put("record", Attrs.s(recordKey));
        return item;
    }

    private static Map<String, AttributeValue> quarantineItem(QuarantinedMail mail) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.quarantine(mail.id())));
        item.put(Keys.SK, Attrs.s(Keys.QUARANTINE_SK));
        item.put(Items.ENTITY, Attrs.s("QUARANTINE"));
        item.put("id", Attrs.s(mail.id()));
        item.put("reason", Attrs.s(mail.reason()));
        Attrs.put(item, "from", mail.from());
        Attrs.put(item, "subject", mail.subject());
        Attrs.put(item, "sesMessageId", mail.sesMessageId());
        Attrs.put(item, "rawMailKey", mail.rawMailKey());
        item.put("receivedAt", Attrs.s(mail.receivedAt().toString()));
        item.put(Keys.GSI1_PK, Attrs.s(Keys.QUARANTINE));
        item.put(Keys.GSI1_SK, Attrs.s(Keys.SORTABLE_INSTANT.format(mail.receivedAt()) + "#" + mail.id()));
        return item;
    }

    private static QuarantinedMail quarantined(Map<String, AttributeValue> item) {
        return new QuarantinedMail(Attrs.string(item, "id"), Attrs.string(item, "reason"), Attrs.string(item, "from"),
                Attrs.string(item, "subject"), Attrs.string(item, "sesMessageId"), Attrs.string(item, "rawMailKey"),
                Attrs.instant(item, "receivedAt"));
    }

    private static AttributeValue link(Interaction.Link link) {
        Map<String, AttributeValue> map = new HashMap<>();
        Attrs.put(map, "contactId", link.contactId());
        Attrs.put(map, "accountId", link.accountId());
        Attrs.put(map, "opportunityId", link.opportunityId());
        map.put("reason", Attrs.s(link.reason().name()));
        Attrs.put(map, "address", link.address());
        return Attrs.map(map);
    }

    private static AttributeValue participant(Interaction.Participant participant) {
        Map<String, AttributeValue> map = new HashMap<>();
        Attrs.put(map, "email", participant.email());
        Attrs.put(map, "name", participant.name());
        Attrs.put(map, "role", participant.role());
        Attrs.put(map, "contactId", participant.contactId());
        Attrs.put(map, "suggestedAccountId", participant.suggestedAccountId());
        return Attrs.map(map);
    }

    private static AttributeValue attachment(Interaction.Attachment attachment) {
        Map<String, AttributeValue> map = new HashMap<>();
        Attrs.put(map, "filename", attachment.filename());
        Attrs.put(map, "mimeType", attachment.mimeType());
        map.put("sizeBytes", Attrs.n(attachment.sizeBytes()));
        return Attrs.map(map);
    }

    private static Interaction interaction(Map<String, AttributeValue> item, Map<String, AttributeValue> body) {
        String direction = Attrs.string(item, "direction");
        return new Interaction(Attrs.string(item, "id"), InteractionType.valueOf(Attrs.string(item, "type")),
                direction == null ? null : Direction.valueOf(direction), Attrs.instant(item, "occurredAt"),
                Attrs.string(item, "subject"), Attrs.string(item, "summary"), Attrs.string(item, "outcome"),
                Attrs.string(item, "nextSteps"), body == null ? null : Attrs.string(body, "notes"),
                Attrs.bool(item, "bodyTruncated"),
                maps(item, "links").stream().map(m -> new Interaction.Link(Attrs.string(m, "contactId"),
                        Attrs.string(m, "accountId"), Attrs.string(m, "opportunityId"),
                        Interaction.LinkReason.valueOf(Attrs.string(m, "reason")), Attrs.string(m, "address"))).toList(),
                maps(item, "participants").stream().map(m -> new Interaction.Participant(Attrs.string(m, "email"),
                        Attrs.string(m, "name"), Attrs.string(m, "role"), Attrs.string(m, "contactId"),
                        Attrs.string(m, "suggestedAccountId"))).toList(),
                maps(item, "attachments").stream().map(m -> new Interaction.Attachment(Attrs.string(m, "filename"),
                        Attrs.string(m, "mimeType"), Attrs.number(m, "sizeBytes"))).toList(),
                Attrs.string(item, "authorId"), Attrs.string(item, "messageId"), Attrs.string(item, "rawMailKey"),
                Attrs.bool(item, "unresolved"), Attrs.instant(item, "createdAt"), Attrs.instant(item, "updatedAt"),
                Attrs.number(item, "version"));
    }

    private static List<Map<String, AttributeValue>> maps(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasL()) {
            return List.of();
        }
        return value.l().stream().filter(AttributeValue::hasM).map(AttributeValue::m).toList();
    }
}
