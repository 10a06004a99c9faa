package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.integreat.crm.api.ApiHandler;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SnapStart hook warms every API function with reads only: it never writes live data. */
class SnapStartPrimingTest {

    @Test
    void primingReadsAndNeverWrites() {
        TestCrm crm = new TestCrm();
        for (String function : List.of("MembersFunction", "AccountsFunction", "ContactsFunction")) {
            crm.operations.clear();
            ((ApiHandler) (Object) crm.crm.functions().handler(function)).beforeCheckpoint(null);
            assertEquals(List.of("GetItem", "Query"), crm.operations, function);
        }
    }
}
