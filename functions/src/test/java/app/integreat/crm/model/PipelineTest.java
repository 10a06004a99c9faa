package app.integreat.crm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineTest {
    static final Pipeline PIPELINE = Pipeline.load();

    Pipeline.Stage stage(String key) {
        return PIPELINE.stage(key).orElseThrow();
    }

    @Test
    void theShippedDefinitionHasTheTeamsStagesTypesAndLabels() {
        assertEquals(List.of("INTERESTED", "INFO_PROVIDED", "REMIND_MUNICIPALITY", "PITCH_DONE", "CONTRACT_SENT", "CLOSED_WON", "CLOSED_LOST"),
                PIPELINE.stageKeys());
        assertEquals(List.of("STANDARD", "SPLIT", "ONE_TIME", "DATA_PRIVACY_ONLY"), PIPELINE.typeKeys());
        assertEquals("Informationen geliefert", stage("INFO_PROVIDED").label("de"));
        assertEquals("Pitch done", stage("PITCH_DONE").label("en"));
        assertEquals("Vertrag gesendet", stage("CONTRACT_SENT").label("fr"), "unknown language falls back to German");
        assertEquals("INTERESTED", PIPELINE.initialStage().key());
        assertEquals(2, PIPELINE.type("SPLIT").orElseThrow().minAccounts());
        assertEquals(7, PIPELINE.remindAfterDays());
        assertEquals(30, PIPELINE.staleAfterDays());
    }

    @Test
    void openStagesMoveFreelyAndLostIsReachableFromEach() {
        for (Pipeline.Stage from : PIPELINE.stages()) {
            if (from.closed()) {
                continue;
            }
            for (Pipeline.Stage to : PIPELINE.stages()) {
                if (to.open() && !to.key().equals(from.key())) {
                    assertTrue(PIPELINE.refusal(from, Set.of(from.key()), to, false).isEmpty(), from.key() + " -> " + to.key());
                }
            }
            assertTrue(PIPELINE.refusal(from, Set.of(from.key()), stage("CLOSED_LOST"), false).isEmpty(), from.key());
        }
    }

    @Test
    void wonNeedsTheContractSentAndClosedNeedsReopen() {
        assertTrue(PIPELINE.refusal(stage("PITCH_DONE"), Set.of("INTERESTED", "PITCH_DONE"), stage("CLOSED_WON"), false)
                .orElseThrow().contains("contract has not been sent"));
        assertTrue(PIPELINE.refusal(stage("PITCH_DONE"), Set.of("CONTRACT_SENT", "PITCH_DONE"), stage("CLOSED_WON"), false).isEmpty());
        assertTrue(PIPELINE.refusal(stage("CLOSED_LOST"), Set.of("CLOSED_LOST"), stage("INTERESTED"), false).orElseThrow().contains("reopen"));
        assertTrue(PIPELINE.refusal(stage("CLOSED_LOST"), Set.of("CLOSED_LOST"), stage("INTERESTED"), true).isEmpty());
        assertFalse(PIPELINE.refusal(stage("INTERESTED"), Set.of("INTERESTED"), stage("INTERESTED"), false).isEmpty());
        assertEquals("lostReason", stage("CLOSED_LOST").requiresField());
    }

    @Test
    void environmentOverridesTheDayCountsAndRefusesNonsense() {
        Pipeline pipeline = Pipeline.load("3", "14");
        assertEquals(3, pipeline.remindAfterDays());
        assertEquals(14, pipeline.staleAfterDays());
        assertThrows(IllegalStateException.class, () -> Pipeline.load("sieben", null));
        assertThrows(IllegalStateException.class, () -> Pipeline.load("-1", null));
    }

    @Test
    void aBrokenDefinitionFailsAtStartUp() {
        assertThrows(IllegalStateException.class, () -> Pipeline.parse(definition(stages -> stages.get(1).put("key", "INTERESTED"))));
        assertThrows(IllegalStateException.class, () -> Pipeline.parse(definition(stages -> stages.get(0).remove("initial"))));
        assertThrows(IllegalStateException.class, () -> Pipeline.parse(definition(stages -> stages.get(0).put("won", true))));
        assertThrows(IllegalStateException.class, () -> Pipeline.parse(definition(stages -> stages.get(5).put("requiresVisited", "NOWHERE"))));
        assertThrows(IllegalStateException.class, () -> Pipeline.parse(definition(stages -> stages.get(2).put("order", 1))));
        // a pipeline another organisation defines: other keys and labels, no code change
        Pipeline other = Pipeline.parse(definition(stages -> stages.get(0).put("labels", Map.of("de", "Erstkontakt"))));
        assertEquals("Erstkontakt", other.initialStage().label("de"));
    }

    private static Map<String, Object> definition(java.util.function.Consumer<List<Map<String, Object>>> change) {
        List<Map<String, Object>> stages = new ArrayList<>();
        for (Pipeline.Stage s : PIPELINE.stages()) {
            Map<String, Object> json = new HashMap<>();
            json.put("key", s.key());
            json.put("order", s.order());
            json.put("initial", s.initial());
            json.put("closed", s.closed());
            json.put("won", s.won());
            json.put("lost", s.lost());
            if (s.requiresVisited() != null) {
                json.put("requiresVisited", s.requiresVisited());
            }
            json.put("labels", s.labels());
            stages.add(json);
        }
        change.accept(stages);
        Map<String, Object> definition = new HashMap<>(PIPELINE.describe());
        definition.put("stages", new ArrayList<Object>(stages));
        return definition;
    }
}
