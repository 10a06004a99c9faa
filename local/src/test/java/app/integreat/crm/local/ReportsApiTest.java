package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline report over two months of pipeline work, with a clock the test moves: every figure
 * checked by hand, one Query whatever happened, and the rebuild from the histories arriving at the
 * very same report.
 */
class ReportsApiTest {
    static final Instant START = Instant.parse("2026-01-12T08:00:00Z");
    static TestClock clock;
    static TestCrm crm;
    static Caller admin;
    static String owner;
    static final Map<String, String> accounts = new HashMap<>();

    @BeforeAll
    static void twoMonthsOfPipelineWork() {
        clock = new TestClock(START);
        crm = new TestCrm(clock);
        admin = crm.admin();
        owner = admin.get("/me").string("id");
        for (String name : List.of("A", "B", "C", "D", "E")) {
            accounts.put(name, admin.post("/accounts", Map.of("name", "Gemeinde " + name, "type", "MUNICIPALITY")).string("id"));
        }
        // January
        Reply a = open("A", "STANDARD", null);
        Reply b = open("B", "STANDARD", "CONTRACT_SENT");
        Reply c = open("C", "ONE_TIME", null);
        clock.advance(Duration.ofHours(1));
        change(b, Map.of("stage", "CLOSED_WON"));
        change(c, Map.of("stage", "CLOSED_LOST", "lostReason", "Landkreis übernimmt"));
        // February: A stayed 20 days at INTERESTED
        clock.advance(Duration.ofDays(20));
        a = change(a, Map.of("stage", "INFO_PROVIDED"));
        Reply d = open("D", "STANDARD", null);
        clock.advance(Duration.ofDays(3));
        change(d, Map.of("stage", "CLOSED_LOST", "lostReason", "landkreis  Übernimmt!"));
        a = change(a, Map.of("stage", "CONTRACT_SENT"));
        clock.advance(Duration.ofDays(5));
        change(a, Map.of("stage", "CLOSED_WON"));
        Reply e = open("E", "DATA_PRIVACY_ONLY", null);
        clock.advance(Duration.ofDays(2));
        e = change(e, Map.of("stage", "CLOSED_LOST", "lostReason", "Eigene App"));
        change(e, Map.of("stage", "INTERESTED", "reopen", true));
    }

