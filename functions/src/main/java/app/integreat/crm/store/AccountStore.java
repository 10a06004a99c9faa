package app.integreat.crm.store;

import app.integreat.crm.core.Account;
import app.integreat.crm.core.AccountDetail;
import app.integreat.crm.core.AccountType;
import app.integreat.crm.core.Contact;
import app.integreat.crm.core.CrmException;
import app.integreat.crm.core.Page;
import app.integreat.crm.core.PageRequest;
import app.integreat.crm.core.SearchText;
import app.integreat.crm.store.Writes.Condition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Accounts. An account's item collection (pk ACCOUNT#id) holds the account and a copy of each of its
 * contacts, so the detail page is one Query. The account item counts its contacts ({@code contactCount},
 * kept by the contact transactions), which lets a delete refuse atomically while contacts remain.
 */
public final class AccountStore {
    static final String CONTACT_COUNT = "contactCount";

    private final Table table;
    private final Writes writes;

    public AccountStore(Table table) {
        this.table = table;
        this.writes = new Writes(table.name());
    }

    public Optional<Account> get(String id) {
        return table.get(Keys.account(id), Keys.ACCOUNT_SK).map(Items::account);
    }

    public Optional<AccountDetail> detail(String id) {
        List<Map<String, AttributeValue>> items = table.queryAll(
                Table.KeyQuery.partition(null, Keys.PK, Keys.account(id)).withSk(Keys.SK, "<", Keys.DETAIL_UPPER_BOUND));
        Account account = null;
        List<Contact> contacts = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String entity = Items.entity(item);
            if ("ACCOUNT".equals(entity)) {
                account = Items.account(item);
            } else if ("CONTACT".equals(entity)) {
                contacts.add(Items.contact(item));
            }
        }
        if (account == null) {
            return Optional.empty();
        }
        contacts.sort(Comparator.comparing((Contact c) -> SearchText.normalize(c.sortName())).thenComparing(Contact::id));
        return Optional.of(new AccountDetail(account, List.copyOf(contacts)));
    }

    public void create(Account account) {
        Map<String, AttributeValue> fields = Items.accountFields(account);
        Map<String, AttributeValue> item = Items.withKeys(fields, Keys.account(account.id()), Keys.ACCOUNT_SK);
        item.put(CONTACT_COUNT, Attrs.n(0));
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(item, Condition.notExists()));
        actions.addAll(nameItems(null, account));
        table.transact(actions);
    }

    public void update(Account before, Account after) {
        Map<String, AttributeValue> fields = Items.accountFields(after);
        List<String> cleared = Items.ACCOUNT_OPTIONAL.stream().filter(field -> !fields.containsKey(field)).toList();
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.setFields(Keys.account(after.id()), Keys.ACCOUNT_SK, fields, cleared, Condition.version(before.version())));
        actions.addAll(nameItems(before, after));
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (get(after.id()).isEmpty()) {
                throw CrmException.notFound("Account", after.id());
            }
            throw CrmException.stale("account");
        }
    }

    private List<TransactWriteItem> nameItems(Account before, Account after) {
        Account current = after != null ? after : before;
        return NameIndex.actions(writes, Keys.account(current.id()), current.id(),
                before == null ? null : before.name(), after == null ? null : after.name(),
                after == null ? Map.of() : Items.accountFields(after),
                new NameIndex.Partitions(Keys.ACCOUNT_NAMES, Keys.accountNamesOfType(current.type())));
    }

    /** Deletes the account as it was read, if it has no contacts and nobody changed it since. */
    public void delete(Account account) {
        Condition condition = new Condition("#version = :expectedVersion AND " + CONTACT_COUNT + " = :zero",
                Map.of("#version", "version"), Map.of(":zero", Attrs.n(0), ":expectedVersion", Attrs.n(account.version())));
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.delete(Keys.account(account.id()), Keys.ACCOUNT_SK, condition));
        actions.addAll(nameItems(account, null));
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            Map<String, AttributeValue> current = table.get(Keys.account(account.id()), Keys.ACCOUNT_SK)
                    .orElseThrow(() -> CrmException.notFound("Account", account.id()));
            if (Attrs.number(current, "version") != account.version()) {
                throw CrmException.stale("account");
            }
            long contacts = Attrs.number(current, CONTACT_COUNT);
            throw new CrmException(CrmException.Kind.CONFLICT,
                    "The account still has " + contacts + " contact(s). Delete them or move them to another account first.",
                    List.of(), Map.of("contactCount", contacts));
        }
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
        if (searching) {
            query = query.withSk(type == null ? Keys.GSI1_SK : Keys.GSI2_SK, "begins_with", search);
        }
        Page<Account> found = table.queryPage(query, page, Items::account);
        return searching ? distinct(found, Account::id) : found;
    }

    /** A name with two matching words is found twice; a page shows it once. */
    static <T> Page<T> distinct(Page<T> page, java.util.function.Function<T, String> id) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return new Page<>(page.items().stream().filter(item -> seen.add(id.apply(item))).toList(), page.nextCursor());
    }
}
