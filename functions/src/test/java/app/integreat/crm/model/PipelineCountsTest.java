package app.integreat.crm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.integreat.crm.model.PipelineCounts.Slot;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineCountsTest {
    static final Slot MAY = new Slot("2026-05", "STANDARD");

    @Test
    void reasonsAreGroupedByTheirSearchForm() {
        assertEquals("landkreis ubernimmt", PipelineCounts.reasonKey("  Landkreis  Übernimmt!"));
        assertEquals(PipelineCounts.OTHER_REASON, PipelineCounts.reasonKey("?!"));
        assertEquals(60, PipelineCounts.reasonKey("x".repeat(500)).length());
    }

    @Test
    void aSlotTakesNewReasonsOnlyUntilItHasSeenItsShareOfLosses() {
        PipelineCounts totals = new PipelineCounts();
        for (int i = 0; i < PipelineCounts.MAX_REASONS; i++) {
            totals.addEvent(new PipelineCounts().addLoss(MAY, "Grund " + i));
        }
        totals.addEvent(new PipelineCounts().addLoss(MAY, "Ganz neu"));
        totals.addEvent(new PipelineCounts().addLoss(MAY, "Grund 7"));
        Map<String, Long> counters = totals.counters().get(MAY);
        assertNull(counters.get(PipelineCounts.reason("ganz neu")));
        assertEquals(1L, counters.get(PipelineCounts.reason(PipelineCounts.OTHER_REASON)));
        assertEquals(2L, counters.get(PipelineCounts.reason("grund 7")), "known reasons keep counting");
        assertEquals(52L, counters.get(PipelineCounts.LOST));
        assertFalse(totals.texts(MAY).containsKey(PipelineCounts.reasonText("ganz neu")));
        assertEquals("Grund 7", totals.texts(MAY).get(PipelineCounts.reasonText("grund 7")));
    }

    @Test
    void reasonsAsOtherKeepEveryOtherCounter() {
        PipelineCounts loss = new PipelineCounts().addLoss(MAY, "Eigene App").add(MAY, PipelineCounts.entered("CLOSED_LOST"), 1);
        Map<String, Long> other = loss.withReasonsAsOther().counters().get(MAY);
        assertEquals(Map.of(PipelineCounts.LOST, 1L, PipelineCounts.LOSSES_SEEN, 1L, PipelineCounts.reason(PipelineCounts.OTHER_REASON), 1L,
                PipelineCounts.entered("CLOSED_LOST"), 1L), other);
        assertNull(loss.withReasonsAsOther().newReason(MAY));
    }
}
