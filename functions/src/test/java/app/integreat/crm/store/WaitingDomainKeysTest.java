package app.integreat.crm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The domain index of waiting items (gsi1, docs/data-model.md "Waiting by domain"): a domain and its
 * sub-domains share the partition of their last two labels, and a domain's own key range holds its
 * sub-domains' items and no other domain's.
 */
class WaitingDomainKeysTest {

    @Test
    void aDomainAndItsSubDomainsShareOnePartition() {
        assertEquals("WAITDOMAIN#kempten.de", Keys.waitingDomain("kempten.de"));
        assertEquals("WAITDOMAIN#kempten.de", Keys.waitingDomain("rathaus.kempten.de"));
        assertEquals("WAITDOMAIN#füssen.de", Keys.waitingDomain("a.b.füssen.de"));
    }

    @Test
    void aDomainsRangeHoldsItsSubDomainsAndNoOtherDomain() {
        String bad = Keys.waitingDomainPrefix("bad.kempten.de");
        assertEquals("de.kempten.bad.", bad);
        assertTrue(Keys.waitingDomainSk("bad.kempten.de", "01J").startsWith(bad));
        assertTrue(Keys.waitingDomainSk("kasse.bad.kempten.de", "01J").startsWith(bad));
        assertFalse(Keys.waitingDomainSk("badewelt.kempten.de", "01J").startsWith(bad));
        assertFalse(Keys.waitingDomainSk("kempten.de", "01J").startsWith(bad));
        // the range is read from the prefix on: every key of the domain sorts after it
        assertTrue(Keys.waitingDomainSk("bad.kempten.de", "01J").compareTo(bad) > 0);
        assertTrue(Keys.waitingDomainSk("kempten.de", "01J").startsWith(Keys.waitingDomainPrefix("kempten.de")));
    }
}