    static Reply open(String account, String type, String stage) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Integreat " + account);
        body.put("type", type);
        body.put("accountIds", List.of(accounts.get(account)));
        body.put("ownerId", owner);
        if (stage != null) {
            body.put("stage", stage);
        }
        Reply reply = admin.post("/opportunities", body);
        assertEquals(201, reply.status(), reply::toString);
        return reply;
    }

    static Reply change(Reply opportunity, Map<String, Object> body) {
        Reply reply = admin.ifMatch(opportunity.etag()).post("/opportunities/" + opportunity.string("id") + "/stage", body);
        assertEquals(200, reply.status(), reply::toString);
        return reply;
    }

    static List<Map<String, Object>> list(Map<String, Object> json, String field) {
        return PipelineApiTest.list(json, field);
    }

    static Map<String, Map<String, Object>> stages(Reply report) {
        return list(report.json(), "stages").stream().collect(Collectors.toMap(s -> (String) s.get("stage"), s -> s));
    }

    static long number(Map<String, Object> json, String field) {
        return ((Number) json.get(field)).longValue();
    }

    static Double rate(Map<String, Object> json, String field) {
        Object value = json.get(field);
        return value == null ? null : ((Number) value).doubleValue();
    }

    @Test
    void theReportCountsStagesConversionsOutcomesReasonsAndQuartersInOneQuery() {
        crm.operations.clear();
        Reply report = admin.get("/reports/pipeline?from=2026-01&to=2026-02-28");
        assertEquals(200, report.status(), report::toString);
        assertEquals(List.of("GetItem", "Query"), crm.operations);
        assertEquals("2026-01", report.string("from"));
        assertEquals("2026-02", report.string("to"));
        Map<String, Map<String, Object>> stages = stages(report);
        assertEquals(List.of("INTERESTED", "INFO_PROVIDED", "REMIND_MUNICIPALITY", "PITCH_DONE", "CONTRACT_SENT", "CLOSED_WON", "CLOSED_LOST"),
                list(report.json(), "stages").stream().map(s -> s.get("stage")).toList());
        Map<String, Object> interested = stages.get("INTERESTED");
        assertEquals("Interessiert", interested.get("label"));
        assertEquals(1, number(interested, "open"), "E, reopened");
        // A, C, D, E created there and E again by its reopening
        assertEquals(5, number(interested, "entered"));
        assertEquals(4, number(interested, "reached"), "B started at CONTRACT_SENT");
        assertEquals(0.25, rate(interested, "conversionToNext"), "only A went on");
        assertEquals(0.25, rate(interested, "conversionToWon"), "only A of them was won");
        // stays ended: C 0 days, A 20, D 3, E 2 → 0, 2, 3, 20: the lower median is 2
        assertEquals(4, number(interested, "stays"));
        assertEquals(2, number(interested, "medianDays"));
        assertEquals(true, interested.get("medianExact"));
        List<Map<String, Object>> days = list(interested, "daysInStage");
        Map<String, Object> threeWeeks = days.stream().filter(bucket -> number(bucket, "from") == 15).findFirst().orElseThrow();
        assertEquals(21, number(threeWeeks, "to"));
        assertEquals(1, number(threeWeeks, "count"), "A's 20 days");
        assertEquals(4, days.stream().mapToLong(bucket -> number(bucket, "count")).sum());
        assertNull(days.get(days.size() - 1).get("to"), "the last bucket is open-ended");

        Map<String, Object> contractSent = stages.get("CONTRACT_SENT");
        assertEquals(0, number(contractSent, "open"));
        assertEquals(2, number(contractSent, "entered"));
        assertEquals(1.0, rate(contractSent, "conversionToNext"));
        assertEquals(1.0, rate(contractSent, "conversionToWon"));
        assertEquals(0, number(contractSent, "medianDays"), "B 0 days, A 5");
        assertEquals(0, number(stages.get("PITCH_DONE"), "reached"));
        assertNull(stages.get("PITCH_DONE").get("conversionToNext"), "nobody reached it");
        assertEquals(2, number(stages.get("CLOSED_WON"), "entered"));
        assertEquals(3, number(stages.get("CLOSED_LOST"), "entered"));

        Map<String, Map<String, Object>> types = list(report.json(), "types").stream()
                .collect(Collectors.toMap(t -> (String) t.get("type"), t -> t));
        assertEquals(List.of(2L, 1L), List.of(number(types.get("STANDARD"), "won"), number(types.get("STANDARD"), "lost")));
        assertEquals(0.667, rate(types.get("STANDARD"), "winRate"));
        assertEquals(0.0, rate(types.get("ONE_TIME"), "winRate"));
        assertNull(types.get("SPLIT").get("winRate"), "no closings");
        Map<String, Object> total = (Map<String, Object>) report.json().get("total");
        assertEquals(0.4, rate(total, "winRate"));

        List<Map<String, Object>> reasons = list(report.json(), "lostReasons");
        assertEquals(List.of("Landkreis übernimmt", "Eigene App"), reasons.stream().map(r -> r.get("reason")).toList(),
                "grouped by their folded form, most frequent first, in the words first given");
        assertEquals(List.of(2L, 1L), reasons.stream().map(r -> number(r, "count")).toList());

        List<Map<String, Object>> quarters = list(report.json(), "quarters");
        assertEquals(1, quarters.size());
        assertEquals("2026-Q1", quarters.get(0).get("quarter"));
        assertEquals(List.of(5L, 2L, 3L, 1L), List.of(number(quarters.get(0), "created"), number(quarters.get(0), "won"),
                number(quarters.get(0), "lost"), number(quarters.get(0), "reopened")));
    }

    @Test
    void aMonthAndATypeNarrowTheReport() {
        Reply february = admin.get("/reports/pipeline?from=2026-02&to=2026-02");
        Map<String, Object> interested = stages(february).get("INTERESTED");
        assertEquals(3, number(interested, "entered"), "D, E and E's reopening");
        assertEquals(2, number(interested, "reached"), "the February cohort: D and E");
        assertEquals(0.0, rate(interested, "conversionToWon"));
        assertEquals(1, number(stages(february).get("CLOSED_WON"), "entered"));

        Reply standard = admin.get("/reports/pipeline?from=2026-01&to=2026-02&type=standard");
        assertEquals("STANDARD", standard.string("type"));
        assertEquals(0, number(stages(standard).get("INTERESTED"), "open"), "E is DATA_PRIVACY_ONLY");
        assertEquals(1, list(standard.json(), "types").size());
        assertEquals(List.of("landkreis  Übernimmt!"), list(standard.json(), "lostReasons").stream().map(r -> r.get("reason")).toList());
        assertEquals(1, number(list(standard.json(), "lostReasons").get(0), "count"), "C's was a ONE_TIME");
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        for (String[] bad : new String[][] {{"from=2026-13", "from"}, {"to=soon", "to"}, {"from=2026-03&to=2026-01", "from"},
                {"from=2019-01", "from"}, {"type=GIFT", "type"}}) {
            Reply reply = admin.get("/reports/pipeline?" + bad[0]);
            assertEquals(400, reply.status(), bad[0] + " " + reply);
            assertTrue(reply.string("detail").contains(bad[1]) || reply.body().contains("\"" + bad[1] + "\""), reply::toString);
        }
        Reply defaults = admin.get("/reports/pipeline");
        assertEquals(200, defaults.status(), defaults::toString);
        assertEquals("2026-02", defaults.string("to"), "the current month (the test clock's)");
        assertEquals("2025-03", defaults.string("from"), "twelve months");
    }

    @Test
    void theRebuildFromTheHistoriesArrivesAtTheSameReportAndRunsTwiceTheSame() {
        String query = "/reports/pipeline?from=2026-01&to=2026-02";
        Map<String, Object> live = admin.get(query).json();
        String printed = Cli.rebuildReports(crm.crm.services());
        assertTrue(printed.startsWith("Pipeline report rebuilt from 5 opportunities"), printed);
        assertEquals(live, admin.get(query).json());
        Cli.rebuildReports(crm.crm.services());
        assertEquals(live, admin.get(query).json());
    }
}
