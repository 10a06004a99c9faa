package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.integreat.crm.api.ApiHandler;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SnapStart hook warms every API function's reads and writes, but never writes live data. */
class SnapStartPrimingTest {

    @Test
    void primingWarmsReadsAndWritesAndNeverWrites() {
        TestCrm crm = new TestCrm();
        for (String function : List.of("MembersFunction", "AccountsFunction", "ContactsFunction", "InteractionsFunction",
                "TasksFunction", "OpportunitiesFunction")) {
            crm.operations.clear();
            ((ApiHandler) (Object) crm.crm.functions().handler(function)).beforeCheckpoint(null);
            assertEquals(List.of("GetItem", "Query", "TransactWriteItems"), crm.operations, function);
        }
        // the transaction's condition refused it: no item was written
        var left = crm.crm.dynamo().getItem(b -> b.tableName(crm.crm.services().table().name()).consistentRead(true)
                .key(java.util.Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("PRIME#"),
                        "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("PRIME#"))));
        assertEquals(false, left.hasItem() && !left.item().isEmpty());
    }
}
