package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.model.Account;
import app.integreat.crm.model.AccountType;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Pipeline;
import app.integreat.crm.store.ImportStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SDK repeats a request whose answer was lost (a timeout, a reset connection), and moto ignores
 * the client request token that makes DynamoDB answer a repeated transaction with its first outcome:
 * the repeat of an import's write that had committed is refused on the conditions the write met. It
 * must count as the write it repeats, while another import's write of the same record stays a conflict
 * (the flake "Another import wrote this record meanwhile" of a loaded machine, and of bench/import).
 */
class ImportRepeatedWriteTest {
    static final String SALESFORCE_ID = "0017QAb00000001QBA";

    @Test
    void theRepeatOfACommittedWriteIsThatWriteAndAnotherImportsWriteIsAConflict() {
        TestCrm crm = new TestCrm();
        ImportStore store = new ImportStore(crm.crm.services().table(), Pipeline.load());
        Instant now = Instant.now();
        Account account = new Account(crm.crm.services().ids().next(), "Stadt Kempten", AccountType.MUNICIPALITY, null, null, null,
                List.of(), null, now, now, 1, SALESFORCE_ID);
        store.createAccount(SALESFORCE_ID, account, "hash-1");
        store.createAccount(SALESFORCE_ID, account, "hash-1");
        assertEquals(account.id(), store.lookup(List.of(SALESFORCE_ID)).get(SALESFORCE_ID).crmId());
        assertEquals(1, crm.admin().get("/accounts?q=kempten").items().size(), "one account, written once");

        Account another = new Account(crm.crm.services().ids().next(), "Stadt Kempten", AccountType.MUNICIPALITY, null, null, null,
                List.of(), null, now, now, 1, SALESFORCE_ID);
        CrmException conflict = assertThrows(CrmException.class, () -> store.createAccount(SALESFORCE_ID, another, "hash-1"));
        assertTrue(conflict.getMessage().contains("Another import wrote this record meanwhile"), conflict.getMessage());
        assertEquals(account.id(), store.lookup(List.of(SALESFORCE_ID)).get(SALESFORCE_ID).crmId());
    }
}
