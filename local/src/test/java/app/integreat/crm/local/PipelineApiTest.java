package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The board and the municipality overview over a few months of realistic pipeline work, with a
 * clock the test moves forward: days in stage, the 90-day window of closed ones, stale municipalities.
 */
class PipelineApiTest {
    static final Instant START = Instant.parse("2026-01-12T08:00:00Z");
    static TestClock clock;
    static TestCrm crm;
    static Caller admin;
    static String owner;
    static Map<String, String> accounts = new LinkedHashMap<>();
    static Map<String, String> opportunities = new LinkedHashMap<>();

    @BeforeAll
    static void aQuarterOfPipelineWork() {
        clock = new TestClock(START);
        crm = new TestCrm(clock);
        admin = crm.admin();
        owner = crm.member("anna@integreat.example", "MEMBER").get("/me").string("id");
        for (String name : List.of("Stadt Augsburg", "Stadt Bamberg", "Stadt Coburg", "Landkreis Dachau", "Landkreis Erding",
                "Stadt Fürth", "Markt Garmisch", "Gemeinde Haar")) {
            accounts.put(name, admin.post("/accounts", Map.of("name", name, "type", "MUNICIPALITY")).string("id"));
        }
        admin.post("/accounts", Map.of("name", "Caritas München", "type", "PARTNER"));

        clock.advance(Duration.ofDays(10));
        open("Augsburg", "STANDARD", List.of("Stadt Augsburg"), null);
        Reply bamberg = open("Bamberg", "STANDARD", List.of("Stadt Bamberg"), "CONTRACT_SENT");
        clock.advance(Duration.ofHours(1));
        change(bamberg, Map.of("stage", "CLOSED_WON"));
        Reply coburg = open("Coburg", "ONE_TIME", List.of("Stadt Coburg"), null);
        clock.advance(Duration.ofHours(1));
        change(coburg, Map.of("stage", "CLOSED_LOST", "lostReason", "Landkreis übernimmt"));
        open("Dachau", "STANDARD", List.of("Landkreis Dachau"), "REMIND_MUNICIPALITY");
        open("Garmisch-Haar", "SPLIT", List.of("Markt Garmisch", "Gemeinde Haar"), "INFO_PROVIDED");

        clock.advance(Duration.ofDays(85));
        Reply erding = open("Erding", "STANDARD", List.of("Landkreis Erding"), null);
        clock.advance(Duration.ofDays(1));
        change(erding, Map.of("stage", "PITCH_DONE"));
        Reply fuerth = open("Fürth", "DATA_PRIVACY_ONLY", List.of("Stadt Fürth"), null);
        clock.advance(Duration.ofHours(1));
        change(fuerth, Map.of("stage", "CLOSED_LOST", "lostReason", "Eigene App"));

        clock.advance(Duration.ofDays(9));
        logCall("Stadt Augsburg", clock.instant().minus(Duration.ofDays(2)));
        // an older interaction logged later does not move the date back
        logCall("Stadt Augsburg", clock.instant().minus(Duration.ofDays(40)));
        // a task of the team (not the pipeline's own reminder) is a municipality's next task as well
        Reply task = admin.post("/tasks", Map.of("title", "Rückruf Gemeinde Haar", "dueDate", "2026-05-04",
                "assigneeId", owner, "accountId", accounts.get("Gemeinde Haar")));
        assertEquals(201, task.status(), task::toString);
    }

    static void logCall(String account, java.time.Instant at) {
        Reply call = admin.post("/interactions", Map.of("type", "CALL", "subject", "Telefonat", "occurredAt", at.toString(),
                "accountIds", List.of(accounts.get(account))));
        assertEquals(201, call.status(), call::toString);
    }

