package app.integreat.crm.store;

import app.integreat.crm.model.AuditEntry;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.store.Writes.Condition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * One person's data across the table: what refers to them (for an export under Art. 15) and their
 * erasure (Art. 17 GDPR): every item and object that names them, found through their own
 * partitions and the records those point at (timeline lines, waiting addresses, follow-up copies), never
 * by a Scan. Interactions in which they are the only person outside the team go with their raw mail and
 * attachments; in the others they are masked ({@link PersonMask}) and the raw mail goes.
 *
 * <p>Crash-safe by order: objects first, then the items in transactions of at most 100 actions, and the
 * contact item last, in one transaction with its tombstone and the audit entry. Until that last
 * transaction the contact and its timeline still lead to everything, so running the erasure again
 * completes it; afterwards the contact is gone (404).
 */
public final class PersonStore {
    /** The most items one person's partitions may hold for an erasure in one request. */
    static final int MAX_ITEMS = 20_000;
    /** DynamoDB's 4 MB per transaction, with room for the request's own overhead. */
    private static final long MAX_TRANSACTION_BYTES = 3_500_000;
    private static final String THREAD_COPY_PREFIX = Keys.INTERACTION_SK + "THREAD#";

    private final Table table;
    private final Writes writes;
    private final MailFiles files;
    private final AuditStore audit;

    public PersonStore(Table table, MailFiles files, AuditStore audit) {
        this.table = table;
        this.writes = new Writes(table.name());
        this.files = files;
        this.audit = audit;
    }

