package app.integreat.crm.store;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Direction;
import app.integreat.crm.model.FollowUp;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Interactions, the unresolved inbox and the quarantine. An interaction is written in one transaction
 * with its body item, its line on every linked contact's and account's timeline, a "waiting" item per
 * address that matched no contact (so creating that contact finds it in one Query), and, for inbound
 * mail, the idempotency markers that make a second delivery a no-op.
 */
public final class InteractionStore {
    /** How many waiting interactions one new contact resolves per address in its request (a job links the rest). */
    public static final int WAITING_PER_ADDRESS = 25;
    /**
     * Mails of a conversation a new one is cross-linked with: a copy of each in its collection and a copy of it
     * in each of theirs (2 actions each), so that a mail's page reads its thread with its own Query.
     */
    public static final int THREAD_COPIES = 8;
    private static final String THREAD_COPY_PREFIX = Keys.INTERACTION_SK + "THREAD#";

    private final Table table;
    private final Writes writes;
    private final Timeline timeline;
    private final TaskStore tasks;
    private final AccountSummary summary;
    private final FollowUpStore followUps;

    public InteractionStore(Table table, TaskStore tasks, FollowUpStore followUps) {
        this.table = table;
        this.writes = new Writes(table.name());
        this.timeline = new Timeline(table);
        this.tasks = tasks;
        this.summary = new AccountSummary(table);
        this.followUps = followUps;
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
        return createOnce(interaction, markers, null);
    }

    /** As {@link #createOnce(Interaction, List)}, arming the mail's follow-up (null: none) in the same transaction. */
    public boolean createOnce(Interaction interaction, List<String> markers, FollowUp followUp) {
        return createOnce(interaction, markers, followUp, null);
    }

    /**
     * As {@link #createOnce(Interaction, List, FollowUp)}; an unresolved mail leaves the inbox at {@code unresolvedUntil}
     * (the retention run then discards it with all its items). Not the table's TTL attribute: DynamoDB would delete
     * the interaction item alone and leave its body, HTML and waiting items behind. Assigning the mail rewrites the
     * item without it.
     */
    public boolean createOnce(Interaction interaction, List<String> markers, FollowUp followUp, Instant unresolvedUntil) {
        List<TransactWriteItem> actions = new ArrayList<>();
        for (String marker : markers) {
            actions.add(writes.put(markerItem(marker, Keys.interaction(interaction.id()), interaction.createdAt()), Condition.notExists()));
        }
        List<TransactWriteItem> record = recordActions(interaction);
        if (unresolvedUntil != null && interaction.unresolved()) {
            Map<String, AttributeValue> item = new HashMap<>(item(interaction));
            item.put(UNRESOLVED_UNTIL, Attrs.s(unresolvedUntil.toString()));
            record = new ArrayList<>(record);
            record.set(0, writes.put(item, Condition.notExists()));
        }
        actions.addAll(record);
        actions.addAll(threadActions(interaction));
        if (followUp != null) {
            actions.addAll(followUps.armActions(followUp));
        }
        List<TransactWriteItem> lines = lineActions(interaction);
        int written = withLines(actions, interaction.id(), lines);
        boolean created = once(actions, markers.size());
        if (created) {
            if (written < lines.size()) {
                finishLines(interaction.id(), interaction, written);
            }
            touchAccounts(interaction, interaction.accountIds());
        }
        return created;
    }

    /** DynamoDB's limit of actions in one transaction. */
    static final int TRANSACTION_ACTIONS = 100;

    /**
     * Adds a new interaction's timeline lines and waiting items to its first transaction, as many as fit; when not
     * all do, the {@link Keys#PENDING_LINES_SK} item joins it, and {@link #finishLines} writes the rest after it.
     * Returns how many lines the transaction holds.
     */
    private int withLines(List<TransactWriteItem> actions, String interactionId, List<TransactWriteItem> lines) {
        if (actions.size() + lines.size() <= TRANSACTION_ACTIONS) {
            actions.addAll(lines);
            return lines.size();
        }
        Map<String, AttributeValue> pending = new HashMap<>(Table.key(Keys.interaction(interactionId), Keys.PENDING_LINES_SK));
        pending.put(Items.ENTITY, Attrs.s("PENDINGLINES"));
        actions.add(writes.put(pending, Condition.NONE));
        int room = Math.min(lines.size(), Math.max(0, TRANSACTION_ACTIONS - actions.size()));
        actions.addAll(lines.subList(0, room));
        return room;
    }

