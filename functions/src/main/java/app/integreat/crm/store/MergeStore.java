package app.integreat.crm.store;

import app.integreat.crm.model.Account;
import app.integreat.crm.model.AuditEntry;
import app.integreat.crm.model.Contact;
import app.integreat.crm.model.FollowUp;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.Merge;
import app.integreat.crm.model.Merge.Redirect;
import app.integreat.crm.model.Merge.Stage;
import app.integreat.crm.model.Merge.UndoStage;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.Task;
import app.integreat.crm.store.Writes.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Merges of two contacts (or two accounts) and their undo, in bounded steps that each are one transaction and record their
 * progress in the merge's journal ({@code MERGE#<id>}), so that a step run twice changes nothing the second
 * time and an interrupted merge (or undo) completes when run again:
 * <ol>
 * <li>start: the journal (both contacts as they were), the kept contact with the other's addresses (their
 *     items change owner in place), the merged-away contact's item gone, its redirect marker, the audit entry;
 * <li>the merged-away contact's other items (account copy, notes, name and search items, anchor, duplicate keys);
 * <li>moves, one record a transaction: an interaction or task from the merged-away timeline, or a mail that waited
 *     for one of its addresses, each with its own {@code MOVED#<id>} item (what changed, for the undo) and the
 *     journal's count, put with attribute_not_exists: nothing moves twice;
 * <li>complete.
 * </ol>
 * The undo runs the same steps backwards, each {@code MOVED#} item deleted (attribute_exists) with its move back.
 */
public final class MergeStore {
    /** A line still on the merged-away timeline: what it shows (INTERACTION, TASK, ...) and its record. */
    public record Line(String kind, String refId, Map<String, AttributeValue> item) {
    }

    /** What a move changed on an interaction, for its undo: links added and removed, participants' old contact. */
    public record InteractionChange(List<Interaction.Link> added, List<Interaction.Link> removed,
                                    Map<String, String> participantsBefore) {
    }

    /** One moved record as its MOVED# item holds it; whether its mail's follow-up moved, and whether the kept one watched it already. */
    public record Moved(String kind, String refId, InteractionChange change, boolean followUpMoved, boolean followUpKeptWatched) {
    }

    /** An armed follow-up of a moved mail, before and after the move, and whether the kept contact watched it already. */
    public record Rewatch(FollowUp before, FollowUp after, boolean keptWatchedBefore) {
    }

    private final Table table;
    private final Writes writes;
    private final ContactStore contacts;
    private final InteractionStore interactions;
    private final TaskStore tasks;
    private final AuditStore audit;
    private final FollowUpStore followUps;
    private final AccountStore accounts;
    private final OpportunityStore opportunities;

    public MergeStore(Table table, ContactStore contacts, AccountStore accounts, OpportunityStore opportunities,
                      InteractionStore interactions, TaskStore tasks, FollowUpStore followUps, AuditStore audit) {
        this.followUps = followUps;
        this.accounts = accounts;
        this.opportunities = opportunities;
        this.table = table;
        this.writes = new Writes(table.name());
        this.contacts = contacts;
        this.interactions = interactions;
        this.tasks = tasks;
        this.audit = audit;
    }

    public Optional<Merge> get(String mergeId) {
        return table.get(Keys.merge(mergeId), Keys.MERGE_SK).map(MergeStore::journal);
    }

    /** Where the contact went when it was merged away: one GetItem of its marker. */
    public Optional<Redirect> redirectOfContact(String contactId) {
        return redirect(Keys.contact(contactId));
    }

    /** Where the account went when it was merged away: one GetItem of its marker. */
    public Optional<Redirect> redirectOfAccount(String accountId) {
        return redirect(Keys.account(accountId));
    }

    private Optional<Redirect> redirect(String partition) {
        return table.get(partition, Keys.MERGED_SK)
                .map(item -> new Redirect(Attrs.string(item, "mergedInto"), Attrs.string(item, "mergeId")));
    }

    // ---- the merge

    /**
     * Step 1, in one transaction. A refusal throws {@link StartRefused}, which says whether the journal existed
     * already, the kept contact changed (its version) or the other did (its version, or an address of it that
     * moved meanwhile).
     */
    public void startContactMerge(Merge journal, Contact kept, Contact keptAfter, Contact from, AuditEntry entry) {
        start(journal, Keys.contact(kept.id()), Keys.contact(from.id()), List.of(contacts.removeRecordAction(from)), entry,
                () -> keyed(contacts.updateWrite(kept, keptAfter, from)));
    }

    /**
     * Step 1 of an account merge: as for contacts, the merged-away account marked (its item stays until its
     * contacts and opportunities have left it) and its domains claimed by the kept account in the same transaction.
     */
    public void startAccountMerge(Merge journal, Account kept, Account keptAfter, Account from, AuditEntry entry) {
        start(journal, Keys.account(kept.id()), Keys.account(from.id()), accounts.mergedAwayActions(from, kept.id()), entry,
                () -> keyed(accounts.updateActions(kept, keptAfter), accounts.duplicateKeys(kept, keptAfter)));
    }

    private void start(Merge journal, String keptPartition, String fromPartition, List<TransactWriteItem> fromActions,
                       AuditEntry entry, java.util.function.Supplier<KeptWrite> keptWrite) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(journalItem(journal), Condition.notExists()));
        actions.addAll(fromActions);
        actions.add(writes.put(markerItem(fromPartition, journal.keptId(), journal.id()), Condition.NONE));
        actions.add(writes.put(pointerItem(keptPartition, journal), Condition.NONE));
        actions.add(audit.action(entry));
        int keptAction = actions.size();
        Table.TransactionFailed refused = transactWithKept(actions, keptWrite);
        if (refused != null) {
            throw new StartRefused(refused.failed(0), refused.failed(keptAction), refused.failed(1));
        }
    }

    /** The kept record's write and where its duplicate keys begin (they are read afresh each attempt). */
    private record KeptWrite(List<TransactWriteItem> actions, int firstDuplicateKey) {
    }

    private static KeptWrite keyed(ContactStore.Write write) {
        return new KeptWrite(write.actions(), write.firstDuplicateKey());
    }

    private static KeptWrite keyed(List<TransactWriteItem> record, List<TransactWriteItem> keys) {
        List<TransactWriteItem> all = new ArrayList<>(record);
        all.addAll(keys);
        return new KeptWrite(all, record.size());
    }

    /**
     * Writes the actions followed by the kept contact's write, whose duplicate keys are read afresh each attempt,
     * again while only those keys lost a race; null when written, else the refusal.
     */
    private Table.TransactionFailed transactWithKept(List<TransactWriteItem> actions,
                                                     java.util.function.Supplier<KeptWrite> keptWrite) {
        for (int attempt = 1; ; attempt++) {
            KeptWrite write = keptWrite.get();
            List<TransactWriteItem> all = new ArrayList<>(actions);
            all.addAll(write.actions());
            try {
                table.transact(all);
                return null;
            } catch (Table.TransactionFailed e) {
                if (attempt == DuplicateIndex.ATTEMPTS || !DuplicateIndex.lostOnKeys(e, actions.size() + write.firstDuplicateKey(), attempt)) {
                    return e;
                }
            }
        }
    }

    /** Why step 1 was refused: the journal existed, the kept contact changed, the other changed. */
    public static final class StartRefused extends RuntimeException {
        public final boolean journalExists;
        public final boolean keptChanged;
        public final boolean fromChanged;

        StartRefused(boolean journalExists, boolean keptChanged, boolean fromChanged) {
            super("merge refused", null, false, false);
            this.journalExists = journalExists;
            this.keptChanged = keptChanged;
            this.fromChanged = fromChanged;
        }
    }

    /** Step 2: the merged-away record's remaining items; nothing when done already. */
    public void removeRest(Merge journal) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(stageUpdate(journal.id(), Stage.STARTED, Stage.MOVING));
        if (journal.ofAccounts()) {
            Account from = journal.fromAccountBefore();
            actions.addAll(accounts.restActions(from, false));
            actions.add(writes.put(pointerItem(Keys.account(from.id()), journal), Condition.NONE));
            keyedOnce(actions, () -> accounts.duplicateKeys(from, null));
        } else {
            Contact from = journal.fromBefore();
            actions.addAll(contacts.restActions(from, false));
            actions.add(writes.put(pointerItem(Keys.contact(from.id()), journal), Condition.NONE));
            keyedOnce(actions, () -> contacts.duplicateKeys(from, null));
        }
    }

    /** The first lines still on a merged-away timeline ({@link Timeline#ofContact}, {@link Timeline#ofAccount}), oldest first (one Query). */
    public List<Line> linesOf(String timelinePartition, int max) {
        return table.queryFirst(new Table.KeyQuery(null, Keys.PK, timelinePartition, Keys.SK, ">",
                Keys.TIMELINE_PREFIX, false), max).stream()
                .filter(item -> Attrs.string(item, Keys.SK).startsWith(Keys.TIMELINE_PREFIX)
                        && !Timeline.MERGED.equals(Items.entity(item)))
                .map(item -> new Line(Attrs.string(item, "kind"), Attrs.string(item, "refId"), item)).toList();
    }

    /**
     * Moves an interaction (as read) to its changed version with its journal entry; false when it changed
     * meanwhile or was moved already, or the merge is being undone (nothing written then).
     */
    public boolean moveInteraction(String mergeId, String kind, Interaction before, Interaction after, InteractionChange change,
                                   Rewatch rewatch, Instant expiry) {
        List<TransactWriteItem> actions = new ArrayList<>(interactions.relinkActions(before, after));
        Map<String, AttributeValue> moved = movedItem(mergeId, kind, before.id(), change, expiry);
        if (rewatch != null) {
            actions.addAll(followUps.rewatchActions(rewatch.before(), rewatch.after()));
            // the undo gives the follow-up back to the merged-away contact, and takes it from the kept one unless it watched it before
            moved.put("followUpMoved", Attrs.bool(true));
            moved.put("followUpKeptWatched", Attrs.bool(rewatch.keptWatchedBefore()));
        }
        actions.add(writes.put(moved, Condition.notExists()));
        actions.add(countMove(mergeId, kind));
        return transactOrFalse(actions);
    }

    /** Moves a task (as read) to the kept contact, with its journal entry; false as for an interaction. */
    public boolean moveTask(String mergeId, Task before, Task after, Instant expiry) {
        List<TransactWriteItem> actions = new ArrayList<>(tasks.updateActions(before, after, true));
        actions.add(writes.put(movedItem(mergeId, "TASK", before.id(), null, expiry), Condition.notExists()));
        actions.add(countMove(mergeId, "TASK"));
        return transactOrFalse(actions);
    }

    /** Moves a contact (as read) to the kept account, with its journal entry; false as for an interaction. */
    public boolean moveContact(String mergeId, Contact before, Contact after, Instant expiry) {
        List<TransactWriteItem> actions = new ArrayList<>(contacts.updateWrite(before, after).actions());
        actions.add(writes.put(movedItem(mergeId, "CONTACT", before.id(), null, expiry), Condition.notExists()));
        actions.add(countMove(mergeId, "CONTACT"));
        return transactOrFalse(actions);
    }

    public boolean moveContactBack(String mergeId, Contact before, Contact after) {
        List<TransactWriteItem> actions = new ArrayList<>(contacts.updateWrite(before, after).actions());
        actions.add(movedBack(mergeId, before.id()));
        return transactOrFalse(actions);
    }

    /** The first contacts still on the merged-away account, as lines of kind CONTACT (their copies; one Query). */
    public List<Line> contactsOf(String accountId, int max) {
        return table.queryFirst(Table.KeyQuery.partition(null, Keys.PK, Keys.account(accountId))
                .withSk(Keys.SK, "begins_with", Keys.accountContactSk("")), max).stream()
                .map(item -> new Line("CONTACT", Attrs.string(item, "id"), item)).toList();
    }

    /** The first opportunities still naming the merged-away account, as lines of kind OPPORTUNITY (their copies; one Query). */
    public List<Line> opportunitiesOf(String accountId, int max) {
        return table.queryFirst(Table.KeyQuery.partition(null, Keys.PK, Keys.account(accountId))
                .withSk(Keys.SK, "begins_with", Keys.accountOpportunitySk("")), max).stream()
                .map(item -> new Line("OPPORTUNITY", Attrs.string(item, "id"), item)).toList();
    }

    /** Moves an opportunity (as read) from one account to the other, with its journal entry; false as for an interaction. */
    public boolean moveOpportunity(String mergeId, Opportunity before, Opportunity after, String leaving, String coming,
                                   Instant expiry) {
        List<TransactWriteItem> actions = new ArrayList<>(opportunities.accountChangeActions(before, after, leaving, coming));
        actions.add(writes.put(movedItem(mergeId, "OPPORTUNITY", before.id(), null, expiry), Condition.notExists()));
        actions.add(countMove(mergeId, "OPPORTUNITY"));
        return transactOrFalse(actions);
    }

    public boolean moveOpportunityBack(String mergeId, Opportunity before, Opportunity after, String leaving, String coming) {
        List<TransactWriteItem> actions = new ArrayList<>(opportunities.accountChangeActions(before, after, leaving, coming));
        actions.add(movedBack(mergeId, before.id()));
        return transactOrFalse(actions);
    }

    /** A line of a kind that has no record of its own to change: the line itself moves to the other timeline. */
    public boolean moveLine(String mergeId, Line line, String toTimeline, Instant expiry) {
        Map<String, AttributeValue> moved = new HashMap<>(line.item());
        moved.put(Keys.PK, Attrs.s(toTimeline));
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.delete(Attrs.string(line.item(), Keys.PK), Attrs.string(line.item(), Keys.SK), Condition.NONE));
        actions.add(writes.put(moved, Condition.NONE));
        // keyed by the line: a record (an opportunity) may have several lines, and its own entry when it moves too
        Map<String, AttributeValue> item = movedItem(mergeId, "LINE", Attrs.string(line.item(), Keys.SK), null, expiry);
        item.put("sk_line", line.item().get(Keys.SK));
        actions.add(writes.put(item, Condition.notExists()));
        actions.add(countMove(mergeId, "LINE"));
        return transactOrFalse(actions);
    }

    /** The first files still on the merged-away record (its partition), as lines of kind FILE (its FILE# items; one Query). */
    public List<Line> filesOf(String partition, int max) {
        return table.queryFirst(Table.KeyQuery.partition(null, Keys.PK, partition)
                .withSk(Keys.SK, "begins_with", Keys.FILE_PREFIX), max).stream()
                .map(item -> new Line("FILE", Attrs.string(item, "id"), item)).toList();
    }

    /** A file's item to the kept contact's collection, with its journal entry; false when it moved already. */
    public boolean moveFile(String mergeId, Line file, String toPartition, Instant expiry) {
        List<TransactWriteItem> actions = new ArrayList<>(relocated(file.item(), toPartition));
        actions.add(writes.put(movedItem(mergeId, "FILE", file.refId(), null, expiry), Condition.notExists()));
        actions.add(countMove(mergeId, "FILE"));
        return transactOrFalse(actions);
    }

    /** The last step; a merged-away account's item goes with it, as nothing is left on it. */
    public void complete(Merge journal) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(stageUpdate(journal.id(), Stage.MOVING, Stage.DONE));
        if (journal.ofAccounts()) {
            actions.add(accounts.removeMergedAction(journal.fromId()));
        }
        table.transactUnlessFirstFails(actions);
    }

    // ---- the undo

    /**
     * Undo step 1: the kept contact as it was (its former addresses back to the restored one, in place), the
     * merged-away contact's item back, its marker gone, the audit entry; conditioned on the journal not being
     * undone and the kept contact having the version the merge left. False when that condition failed.
     */
    public boolean startUndo(Merge journal, Contact keptNow, Contact keptRestored, Contact fromRestored, AuditEntry entry) {
        return startUndo(journal, Keys.contact(fromRestored.id()), List.of(contacts.restoreRecordAction(fromRestored)), entry,
                () -> keyed(contacts.updateWrite(keptNow, keptRestored, fromRestored)));
    }

    /** As for contacts: the restored account's item back empty (its contacts and opportunities move back one by one). */
    public boolean startAccountUndo(Merge journal, Account keptNow, Account keptRestored, Account fromRestored, AuditEntry entry) {
        return startUndo(journal, Keys.account(fromRestored.id()), accounts.restoredActions(fromRestored), entry,
                () -> keyed(accounts.updateActions(keptNow, keptRestored), accounts.duplicateKeys(keptNow, keptRestored)));
    }

    private boolean startUndo(Merge journal, String fromPartition, List<TransactWriteItem> fromActions, AuditEntry entry,
                              java.util.function.Supplier<KeptWrite> keptWrite) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(undoUpdate(journal.id(), null, UndoStage.RESTORING, null));
        actions.addAll(fromActions);
        actions.add(writes.delete(fromPartition, Keys.MERGED_SK, Condition.NONE));
        actions.add(audit.action(entry));
        int keptAction = actions.size();
        Table.TransactionFailed refused = transactWithKept(actions, keptWrite);
        if (refused == null) {
            return true;
        }
        if (refused.failed(0) || refused.failed(keptAction)) {
            return false;
        }
        throw refused;
    }

    /** Undo step 2: the restored contact's other items; nothing when done already. */
    public void restoreRest(Merge journal, Contact fromRestored) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(undoUpdate(journal.id(), UndoStage.RESTORING, UndoStage.MOVING_BACK, null));
        actions.addAll(contacts.restActions(fromRestored, true));
        keyedOnce(actions, () -> contacts.duplicateKeys(null, fromRestored));
    }

    /** Undo step 2 of an account merge: the restored account's notes, name items, anchor and duplicate keys. */
    public void restoreRest(Merge journal, Account fromRestored) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(undoUpdate(journal.id(), UndoStage.RESTORING, UndoStage.MOVING_BACK, null));
        actions.addAll(accounts.restActions(fromRestored, true));
        keyedOnce(actions, () -> accounts.duplicateKeys(null, fromRestored));
    }

    /** The first records the merge moved and the undo has not moved back (one Query). */
    public List<Moved> moved(String mergeId, int max) {
        return table.queryFirst(Table.KeyQuery.partition(null, Keys.PK, Keys.merge(mergeId))
                .withSk(Keys.SK, "begins_with", Keys.MOVED_PREFIX), max).stream().map(MergeStore::moved).toList();
    }

    /** Moves an interaction back (its MOVED# item goes in the same transaction); false when it changed meanwhile. */
    public boolean moveInteractionBack(String mergeId, Interaction before, Interaction after, Rewatch rewatch) {
        List<TransactWriteItem> actions = new ArrayList<>(interactions.relinkActions(before, after));
        if (rewatch != null) {
            actions.addAll(followUps.rewatchActions(rewatch.before(), rewatch.after()));
        }
        actions.add(movedBack(mergeId, before.id()));
        return transactOrFalse(actions);
    }

    public boolean moveTaskBack(String mergeId, Task before, Task after) {
        List<TransactWriteItem> actions = new ArrayList<>(tasks.updateActions(before, after, true));
        actions.add(movedBack(mergeId, before.id()));
        return transactOrFalse(actions);
    }

    /** A record that needs no change on the way back (gone, or changed by someone since): only its entry goes. */
    public void forget(String mergeId, String refId) {
        table.transactUnlessFirstFails(List.of(movedBack(mergeId, refId)));
    }

    /** A moved line (of a kind without its own record) back to the restored record's timeline. */
    public boolean moveLineBack(String mergeId, Moved moved, String keptTimeline, String fromTimeline) {
        Map<String, AttributeValue> entry = table.get(Keys.merge(mergeId), Keys.MOVED_PREFIX + moved.refId()).orElse(null);
        if (entry == null) {
            return false;
        }
        String sk = Attrs.string(entry, "sk_line");
        Optional<Map<String, AttributeValue>> line = table.get(keptTimeline, sk);
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(movedBack(mergeId, moved.refId()));
        line.ifPresent(item -> {
            Map<String, AttributeValue> back = new HashMap<>(item);
            back.put(Keys.PK, Attrs.s(fromTimeline));
            actions.add(writes.delete(keptTimeline, sk, Condition.NONE));
            actions.add(writes.put(back, Condition.NONE));
        });
        return transactOrFalse(actions);
    }

    /** A moved file back to the restored record (partitions); only its entry goes when the file is gone from the kept one. */
    public boolean moveFileBack(String mergeId, Moved moved, String keptPartition, String fromPartition) {
        Map<String, AttributeValue> file = table.get(keptPartition, Keys.FILE_PREFIX + moved.refId()).orElse(null);
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(movedBack(mergeId, moved.refId()));
        if (file != null) {
            actions.addAll(relocated(file, fromPartition));
        }
        return transactOrFalse(actions);
    }

    /** An item that changes partition: gone where it is (it must still be there), the same under {@code toPk}. */
    private List<TransactWriteItem> relocated(Map<String, AttributeValue> item, String toPk) {
        Map<String, AttributeValue> moved = new HashMap<>(item);
        moved.put(Keys.PK, Attrs.s(toPk));
        return List.of(writes.delete(Attrs.string(item, Keys.PK), Attrs.string(item, Keys.SK),
                        new Condition("attribute_exists(pk)", Map.of(), Map.of())),
                writes.put(moved, Condition.NONE));
    }

    public void completeUndo(String mergeId, Instant now) {
        table.transactUnlessFirstFails(List.of(undoUpdate(mergeId, UndoStage.MOVING_BACK, UndoStage.UNDONE, now)));
    }

    // ---- transactions

    private boolean transactOrFalse(List<TransactWriteItem> actions) {
        try {
            table.transact(actions);
            return true;
        } catch (Table.TransactionFailed e) {
            return false;
        }
    }

    /** A step whose first action moves the journal on: a repeat fails that condition and writes nothing. */
    private void keyedOnce(List<TransactWriteItem> actions, java.util.function.Supplier<List<TransactWriteItem>> keys) {
        try {
            DuplicateIndex.transact(table, actions, keys);
        } catch (Table.TransactionFailed e) {
            if (!e.failed(0)) {
                throw e;
            }
        }
    }

    private TransactWriteItem stageUpdate(String mergeId, Stage from, Stage to) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(Table.key(Keys.merge(mergeId), Keys.MERGE_SK))
                .updateExpression("SET #stage = :to")
                .conditionExpression("#stage = :from AND attribute_not_exists(#undo)")
                .expressionAttributeNames(Map.of("#stage", "stage", "#undo", "undoStage"))
                .expressionAttributeValues(Map.of(":from", Attrs.s(from.name()), ":to", Attrs.s(to.name())))
                .build()).build();
    }

    private TransactWriteItem undoUpdate(String mergeId, UndoStage from, UndoStage to, Instant undoneAt) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":to", Attrs.s(to.name()));
        String set = "SET #undo = :to";
        if (undoneAt != null) {
            set += ", undoneAt = :at";
            values.put(":at", Attrs.s(undoneAt.toString()));
        }
        String condition = from == null ? "attribute_exists(pk) AND attribute_not_exists(#undo)" : "#undo = :from";
        if (from != null) {
            values.put(":from", Attrs.s(from.name()));
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(Table.key(Keys.merge(mergeId), Keys.MERGE_SK))
                .updateExpression(set).conditionExpression(condition)
                .expressionAttributeNames(Map.of("#undo", "undoStage"))
                .expressionAttributeValues(values).build()).build();
    }

    /** Counts a move on the journal, which must still be moving and not being undone. */
    private TransactWriteItem countMove(String mergeId, String kind) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(Table.key(Keys.merge(mergeId), Keys.MERGE_SK))
                .updateExpression("ADD #count :one")
                .conditionExpression("#stage = :moving AND attribute_not_exists(#undo)")
                .expressionAttributeNames(Map.of("#count", "moved_" + kind, "#stage", "stage", "#undo", "undoStage"))
                .expressionAttributeValues(Map.of(":one", Attrs.n(1), ":moving", Attrs.s(Stage.MOVING.name())))
                .build()).build();
    }

    private TransactWriteItem movedBack(String mergeId, String refId) {
        return writes.delete(Keys.merge(mergeId), Keys.MOVED_PREFIX + refId,
                new Condition("attribute_exists(pk)", Map.of(), Map.of()));
    }

    // ---- items

    private static Map<String, AttributeValue> journalItem(Merge journal) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.merge(journal.id())));
        item.put(Keys.SK, Attrs.s(Keys.MERGE_SK));
        item.put(Items.ENTITY, Attrs.s("MERGE"));
        item.put("id", Attrs.s(journal.id()));
        item.put("kind", Attrs.s(journal.kind()));
        item.put("keptId", Attrs.s(journal.keptId()));
        item.put("fromId", Attrs.s(journal.fromId()));
        if (journal.ofAccounts()) {
            item.put("keptAccountBefore", accountState(journal.keptAccountBefore()));
            item.put("fromAccountBefore", accountState(journal.fromAccountBefore()));
        } else {
            item.put("keptBefore", contactState(journal.keptBefore()));
            item.put("fromBefore", contactState(journal.fromBefore()));
        }
        item.put("keptVersion", Attrs.n(journal.keptVersion()));
        item.put("mergedBy", Attrs.s(journal.mergedBy()));
        item.put("mergedAt", Attrs.s(journal.mergedAt().toString()));
        item.put("stage", Attrs.s(Stage.STARTED.name()));
        Expiry.stamp(item, journal.undoableUntil());
        return item;
    }

    /** A contact with its notes, as the journal keeps it (a full copy: an erasure deletes the journal). */
    private static AttributeValue contactState(Contact contact) {
        Map<String, AttributeValue> state = Items.contactFields(contact);
        Attrs.put(state, "notes", contact.notes());
        return Attrs.map(state);
    }

    /** An account with its notes, as the journal keeps it. */
    private static AttributeValue accountState(Account account) {
        Map<String, AttributeValue> state = Items.accountFields(account);
        Attrs.put(state, "notes", account.notes());
        return Attrs.map(state);
    }

    private static Contact contactOf(Map<String, AttributeValue> item, String name) {
        Map<String, AttributeValue> state = item.containsKey(name) ? item.get(name).m() : null;
        return state == null ? null : Items.contact(state, state);
    }

    private static Account accountOf(Map<String, AttributeValue> item, String name) {
        Map<String, AttributeValue> state = item.containsKey(name) ? item.get(name).m() : null;
        return state == null ? null : Items.account(state, state);
    }

    private static Merge journal(Map<String, AttributeValue> item) {
        Map<String, Long> moved = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (name.startsWith("moved_")) {
                moved.put(name.substring("moved_".length()), Long.parseLong(value.n()));
            }
        });
        String undo = Attrs.string(item, "undoStage");
        return new Merge(Attrs.string(item, "id"), Attrs.string(item, "kind"), Attrs.string(item, "keptId"),
                Attrs.string(item, "fromId"), contactOf(item, "keptBefore"), contactOf(item, "fromBefore"),
                accountOf(item, "keptAccountBefore"), accountOf(item, "fromAccountBefore"),
                Attrs.number(item, "keptVersion"), Attrs.string(item, "mergedBy"), Attrs.instant(item, "mergedAt"),
                Stage.valueOf(Attrs.string(item, "stage")), undo == null ? null : UndoStage.valueOf(undo),
                Attrs.instant(item, "undoneAt"), moved);
    }

    private static Map<String, AttributeValue> markerItem(String pk, String keptId, String mergeId) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(pk));
        item.put(Keys.SK, Attrs.s(Keys.MERGED_SK));
        item.put(Items.ENTITY, Attrs.s(Timeline.MERGED));
        item.put("mergedInto", Attrs.s(keptId));
        item.put("mergeId", Attrs.s(mergeId));
        return item;
    }

    /** In a contact's partition: a merge it took part in and the other contact (ids only). */
    private static Map<String, AttributeValue> pointerItem(String pk, Merge journal) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(pk));
        item.put(Keys.SK, Attrs.s(Keys.mergePointerSk(journal.id())));
        item.put(Items.ENTITY, Attrs.s("MERGE_POINTER"));
        item.put("mergeId", Attrs.s(journal.id()));
        item.put("keptId", Attrs.s(journal.keptId()));
        item.put("fromId", Attrs.s(journal.fromId()));
        Expiry.stamp(item, journal.undoableUntil());
        return item;
    }

    private static Map<String, AttributeValue> movedItem(String mergeId, String kind, String refId, InteractionChange change,
                                                         Instant expiry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.merge(mergeId)));
        item.put(Keys.SK, Attrs.s(Keys.MOVED_PREFIX + refId));
        item.put(Items.ENTITY, Attrs.s("MERGE_MOVED"));
        item.put("kind", Attrs.s(kind));
        item.put("refId", Attrs.s(refId));
        if (change != null) {
            item.put("added", AttributeValue.fromL(change.added().stream().map(InteractionStore::link).toList()));
            item.put("removed", AttributeValue.fromL(change.removed().stream().map(InteractionStore::link).toList()));
            Map<String, AttributeValue> participants = new HashMap<>();
            // "" for a participant that was no contact (a mail that waited for the address)
            change.participantsBefore().forEach((email, contactId) -> participants.put(email, Attrs.s(contactId == null ? "" : contactId)));
            item.put("participantsBefore", Attrs.map(participants));
        }
        Expiry.stamp(item, expiry);
        return item;
    }

    private static Moved moved(Map<String, AttributeValue> item) {
        InteractionChange change = null;
        if (item.containsKey("added")) {
            Map<String, String> participants = new LinkedHashMap<>();
            item.get("participantsBefore").m().forEach((email, value) -> participants.put(email, value.s().isEmpty() ? null : value.s()));
            change = new InteractionChange(links(item, "added"), links(item, "removed"), participants);
        }
        return new Moved(Attrs.string(item, "kind"), Attrs.string(item, "refId"), change, Attrs.bool(item, "followUpMoved"),
                Attrs.bool(item, "followUpKeptWatched"));
    }

    private static List<Interaction.Link> links(Map<String, AttributeValue> item, String name) {
        return item.get(name).l().stream().map(value -> InteractionStore.link(value.m())).toList();
    }

    /** Every item of a journal (the journal, its MOVED# items), for an erasure: a journal holds a full copy of a contact. */
    static List<Map<String, AttributeValue>> journalItems(Table table, String mergeId) {
        return table.queryAll(Table.KeyQuery.partition(null, Keys.PK, Keys.merge(mergeId)), PersonStore.MAX_ITEMS);
    }
}
