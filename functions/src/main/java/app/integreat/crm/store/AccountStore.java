package app.integreat.crm.store;

import app.integreat.crm.model.Account;
import app.integreat.crm.model.AccountDetail;
import app.integreat.crm.model.AccountType;
import app.integreat.crm.model.Contact;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.DuplicateKey;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.SearchText;
import app.integreat.crm.store.Writes.Condition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Accounts. An account's item collection (pk ACCOUNT#id) holds the account, its notes and a copy of
 * each of its contacts, so the detail page is one Query. The account item counts its contacts
 * ({@code contactCount}, kept by the contact transactions), which lets a delete refuse atomically
 * while contacts remain.
 */
public final class AccountStore {
    static final String CONTACT_COUNT = "contactCount";
    /** On a merged-away account's item while its merge still moves its records (MergeStore): the account reads as gone. */
    static final String MERGED_INTO = "mergedInto";
    /** The detail page shows this many contacts at most; GET /contacts?accountId= lists them all. */
    public static final int DETAIL_CONTACTS = 200;
    /**
     * The detail page reads this many opportunity copies (ACCOUNTOPP#, between the notes and the
     * contacts) at most; a municipality has a handful. GET /opportunities?accountId= lists them all.
     */
    public static final int DETAIL_OPPORTUNITIES = 50;

    private final Table table;
    private final Writes writes;
    private final Timeline timeline;
    private final DuplicateIndex duplicates;

    public AccountStore(Table table) {
        this.table = table;
        this.writes = new Writes(table.name());
        this.timeline = new Timeline(table);
        this.duplicates = DuplicateIndex.accounts(table);
    }

    /** The account with its notes: one Query of ACCOUNT and ACCOUNTNOTES. */
    public Optional<Account> get(String id) {
        return WithNotes.read(table, Keys.account(id), Keys.ACCOUNT_SK, Keys.ACCOUNT_NOTES_SK)
                .filter(found -> !found.record().containsKey(MERGED_INTO))
                .map(found -> Items.account(found.record(), found.notes()));
    }

    /** Whether the account exists, without its notes: one GetItem. */
    public boolean exists(String id) {
        return table.get(Keys.account(id), Keys.ACCOUNT_SK).filter(item -> !item.containsKey(MERGED_INTO)).isPresent();
    }

    public Optional<AccountDetail> detail(String id) {
        List<Map<String, AttributeValue>> items = table.queryFirst(
                Table.KeyQuery.partition(null, Keys.PK, Keys.account(id)).withSk(Keys.SK, "<", Keys.DETAIL_UPPER_BOUND),
                2 + DETAIL_OPPORTUNITIES + DETAIL_CONTACTS);
        Optional<Account> account = WithNotes.find(items, Keys.ACCOUNT_SK, Keys.ACCOUNT_NOTES_SK)
                .filter(found -> !found.record().containsKey(MERGED_INTO))
                .map(found -> Items.account(found.record(), found.notes()));
        if (account.isEmpty()) {
            return Optional.empty();
        }
        List<Contact> contacts = new ArrayList<>();
        List<Opportunity> opportunities = new ArrayList<>();
        long contactCount = 0;
        for (Map<String, AttributeValue> item : items) {
            if (OpportunityStore.isLink(item)) {
                if (opportunities.size() < DETAIL_OPPORTUNITIES) {
                    opportunities.add(OpportunityStore.link(item));
                }
            } else if ("CONTACT".equals(Items.entity(item))) {
                contacts.add(Items.contact(item));
            } else if ("ACCOUNT".equals(Items.entity(item))) {
                contactCount = Attrs.number(item, CONTACT_COUNT);
            }
        }
        contacts.sort(Comparator.comparing((Contact c) -> SearchText.normalize(c.sortName())).thenComparing(Contact::id));
        if (contacts.size() > DETAIL_CONTACTS) {
            contacts = contacts.subList(0, DETAIL_CONTACTS);
        }
        return Optional.of(new AccountDetail(account.get(), List.copyOf(contacts), contactCount, List.copyOf(opportunities)));
    }

    public void create(Account account) {
        transactWithKeys(() -> createActions(account), null, account);
    }

    /**
     * Runs an account's transaction with its duplicate candidate keys appended (their items read
     * just before); when only a key item changed in between, reads and tries again.
     */
    private void transactWithKeys(java.util.function.Supplier<List<TransactWriteItem>> build, Account before, Account after) {
        for (int attempt = 1; ; attempt++) {
            List<TransactWriteItem> actions = new ArrayList<>(build.get());
            int firstDuplicateKey = actions.size();
            actions.addAll(duplicateKeys(before, after));
            try {
                table.transact(actions);
                return;
            } catch (Table.TransactionFailed e) {
                if (attempt == DuplicateIndex.ATTEMPTS || !DuplicateIndex.lostOnKeys(e, firstDuplicateKey, attempt)) {
                    throw e;
                }
            }
        }
    }

