package app.integreat.crm.core;

import app.integreat.crm.model.FreeMailDomains;
import app.integreat.crm.store.AccountStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The account an address's domain belongs to, for one mail: the domain itself, else its parent domains
 * ("poststelle@rathaus.augsburg.de" reaches the account of augsburg.de), the most specific claim deciding.
 * One Query (of at most two items) per label suffix, at most {@link #MAX_SUFFIXES} per domain, and each
 * domain asked once per mail, however many recipients share it. Domains are normalized already (lower case,
 * Unicode form of internationalised ones, see EmailAddress).
 */
final class DomainAccounts {
    /** Suffixes tried per domain: a.b.c.stadt.de tries a.b.c.stadt.de, b.c.stadt.de, c.stadt.de, stadt.de. */
    static final int MAX_SUFFIXES = 4;

    private final AccountStore accounts;
    private final Map<String, Optional<String>> known = new HashMap<>();

    DomainAccounts(AccountStore accounts) {
        this.accounts = accounts;
    }

    /** The only account claiming the domain or, when none claims it, its nearest parent; empty when none or two. */
    Optional<String> accountOf(String domain) {
        Optional<String> cached = known.get(domain);
        if (cached != null) {
            return cached;
        }
        Optional<String> found = Optional.empty();
        String suffix = domain;
        for (int tried = 0; tried < MAX_SUFFIXES && suffix != null && !FreeMailDomains.isFreeMail(suffix); tried++) {
            AccountStore.DomainClaim claim = accounts.claimOfDomain(suffix);
            if (claim.claimed()) {
                // two accounts on one domain say nothing about which one the mail belongs to, nor does their parent
                found = claim.accountId();
                break;
            }
            suffix = parent(suffix);
        }
        known.put(domain, found);
        return found;
    }

    /** The domain one label up, or null at two labels (a top-level domain names no organisation). */
    static String parent(String domain) {
        int dot = domain.indexOf('.');
        String rest = dot < 0 ? null : domain.substring(dot + 1);
        return rest == null || rest.indexOf('.') < 0 ? null : rest;
    }
}
