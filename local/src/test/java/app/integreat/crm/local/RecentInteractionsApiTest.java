package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /interactions: the team's logged interactions, newest first, without unresolved mail; one Query. */
class RecentInteractionsApiTest {
    @Test
    void theTeamsRecentActivityIsNewestFirstAndLeavesOutUnresolvedMail() {
        TestCrm crm = new TestCrm();
        String account = crm.admin().post("/accounts", Map.of("name", "Stadt Lindau", "type", "MUNICIPALITY")).string("id");
        String older = crm.admin().post("/interactions", Map.of("type", "CALL", "summary", "Erstes Telefonat",
                "occurredAt", "2026-01-10T09:00:00Z", "accountIds", List.of(account))).string("id");
        String newer = crm.admin().post("/interactions", Map.of("type", "NOTE", "subject", "Notiz",
                "occurredAt", "2026-02-10T09:00:00Z", "accountIds", List.of(account))).string("id");
        crm.receive(String.join("\r\n", "From: " + TestCrm.ADMIN, "To: unbekannt@example.com", "Subject: Unbekannt",
                "Message-ID: <recent-1@example.org>", "", "Hallo", ""), crm.inboundAddress());
        assertEquals(1, crm.admin().get("/unresolved").items().size());

        crm.operations.clear();
        TestCrm.Reply recent = crm.admin().get("/interactions?limit=10");
        assertEquals(200, recent.status(), recent.toString());
        assertEquals(List.of(newer, older), recent.items().stream().map(i -> i.get("id")).toList());
        assertEquals(List.of("GetItem", "Query"), crm.operations, "the caller and one Query");

        TestCrm.Reply first = crm.admin().get("/interactions?limit=1");
        assertEquals(List.of(newer), first.items().stream().map(i -> i.get("id")).toList());
        TestCrm.Reply second = crm.admin().get("/interactions?limit=1&cursor=" + first.string("nextCursor"));
        assertEquals(List.of(older), second.items().stream().map(i -> i.get("id")).toList());
    }
}
