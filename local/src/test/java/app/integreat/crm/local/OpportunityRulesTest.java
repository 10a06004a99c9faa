package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/api.md for a new opportunity that no other test runs: amount, shares, the 20
 * accounts of a split, a closed starting stage, and the reminder task's Berlin due date at midnight.
 */
class OpportunityRulesTest {
    /** 00:30 in Berlin on 29 March 2026 (clocks go forward that night), still the 28th in UTC. */
    static final Instant AFTER_BERLIN_MIDNIGHT = Instant.parse("2026-03-28T23:30:00Z");
    static TestCrm crm;
    static Caller admin;
    static String ownerId;
    static int accounts;

    @BeforeAll
    static void start() {
        crm = new TestCrm(new TestClock(AFTER_BERLIN_MIDNIGHT));
        admin = crm.admin();
        ownerId = crm.member("regeln@integreat.example", "MEMBER").get("/me").string("id");
    }

    static String municipality() {
        Reply reply = admin.post("/accounts", Map.of("name", "Gemeinde Regel " + (++accounts), "type", "MUNICIPALITY"));
        assertEquals(201, reply.status(), reply::toString);
        return reply.string("id");
    }

    static Map<String, Object> standard(Object amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Integreat Regel " + (++accounts));
        body.put("type", "STANDARD");
        body.put("accountIds", List.of(municipality()));
        body.put("ownerId", ownerId);
        body.put("amount", amount);
        return body;
    }

    static Map<String, Object> split(List<Map<String, Object>> accountsWithShares) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Verbund " + (++accounts));
        body.put("type", "SPLIT");
        body.put("accounts", accountsWithShares);
        body.put("ownerId", ownerId);
        return body;
    }

    static void refused(Map<String, Object> body, String field) {
        Reply reply = admin.post("/opportunities", body);
        assertEquals(422, reply.status(), () -> body + " -> " + reply);
        assertEquals(Set.of(field), AccountsApiTest.fields(reply), reply::toString);
    }

    @Test
    void theAmountIsANumberFromZeroWithAtMostTwoDecimals() {
        refused(standard(-0.01), "amount");
        refused(standard(12.345), "amount");
        refused(standard("12,50"), "amount");
        refused(standard(1_000_000_000.01), "amount");
        Reply zero = admin.post("/opportunities", standard(0));
        assertEquals(201, zero.status(), zero::toString);
        assertEquals(0, ((Number) zero.json().get("amount")).intValue());
        Reply cents = admin.post("/opportunities", standard(1499.99));
        assertEquals(201, cents.status(), cents::toString);
        assertEquals(1499.99, ((Number) cents.json().get("amount")).doubleValue());
    }

    /** A refused share counts as missing too ("every municipality a share, or none"): the share must be named. */
    static void refusedShare(Map<String, Object> body) {
        Reply reply = admin.post("/opportunities", body);
        assertEquals(422, reply.status(), () -> body + " -> " + reply);
        assertTrue(AccountsApiTest.fields(reply).contains("accounts[0].share"), reply::toString);
    }

    @Test
    void sharesArePercentsAboveZeroWithTwoDecimals() {
        refusedShare(split(List.of(Map.of("accountId", municipality(), "share", 0), Map.of("accountId", municipality(), "share", 100))));
        refusedShare(split(List.of(Map.of("accountId", municipality(), "share", 33.333), Map.of("accountId", municipality(), "share", 66.667))));
        refusedShare(split(List.of(Map.of("accountId", municipality(), "share", 100.01), Map.of("accountId", municipality(), "share", -0.01))));
        Reply even = admin.post("/opportunities", split(List.of(Map.of("accountId", municipality(), "share", 99.99),
                Map.of("accountId", municipality(), "share", 0.01))));
        assertEquals(201, even.status(), even::toString);
    }

    @Test
    void aSplitLinksAtMostTwentyMunicipalities() {
        List<String> twentyOne = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            twentyOne.add(municipality());
        }
        Map<String, Object> tooMany = new LinkedHashMap<>(Map.of("name", "Zu groß", "type", "SPLIT", "ownerId", ownerId,
                "accountIds", twentyOne));
        refused(tooMany, "accountIds");
        Map<String, Object> twenty = new LinkedHashMap<>(tooMany);
        twenty.put("name", "Landkreisverbund");
        twenty.put("accountIds", twentyOne.subList(0, 20));
        Reply created = admin.post("/opportunities", twenty);
        assertEquals(201, created.status(), created::toString);
        assertEquals(20, ((List<?>) created.json().get("accounts")).size());
    }

    @Test
    void aNewOpportunityCannotStartClosed() {
        for (String closed : List.of("CLOSED_WON", "closed_lost")) {
            Map<String, Object> body = standard(null);
            body.remove("amount");
            body.put("stage", closed);
            refused(body, "stage");
        }
        Map<String, Object> open = standard(null);
        open.remove("amount");
        open.put("stage", "PITCH_DONE");
        Reply created = admin.post("/opportunities", open);
        assertEquals(201, created.status(), created::toString);
        assertEquals("PITCH_DONE", created.string("stage"));
    }

    @Test
    void theReminderTaskIsDueSevenBerlinDaysLater() {
        Map<String, Object> body = standard(null);
        body.remove("amount");
        body.put("stage", "REMIND_MUNICIPALITY");
        Reply created = admin.post("/opportunities", body);
        assertEquals(201, created.status(), created::toString);
        Reply task = admin.get("/tasks/" + created.string("reminderTaskId"));
        // Berlin's date is the 29th (UTC's the 28th): due on 5 April, not 4 April
        assertEquals("2026-04-05", task.string("dueDate"), task::toString);
    }
}
