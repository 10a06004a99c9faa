package app.integreat.crm.store;

import app.integreat.crm.model.Account;
import app.integreat.crm.model.Contact;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.StoredFile;
import app.integreat.crm.model.Task;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.Pipeline;
import app.integreat.crm.model.TimelineEntry;
import app.integreat.crm.store.Writes.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * What the Salesforce import writes, through the same transactions as the functions (so every
 * invariant holds), each with the record's lookup item {@code SF#<salesforceId>} in the same
 * transaction: the CRM id it became, the hash of the source fields it was made from and the
 * record's version after the import wrote it. A second run finds the item and the same hash and
 * writes nothing; a record whose version moved on since was changed in the CRM.
 */
public final class ImportStore {
    private final Table table;
    private final Writes writes;
    private final AccountStore accounts;
    private final ContactStore contacts;
    private final MemberStore members;
    private final OpportunityStore opportunities;
    private final TaskStore tasks;
    private final InteractionStore interactions;
    private final AccountSummary summary;
    private final FileStore files;

    public ImportStore(Table table, Pipeline pipeline) {
        this.table = table;
        this.writes = new Writes(table.name());
        this.accounts = new AccountStore(table);
        this.contacts = new ContactStore(table);
        this.members = new MemberStore(table);
        this.opportunities = new OpportunityStore(table, pipeline);
        this.tasks = new TaskStore(table);
        this.interactions = new InteractionStore(table, tasks, new FollowUpStore(table, tasks));
        this.summary = new AccountSummary(table);
        this.files = new FileStore(table);
    }

    /** What a Salesforce record became in the CRM at the last import. */
    public record Imported(String salesforceId, String crmId, String hash, long version) {
    }

