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
        Map<String, AttributeValue> item = Items.withKeys(Items.accountFields(account), Keys.account(account.id()), Keys.ACCOUNT_SK);
        item.put(CONTACT_COUNT, Attrs.n(0));
        table.transact(List.of(writes.put(item, Condition.notExists())));
    }

    public void update(Account account, long expectedVersion) {
        List<String> cleared = Items.ACCOUNT_OPTIONAL.stream().filter(field -> !Items.accountFields(account).containsKey(field)).toList();
        try {
            table.transact(List.of(writes.setFields(Keys.account(account.id()), Keys.ACCOUNT_SK,
                    Items.accountFields(account), cleared, Condition.version(expectedVersion))));
        } catch (Table.TransactionFailed e) {
            if (get(account.id()).isEmpty()) {
                throw CrmException.notFound("Account", account.id());
            }
            throw CrmException.stale("account");
        }
    }

    /** Deletes the account if it has no contacts (and, when given, still has {@code expectedVersion}). */
    public void delete(String id, Long expectedVersion) {
        String condition = "attribute_exists(pk) AND " + CONTACT_COUNT + " = :zero"
                + (expectedVersion == null ? "" : " AND #version = :expectedVersion");
        Map<String, AttributeValue> values = expectedVersion == null
                ? Map.of(":zero", Attrs.n(0))
                : Map.of(":zero", Attrs.n(0), ":expectedVersion", Attrs.n(expectedVersion));
        Map<String, String> names = expectedVersion == null ? Map.of() : Map.of("#version", "version");
        try {
            table.transact(List.of(writes.delete(Keys.account(id), Keys.ACCOUNT_SK, new Condition(condition, names, values))));
        } catch (Table.TransactionFailed e) {
            Map<String, AttributeValue> current = table.get(Keys.account(id), Keys.ACCOUNT_SK)
                    .orElseThrow(() -> CrmException.notFound("Account", id));
            if (expectedVersion != null && Attrs.number(current, "version") != expectedVersion) {
                throw CrmException.stale("account");
            }
            long contacts = Attrs.number(current, CONTACT_COUNT);
            throw new CrmException(CrmException.Kind.CONFLICT,
                    "The account still has " + contacts + " contact(s). Delete them or move them to another account first.",
                    List.of(), Map.of("contactCount", contacts));
        }
    }

    /** Accounts by name, optionally of one type and with a name prefix (already normalized). */
    public Page<Account> list(AccountType type, String namePrefix, PageRequest page) {
        Table.KeyQuery query = type == null
                ? Table.KeyQuery.partition(Keys.GSI1, Keys.GSI1_PK, Keys.ACCOUNTS)
                : Table.KeyQuery.partition(Keys.GSI2, Keys.GSI2_PK, Keys.accountsOfType(type));
        if (namePrefix != null && !namePrefix.isEmpty()) {
            query = query.withSk(type == null ? Keys.GSI1_SK : Keys.GSI2_SK, "begins_with", namePrefix);
        }
        return table.queryPage(query, page, Items::account);
    }
}