    /** The account's duplicate candidate keys, moved from {@code before} to {@code after} (either null). */
    List<TransactWriteItem> duplicateKeys(Account before, Account after) {
        Account current = after != null ? after : before;
        return duplicates.actions(current.id(), before == null ? java.util.Set.of() : DuplicateKey.ofAccount(before),
                after == null ? java.util.Set.of() : DuplicateKey.ofAccount(after),
                after == null ? null : DuplicateIndex.entry(after.name(), null, after.type().name()));
    }

    /** The transaction that creates an account; package-private for bulk loads of test and benchmark tables. */
    List<TransactWriteItem> createActions(Account account) {
        String pk = Keys.account(account.id());
        Map<String, AttributeValue> item = Items.withKeys(Items.accountFields(account), pk, Keys.ACCOUNT_SK);
        item.put(CONTACT_COUNT, Attrs.n(0));
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(item, Condition.notExists()));
        actions.addAll(writes.notes(pk, Keys.ACCOUNT_NOTES_SK, null, account.notes()));
        actions.addAll(nameItems(null, account));
        actions.addAll(domainItems(null, account));
        actions.add(timeline.anchorAction(Timeline.ofAccount(account.id())));
        return actions;
    }

    public void update(Account before, Account after) {
        try {
            transactWithKeys(() -> updateActions(before, after), before, after);
        } catch (Table.TransactionFailed e) {
            if (!exists(after.id())) {
                throw CrmException.notFound("Account", after.id());
            }
            throw CrmException.stale("account");
        }
    }

    /** The transaction that changes an account as read ({@code before}, whose version is its condition). */
    List<TransactWriteItem> updateActions(Account before, Account after) {
        String pk = Keys.account(after.id());
        Map<String, AttributeValue> fields = Items.accountFields(after);
        List<String> cleared = Items.ACCOUNT_OPTIONAL.stream().filter(field -> !fields.containsKey(field)).toList();
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.setFields(pk, Keys.ACCOUNT_SK, fields, cleared, Condition.version(before.version())));
        actions.addAll(writes.notes(pk, Keys.ACCOUNT_NOTES_SK, before.notes(), after.notes()));
        actions.addAll(nameItems(before, after));
        actions.addAll(domainItems(before, after));
        return actions;
    }

    /** Deletes the account as it was read, if it has no contacts and nobody changed it since. */
    public void delete(Account account) {
        String pk = Keys.account(account.id());
        // opportunities link accounts too (AccountSummary counts them); an account created before them has no counter
        Condition condition = new Condition("#version = :expectedVersion AND " + CONTACT_COUNT + " = :zero AND (attribute_not_exists("
                + AccountSummary.OPPORTUNITY_COUNT + ") OR " + AccountSummary.OPPORTUNITY_COUNT + " = :zero)",
                Map.of("#version", "version"), Map.of(":zero", Attrs.n(0), ":expectedVersion", Attrs.n(account.version())));
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.delete(pk, Keys.ACCOUNT_SK, condition));
        actions.addAll(writes.notes(pk, Keys.ACCOUNT_NOTES_SK, account.notes(), null));
        if (timeline.hasHistory(Timeline.ofAccount(account.id()))) {
            throw CrmException.of(CrmException.Kind.CONFLICT,
                    "Interactions or tasks are logged on this account; its history stays, so it cannot be deleted.");
        }
        actions.addAll(nameItems(account, null));
        actions.addAll(domainItems(account, null));
        actions.add(timeline.removeAnchorAction(Timeline.ofAccount(account.id())));
        try {
            transactWithKeys(() -> actions, account, null);
        } catch (Table.TransactionFailed e) {
            Map<String, AttributeValue> current = table.get(pk, Keys.ACCOUNT_SK)
                    .orElseThrow(() -> CrmException.notFound("Account", account.id()));
            if (Attrs.number(current, "version") != account.version()) {
                throw CrmException.stale("account");
            }
            long contacts = Attrs.number(current, CONTACT_COUNT);
            long opportunities = Attrs.number(current, AccountSummary.OPPORTUNITY_COUNT);
            if (contacts == 0 && opportunities > 0) {
                throw new CrmException(CrmException.Kind.CONFLICT, "The account still has " + opportunities
                        + " opportunity(ies). Delete them first; closed ones keep the account's history.",
                        List.of(), Map.of("opportunityCount", opportunities));
            }
            throw new CrmException(CrmException.Kind.CONFLICT,
                    "The account still has " + contacts + " contact(s). Delete them or move them to another account first.",
                    List.of(), Map.of("contactCount", contacts));
        }
    }

    // ---- a merge (MergeStore): the merged-away account's item stays, marked, until its contacts, tasks and
    // opportunities have left it (their counters and summaries live on it), and its undo puts it back empty

    /**
     * The merged-away account marked (it reads as gone and leaves the lists), conditioned on the version the merge
     * was asked for, and its domain claims gone: the kept account claims them in the same transaction.
     */
    List<TransactWriteItem> mergedAwayActions(Account from, String keptId) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.setFields(Keys.account(from.id()), Keys.ACCOUNT_SK, Map.of(MERGED_INTO, Attrs.s(keptId)),
                List.of(Keys.GSI1_PK, Keys.GSI1_SK, Keys.GSI2_PK, Keys.GSI2_SK), Condition.version(from.version())));
        actions.addAll(domainItems(from, null));
        return actions;
    }

    /** The merged-away account's item, once nothing is left on it. */
    TransactWriteItem removeMergedAction(String fromId) {
        return writes.delete(Keys.account(fromId), Keys.ACCOUNT_SK, Condition.NONE);
    }

    /** The restored account's item without contacts or opportunities (they come back one by one), and its domain claims. */
    List<TransactWriteItem> restoredActions(Account from) {
        Map<String, AttributeValue> item = Items.withKeys(Items.accountFields(from), Keys.account(from.id()), Keys.ACCOUNT_SK);
        item.put(CONTACT_COUNT, Attrs.n(0));
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(item, Condition.notExists()));
        actions.addAll(domainItems(null, from));
        return actions;
    }

    /** The merged-away account's notes, name items and timeline anchor; with {@code restore}, brought back. */
    List<TransactWriteItem> restActions(Account account, boolean restore) {
        String pk = Keys.account(account.id());
        List<TransactWriteItem> actions = new ArrayList<>(writes.notes(pk, Keys.ACCOUNT_NOTES_SK,
                restore ? null : account.notes(), restore ? account.notes() : null));
        actions.addAll(restore ? nameItems(null, account) : nameItems(account, null));
        actions.add(restore ? timeline.anchorAction(Timeline.ofAccount(account.id()))
                : timeline.removeAnchorAction(Timeline.ofAccount(account.id())));
        return actions;
    }

    /** The account's claims on email domains: one item per domain, under the domain. */
    private List<TransactWriteItem> domainItems(Account before, Account after) {
        List<String> old = before == null ? List.of() : before.emailDomains();
        List<String> now = after == null ? List.of() : after.emailDomains();
        String id = (after != null ? after : before).id();
        List<TransactWriteItem> actions = new ArrayList<>();
        for (String domain : old) {
            if (!now.contains(domain)) {
                actions.add(writes.delete(Keys.domain(domain), Keys.account(id), Condition.NONE));
            }
        }
        for (String domain : now) {
            if (!old.contains(domain)) {
                Map<String, AttributeValue> item = new java.util.HashMap<>();
                item.put(Keys.PK, Attrs.s(Keys.domain(domain)));
                item.put(Keys.SK, Attrs.s(Keys.account(id)));
                item.put(Items.ENTITY, Attrs.s("DOMAIN"));
                item.put("accountId", Attrs.s(id));
                actions.add(writes.put(item, Condition.NONE));
            }
        }
        return actions;
    }

    /** Whether any account claims a domain, and the account when exactly one does. */
    public record DomainClaim(boolean claimed, Optional<String> accountId) {
    }

    /**
     * Who claims a domain: one Query reading at most two items, since a domain that two accounts claim says
     * nothing about which one a mail belongs to (and a nearer claim must not give way to a parent's).
     */
    public DomainClaim claimOfDomain(String domain) {
        List<Map<String, AttributeValue>> items = table.queryFirst(
                Table.KeyQuery.partition(null, Keys.PK, Keys.domain(domain)), 2);
        return new DomainClaim(!items.isEmpty(),
                items.size() == 1 ? Optional.of(Attrs.string(items.get(0), "accountId")) : Optional.empty());
    }

    private List<TransactWriteItem> nameItems(Account before, Account after) {
        Account current = after != null ? after : before;
        return NameIndex.actions(writes, Keys.account(current.id()), current.id(),
                before == null ? null : before.name(), after == null ? null : after.name(),
                after == null ? Map.of() : Items.accountFields(after),
                new NameIndex.Partitions(Keys.ACCOUNT_NAMES, Keys.accountNamesOfType(current.type())));
    }

    /**
     * Accounts sorted by name, optionally of one type. With a search text (already normalized) the
     * name index answers instead: accounts with a word of their name starting with it.
     */
    public Page<Account> list(AccountType type, String search, PageRequest page) {
        boolean searching = search != null && !search.isEmpty();
        String partition = searching
                ? (type == null ? Keys.ACCOUNT_NAMES : Keys.accountNamesOfType(type))
                : (type == null ? Keys.ACCOUNTS : Keys.accountsOfType(type));
        Table.KeyQuery query = type == null
                ? Table.KeyQuery.partition(Keys.GSI1, Keys.GSI1_PK, partition)
                : Table.KeyQuery.partition(Keys.GSI2, Keys.GSI2_PK, partition);
        if (!searching) {
            return table.queryPage(query, page, Items::account);
        }
        query = query.withSk(type == null ? Keys.GSI1_SK : Keys.GSI2_SK, "begins_with", search);
        return table.queryPage(query, page, 0, item -> NameIndex.isFirstMatch(item, Attrs.string(item, "name"), search),
                Items::account);
    }

    /** One page of the duplicate candidates: keys that two or more accounts share (one Query). */
    public Page<app.integreat.crm.model.DuplicateGroup> duplicates(PageRequest page) {
        return duplicates.page(page);
    }
}