    /** The SHA-256 of a Salesforce id, as the tombstone's key holds it. */
    public static String salesforceIdHash(String salesforceId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(salesforceId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a Salesforce record belongs to an erased person (the importer skips it). */
    public boolean isErased(String salesforceId) {
        return table.get(Keys.erased(salesforceIdHash(salesforceId)), Keys.ERASED_SK).isPresent();
    }

    /** The records that name a contact: interactions (also unresolved ones at their addresses) and tasks. */
    public record References(List<String> interactionIds, List<String> taskIds) {
    }

    /** Empty when there is no such contact. Reads the contact's partition and its addresses' waiting items. */
    public Optional<References> references(String contactId) {
        Map<String, AttributeValue> contact = table.get(Keys.contact(contactId), Keys.CONTACT_SK).orElse(null);
        if (contact == null) {
            return Optional.empty();
        }
        Set<String> interactions = new LinkedHashSet<>();
        Map<String, String> tasks = new LinkedHashMap<>();
        timelineRefs(all(Table.KeyQuery.partition(null, Keys.PK, Keys.contact(contactId))), interactions, tasks);
        for (String address : Attrs.strings(contact, "emails")) {
            for (Map<String, AttributeValue> waiting : all(Table.KeyQuery.partition(null, Keys.PK, Keys.waiting(address)))) {
                interactions.add(Attrs.string(waiting, "interactionId"));
            }
        }
        return Optional.of(new References(List.copyOf(interactions), List.copyOf(tasks.keySet())));
    }

    private static void timelineRefs(List<Map<String, AttributeValue>> own, Set<String> interactions, Map<String, String> tasks) {
        for (Map<String, AttributeValue> item : own) {
            String sk = Attrs.string(item, Keys.SK);
            if (sk.startsWith(Keys.TIMELINE_PREFIX) && item.containsKey("refId")) {
                if ("INTERACTION".equals(Attrs.string(item, "kind"))) {
                    interactions.add(Attrs.string(item, "refId"));
                } else if ("TASK".equals(Attrs.string(item, "kind"))) {
                    tasks.put(Attrs.string(item, "refId"), sk);
                }
            }
        }
    }

    /**
     * While a merge (or its undo) of the person still moves records, some of them are on the other contact's
     * timeline, where this erasure would not find them: it waits until the move is done.
     */
    private void refuseWhileAMergeMoves(List<Map<String, AttributeValue>> own) {
        for (Map<String, AttributeValue> item : own) {
            if (!Attrs.string(item, Keys.SK).startsWith(Keys.MERGE_POINTER_PREFIX)) {
                continue;
            }
            String mergeId = Attrs.string(item, "mergeId");
            Map<String, AttributeValue> journal = table.get(Keys.merge(mergeId), Keys.MERGE_SK).orElse(null);
            String undo = journal == null ? null : Attrs.string(journal, "undoStage");
            boolean moving = journal != null && (undo == null ? !"DONE".equals(Attrs.string(journal, "stage")) : !"UNDONE".equals(undo));
            if (moving) {
                throw CrmException.of(CrmException.Kind.CONFLICT, "A merge of this contact (" + mergeId
                        + ") is still moving its history; erase again when it is complete (GET /merges/" + mergeId + ").");
            }
        }
    }

    /**
     * A merge the person took part in: its journal holds full copies of both contacts and what moved, so it goes
     * whole (the merge can no longer be undone), with the other contact's pointer and, when the person was kept,
     * the merged-away id's redirect to them.
     */
    private void mergeJournal(String contactId, Map<String, AttributeValue> pointer, Plan plan) {
        String mergeId = Attrs.string(pointer, "mergeId");
        String keptId = Attrs.string(pointer, "keptId");
        String fromId = Attrs.string(pointer, "fromId");
        List<Map<String, AttributeValue>> journal = MergeStore.journalItems(table, mergeId);
        for (Map<String, AttributeValue> item : journal == null ? List.<Map<String, AttributeValue>>of() : journal) {
            delete(plan, Attrs.string(item, Keys.PK), Attrs.string(item, Keys.SK));
        }
        String other = contactId.equals(keptId) ? fromId : keptId;
        delete(plan, Keys.contact(other), Keys.mergePointerSk(mergeId));
        if (contactId.equals(keptId)) {
            delete(plan, Keys.contact(fromId), Keys.MERGED_SK);
        }
    }

    /** The plan of one run: items to write or delete (each once), objects to delete, counts. */
    private static final class Plan {
        final Map<String, TransactWriteItem> actions = new LinkedHashMap<>();
        final Map<String, Long> sizes = new LinkedHashMap<>();
        final Set<String> objects = new LinkedHashSet<>();
        final Map<String, Integer> counts = new TreeMap<>();

        void count(String what) {
            counts.merge(what, 1, Integer::sum);
        }
    }

    /**
     * Erases the contact; empty when there is no such contact (never was, or erased already).
     * {@code moreAddresses}: other addresses of the person (for their unresolved and quarantined mail);
     * {@code freeMail}: which domains are free-mail providers (never masked).
     */
    public Optional<Map<String, Integer>> erase(String contactId, Set<String> moreAddresses, Predicate<String> freeMail,
                                                AuditEntry entry) {
        Map<String, AttributeValue> contact = table.get(Keys.contact(contactId), Keys.CONTACT_SK).orElse(null);
        if (contact == null) {
            return Optional.empty();
        }
        Set<String> addresses = new LinkedHashSet<>();
        Attrs.strings(contact, "emails").forEach(a -> addresses.add(a.toLowerCase(Locale.ROOT)));
        moreAddresses.forEach(a -> addresses.add(a.toLowerCase(Locale.ROOT)));
        Set<String> domains = new LinkedHashSet<>();
        for (String address : addresses) {
            String domain = address.substring(address.indexOf('@') + 1);
            // an organisation's domain (an account claims it) or a free-mail provider is not the person's
            if (!freeMail.test(domain) && table.queryFirst(Table.KeyQuery.partition(null, Keys.PK, Keys.domain(domain)), 1).isEmpty()) {
                domains.add(domain);
            }
        }
        PersonMask mask = new PersonMask(contactId, Attrs.string(contact, "firstName"), Attrs.string(contact, "lastName"),
                addresses, domains);
        Plan plan = new Plan();
        String owner = Keys.contact(contactId);

        List<Map<String, AttributeValue>> own = all(Table.KeyQuery.partition(null, Keys.PK, owner));
        refuseWhileAMergeMoves(own);
        Set<String> interactions = new LinkedHashSet<>();
        Map<String, String> tasks = new LinkedHashMap<>();
        timelineRefs(own, interactions, tasks);
        List<String> lookups = new ArrayList<>();
        for (String address : addresses) {
            for (Map<String, AttributeValue> waiting : all(Table.KeyQuery.partition(null, Keys.PK, Keys.waiting(address)))) {
                interactions.add(Attrs.string(waiting, "interactionId"));
                delete(plan, Keys.waiting(address), Attrs.string(waiting, Keys.SK));
            }
            lookups.add(Keys.awaitingReply("EMAIL", address));
        }
        lookups.add(Keys.awaitingReply("CONTACT", contactId));
        for (String lookup : lookups) {
            for (Map<String, AttributeValue> copy : all(Table.KeyQuery.partition(null, Keys.PK, lookup))) {
                delete(plan, lookup, Attrs.string(copy, Keys.SK));
            }
        }
        for (String interactionId : interactions) {
            interaction(interactionId, owner, mask, plan);
        }
        tasks.forEach((taskId, lineSk) -> task(taskId, lineSk, mask, plan));
        quarantine(mask, plan);

        for (Map<String, AttributeValue> item : own) {
            String sk = Attrs.string(item, Keys.SK);
            if (sk.equals(Keys.CONTACT_SK)) {
                continue;
            }
            if (sk.startsWith(Keys.MERGE_POINTER_PREFIX)) {
                mergeJournal(contactId, item, plan);
            }
            if (sk.startsWith(Keys.FILE_PREFIX)) {
                Optional.ofNullable(Attrs.string(item, "key")).ifPresent(plan.objects::add);
                tombstone(plan, Attrs.string(item, Items.SALESFORCE_ID));
                plan.count("files");
            }
            delete(plan, owner, sk);
        }
        for (String address : Attrs.strings(contact, "emails")) {
            delete(plan, Keys.email(address.toLowerCase(Locale.ROOT)), Keys.EMAIL_SK);
        }

        files.delete(List.copyOf(plan.objects));
        plan.counts.put("objects", plan.objects.size());
        flush(plan);

        List<TransactWriteItem> last = new ArrayList<>();
        last.add(writes.delete(owner, Keys.CONTACT_SK, new Condition("attribute_exists(pk)", Map.of(), Map.of())));
        String accountId = Attrs.string(contact, "accountId");
        if (accountId != null) {
            last.add(writes.delete(Keys.account(accountId), Keys.accountContactSk(contactId), Condition.NONE));
            last.add(writes.addToCounter(Keys.account(accountId), Keys.ACCOUNT_SK, AccountStore.CONTACT_COUNT, -1));
        }
        String salesforceId = Attrs.string(contact, Items.SALESFORCE_ID);
        if (salesforceId != null) {
            last.add(writes.delete(Keys.salesforce(salesforceId), Keys.SALESFORCE_SK, Condition.NONE));
            last.add(writes.put(tombstoneItem(salesforceId), Condition.NONE));
        }
        last.add(audit.action(entry));
        // the duplicate candidate keys name the person too: they leave in the same transaction, like a delete's
        DuplicateIndex duplicates = DuplicateIndex.contacts(table);
        Set<app.integreat.crm.model.DuplicateKey> keys = app.integreat.crm.model.DuplicateKey.ofContact(Items.contact(contact));
        try {
            DuplicateIndex.transact(table, last, () -> duplicates.actions(contactId, keys, Set.of(), null));
        } catch (Table.TransactionFailed e) {
            // another erasure of the same contact finished first
            return Optional.empty();
        }
        plan.counts.put("contacts", 1);
        return Optional.of(plan.counts);
    }

    private List<Map<String, AttributeValue>> all(Table.KeyQuery query) {
        List<Map<String, AttributeValue>> items = table.queryAll(query, MAX_ITEMS);
        if (items == null) {
            throw CrmException.of(CrmException.Kind.VALIDATION,
                    "This person's history is larger than one erasure can read (" + MAX_ITEMS + " items in one partition).");
        }
        return items;
    }

    private void interaction(String id, String contactOwner, PersonMask mask, Plan plan) {
        String pk = Keys.interaction(id);
        List<Map<String, AttributeValue>> items = all(Table.KeyQuery.partition(null, Keys.PK, pk));
        Map<String, AttributeValue> main = items.stream().filter(i -> Keys.INTERACTION_SK.equals(Attrs.string(i, Keys.SK)))
                .findFirst().orElse(null);
        if (main == null) {
            return;
        }
        boolean sole = true;
        for (AttributeValue participant : main.getOrDefault("participants", AttributeValue.fromL(List.of())).l()) {
            Map<String, AttributeValue> p = participant.m();
            boolean persons = mask.isPersonsAddress(Attrs.string(p, "email")) || mask.contactId().equals(Attrs.string(p, "contactId"));
            sole &= persons;
        }
        Set<String> owners = new LinkedHashSet<>();
        for (AttributeValue link : main.getOrDefault("links", AttributeValue.fromL(List.of())).l()) {
            Optional.ofNullable(Attrs.string(link.m(), "contactId")).ifPresent(c -> owners.add(Keys.contact(c)));
            Optional.ofNullable(Attrs.string(link.m(), "accountId")).ifPresent(a -> owners.add(Keys.account(a)));
        }
        owners.remove(contactOwner);
        Instant occurredAt = Attrs.instant(main, "occurredAt");
        String lineSk = Keys.timelineSk(occurredAt, id);
        String threadKey = Attrs.string(main, "threadKey");
        Optional.ofNullable(Attrs.string(main, "rawMailKey")).ifPresent(plan.objects::add);
        List<String> threadCopies = new ArrayList<>();
        Map<String, AttributeValue> followUp = null;
        for (Map<String, AttributeValue> item : items) {
            String sk = Attrs.string(item, Keys.SK);
            if (sk.startsWith(THREAD_COPY_PREFIX)) {
                threadCopies.add(sk.substring(THREAD_COPY_PREFIX.length()));
            } else if (sk.equals(Keys.FOLLOW_UP_SK)) {
                followUp = item;
            }
        }
        if (sole) {
            for (AttributeValue attachment : main.getOrDefault("attachments", AttributeValue.fromL(List.of())).l()) {
                Optional.ofNullable(Attrs.string(attachment.m(), "key")).ifPresent(plan.objects::add);
            }
            items.forEach(item -> delete(plan, pk, Attrs.string(item, Keys.SK)));
            owners.forEach(o -> delete(plan, o, lineSk));
            if (threadKey != null) {
                delete(plan, Keys.thread(threadKey), pk);
            }
            threadCopies.forEach(other -> delete(plan, Keys.interaction(other), THREAD_COPY_PREFIX + id));
            for (String copy : followUpCopies(followUp)) {
                delete(plan, copy, Keys.awaitingReplySk(id));
            }
            String salesforceId = Attrs.string(main, Items.SALESFORCE_ID);
            if (salesforceId != null) {
                delete(plan, Keys.salesforce(salesforceId), Keys.SALESFORCE_SK);
                tombstone(plan, salesforceId);
            }
            plan.count(Attrs.bool(main, "unresolved") ? "unresolvedMails" : "interactionsDeleted");
            return;
        }
        for (Map<String, AttributeValue> item : items) {
            String sk = Attrs.string(item, Keys.SK);
            boolean isMain = sk.equals(Keys.INTERACTION_SK);
            if (!isMain && mask.keysName(item)) {
                delete(plan, pk, sk);
                continue;
            }
            Map<String, AttributeValue> masked = mask.masked(item);
            if (masked == null && !isMain) {
                continue;
            }
            Map<String, AttributeValue> kept = new java.util.HashMap<>(masked == null ? item : masked);
            if (isMain) {
                // the raw mail is deleted: the masked, parsed copy is what stays
                kept.remove("rawMailKey");
            } else if (sk.startsWith("NAME#") && !kept.equals(item)) {
                // a subject search entry that named the person: its key holds the name, it goes
                delete(plan, pk, sk);
                continue;
            }
            put(plan, kept);
        }
        for (String other : owners) {
            maskItem(plan, mask, other, lineSk);
        }
        if (threadKey != null) {
            maskItem(plan, mask, Keys.thread(threadKey), pk);
        }
        threadCopies.forEach(other -> maskItem(plan, mask, Keys.interaction(other), THREAD_COPY_PREFIX + id));
        for (String copy : followUpCopies(followUp)) {
            if (copy.equals(Keys.awaitingReply("CONTACT", mask.contactId())) || mask.names(copy)) {
                delete(plan, copy, Keys.awaitingReplySk(id));
            } else {
                maskItem(plan, mask, copy, Keys.awaitingReplySk(id));
            }
        }
        plan.count("interactionsMasked");
    }

    private static List<String> followUpCopies(Map<String, AttributeValue> followUp) {
        List<String> keys = new ArrayList<>();
        if (followUp != null) {
            Attrs.strings(followUp, "contactIds").forEach(c -> keys.add(Keys.awaitingReply("CONTACT", c)));
            Attrs.strings(followUp, "accountIds").forEach(a -> keys.add(Keys.awaitingReply("ACCOUNT", a)));
            Attrs.strings(followUp, "addresses").forEach(a -> keys.add(Keys.awaitingReply("EMAIL", a)));
        }
        return keys;
    }

    /** A task stays: the link to the person goes and its text is masked, on the task and every copy and line. */
    private void task(String taskId, String lineSk, PersonMask mask, Plan plan) {
        String pk = Keys.task(taskId);
        List<Map<String, AttributeValue>> items = all(Table.KeyQuery.partition(null, Keys.PK, pk));
        Map<String, AttributeValue> main = items.stream().filter(i -> Keys.TASK_SK.equals(Attrs.string(i, Keys.SK)))
                .findFirst().orElse(null);
        if (main == null) {
            return;
        }
        items.forEach(item -> maskItem(plan, mask, item));
        String accountId = Attrs.string(main, "accountId");
        if (accountId != null) {
            maskItem(plan, mask, Keys.account(accountId), Keys.accountTaskSk(taskId));
            maskItem(plan, mask, Keys.account(accountId), lineSk);
        }
        plan.count("tasksUnlinked");
    }

    /** Quarantined mail from or to the person: the quarantine holds 30 days of mail, read through its own index. */
    private void quarantine(PersonMask mask, Plan plan) {
        for (Map<String, AttributeValue> item : all(Table.KeyQuery.partition(Keys.GSI1, Keys.GSI1_PK, Keys.QUARANTINE))) {
            // by address only: another person of the same first name keeps their mail
            boolean theirs = mask.mentionsAddress(Attrs.string(item, "from"))
                    || Attrs.strings(item, "recipients").stream().anyMatch(mask::isPersonsAddress);
            if (theirs) {
                Optional.ofNullable(Attrs.string(item, "rawMailKey")).ifPresent(plan.objects::add);
                delete(plan, Attrs.string(item, Keys.PK), Attrs.string(item, Keys.SK));
                plan.count("quarantinedMails");
            }
        }
    }

    private void maskItem(Plan plan, PersonMask mask, String pk, String sk) {
        table.get(pk, sk).ifPresent(item -> maskItem(plan, mask, item));
    }

    private void maskItem(Plan plan, PersonMask mask, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> masked = mask.masked(item);
        if (masked != null) {
            put(plan, masked);
        }
    }

    private void tombstone(Plan plan, String salesforceId) {
        if (salesforceId != null) {
            put(plan, tombstoneItem(salesforceId));
        }
    }

    private static Map<String, AttributeValue> tombstoneItem(String salesforceId) {
        Map<String, AttributeValue> item = new java.util.HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.erased(salesforceIdHash(salesforceId))));
        item.put(Keys.SK, Attrs.s(Keys.ERASED_SK));
        item.put(Items.ENTITY, Attrs.s("ERASED"));
        return item;
    }

