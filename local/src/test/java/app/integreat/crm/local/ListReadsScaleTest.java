package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.bench.Meter;
import app.integreat.crm.model.Account;
import app.integreat.crm.model.AccountType;
import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import app.integreat.crm.store.BulkLoad;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A page reads what it shows, whatever the table holds: every read costs the same requests and items
 * with 100 accounts as with 10,000 (items read counted by an SDK interceptor; the accounts beyond the
 * first are written with the store's own item mapping, as moto makes 10,000 transactions slow).
 */
class ListReadsScaleTest {
    static final int SMALL = 100;
    static final int LARGE = 10_000;
    static final int LIMIT = 20; // 100 accounts fill every page, so both sizes read full pages

    @Test
    void itemsReadDoNotGrowWithTheTable() {
        TestCrm crm = new TestCrm(new Meter());
        Caller admin = crm.admin();
        String accountId = admin.post("/accounts", Map.of("name", "Landkreis Großstadt", "type", "MUNICIPALITY")).string("id");
        String contactId = null;
        for (int i = 0; i < 5; i++) {
            contactId = admin.post("/contacts", Map.of("lastName", "Nummer " + i, "accountId", accountId,
                    "emails", List.of("person" + i + "@grossstadt.de"))).string("id");
        }
        load(crm, 1, SMALL);
        List<String> reads = List.of("/me", "/accounts?limit=" + LIMIT, "/accounts?type=PARTNER&limit=" + LIMIT,
                "/accounts?q=gemeinde&limit=" + LIMIT, "/accounts?q=gemeinde%2000042&limit=" + LIMIT, "/accounts/" + accountId,
                "/contacts?limit=" + LIMIT, "/contacts?accountId=" + accountId, "/contacts/" + contactId,
                "/contacts?email=person3%40grossstadt.de", "/accounts/" + accountId + "/timeline");
        Map<String, long[]> small = measure(admin, reads);
        load(crm, SMALL, LARGE);
        Map<String, long[]> large;
        try {
            large = measure(admin, reads);
        } finally {
            crm.dropTable();
        }
        for (String read : reads) {
            long[] a = small.get(read);
            long[] b = large.get(read);
            assertEquals(a[1], b[1], read + ": items read with " + SMALL + " and " + LARGE + " accounts");
            assertEquals(a[0], b[0], read + ": requests with " + SMALL + " and " + LARGE + " accounts");
            assertTrue(b[1] <= LIMIT + 3, read + " read " + b[1] + " items");
        }
    }

    private static void load(TestCrm crm, int from, int to) {
        Instant now = Instant.now();
        List<Account> accounts = new ArrayList<>();
        for (int i = from; i < to; i++) {
            accounts.add(new Account(crm.crm.services().ids().next(), String.format("Gemeinde %05d", i),
                    i % 2 == 0 ? AccountType.MUNICIPALITY : AccountType.PARTNER, null, null, null, List.of(), null, now, now, 1, null));
        }
        BulkLoad.accounts(crm.crm.dynamo(), crm.crm.services().table(), accounts);
    }

    /** Per read: {requests, items read}. */
    private static Map<String, long[]> measure(Caller admin, List<String> reads) {
        Map<String, long[]> costs = new LinkedHashMap<>();
        for (String read : reads) {
            Meter.reset();
            Reply reply = admin.get(read);
            assertEquals(200, reply.status(), read + " " + reply);
            costs.put(read, new long[] {Meter.operations().size(), Meter.itemsRead()});
        }
        return costs;
    }
}