    static Reply open(String name, String type, List<String> municipalities, String stage) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Integreat " + name);
        body.put("type", type);
        body.put("accountIds", municipalities.stream().map(accounts::get).toList());
        body.put("ownerId", owner);
        if (stage != null) {
            body.put("stage", stage);
        }
        Reply reply = admin.post("/opportunities", body);
        assertEquals(201, reply.status(), reply::toString);
        opportunities.put(name, reply.string("id"));
        return reply;
    }

    static Reply change(Reply opportunity, Map<String, Object> body) {
        Reply reply = admin.ifMatch(opportunity.etag()).post("/opportunities/" + opportunity.string("id") + "/stage", body);
        assertEquals(200, reply.status(), reply::toString);
        return reply;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> json, String field) {
        return (List<Map<String, Object>>) json.get(field);
    }

    @Test
    void theBoardShowsEveryOpenOpportunityAndThoseClosedInTheLast90DaysStageByStage() {
        crm.operations.clear();
        Reply board = admin.get("/pipeline");
        assertEquals(200, board.status(), board::toString);
        assertEquals(List.of("GetItem", "Query"), crm.operations);
        assertEquals(90, ((Number) board.json().get("closedSinceDays")).intValue());
        List<Map<String, Object>> stages = list(board.json(), "stages");
        assertEquals(List.of("INTERESTED", "INFO_PROVIDED", "REMIND_MUNICIPALITY", "PITCH_DONE", "CONTRACT_SENT", "CLOSED_WON", "CLOSED_LOST"),
                stages.stream().map(s -> s.get("stage")).toList());
        assertEquals("Kommune erinnern", stages.get(2).get("label"));
        Map<String, List<Object>> names = stages.stream().collect(Collectors.toMap(s -> (String) s.get("stage"),
                s -> list(s, "opportunities").stream().map(o -> o.get("name")).toList()));
        assertEquals(List.of("Integreat Augsburg"), names.get("INTERESTED"));
        assertEquals(List.of("Integreat Garmisch-Haar"), names.get("INFO_PROVIDED"));
        assertEquals(List.of("Integreat Dachau"), names.get("REMIND_MUNICIPALITY"));
        assertEquals(List.of("Integreat Erding"), names.get("PITCH_DONE"));
        assertEquals(List.of(), names.get("CONTRACT_SENT"));
        // Bamberg was won and Coburg lost 95 days ago: off the board; Fürth was lost 9 days ago
        assertEquals(List.of(), names.get("CLOSED_WON"));
        assertEquals(List.of("Integreat Fürth"), names.get("CLOSED_LOST"));
        assertEquals(1, ((Number) stages.get(0).get("count")).intValue());
        Map<String, Object> augsburg = list(stages.get(0), "opportunities").get(0);
        assertEquals(95, ((Number) augsburg.get("daysInStage")).intValue());
        // the won one is still in the list of all opportunities
        assertEquals(1, admin.get("/opportunities?stage=CLOSED_WON").items().size());
    }

    @Test
    void theMunicipalityOverviewShowsStageDaysLastInteractionNextTaskAndStaleness() {
        crm.operations.clear();
        Reply overview = admin.get("/pipeline/municipalities?limit=200");
        assertEquals(200, overview.status(), overview::toString);
        assertEquals(List.of("GetItem", "Query"), crm.operations);
        // another test may add "Aaa Neugemeinde"
        List<Map<String, Object>> rows = overview.items().stream().filter(r -> accounts.containsKey(r.get("name"))).toList();
        assertEquals(accounts.keySet().stream().sorted().toList(), rows.stream().map(r -> r.get("name")).toList(),
                "every municipality, by name, no partner");
        Map<String, Map<String, Object>> byName = rows.stream().collect(Collectors.toMap(r -> (String) r.get("name"), Function.identity()));

        Map<String, Object> augsburg = byName.get("Stadt Augsburg");
        assertEquals("OPEN", augsburg.get("state"));
        assertEquals("INTERESTED", augsburg.get("stage"));
        assertEquals("Interessiert", augsburg.get("stageLabel"));
        assertEquals(95, ((Number) augsburg.get("daysInStage")).intValue());
        assertEquals(clock.instant().minus(Duration.ofDays(2)).toString(), augsburg.get("lastInteractionAt"));
        assertNull(augsburg.get("nextTask"));
        assertEquals(false, augsburg.get("stale"));

        Map<String, Object> bamberg = byName.get("Stadt Bamberg");
        assertEquals("CLOSED", bamberg.get("state"));
        assertEquals("CLOSED_WON", bamberg.get("stage"));
        assertEquals(opportunities.get("Bamberg"), bamberg.get("lastOutcomeOpportunityId"));
        assertEquals(true, bamberg.get("stale"), "no interaction for 105 days and no open task");

        Map<String, Object> dachau = byName.get("Landkreis Dachau");
        assertEquals("REMIND_MUNICIPALITY", dachau.get("stage"));
        @SuppressWarnings("unchecked")
        Map<String, Object> task = (Map<String, Object>) dachau.get("nextTask");
        assertNotNull(task);
        assertEquals(LocalDate.parse("2026-01-22").plusDays(7).toString(), task.get("dueDate"));
        assertEquals(false, dachau.get("stale"), "an open task keeps it from being stale");

        Map<String, Object> erding = byName.get("Landkreis Erding");
        assertEquals("PITCH_DONE", erding.get("stage"));
        assertEquals(9, ((Number) erding.get("daysInStage")).intValue());

        assertEquals("CLOSED_LOST", byName.get("Stadt Fürth").get("stage"));
        assertEquals("INFO_PROVIDED", byName.get("Markt Garmisch").get("stage"));
        assertEquals("INFO_PROVIDED", byName.get("Gemeinde Haar").get("stage"));
        @SuppressWarnings("unchecked")
        Map<String, Object> haarTask = (Map<String, Object>) byName.get("Gemeinde Haar").get("nextTask");
        assertEquals("2026-05-04", haarTask.get("dueDate"), "a task logged through /tasks counts");
        assertEquals(null, byName.get("Markt Garmisch").get("nextTask"));
        assertEquals("CLOSED_LOST", byName.get("Stadt Coburg").get("stage"));

        // paging keeps the order and loses nobody
        Reply first = admin.get("/pipeline/municipalities?limit=5");
        Reply second = admin.get("/pipeline/municipalities?limit=5&cursor=" + first.json().get("nextCursor"));
        assertEquals(5, first.items().size());
        assertTrue(second.items().size() >= 3);
        assertFalse(first.items().stream().anyMatch(second.items()::contains));
    }

    @Test
    void aMunicipalityWithoutOpportunitiesShowsNoneAndGoesStale() {
        // its own CRM and clock: moving time must not disturb the quarter above
        TestClock ownClock = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
        TestCrm own = new TestCrm(ownClock);
        String id = own.admin().post("/accounts", Map.of("name", "Aaa Neugemeinde", "type", "MUNICIPALITY")).string("id");
        Map<String, Object> fresh = own.admin().get("/pipeline/municipalities?limit=1").items().get(0);
        assertEquals(id, fresh.get("accountId"));
        assertEquals("NONE", fresh.get("state"));
        assertNull(fresh.get("stage"));
        assertEquals(false, fresh.get("stale"), "created just now");
        assertTrue(list(fresh, "openOpportunities").isEmpty());

        ownClock.advance(Duration.ofDays(29));
        assertEquals(false, own.admin().get("/pipeline/municipalities?limit=1").items().get(0).get("stale"), "29 quiet days");
        ownClock.advance(Duration.ofDays(1));
        Map<String, Object> quiet = own.admin().get("/pipeline/municipalities?limit=1").items().get(0);
        assertEquals(id, quiet.get("accountId"));
        assertEquals(true, quiet.get("stale"), "30 days without an interaction or a task (STALE_AFTER_DAYS)");
        assertFalse(own.operations.contains("Scan"), own.operations::toString);
    }
}
