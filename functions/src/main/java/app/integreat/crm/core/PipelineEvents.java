package app.integreat.crm.core;

import app.integreat.crm.model.DaysInStage;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.Opportunity.StageChange;
import app.integreat.crm.model.Pipeline;
import app.integreat.crm.model.PipelineCounts;
import app.integreat.crm.model.PipelineCounts.Slot;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What each pipeline event adds to the report's counters (months in the team's time zone). The same
 * rules serve the live writes (one event, in the change's transaction) and the rebuild (every event
 * of every history, replayed), so both arrive at the same figures.
 */
public final class PipelineEvents {
    private final Pipeline pipeline;

    public PipelineEvents(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    static String month(Instant at) {
        return YearMonth.from(at.atZone(OpportunityService.TEAM_ZONE)).toString();
    }

    /** A new opportunity: created in its month, entering and reaching its first stage, open now. */
    public PipelineCounts created(String type, String stage, Instant at) {
        Slot slot = new Slot(month(at), type);
        return new PipelineCounts().add(slot, PipelineCounts.CREATED, 1)
                .add(slot, PipelineCounts.entered(stage), 1)
                .add(slot, PipelineCounts.reached(stage), 1)
                .add(new Slot(PipelineCounts.OPEN, type), PipelineCounts.open(stage), 1);
    }

    /**
     * A stage change: the stay in the old stage ends (its days counted in the month it ends), the new
     * stage is entered, a first visit joins the creation month's cohort, a closing counts as won or
     * lost (with its reason), a reopening as reopened; the open counts move.
     */
    public PipelineCounts changed(String type, Instant createdAt, String from, Instant fromSince, Collection<String> visitedBefore,
                                  String to, Instant at, String lostReason) {
        Slot slot = new Slot(month(at), type);
        Slot open = new Slot(PipelineCounts.OPEN, type);
        PipelineCounts counts = new PipelineCounts().add(slot, PipelineCounts.entered(to), 1);
        boolean wasOpen = stage(from).open();
        Pipeline.Stage target = stage(to);
        if (wasOpen) {
            counts.add(slot, PipelineCounts.days(from, DaysInStage.bucket(OpportunityService.daysBetween(fromSince, at))), 1);
            counts.add(open, PipelineCounts.open(from), -1);
        } else {
            counts.add(slot, PipelineCounts.REOPENED, 1);
        }
        if (target.open()) {
            counts.add(open, PipelineCounts.open(to), 1);
        } else if (target.won()) {
            counts.add(slot, PipelineCounts.WON, 1);
        } else if (target.lost()) {
            counts.addLoss(slot, lostReason == null ? "" : lostReason);
        }
        if (!visitedBefore.contains(to)) {
            Slot cohort = new Slot(month(createdAt), type);
            counts.add(cohort, PipelineCounts.reached(to), 1);
            Set<String> visitedAfter = new LinkedHashSet<>(visitedBefore);
            visitedAfter.add(to);
            for (Pipeline.Stage stage : pipeline.stages()) {
                if (!stage.open()) {
                    continue;
                }
                if (advanced(stage, visitedAfter) && !advanced(stage, visitedBefore)) {
                    counts.add(cohort, PipelineCounts.advanced(stage.key()), 1);
                }
                if (won(stage, visitedAfter) && !won(stage, visitedBefore)) {
                    counts.add(cohort, PipelineCounts.wonAfter(stage.key()), 1);
                }
            }
        }
        return counts;
    }

    /** Whether the opportunity was at the stage and at a later one that is not a loss. */
    private boolean advanced(Pipeline.Stage stage, Collection<String> visited) {
        return visited.contains(stage.key()) && visited.stream().map(this::stage)
                .anyMatch(other -> !other.lost() && other.order() > stage.order());
    }

    private boolean won(Pipeline.Stage stage, Collection<String> visited) {
        return visited.contains(stage.key()) && visited.stream().map(this::stage).anyMatch(Pipeline.Stage::won);
    }

    /** A deleted opportunity leaves the open counts; what happened while it lived stays counted. */
    public PipelineCounts deleted(Opportunity opportunity) {
        PipelineCounts counts = new PipelineCounts();
        if (opportunity.isOpen()) {
            counts.add(new Slot(PipelineCounts.OPEN, opportunity.type()), PipelineCounts.open(opportunity.stage()), -1);
        }
        return counts;
    }

    /** One event of a replayed history: when it happened and what it adds. */
    public record Event(Instant at, String opportunityId, int index, PipelineCounts counts) {
    }

    /** Every event of an opportunity's history, oldest first (the first entry is its creation). */
    public List<Event> replay(Opportunity opportunity) {
        List<Event> events = new ArrayList<>();
        List<StageChange> history = opportunity.history();
        if (history.isEmpty()) {
            return events;
        }
        StageChange first = history.get(0);
        events.add(new Event(first.at(), opportunity.id(), 0, created(opportunity.type(), first.stage(), first.at())));
        Set<String> visited = new LinkedHashSet<>(List.of(first.stage()));
        StageChange previous = first;
        for (int i = 1; i < history.size(); i++) {
            StageChange change = history.get(i);
            events.add(new Event(change.at(), opportunity.id(), i, changed(opportunity.type(), first.at(), previous.stage(),
                    previous.at(), visited, change.stage(), change.at(), change.lostReason())));
            visited.add(change.stage());
            previous = change;
        }
        return events;
    }

    private Pipeline.Stage stage(String key) {
        return pipeline.stage(key).orElseThrow(() -> new IllegalStateException("stage " + key + " is not in the pipeline definition"));
    }
}
