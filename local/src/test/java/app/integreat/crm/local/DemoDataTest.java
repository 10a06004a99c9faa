package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ./crm start --demo: the sample data goes in through the handlers, once, with history to look at. */
class DemoDataTest {

    @Test
    void theDemoDataLoadsOnceWithAccountsHistoryTasksAndPipeline() throws Exception {
        TestCrm crm = new TestCrm();
        DemoData demo = new DemoData(crm.crm.functions(), TestCrm.ADMIN);
        int created = demo.load(TestCrm.ROOT.resolve("local/demo-data.json"));
        assertTrue(created > 20, "created " + created);
        assertEquals(0, demo.load(TestCrm.ROOT.resolve("local/demo-data.json")), "a second load adds nothing");

        String augsburg = (String) crm.admin().get("/accounts?q=augsburg").items().get(0).get("id");
        List<Map<String, Object>> timeline = crm.admin().get("/accounts/" + augsburg + "/timeline").items();
        assertTrue(timeline.stream().anyMatch(line -> "INTERACTION".equals(line.get("kind"))), timeline::toString);
        assertTrue(timeline.stream().anyMatch(line -> "TASK".equals(line.get("kind"))), timeline::toString);
        assertFalse(crm.admin().get("/tasks?assignee=me&status=OPEN").items().isEmpty());
        assertEquals(4, crm.admin().get("/opportunities?open=true").items().size());
    }
}
