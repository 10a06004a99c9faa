package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every request path uses GetItem, Query or transactions, never Scan; each GET costs at most two
 * DynamoDB requests (the caller's login item and one read), whatever the table holds.
 */
class RequestBudgetTest {

    @Test
    void readsStayWithinTheirBudgetAndNothingScans() {
        TestCrm crm = new TestCrm();
        Caller admin = crm.admin();
        String accountId = null;
        String contactId = null;
        for (int i = 0; i < 30; i++) {
            accountId = admin.post("/accounts", Map.of("name", "Gemeinde " + i, "type", i % 2 == 0 ? "MUNICIPALITY" : "PARTNER")).string("id");
            contactId = admin.post("/contacts", Map.of("lastName", "Person " + i, "accountId", accountId,
                    "emails", List.of("person" + i + "@gemeinde.de"))).string("id");
        }
        String memberId = admin.get("/me").string("id");

        List<String> reads = List.of("/me", "/members", "/members/" + memberId, "/accounts?limit=5",
                "/accounts?type=MUNICIPALITY&limit=5", "/accounts?q=gemeinde%201&limit=5", "/accounts/" + accountId,
                "/contacts?limit=5", "/contacts?accountId=" + accountId, "/contacts?q=person", "/contacts/" + contactId,
                "/contacts?email=person3%40gemeinde.de", "/health");
        for (String read : reads) {
            crm.operations.clear();
            assertEquals(200, admin.get(read).status(), read);
            assertTrue(crm.operations.size() <= 2, read + " made " + crm.operations);
        }

        // writes and deletes too: never a Scan anywhere
        admin.ifMatch("\"1\"").patch("/accounts/" + accountId, Map.of("notes", "x"));
        admin.ifMatch("\"1\"").patch("/contacts/" + contactId, Map.of("title", "x"));
        admin.delete("/contacts/" + contactId);
        admin.delete("/accounts/" + accountId);
        assertFalse(crm.operations.isEmpty());
        assertFalse(crm.operations.contains("Scan"), crm.operations::toString);
    }
}