    /** The lookup items of these Salesforce ids, in BatchGetItems of 100. */
    public Map<String, Imported> lookup(Collection<String> salesforceIds) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(salesforceIds.size());
        for (String id : salesforceIds) {
            keys.add(Table.key(Keys.salesforce(id), Keys.SALESFORCE_SK));
        }
        Map<String, Imported> found = new HashMap<>();
        for (Map<String, AttributeValue> item : table.batchGet(keys)) {
            Imported imported = new Imported(Attrs.string(item, "salesforceId"), Attrs.string(item, "crmId"),
                    Attrs.string(item, "hash"), Attrs.number(item, "version"));
            found.put(imported.salesforceId(), imported);
        }
        return found;
    }

    /** Which of these Salesforce ids belong to a person erased under Art. 17 (their tombstones), in BatchGetItems of 100. */
    public Set<String> erased(Collection<String> salesforceIds) {
        Map<String, String> byKey = new HashMap<>();
        List<Map<String, AttributeValue>> keys = new ArrayList<>(salesforceIds.size());
        for (String id : salesforceIds) {
            String pk = Keys.erased(PersonStore.salesforceIdHash(id));
            byKey.put(pk, id);
            keys.add(Table.key(pk, Keys.ERASED_SK));
        }
        Set<String> erased = new java.util.HashSet<>();
        for (Map<String, AttributeValue> item : table.batchGet(keys)) {
            erased.add(byKey.get(Attrs.string(item, Keys.PK)));
        }
        return erased;
    }

    /**
     * Where these CRM contacts went when a merge took them away (their MERGED markers, a chain of merges followed
     * to its end), in BatchGetItems of 100: merged-away id to kept id, only for merged-away ones.
     */
    public Map<String, String> mergedContacts(Collection<String> contactIds) {
        return merged(contactIds, Keys::contact);
    }

    /** The same for CRM accounts. */
    public Map<String, String> mergedAccounts(Collection<String> accountIds) {
        return merged(accountIds, Keys::account);
    }

    private Map<String, String> merged(Collection<String> contactIds, java.util.function.UnaryOperator<String> partition) {
        Map<String, String> keptOf = new HashMap<>();
        Set<String> asking = new java.util.HashSet<>(contactIds);
        for (int hop = 0; hop < MERGE_HOPS && !asking.isEmpty(); hop++) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>(asking.size());
            for (String id : asking) {
                keys.add(Table.key(partition.apply(id), Keys.MERGED_SK));
            }
            asking = new java.util.HashSet<>();
            for (Map<String, AttributeValue> marker : table.batchGet(keys)) {
                String from = Attrs.string(marker, Keys.PK).substring(partition.apply("").length());
                String kept = Attrs.string(marker, "mergedInto");
                keptOf.put(from, kept);
                asking.add(kept);
            }
        }
        // each merged-away id to the end of its chain
        Map<String, String> ends = new HashMap<>();
        keptOf.forEach((from, kept) -> {
            String end = kept;
            for (int hop = 0; hop < MERGE_HOPS && keptOf.containsKey(end); hop++) {
                end = keptOf.get(end);
            }
            if (contactIds.contains(from)) {
                ends.put(from, end);
            }
        });
        return ends;
    }

    /** A record merged into one that was merged on, and so on: the import follows this many merges at most. */
    private static final int MERGE_HOPS = 5;

    /** Reuses an existing member for a Salesforce user (only the lookup item is written). */
    public void linkMember(String salesforceId, Member member, String hash, Imported previous) {
        try {
            table.transact(List.of(lookupAction(salesforceId, member.id(), hash, member.version(), previous)));
        } catch (Table.TransactionFailed e) {
            if (!wroteAlready(salesforceId, member.id(), hash, member.version())) {
                throw lookupChanged();
            }
        }
    }

    /** A new member for a Salesforce user; false when a member with its email was made meanwhile. */
    public boolean createMember(String salesforceId, Member member, String hash) {
        List<TransactWriteItem> actions = new ArrayList<>(members.createActions(member));
        actions.add(lookupAction(salesforceId, member.id(), hash, member.version(), null));
        try {
            table.transact(actions);
            return true;
        } catch (Table.TransactionFailed e) {
            if (wroteAlready(salesforceId, member.id(), hash, member.version())) {
                return true;
            }
            if (e.failed(1)) {
                return false;
            }
            throw lookupChanged();
        }
    }

    public void createAccount(String salesforceId, Account account, String hash) {
        List<TransactWriteItem> actions = new ArrayList<>(accounts.createActions(account));
        actions.addAll(accounts.duplicateKeys(null, account));
        actions.add(lookupAction(salesforceId, account.id(), hash, account.version(), null));
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (!wroteAlready(salesforceId, account.id(), hash, account.version())) {
                throw lookupChanged();
            }
        }
    }

    public void updateAccount(String salesforceId, Account before, Account after, String hash, Imported previous) {
        List<TransactWriteItem> actions = new ArrayList<>(accounts.updateActions(before, after));
        actions.addAll(accounts.duplicateKeys(before, after));
        actions.add(lookupAction(salesforceId, after.id(), hash, after.version(), previous));
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (wroteAlready(salesforceId, after.id(), hash, after.version())) {
                return;
            }
            throw e.failed(0) ? CrmException.stale("account") : lookupChanged();
        }
    }

    public void createContact(String salesforceId, Contact contact, String hash) {
        ContactStore.Write write = contacts.createWrite(contact);
        List<TransactWriteItem> actions = new ArrayList<>(write.actions());
        actions.add(lookupAction(salesforceId, contact.id(), hash, contact.version(), null));
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (wroteAlready(salesforceId, contact.id(), hash, contact.version())) {
                return;
            }
            throw e.failed(actions.size() - 1) ? lookupChanged() : contacts.explain(e, contact, write);
        }
    }

    public void updateContact(String salesforceId, Contact before, Contact after, String hash, Imported previous) {
        ContactStore.Write write = contacts.updateWrite(before, after);
        List<TransactWriteItem> actions = new ArrayList<>(write.actions());
        actions.add(lookupAction(salesforceId, after.id(), hash, after.version(), previous));
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (wroteAlready(salesforceId, after.id(), hash, after.version())) {
                return;
            }
            throw e.failed(actions.size() - 1) ? lookupChanged() : contacts.explainUpdate(e, before, after, write);
        }
    }

    /** Creates ({@code before} null) or replaces an imported opportunity; see {@link OpportunityStore#writeImported}. */
    public void putOpportunity(String salesforceId, Opportunity before, Opportunity after, List<TimelineEntry> entries,
                               String hash, Imported previous) {
        try {
            opportunities.writeImported(before, after, entries, lookupAction(salesforceId, after.id(), hash, after.version(), previous));
        } catch (RuntimeException refused) {
            if (!wroteAlready(salesforceId, after.id(), hash, after.version())) {
                throw refused;
            }
        }
    }

    /** A task with its copies, timeline lines and its assignee's counter; 422 when the assignee is inactive. */
    public void createTask(String salesforceId, Task task, String hash) {
        List<TransactWriteItem> actions = new ArrayList<>(tasks.createActions(task));
        actions.add(lookupAction(salesforceId, task.id(), hash, task.version(), null));
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (wroteAlready(salesforceId, task.id(), hash, task.version())) {
                return;
            }
            throw e.failed(actions.size() - 1) ? lookupChanged() : CrmException.inactiveMember("assigneeId", task.assigneeId());
        }
    }

    public void updateTask(String salesforceId, Task before, Task after, String hash, Imported previous) {
        List<TransactWriteItem> actions = new ArrayList<>(tasks.updateActions(before, after, true));
        actions.add(lookupAction(salesforceId, after.id(), hash, after.version(), previous));
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (wroteAlready(salesforceId, after.id(), hash, after.version())) {
                return;
            }
            throw e.failed(actions.size() - 1) ? lookupChanged() : CrmException.stale("task");
        }
    }

    /** A logged interaction (or an unresolved mail) with its body, timeline lines and waiting addresses. */
    public void createInteraction(String salesforceId, Interaction interaction, String hash) {
        List<TransactWriteItem> actions = new ArrayList<>(interactions.createActions(interaction));
        actions.add(lookupAction(salesforceId, interaction.id(), hash, interaction.version(), null));
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (!wroteAlready(salesforceId, interaction.id(), hash, interaction.version())) {
                throw lookupChanged();
            }
        }
    }

    public void updateInteraction(String salesforceId, Interaction before, Interaction after, String hash, Imported previous) {
        List<TransactWriteItem> actions = new ArrayList<>(interactions.replaceActions(before, after));
        actions.add(lookupAction(salesforceId, after.id(), hash, after.version(), previous));
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (wroteAlready(salesforceId, after.id(), hash, after.version())) {
                return;
            }
            throw e.failed(actions.size() - 1) ? lookupChanged() : CrmException.stale("interaction");
        }
    }

    /**
     * A file on the records it belongs to ({kind, id}: ACCOUNT, CONTACT or OPPORTUNITY, at most 20);
     * its bytes are in S3 already.
     */
    public void putFile(String salesforceId, List<String[]> records, StoredFile file, String hash, Imported previous) {
        List<TransactWriteItem> actions = new ArrayList<>();
        for (String[] record : records.subList(0, Math.min(20, records.size()))) {
            actions.add(files.putAction(record[0], record[1], file));
        }
        actions.add(lookupAction(salesforceId, file.key(), hash, 1, previous));
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (!wroteAlready(salesforceId, file.key(), hash, 1)) {
                throw lookupChanged();
            }
        }
    }

    /** The accounts' last interaction, once per account at the end of a run (it only ever moves forward). */
    public void touchInteraction(String accountId, Instant at) {
        summary.touchInteraction(accountId, at);
    }

    /** The current version of an imported task or interaction (null: gone), one GetItem. */
    public Long version(String kind, String crmId) {
        String pk = kind.equals("TASK") ? Keys.task(crmId) : Keys.interaction(crmId);
        String sk = kind.equals("TASK") ? Keys.TASK_SK : Keys.INTERACTION_SK;
        return table.get(pk, sk).map(item -> Attrs.number(item, "version")).orElse(null);
    }

    /**
     * The lookup item: new, or replacing the one the run read ({@code previous}), so that two
     * imports running at once cannot both write the same record.
     */
    private TransactWriteItem lookupAction(String salesforceId, String crmId, String hash, long version, Imported previous) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.salesforce(salesforceId)));
        item.put(Keys.SK, Attrs.s(Keys.SALESFORCE_SK));
        item.put(Items.ENTITY, Attrs.s("SALESFORCE_RECORD"));
        item.put("salesforceId", Attrs.s(salesforceId));
        item.put("crmId", Attrs.s(crmId));
        item.put("hash", Attrs.s(hash));
        item.put("version", Attrs.n(version));
        Condition condition = previous == null ? Condition.notExists()
                : new Condition("#hash = :hash AND #version = :version", Map.of("#hash", "hash", "#version", "version"),
                        Map.of(":hash", Attrs.s(previous.hash()), ":version", Attrs.n(previous.version())));
        return writes.put(item, condition);
    }

    /**
     * Whether the lookup item holds exactly what this write puts: then a refused transaction was the
     * repeat of one that committed (the SDK retries a request whose answer was lost, and an emulator
     * may ignore the client request token), not another import's write, whose CRM id would differ.
     */
    private boolean wroteAlready(String salesforceId, String crmId, String hash, long version) {
        return table.get(Keys.salesforce(salesforceId), Keys.SALESFORCE_SK)
                .filter(item -> crmId.equals(Attrs.string(item, "crmId")) && hash.equals(Attrs.string(item, "hash"))
                        && version == Attrs.number(item, "version"))
                .isPresent();
    }

    private static CrmException lookupChanged() {
        return CrmException.of(CrmException.Kind.CONFLICT,
                "Another import wrote this record meanwhile; run the import again.");
    }
}
