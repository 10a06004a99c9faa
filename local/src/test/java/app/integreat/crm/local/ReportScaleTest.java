package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.integreat.crm.bench.Meter;
import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.Opportunity.StageChange;
import app.integreat.crm.model.Pipeline;
import app.integreat.crm.store.BulkLoad;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pipeline report reads its counters, not the opportunities: the same requests and the same
 * items with 100 as with 10,000 opportunities (a year of imported history, written with the store's
 * item mapping and counted by the rebuild from that history; the rebuild that reads the table back,
 * {@code crm reports rebuild}, is tested in ReportsApiTest, as moto makes 10,000 reads slow), while
 * its figures grow with them.
 */
class ReportScaleTest {
    static final int SMALL = 100;
    static final int LARGE = 10_000;
    static final String REPORT = "/reports/pipeline?from=2025-01&to=2025-12";
    static final List<String> TYPES = List.of("STANDARD", "SPLIT", "ONE_TIME", "DATA_PRIVACY_ONLY");

    @Test
    void requestsAndItemsReadDoNotGrowWithTheOpportunities() {
        TestCrm crm = new TestCrm(new Meter());
        Caller admin = crm.admin();
        String owner = admin.get("/me").string("id");
        Pipeline pipeline = crm.crm.services().opportunities().pipeline();

        List<Opportunity> imported = history(crm, owner, 0, SMALL);
        BulkLoad.opportunities(crm.crm.dynamo(), crm.crm.services().table(), pipeline, imported);
        assertEquals(SMALL, crm.crm.services().reports().rebuild());
        long[] small = measure(admin);
        Map<String, Object> smallTotal = total(admin);

        List<Opportunity> more = history(crm, owner, SMALL, LARGE);
        BulkLoad.opportunities(crm.crm.dynamo(), crm.crm.services().table(), pipeline, more);
        imported = new ArrayList<>(imported);
        imported.addAll(more);
        long start = System.nanoTime();
        assertEquals(LARGE, crm.crm.services().reports().rebuild(imported));
        System.out.println("ReportScaleTest: counters of " + LARGE + " histories replaced in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        long[] large = measure(admin);
        Map<String, Object> largeTotal = total(admin);

        assertEquals(small[0], large[0], "requests with " + SMALL + " and " + LARGE + " opportunities");
        assertEquals(small[1], large[1], "items read with " + SMALL + " and " + LARGE + " opportunities");
        assertEquals(2, large[0], "the caller's login item and one Query");
        assertEquals(1 + 12 * TYPES.size() + TYPES.size(), large[1],
                "the login item, a counter item per month and type, and the open counts per type");
        // every fifth stays open at CONTRACT_SENT; of the others, even ones are won, odd ones lost
        assertEquals(40L, ((Number) smallTotal.get("won")).longValue());
        assertEquals(4000L, ((Number) largeTotal.get("won")).longValue());
        assertEquals(4000L, ((Number) largeTotal.get("lost")).longValue());
    }

    /** Opportunities i in [from, to): a type and month each, so that 100 already fill every month and type. */
    static List<Opportunity> history(TestCrm crm, String owner, int from, int to) {
        List<Opportunity> all = new ArrayList<>();
        ZonedDateTime january = ZonedDateTime.of(2025, 1, 3, 9, 0, 0, 0, ZoneOffset.UTC);
        for (int i = from; i < to; i++) {
            String type = TYPES.get(i % TYPES.size());
            Instant created = january.plusMonths((i / TYPES.size()) % 12).toInstant();
            List<StageChange> history = new ArrayList<>();
            history.add(new StageChange("INTERESTED", created, owner, null));
            history.add(new StageChange("INFO_PROVIDED", created.plus(Duration.ofDays(2)), owner, null));
            history.add(new StageChange("CONTRACT_SENT", created.plus(Duration.ofDays(10)), owner, null));
            boolean open = i % 5 == 4;
            String lostReason = i % 2 == 1 ? "Grund " + i % 7 : null;
            if (!open) {
                history.add(new StageChange(i % 2 == 0 ? "CLOSED_WON" : "CLOSED_LOST", created.plus(Duration.ofDays(20)), owner, lostReason));
            }
            StageChange last = history.get(history.size() - 1);
            all.add(new Opportunity(crm.crm.services().ids().next(), "Import " + i, type,
                    List.of(new Opportunity.Account(crm.crm.services().ids().next(), "Gemeinde " + i, null)), owner, last.stage(), last.at(),
                    history.stream().map(StageChange::stage).toList(), null, null, null, open ? null : lostReason,
                    open ? null : last.at(), null, history, history.size(), null, owner, created, last.at(), 1, null));
        }
        return all;
    }

    /** {requests, items read} of the report. */
    static long[] measure(Caller admin) {
        Meter.reset();
        Reply reply = admin.get(REPORT);
        assertEquals(200, reply.status(), reply::toString);
        return new long[] {Meter.operations().size(), Meter.itemsRead()};
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> total(Caller admin) {
        return (Map<String, Object>) admin.get(REPORT).json().get("total");
    }
}