    private void delete(Plan plan, String pk, String sk) {
        String key = pk + "\u001f" + sk;
        plan.actions.put(key, writes.delete(pk, sk, Condition.NONE));
        plan.sizes.put(key, (long) key.length() + 100);
    }

    private void put(Plan plan, Map<String, AttributeValue> item) {
        String key = Attrs.string(item, Keys.PK) + "\u001f" + Attrs.string(item, Keys.SK);
        plan.actions.put(key, writes.put(item, Condition.NONE));
        plan.sizes.put(key, size(item) + 100);
    }

    /** Runs the planned actions in transactions of at most 100 actions and 3.5 MB; each is a plain put or delete, so a repeat is harmless. */
    private void flush(Plan plan) {
        List<TransactWriteItem> batch = new ArrayList<>();
        long bytes = 0;
        int deleted = 0;
        int written = 0;
        for (Map.Entry<String, TransactWriteItem> action : plan.actions.entrySet()) {
            long size = plan.sizes.get(action.getKey());
            if (batch.size() == Table.MAX_TRANSACTION_ACTIONS || bytes + size > MAX_TRANSACTION_BYTES) {
                table.transact(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(action.getValue());
            bytes += size;
            if (action.getValue().delete() != null) {
                deleted++;
            } else {
                written++;
            }
        }
        if (!batch.isEmpty()) {
            table.transact(batch);
        }
        plan.counts.put("itemsDeleted", deleted);
        plan.counts.put("itemsMasked", written);
    }

    private static long size(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += attribute.getKey().length() + size(attribute.getValue());
        }
        return size;
    }

    private static long size(AttributeValue value) {
        if (value.s() != null) {
            return value.s().getBytes(StandardCharsets.UTF_8).length;
        }
        if (value.hasL()) {
            return value.l().stream().mapToLong(PersonStore::size).sum() + 3;
        }
        if (value.hasM()) {
            return size(value.m()) + 3;
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToLong(s -> s.length() + 1L).sum();
        }
        return 16;
    }
}
