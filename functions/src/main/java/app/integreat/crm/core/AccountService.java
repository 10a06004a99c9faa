package app.integreat.crm.core;

import app.integreat.crm.model.Account;
import app.integreat.crm.model.AccountDetail;
import app.integreat.crm.model.AccountType;
import app.integreat.crm.model.Address;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.EmailAddress;
import app.integreat.crm.model.FreeMailDomains;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.SearchText;
import app.integreat.crm.store.AccountStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Accounts: validation and rules; the store keeps the invariants atomic. */
public final class AccountService {
    private static final String[] READ_ONLY = {"createdAt", "updatedAt", "version", "contacts", "contactCount", "opportunities"};

    private final AccountStore accounts;
    private final Clock clock;
    private final Ids ids;

    private BackgroundWork work;

    public AccountService(AccountStore accounts, Clock clock, Ids ids) {
        this.accounts = accounts;
        this.clock = clock;
        this.ids = ids;
    }

    /** Where linking a new domain's waiting mails goes (set once by Services). */
    public void useWork(BackgroundWork work) {
        this.work = work;
    }

    public Account create(Map<String, Object> body) {
        Input in = Input.of(body);
        String name = in.text("name", Limits.NAME, true);
        AccountType type = in.enumValue("type", AccountType.class, true);
        String website = in.url("website", Limits.URL);
        String phone = in.text("phone", Limits.PHONE, false);
        Address address = address(in, null);
        List<String> domains = emailDomains(in);
        String notes = in.text("notes", Limits.NOTES, false);
        in.finish();
        Instant now = clock.instant();
        Account account = new Account(ids.next(), name, type, website, phone, address, domains, notes, now, now, 1, null);
        accounts.create(account);
        if (!domains.isEmpty()) {
            // the mails that waited for these domains come to the account
            work.start(InteractionService.LINK_DOMAIN_MAILS, account.id());
        }
        return account;
    }

    public AccountDetail detail(String id) {
        return accounts.detail(id).orElseThrow(() -> CrmException.notFound("Account", id));
    }

    public Account update(String id, long expectedVersion, Map<String, Object> body) {
        Account current = accounts.get(id).orElseThrow(() -> CrmException.notFound("Account", id));
        if (current.version() != expectedVersion) {
            throw CrmException.stale("account");
        }
        Input in = Input.of(body).ignoring(READ_ONLY);
        in.readOnly("id", current.id());
        String name = in.has("name") ? in.text("name", Limits.NAME, true) : current.name();
        AccountType type = in.has("type") ? in.enumValue("type", AccountType.class, true) : current.type();
        String website = in.has("website") ? in.url("website", Limits.URL) : current.website();
        String phone = in.has("phone") ? in.text("phone", Limits.PHONE, false) : current.phone();
        Address address = in.has("address") ? address(in, current.address()) : current.address();
        List<String> domains = in.has("emailDomains") ? emailDomains(in) : current.emailDomains();
        String notes = in.has("notes") ? in.text("notes", Limits.NOTES, false) : current.notes();
        in.finish();
        Account updated = new Account(id, name, type, website, phone, address, domains, notes, current.createdAt(),
                clock.instant(), current.version() + 1, current.salesforceId());
        accounts.update(current, updated);
        if (!current.emailDomains().containsAll(domains)) {
            work.start(InteractionService.LINK_DOMAIN_MAILS, id);
        }
        return updated;
    }

    public void delete(String id, long expectedVersion) {
        Account current = accounts.get(id).orElseThrow(() -> CrmException.notFound("Account", id));
        if (current.version() != expectedVersion) {
            throw CrmException.stale("account");
        }
        accounts.delete(current);
    }

    public Page<Account> list(String type, String query, PageRequest page) {
        AccountType accountType = null;
        if (type != null && !type.isBlank()) {
            try {
                accountType = AccountType.valueOf(type.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CrmException.badParameter("type", "must be one of " + java.util.List.of(AccountType.values()));
            }
        }
        return accounts.list(accountType, SearchText.normalize(query), page);
    }

    /** Domains, lower-case and without duplicates; free-mail domains are refused, as they name no organisation. */
    private static List<String> emailDomains(Input in) {
        List<String> raw = in.texts("emailDomains", Limits.DOMAINS_PER_ACCOUNT, Limits.DOMAIN);
        if (raw == null) {
            return List.of();
        }
        java.util.LinkedHashSet<String> domains = new java.util.LinkedHashSet<>();
        for (String value : raw) {
            String domain = EmailAddress.domainOf("x@" + value.trim().replaceFirst("^@", ""));
            if (domain == null) {
                in.error("emailDomains", "\"" + value + "\" is not a domain such as augsburg.de");
            } else if (FreeMailDomains.isFreeMail(domain)) {
                in.error("emailDomains", domain + " is a free-mail domain; it cannot stand for one organisation");
            } else {
                domains.add(domain);
            }
        }
        return List.copyOf(domains);
    }

    /** The address object; in a PATCH its fields merge into the current address. */
    private static Address address(Input in, Address current) {
        Input a = in.object("address");
        if (a == null) {
            return null;
        }
        Address base = current == null ? new Address(null, null, null, null, null) : current;
        Address address = new Address(
                a.has("street") ? a.text("street", Limits.SHORT_TEXT, false) : base.street(),
                a.has("postalCode") ? a.text("postalCode", Limits.POSTAL_CODE, false) : base.postalCode(),
                a.has("city") ? a.text("city", Limits.SHORT_TEXT, false) : base.city(),
                a.has("state") ? a.text("state", Limits.SHORT_TEXT, false) : base.state(),
                a.has("country") ? a.text("country", Limits.SHORT_TEXT, false) : base.country());
        a.finishNested();
        return address.isEmpty() ? null : address;
    }

    /** Pairs of accounts that may be the same, by the keys they share. */
    public Page<app.integreat.crm.model.DuplicateGroup> duplicates(PageRequest page) {
        return accounts.duplicates(page);
    }
}