    /**
     * Writes the lines a mail's first transaction left out ({@code current} as read, null when it is gone; the
     * first {@code skip} of its lines are written), in follow-up transactions of at most 100 puts that are safe to
     * repeat: each checks that the interaction still has the version the lines were made from (a link added or an
     * erasure meanwhile: they are made again from what is stored), and the last one removes the pending item. True
     * when this call finished them; false when another delivery of the mail did, or the mail is gone.
     */
    private boolean finishLines(String id, Interaction current, int skip) {
        Condition pendingExists = new Condition("attribute_exists(pk)", Map.of(), Map.of());
        for (int attempt = 1; attempt <= FINISH_ATTEMPTS; attempt++) {
            if (current == null) {
                // discarded (or erased) meanwhile: nothing to finish
                table.transactUnlessFirstFails(List.of(writes.delete(Keys.interaction(id), Keys.PENDING_LINES_SK, pendingExists)));
                return false;
            }
            List<TransactWriteItem> lines = lineActions(current);
            lines = lines.subList(Math.min(skip, lines.size()), lines.size());
            TransactWriteItem unchanged = TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                    .tableName(table.name()).key(Table.key(Keys.interaction(id), Keys.INTERACTION_SK))
                    .conditionExpression("#version = :version").expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(Map.of(":version", Attrs.n(current.version()))).build()).build();
            try {
                int at = 0;
                boolean last;
                do {
                    // the check, the lines, and with the last of them the end of the pending item
                    List<TransactWriteItem> chunk = new ArrayList<>();
                    chunk.add(unchanged);
                    int end = Math.min(lines.size(), at + TRANSACTION_ACTIONS - 2);
                    chunk.addAll(lines.subList(at, end));
                    at = end;
                    last = at == lines.size();
                    if (last) {
                        chunk.add(writes.delete(Keys.interaction(id), Keys.PENDING_LINES_SK, pendingExists));
                    }
                    table.transact(chunk);
                } while (!last);
                return true;
            } catch (Table.TransactionFailed e) {
                if (!e.failed(0)) {
                    // the pending item is gone: another delivery of the mail finished it a moment ago
                    return false;
                }
                current = get(id).orElse(null);
                skip = 0;
            }
        }
        throw CrmException.of(CrmException.Kind.CONFLICT, "The mail is being changed by someone else right now. Please try again.");
    }

    private static final int FINISH_ATTEMPTS = 5;

    /**
     * Finishes the follow-up writes of the interaction a repeated delivery's markers name, if they were
     * interrupted (the function died after the mail's first transaction): the interaction when this call
     * finished them, else empty. A GetItem per marker and one of the pending item; nothing more when none is.
     */
    public Optional<Interaction> finishInterrupted(List<String> markers) {
        for (String marker : markers) {
            Optional<String> id = loggedAs(marker);
            if (id.isPresent()) {
                if (table.get(Keys.interaction(id.get()), Keys.PENDING_LINES_SK).isEmpty()) {
                    return Optional.empty();
                }
                Optional<Interaction> interaction = get(id.get());
                if (!finishLines(id.get(), interaction.orElse(null), 0)) {
                    return Optional.empty();
                }
                // what the first run would have done after its writes
                touchAccounts(interaction.get(), interaction.get().accountIds());
                return interaction;
            }
        }
        return Optional.empty();
    }

    /** Quarantines a mail once (see {@link #createOnce}). */
    public boolean quarantineOnce(QuarantinedMail mail, List<String> markers, java.time.Duration keptFor) {
        List<TransactWriteItem> actions = new ArrayList<>();
        for (String marker : markers) {
            actions.add(writes.put(markerItem(marker, Keys.quarantine(mail.id()), mail.receivedAt()), Condition.notExists()));
        }
        Map<String, AttributeValue> item = quarantineItem(mail);
        Expiry.stamp(item, mail.receivedAt().plus(keptFor));
        actions.add(writes.put(item, Condition.notExists()));
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

    List<TransactWriteItem> createActions(Interaction interaction) {
        List<TransactWriteItem> actions = recordActions(interaction);
        actions.addAll(lineActions(interaction));
        return actions;
    }

    /** A new interaction's own items: the record, body, HTML, thread item and the subject's search items. */
    private List<TransactWriteItem> recordActions(Interaction interaction) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(item(interaction), Condition.notExists()));
        if (interaction.body() != null) {
            actions.add(writes.put(bodyItem(interaction), Condition.NONE));
        }
        Interaction.Email email = interaction.email();
        if (email != null && email.html() != null) {
            actions.add(writes.put(htmlItem(interaction), Condition.NONE));
        }
        if (email != null && email.threadKey() != null) {
            actions.add(writes.put(threadItem(interaction), Condition.NONE));
        }
        actions.addAll(subjectItems(interaction, true));
        return actions;
    }

    /** Its line on every linked contact's and account's timeline, and a waiting item per unknown address: puts. */
    private List<TransactWriteItem> lineActions(Interaction interaction) {
        List<TransactWriteItem> actions = new ArrayList<>(timeline.putActions(owners(interaction), interaction.timelineEntry()));
        for (String address : interaction.unknownAddresses()) {
            actions.add(writes.put(waitingItem(address, interaction), Condition.NONE));
        }
        return actions;
    }

    /**
     * The subject's word items in the shared search (gsi9), with a small copy (id, type, subject,
     * occurredAt); the subject never changes afterwards. At most 4 words: they count in a mail's
     * transaction (see InboundMailService.MAX_LINES and its follow-up's room).
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

    public static final int SUBJECT_WORDS = 4;

    /**
     * The interaction with its body, HTML and thread: one Query of its item collection (INTERACTION,
     * INTERACTIONBODY, INTERACTIONHTML, INTERACTIONTHREAD#…; a conversation's later mails add copies too, so
     * the read is bounded by the limit and the newest copies may be left out of a very long thread).
     */
    public Optional<Interaction> get(String id) {
        return withFollowUp(id).map(WithFollowUp::interaction);
    }

    /** An interaction and the follow-up of its mail (null when it has none). */
    public record WithFollowUp(Interaction interaction, FollowUp followUp) {
    }

    /** The interaction with its body, HTML, thread and follow-up: the one Query {@link #get} makes. */
    public Optional<WithFollowUp> withFollowUp(String id) {
        List<Map<String, AttributeValue>> items = table.queryFirst(Table.KeyQuery.partition(null, Keys.PK,
                Keys.interaction(id)).withSk(Keys.SK, "begins_with", Keys.INTERACTION_SK), 4 + 3 * THREAD_COPIES);
        Map<String, AttributeValue> html = null;
        FollowUp followUp = null;
        List<Interaction.ThreadEntry> thread = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String sk = Attrs.string(item, Keys.SK);
            if (Keys.FOLLOW_UP_SK.equals(sk)) {
                followUp = FollowUpStore.followUp(item);
            } else if (Keys.INTERACTION_HTML_SK.equals(sk)) {
                html = item;
            } else if (sk.startsWith(THREAD_COPY_PREFIX)) {
                thread.add(threadEntry(item));
            }
        }
        thread.sort(java.util.Comparator.comparing(Interaction.ThreadEntry::occurredAt));
        Map<String, AttributeValue> htmlItem = html;
        FollowUp found = followUp;
        return WithNotes.find(items, Keys.INTERACTION_SK, Keys.INTERACTION_BODY_SK)
                .map(record -> new WithFollowUp(interaction(record.record(), record.notes(), htmlItem, thread), found));
    }

    private static Interaction.ThreadEntry threadEntry(Map<String, AttributeValue> item) {
        String direction = Attrs.string(item, "direction");
        return new Interaction.ThreadEntry(Attrs.string(item, "interactionId"), Attrs.string(item, "subject"),
                Attrs.instant(item, "occurredAt"), direction == null ? null : Direction.valueOf(direction),
                Attrs.string(item, "authorId"));
    }

    /**
     * Cross-links a new mail with the newest {@link #THREAD_COPIES} mails of its conversation (one Query of the
     * thread's partition): a copy of each in its collection, a copy of it in theirs.
     */
    private List<TransactWriteItem> threadActions(Interaction interaction) {
        Interaction.Email email = interaction.email();
        if (email == null || email.threadKey() == null) {
            return List.of();
        }
        Table.KeyQuery query = new Table.KeyQuery(null, Keys.PK, Keys.thread(email.threadKey()), null, null, null, true);
        List<TransactWriteItem> actions = new ArrayList<>();
        Map<String, AttributeValue> self = threadItem(interaction);
        for (Map<String, AttributeValue> other : table.queryFirst(query, THREAD_COPIES)) {
            String otherId = Attrs.string(other, "interactionId");
            if (otherId.equals(interaction.id())) {
                continue;
            }
            Map<String, AttributeValue> copyOfOther = new HashMap<>(other);
            copyOfOther.put(Keys.PK, Attrs.s(Keys.interaction(interaction.id())));
            copyOfOther.put(Keys.SK, Attrs.s(THREAD_COPY_PREFIX + otherId));
            actions.add(writes.put(copyOfOther, Condition.NONE));
            Map<String, AttributeValue> copyOfSelf = new HashMap<>(self);
            copyOfSelf.put(Keys.PK, Attrs.s(Keys.interaction(otherId)));
            copyOfSelf.put(Keys.SK, Attrs.s(THREAD_COPY_PREFIX + interaction.id()));
            // a copy into a mail discarded meanwhile is never read: its record is gone
            actions.add(writes.put(copyOfSelf, Condition.NONE));
        }
        return actions;
    }

    private static final String ALSO_LOGGED_BY = "alsoLoggedBy";

    /** The interaction an original was logged as (its ORIGINAL marker's record), if it was. */
    public Optional<String> loggedAs(String marker) {
        return table.get(Keys.mailSeen(marker), Keys.MAIL_SEEN_SK).map(item -> Attrs.string(item, "record"))
                .filter(record -> record.startsWith(Keys.interaction(""))).map(record -> record.substring(Keys.interaction("").length()));
    }

    /**
     * Adds a member to the loggers of an interaction another member logged the same original as, once: the
     * member's own markers and the interaction's new version in one transaction, conditional on the interaction
     * still being there and the member not being among its loggers yet (two joins at once: one wins, the other's
     * condition fails). False when nothing changed (a repeated delivery, or the member logged it already).
     */
    public boolean joinOnce(String interactionId, String memberId, List<String> markers, java.time.Instant now) {
        List<TransactWriteItem> actions = new ArrayList<>();
        for (String marker : markers) {
            actions.add(writes.put(markerItem(marker, Keys.interaction(interactionId), now), Condition.notExists()));
        }
        actions.add(TransactWriteItem.builder().update(software.amazon.awssdk.services.dynamodb.model.Update.builder()
                .tableName(table.name()).key(Table.key(Keys.interaction(interactionId), Keys.INTERACTION_SK))
                .updateExpression("ADD #also :member, #version :one SET #updatedAt = :now")
                .conditionExpression("attribute_exists(pk) AND #authorId <> :memberId AND NOT contains(#also, :memberId)")
                .expressionAttributeNames(Map.of("#also", ALSO_LOGGED_BY, "#version", "version", "#updatedAt", "updatedAt",
                        "#authorId", "authorId"))
                .expressionAttributeValues(Map.of(":member", AttributeValue.fromSs(List.of(memberId)), ":memberId", Attrs.s(memberId),
                        ":one", Attrs.n(1), ":now", Attrs.s(now.toString())))
                .build()).build());
        try {
            table.transact(actions);
            return true;
        } catch (Table.TransactionFailed e) {
            return false;
        }
    }

    /**
     * Writes a mail's markers for an interaction logged before (the same member's other mail of one original),
     * once: false when one exists already (a repeated delivery), and then nothing is written.
     */
    public boolean markOnce(String interactionId, List<String> markers, java.time.Instant now) {
        List<TransactWriteItem> actions = new ArrayList<>();
        for (String marker : markers) {
            actions.add(writes.put(markerItem(marker, Keys.interaction(interactionId), now), Condition.notExists()));
        }
        return once(actions, markers.size());
    }

    /** Whether any of the markers exists: the mail was logged (or quarantined) already. */
    public boolean seen(List<String> markers) {
        return markers.stream().anyMatch(marker -> table.get(Keys.mailSeen(marker), Keys.MAIL_SEEN_SK).isPresent());
    }

    /**
     * Logs a quarantined mail as released, once: the interaction and its items, the markers, and the
     * quarantined item's end in one transaction. False when a marker exists already (nothing is written);
     * not found when the quarantined mail is gone (released or deleted meanwhile).
     */
    public boolean releaseOnce(Interaction interaction, List<String> markers, QuarantinedMail quarantined) {
        List<TransactWriteItem> actions = new ArrayList<>();
        for (String marker : markers) {
            actions.add(writes.put(markerItem(marker, Keys.interaction(interaction.id()), interaction.createdAt()), Condition.notExists()));
        }
        actions.add(writes.delete(Keys.quarantine(quarantined.id()), Keys.QUARANTINE_SK,
                new Condition("attribute_exists(pk)", Map.of(), Map.of())));
        actions.addAll(recordActions(interaction));
        actions.addAll(threadActions(interaction));
        List<TransactWriteItem> lines = lineActions(interaction);
        int written = withLines(actions, interaction.id(), lines);
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (e.failed(markers.size())) {
                throw CrmException.notFound("Quarantined mail", quarantined.id());
            }
            for (int i = 0; i < markers.size(); i++) {
                if (e.failed(i)) {
                    return false;
                }
            }
            throw e;
        }
        if (written < lines.size()) {
            finishLines(interaction.id(), interaction, written);
        }
        touchAccounts(interaction, interaction.accountIds());
        return true;
    }

    /** Removes a quarantined mail's item (its delivery marker stays, so a late retry of SES stays a no-op). */
    public void deleteQuarantined(QuarantinedMail mail) {
        try {
            table.transact(List.of(writes.delete(Keys.quarantine(mail.id()), Keys.QUARANTINE_SK,
                    new Condition("attribute_exists(pk)", Map.of(), Map.of()))));
        } catch (Table.TransactionFailed e) {
            throw CrmException.notFound("Quarantined mail", mail.id());
        }
    }

    /** The unresolved inbox, newest first. */
    public Page<Interaction> unresolved(PageRequest page, Instant now) {
        Table.KeyQuery query = new Table.KeyQuery(Keys.GSI1, Keys.GSI1_PK, Keys.UNRESOLVED, null, null, null, true);
        Page<Optional<Interaction>> read = table.queryPage(query, page, item -> {
            Instant until = Attrs.instant(item, UNRESOLVED_UNTIL);
            return until != null && !now.isBefore(until) ? Optional.empty() : Optional.of(interaction(item, null));
        });
        return new Page<>(read.items().stream().flatMap(Optional::stream).toList(), read.nextCursor());
    }

    /** The moment an unresolved mail expires (ISO-8601), on its interaction item while it is unresolved. */
    static final String UNRESOLVED_UNTIL = "unresolvedUntil";

    /** Logged (not unresolved) interactions, newest first by when they happened. */
    public Page<Interaction> recent(PageRequest page) {
        Table.KeyQuery query = new Table.KeyQuery(Keys.GSI2, Keys.GSI2_PK, Keys.INTERACTIONS, null, null, null, true);
        return table.queryPage(query, page, item -> interaction(item, null));
    }

    /** The quarantine, newest first; a mail past its expiry is gone (the daily run deletes it soon). */
    public Page<QuarantinedMail> quarantine(PageRequest page, Instant now) {
        Table.KeyQuery query = new Table.KeyQuery(Keys.GSI1, Keys.GSI1_PK, Keys.QUARANTINE, null, null, null, true);
        Page<java.util.Optional<QuarantinedMail>> read = table.queryPage(query, page,
                item -> Expiry.expired(item, now) ? Optional.empty() : Optional.of(quarantined(item)));
        return new Page<>(read.items().stream().flatMap(Optional::stream).toList(), read.nextCursor());
    }

    public Optional<QuarantinedMail> quarantined(String id, Instant now) {
        return table.get(Keys.quarantine(id), Keys.QUARANTINE_SK).filter(item -> !Expiry.expired(item, now))
                .map(InteractionStore::quarantined);
    }

    /**
     * Quarantined mails received before {@code cutoff}, oldest first (the retention run): one Query of at most
     * {@code max}, expired or not by their stamp, as the cutoff follows the current setting.
     */
    public List<QuarantinedMail> quarantinedBefore(Instant cutoff, int max) {
        Table.KeyQuery query = new Table.KeyQuery(Keys.GSI1, Keys.GSI1_PK, Keys.QUARANTINE, Keys.GSI1_SK, "<",
                Keys.SORTABLE_INSTANT.format(cutoff), false);
        return table.queryFirst(query, max).stream().map(InteractionStore::quarantined).toList();
    }

    /**
     * Gives up to {@code max} quarantined mails from {@code cursor} on (null: the oldest) the expiry of the current
     * setting, where their stamp says otherwise (a changed {@code quarantineDays}); an Update per changed mail.
     * Returns where to go on (null: the end). Safe to repeat.
     */
    public String restampQuarantine(java.time.Duration keptFor, String cursor, int max) {
        Table.KeyQuery query = new Table.KeyQuery(Keys.GSI1, Keys.GSI1_PK, Keys.QUARANTINE, null, null, null, false);
        Page<Map<String, AttributeValue>> page = table.queryPage(query, new PageRequest(max, cursor), item -> item);
        for (Map<String, AttributeValue> item : page.items()) {
            Map<String, AttributeValue> stamped = new HashMap<>();
            Expiry.stamp(stamped, Attrs.instant(item, "receivedAt").plus(keptFor));
            AttributeValue wanted = stamped.get(Expiry.ATTRIBUTE);
            if (!wanted.equals(item.get(Expiry.ATTRIBUTE))) {
                try {
                    table.transact(List.of(writes.setFields(Attrs.string(item, Keys.PK), Keys.QUARANTINE_SK,
                            Map.of(Expiry.ATTRIBUTE, wanted), List.of(), new Condition("attribute_exists(pk)", Map.of(), Map.of()))));
                } catch (Table.TransactionFailed gone) {
                    // released or deleted meanwhile
                }
            }
        }
        return page.nextCursor();
    }

    /** Unresolved mails that arrived before {@code cutoff}, oldest first, at most {@code max} (the retention run). */
    public List<String> unresolvedBefore(Instant cutoff, int max) {
        Table.KeyQuery query = new Table.KeyQuery(Keys.GSI1, Keys.GSI1_PK, Keys.UNRESOLVED, Keys.GSI1_SK, "<",
                Keys.SORTABLE_INSTANT.format(cutoff), false);
        return table.queryFirst(query, max).stream().map(item -> Attrs.string(item, "id")).toList();
    }

    /**
     * The municipality accounts of an opportunity, if it exists (for mail sent to inbound+&lt;opportunityId&gt;@):
     * one GetItem of the opportunity item, without its details.
     */
    public Optional<List<String>> opportunityAccounts(String id) {
        return table.get(Keys.opportunity(id), Keys.OPPORTUNITY_SK).map(item -> OpportunityStore.link(item)
                .accounts().stream().map(app.integreat.crm.model.Opportunity.Account::accountId).toList());
    }

    /** A waiting item: an interaction and the unknown address it waits with; {@code position} is where a next page starts. */
    public record Waiting(String interactionId, String address, String position) {
    }

    /** Up to {@code max} waiting items in key order, and whether more may follow the last. */
    public record WaitingPage(List<Waiting> items, boolean more) {
        public String last() {
            return items.isEmpty() ? null : items.get(items.size() - 1).position();
        }
    }

    /**
     * Interactions that have this address among their unknown counterparts, oldest first, after the position
     * {@code after} (null: from the first): one Query.
     */
    public WaitingPage waitingFor(String address, String after, int max) {
        Table.KeyQuery query = Table.KeyQuery.partition(null, Keys.PK, Keys.waiting(address));
        Table.Range range = table.queryRange(after == null ? query : query.withSk(Keys.SK, ">", Keys.interaction(after)), max);
        return new WaitingPage(range.items().stream().map(item -> new Waiting(Attrs.string(item, "interactionId"), address,
                Attrs.string(item, "interactionId"))).toList(), range.more());
    }

    /**
     * Waiting items of addresses at this domain or one of its sub-domains (gsi1), after the position {@code after}
     * (null: from the first): one Query. The key range of the domain's partition is read from the domain's own
     * reversed labels on, and ends at the first item beyond them.
     */
    public WaitingPage waitingAtDomain(String domain, String after, int max) {
        String prefix = Keys.waitingDomainPrefix(domain);
        if (after != null && !after.startsWith(prefix)) {
            throw new IllegalArgumentException("a position of another domain");
        }
        Table.Range range = table.queryRange(new Table.KeyQuery(Keys.GSI1, Keys.GSI1_PK, Keys.waitingDomain(domain), Keys.GSI1_SK, ">",
                after == null ? prefix : after, false), max);
        List<Waiting> items = new ArrayList<>();
        for (Map<String, AttributeValue> item : range.items()) {
            String position = Attrs.string(item, Keys.GSI1_SK);
            if (!position.startsWith(prefix)) {
                return new WaitingPage(items, false);
            }
            items.add(new Waiting(Attrs.string(item, "interactionId"), Attrs.string(item, Keys.PK).substring(Keys.waiting("").length()),
                    position));
        }
        return new WaitingPage(items, range.more());
    }

    /**
     * Replaces the interaction with its newly linked version if nobody changed it since it was read;
     * the new timeline lines and the end of the waiting items go in the same transaction.
     */
    public void relink(Interaction before, Interaction after) {
        List<TransactWriteItem> actions = relinkActions(before, after);
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            throw missingOrStale(before.id());
        }
        touchAccounts(after, after.accountIds().stream().filter(id -> !before.accountIds().contains(id)).toList());
    }

    /** The actions of {@link #relink}: the record (version as read), the lines that come and go, the waiting items. */
    List<TransactWriteItem> relinkActions(Interaction before, Interaction after) {
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
        return actions;
    }

    /**
     * Replaces an interaction as read ({@code before}, its version the condition) by {@code after}
     * with new content and links (an import of a newer export): its body, its timeline lines on every
     * record it is (still or newly) on, and its waiting items.
     */
    List<TransactWriteItem> replaceActions(Interaction before, Interaction after) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(item(after), Condition.version(before.version())));
        if (after.body() != null) {
            actions.add(writes.put(bodyItem(after), Condition.NONE));
        } else if (before.body() != null) {
            actions.add(writes.delete(Keys.interaction(after.id()), Keys.INTERACTION_BODY_SK, Condition.NONE));
        }
        List<String> owners = owners(after);
        boolean sameLine = before.occurredAt().equals(after.occurredAt());
        // a line kept at the same key is overwritten; one transaction may touch an item only once
        actions.addAll(timeline.deleteActions(owners(before).stream().filter(owner -> !sameLine || !owners.contains(owner)).toList(),
                before.timelineEntry()));
        actions.addAll(timeline.putActions(owners, after.timelineEntry()));
        Set<String> stillUnknown = after.unknownAddresses();
        for (String address : before.unknownAddresses()) {
            if (!stillUnknown.contains(address)) {
                actions.add(writes.delete(Keys.waiting(address), Keys.interaction(before.id()), Condition.NONE));
            }
        }
        for (String address : stillUnknown) {
            actions.add(writes.put(waitingItem(address, after), Condition.NONE));
        }
        return actions;
    }

    /** Discards an unresolved mail as it was read: the record, its body and its waiting items. */
    public void discard(Interaction interaction) {
        List<TransactWriteItem> actions = new ArrayList<>();
        Condition unresolvedAsRead = new Condition("#version = :expectedVersion AND attribute_exists(gsi1pk)",
                Map.of("#version", "version"), Map.of(":expectedVersion", Attrs.n(interaction.version())));
        actions.add(writes.delete(Keys.interaction(interaction.id()), Keys.INTERACTION_SK, unresolvedAsRead));
        actions.add(writes.delete(Keys.interaction(interaction.id()), Keys.INTERACTION_BODY_SK, Condition.NONE));
        actions.add(writes.delete(Keys.interaction(interaction.id()), Keys.INTERACTION_HTML_SK, Condition.NONE));
        if (interaction.email() != null && interaction.email().threadKey() != null) {
            actions.add(writes.delete(Keys.thread(interaction.email().threadKey()), Keys.interaction(interaction.id()),
                    Condition.NONE));
            for (Interaction.ThreadEntry other : interaction.email().thread()) {
                actions.add(writes.delete(Keys.interaction(interaction.id()), THREAD_COPY_PREFIX + other.id(), Condition.NONE));
                actions.add(writes.delete(Keys.interaction(other.id()), THREAD_COPY_PREFIX + interaction.id(), Condition.NONE));
            }
        }
        actions.add(writes.delete(Keys.interaction(interaction.id()), Keys.PENDING_LINES_SK, Condition.NONE));
        // a discarded mail waits for no answer: its follow-up and the follow-up's copies go with it
        table.get(Keys.interaction(interaction.id()), Keys.FOLLOW_UP_SK).map(FollowUpStore::followUp)
                .ifPresent(followUp -> actions.addAll(followUps.removeActions(followUp)));
        actions.addAll(subjectItems(interaction, false));
        List<TransactWriteItem> waiting = interaction.unknownAddresses().stream()
                .map(address -> writes.delete(Keys.waiting(address), Keys.interaction(interaction.id()), Condition.NONE)).toList();
        // a mail to a long list waits for more addresses than one transaction holds: the record goes first, with as
        // many as fit, and the rest after it (unconditional deletes, safe to repeat; a waiting item whose mail is gone
        // is skipped where it is read)
        int room = Math.min(waiting.size(), Math.max(0, TRANSACTION_ACTIONS - actions.size()));
        actions.addAll(waiting.subList(0, room));
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            throw missingOrStale(interaction.id());
        }
        for (int at = room; at < waiting.size(); at += TRANSACTION_ACTIONS) {
            table.transact(waiting.subList(at, Math.min(waiting.size(), at + TRANSACTION_ACTIONS)));
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
        Interaction.Email email = interaction.email();
        if (email != null) {
            Attrs.put(item, "threadKey", email.threadKey());
            Attrs.put(item, "preview", email.preview());
            Attrs.put(item, "htmlNotKept", email.htmlNotKept());
            item.put("hasHtml", Attrs.bool(email.html() != null));
            Attrs.put(item, "claimedDate", email.claimedDate() == null ? null : email.claimedDate().toString());
            if (!email.forwardChain().isEmpty()) {
                item.put("forwardChain", AttributeValue.fromL(email.forwardChain().stream().map(InteractionStore::forwardStep).toList()));
            }
            Attrs.put(item, "originalKey", email.originalKey());
            if (!email.alsoLoggedBy().isEmpty()) {
                // a string set, so that another member joining adds to it with ADD (see joinOnce)
                item.put(ALSO_LOGGED_BY, AttributeValue.fromSs(email.alsoLoggedBy()));
            }
        }
        Attrs.put(item, Items.SALESFORCE_ID, interaction.salesforceId());
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
        if (interaction.email() != null) {
            Attrs.put(item, "note", interaction.email().note());
        }
        return item;
    }

    private static Map<String, AttributeValue> htmlItem(Interaction interaction) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.interaction(interaction.id())));
        item.put(Keys.SK, Attrs.s(Keys.INTERACTION_HTML_SK));
        item.put(Items.ENTITY, Attrs.s("INTERACTIONHTML"));
        item.put("html", Attrs.s(interaction.email().html()));
        return item;
    }

    private static Map<String, AttributeValue> threadItem(Interaction interaction) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.thread(interaction.email().threadKey())));
        item.put(Keys.SK, Attrs.s(Keys.interaction(interaction.id())));
        item.put(Items.ENTITY, Attrs.s("THREAD"));
        item.put("interactionId", Attrs.s(interaction.id()));
        Attrs.put(item, "subject", interaction.subject());
        item.put("occurredAt", Attrs.s(interaction.occurredAt().toString()));
        Attrs.put(item, "direction", interaction.direction() == null ? null : interaction.direction().name());
        Attrs.put(item, "authorId", interaction.authorId());
        return item;
    }

    private static Map<String, AttributeValue> waitingItem(String address, Interaction interaction) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.waiting(address)));
        item.put(Keys.SK, Attrs.s(Keys.interaction(interaction.id())));
        item.put(Items.ENTITY, Attrs.s("WAITING"));
        item.put("interactionId", Attrs.s(interaction.id()));
        // the domain's index (gsi1), for an account that adds the domain later; a free-mail domain names no organisation
        String domain = app.integreat.crm.model.EmailAddress.domainOf(address);
        if (domain != null && !app.integreat.crm.model.FreeMailDomains.isFreeMail(domain)) {
            item.put(Keys.GSI1_PK, Attrs.s(Keys.waitingDomain(domain)));
            item.put(Keys.GSI1_SK, Attrs.s(Keys.waitingDomainSk(domain, interaction.id())));
        }
        return item;
    }

    static Map<String, AttributeValue> markerItem(String marker, String recordKey, Instant writtenAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        // a delivery's and a release's marker guard retries; a member's Message-ID marker and an original's
        // marker (one interaction however many members log it) live as long as the mail they name
        if (!marker.startsWith("MSG#") && !marker.startsWith("ORIGINAL#") && writtenAt != null) {
            Expiry.stamp(item, writtenAt.plus(Expiry.DELIVERY_MARKER));
        }
        item.put(Keys.PK, Attrs.s(Keys.mailSeen(marker)));
        item.put(Keys.SK, Attrs.s(Keys.MAIL_SEEN_SK));
        item.put(Items.ENTITY, Attrs.s("MAILSEEN"));
        item.put("record", Attrs.s(recordKey));
        return item;
    }

    static Map<String, AttributeValue> quarantineItem(QuarantinedMail mail) {
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
        if (!mail.recipients().isEmpty()) {
            item.put("recipients", Attrs.list(mail.recipients()));
        }
        item.put(Keys.GSI1_PK, Attrs.s(Keys.QUARANTINE));
        item.put(Keys.GSI1_SK, Attrs.s(Keys.SORTABLE_INSTANT.format(mail.receivedAt()) + "#" + mail.id()));
        return item;
    }

    private static QuarantinedMail quarantined(Map<String, AttributeValue> item) {
        return new QuarantinedMail(Attrs.string(item, "id"), Attrs.string(item, "reason"), Attrs.string(item, "from"),
                Attrs.string(item, "subject"), Attrs.string(item, "sesMessageId"), Attrs.string(item, "rawMailKey"),
                Attrs.instant(item, "receivedAt"), Attrs.strings(item, "recipients"));
    }

    static AttributeValue link(Interaction.Link link) {
        Map<String, AttributeValue> map = new HashMap<>();
        Attrs.put(map, "contactId", link.contactId());
        Attrs.put(map, "accountId", link.accountId());
        Attrs.put(map, "opportunityId", link.opportunityId());
        map.put("reason", Attrs.s(link.reason().name()));
        Attrs.put(map, "address", link.address());
        return Attrs.map(map);
    }

    static Interaction.Link link(Map<String, AttributeValue> m) {
        return new Interaction.Link(Attrs.string(m, "contactId"), Attrs.string(m, "accountId"), Attrs.string(m, "opportunityId"),
                Interaction.LinkReason.valueOf(Attrs.string(m, "reason")), Attrs.string(m, "address"));
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
        map.put("n", Attrs.n(attachment.n()));
        Attrs.put(map, "filename", attachment.filename());
        Attrs.put(map, "mimeType", attachment.mimeType());
        map.put("sizeBytes", Attrs.n(attachment.sizeBytes()));
        Attrs.put(map, "sha256", attachment.sha256());
        map.put("inline", Attrs.bool(attachment.inline()));
        Attrs.put(map, "key", attachment.key());
        Attrs.put(map, "notKeptReason", attachment.notKeptReason());
        return Attrs.map(map);
    }

    private static Interaction interaction(Map<String, AttributeValue> item, Map<String, AttributeValue> body) {
        return interaction(item, body, null, List.of());
    }

    private static Interaction interaction(Map<String, AttributeValue> item, Map<String, AttributeValue> body,
                                           Map<String, AttributeValue> html, List<Interaction.ThreadEntry> thread) {
        String direction = Attrs.string(item, "direction");
        return new Interaction(Attrs.string(item, "id"), InteractionType.valueOf(Attrs.string(item, "type")),
                direction == null ? null : Direction.valueOf(direction), Attrs.instant(item, "occurredAt"),
                Attrs.string(item, "subject"), Attrs.string(item, "summary"), Attrs.string(item, "outcome"),
                Attrs.string(item, "nextSteps"), body == null ? null : Attrs.string(body, "notes"),
                Attrs.bool(item, "bodyTruncated"),
                maps(item, "links").stream().map(InteractionStore::link).toList(),
                maps(item, "participants").stream().map(m -> new Interaction.Participant(Attrs.string(m, "email"),
                        Attrs.string(m, "name"), Attrs.string(m, "role"), Attrs.string(m, "contactId"),
                        Attrs.string(m, "suggestedAccountId"))).toList(),
                attachments(item),
                Attrs.string(item, "authorId"), Attrs.string(item, "messageId"), Attrs.string(item, "rawMailKey"),
                Attrs.bool(item, "unresolved"), Attrs.instant(item, "createdAt"), Attrs.instant(item, "updatedAt"),
                Attrs.number(item, "version"), email(item, body, html, thread),
                Attrs.string(item, Items.SALESFORCE_ID));
    }

    private static List<Interaction.Attachment> attachments(Map<String, AttributeValue> item) {
        List<Map<String, AttributeValue>> stored = maps(item, "attachments");
        List<Interaction.Attachment> attachments = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            Map<String, AttributeValue> m = stored.get(i);
            // attachments logged before they were kept have no number: their place is it
            int n = m.containsKey("n") ? (int) Attrs.number(m, "n") : i;
            attachments.add(new Interaction.Attachment(n, Attrs.string(m, "filename"), Attrs.string(m, "mimeType"),
                    Attrs.number(m, "sizeBytes"), Attrs.string(m, "sha256"), Attrs.bool(m, "inline"),
                    Attrs.string(m, "key"), Attrs.string(m, "notKeptReason")));
        }
        return attachments;
    }

    /** Null for interactions logged by hand (and mails logged before these fields existed, without any). */
    private static Interaction.Email email(Map<String, AttributeValue> item, Map<String, AttributeValue> body,
                                           Map<String, AttributeValue> html, List<Interaction.ThreadEntry> thread) {
        String note = body == null ? null : Attrs.string(body, "note");
        String threadKey = Attrs.string(item, "threadKey");
        String preview = Attrs.string(item, "preview");
        String htmlNotKept = Attrs.string(item, "htmlNotKept");
        String htmlText = html == null ? null : Attrs.string(html, "html");
        if (note == null && threadKey == null && preview == null && htmlNotKept == null && htmlText == null
                && !item.containsKey("hasHtml")) {
            return null;
        }
        Instant claimedDate = Attrs.instant(item, "claimedDate");
        List<Interaction.ForwardStep> chain = maps(item, "forwardChain").stream().map(m -> new Interaction.ForwardStep(
                Attrs.string(m, "fromEmail"), Attrs.string(m, "fromName"), Attrs.instant(m, "date"), Attrs.string(m, "subject"))).toList();
        AttributeValue also = item.get(ALSO_LOGGED_BY);
        List<String> alsoLoggedBy = also == null || !also.hasSs() ? List.of() : also.ss().stream().sorted().toList();
        return new Interaction.Email(note, htmlText, htmlNotKept, threadKey, preview, thread, claimedDate, chain,
                Attrs.string(item, "originalKey"), alsoLoggedBy);
    }

    private static AttributeValue forwardStep(Interaction.ForwardStep step) {
        Map<String, AttributeValue> m = new HashMap<>();
        Attrs.put(m, "fromEmail", step.fromEmail());
        Attrs.put(m, "fromName", step.fromName());
        Attrs.put(m, "date", step.date() == null ? null : step.date().toString());
        Attrs.put(m, "subject", step.subject());
        return AttributeValue.fromM(m);
    }

    private static List<Map<String, AttributeValue>> maps(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasL()) {
            return List.of();
        }
        return value.l().stream().filter(AttributeValue::hasM).map(AttributeValue::m).toList();
    }
}
