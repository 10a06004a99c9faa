package app.integreat.crm.core;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.DaysInStage;
import app.integreat.crm.model.Pipeline;
import app.integreat.crm.model.PipelineCounts;
import app.integreat.crm.model.PipelineCounts.Slot;
import app.integreat.crm.store.OpportunityStore;
import app.integreat.crm.store.ReportStore;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pipeline report, computed from the counters that every opportunity change keeps up to date
 * ({@link PipelineEvents}): one Query, however many opportunities and changes there are. Months are
 * the team's (Europe/Berlin); a report covers whole months.
 */
public final class ReportService {
    /** How far back a report may start: bounds the one Query to this many months of counters. */
    public static final int MAX_MONTHS = 60;
    /** Lost reasons shown by name; the rest are summed as "other". */
    public static final int TOP_REASONS = 10;

    private final ReportStore reports;
    private final OpportunityStore opportunities;
    private final Pipeline pipeline;
    private final Clock clock;
    private final PipelineEvents events;

    public ReportService(ReportStore reports, OpportunityStore opportunities, Pipeline pipeline, Clock clock) {
        this.reports = reports;
        this.opportunities = opportunities;
        this.pipeline = pipeline;
        this.clock = clock;
        this.events = new PipelineEvents(pipeline);
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /**
     * One stage's figures. {@code open}: open now; {@code entered}: entries in the period (an
     * opportunity may enter a stage again); {@code median}/{@code days}: stays in the stage that
     * ended in the period; {@code reached}: opportunities created in the period that ever reached
     * the stage; the conversions are the shares of those that went on to a later stage (not a loss)
     * and that were won (null when none reached it).
     */
    public record StageFigures(Pipeline.Stage stage, long open, long entered, DaysInStage.Median median,
                               List<DaysInStage.Bucket> days, long reached, Double toNext, Double toWon) {
    }

    /** Closings in the period; {@code winRate} = won / (won + lost), null without closings. */
    public record Outcomes(String type, long won, long lost, Double winRate) {
    }

    /** {@code key} {@link PipelineCounts#OTHER_REASON} sums the reasons beyond the top ones. */
    public record LostReason(String key, String text, long count) {
    }

    public record Quarter(String quarter, long created, long won, long lost, long reopened) {
    }

    public record PipelineReport(YearMonth from, YearMonth to, String type, List<StageFigures> stages,
                                 List<Outcomes> types, Outcomes total, List<LostReason> lostReasons, List<Quarter> quarters) {
    }

    public PipelineReport pipeline(String fromParameter, String toParameter, String typeParameter) {
        YearMonth now = YearMonth.from(clock.instant().atZone(OpportunityService.TEAM_ZONE));
        YearMonth to = toParameter == null ? now : month("to", toParameter);
        YearMonth from = fromParameter == null ? to.minusMonths(11) : month("from", fromParameter);
        if (from.isAfter(to)) {
            throw CrmException.badParameter("from", "must not be after to");
        }
        if (from.isBefore(now.minusMonths(MAX_MONTHS - 1))) {
            throw CrmException.badParameter("from", "reaches back at most " + MAX_MONTHS + " months (to " + now.minusMonths(MAX_MONTHS - 1) + ")");
        }
        String type = null;
        if (typeParameter != null) {
            type = typeParameter.trim().toUpperCase(Locale.ROOT);
            if (pipeline.type(type).isEmpty()) {
                throw CrmException.badParameter("type", "must be one of " + pipeline.typeKeys());
            }
        }
        // months from `from` up to the current one, per type, and the open counts
        int maxItems = pipeline.types().size() * (MAX_MONTHS + 2);
        PipelineCounts counts = reports.read(from.toString(), maxItems);
        Map<String, Long> sums = new HashMap<>();
        Map<String, Long> open = new HashMap<>();
        Map<String, String> texts = new HashMap<>();
        Map<String, long[]> byType = new LinkedHashMap<>();
        Map<String, long[]> byQuarter = new LinkedHashMap<>();
        for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
            byQuarter.putIfAbsent(quarter(month), new long[4]);
        }
        for (Pipeline.Type t : pipeline.types()) {
            if (type == null || type.equals(t.key())) {
                byType.put(t.key(), new long[2]);
            }
        }
        for (Map.Entry<Slot, Map<String, Long>> entry : counts.counters().entrySet()) {
            Slot slot = entry.getKey();
            if (type != null && !type.equals(slot.type())) {
                continue;
            }
            if (slot.month().equals(PipelineCounts.OPEN)) {
                entry.getValue().forEach((name, value) -> open.merge(name, value, Long::sum));
                continue;
            }
            YearMonth month = YearMonth.parse(slot.month());
            if (month.isBefore(from) || month.isAfter(to)) {
                continue;
            }
            Map<String, Long> values = entry.getValue();
            values.forEach((name, value) -> sums.merge(name, value, Long::sum));
            // slots come in month order: a reason reads as it was first given
            counts.texts(slot).forEach(texts::putIfAbsent);
            long[] outcome = byType.computeIfAbsent(slot.type(), key -> new long[2]);
            outcome[0] += values.getOrDefault(PipelineCounts.WON, 0L);
            outcome[1] += values.getOrDefault(PipelineCounts.LOST, 0L);
            long[] quarter = byQuarter.get(quarter(month));
            quarter[0] += values.getOrDefault(PipelineCounts.CREATED, 0L);
            quarter[1] += values.getOrDefault(PipelineCounts.WON, 0L);
            quarter[2] += values.getOrDefault(PipelineCounts.LOST, 0L);
            quarter[3] += values.getOrDefault(PipelineCounts.REOPENED, 0L);
        }
        List<Outcomes> types = new ArrayList<>();
        long won = 0;
        long lost = 0;
        for (Map.Entry<String, long[]> entry : byType.entrySet()) {
            types.add(outcomes(entry.getKey(), entry.getValue()[0], entry.getValue()[1]));
            won += entry.getValue()[0];
            lost += entry.getValue()[1];
        }
        List<Quarter> quarters = new ArrayList<>();
        byQuarter.forEach((key, q) -> quarters.add(new Quarter(key, q[0], q[1], q[2], q[3])));
        return new PipelineReport(from, to, type, stages(sums, open), types, outcomes(null, won, lost),
                lostReasons(sums, texts), quarters);
    }

    private List<StageFigures> stages(Map<String, Long> sums, Map<String, Long> open) {
        List<Pipeline.Stage> stages = pipeline.stages();
        List<StageFigures> out = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            Pipeline.Stage stage = stages.get(i);
            Map<Integer, Long> histogram = new HashMap<>();
            for (int bucket = 0; bucket < DaysInStage.buckets(); bucket++) {
                long count = sums.getOrDefault(PipelineCounts.days(stage.key(), bucket), 0L);
                if (count > 0) {
                    histogram.put(bucket, count);
                }
            }
            long reached = sums.getOrDefault(PipelineCounts.reached(stage.key()), 0L);
            Double toNext = null;
            Double toWon = null;
            if (stage.open()) {
                toNext = share(sums.getOrDefault(PipelineCounts.advanced(stage.key()), 0L), reached);
                toWon = share(sums.getOrDefault(PipelineCounts.wonAfter(stage.key()), 0L), reached);
            }
            out.add(new StageFigures(stage, stage.open() ? Math.max(0, open.getOrDefault(PipelineCounts.open(stage.key()), 0L)) : 0,
                    sums.getOrDefault(PipelineCounts.entered(stage.key()), 0L), DaysInStage.median(histogram),
                    stage.open() ? DaysInStage.histogram(histogram) : List.of(), reached, toNext, toWon));
        }
        return out;
    }

    private static List<LostReason> lostReasons(Map<String, Long> sums, Map<String, String> texts) {
        String prefix = PipelineCounts.reason("");
        List<LostReason> all = new ArrayList<>();
        long other = 0;
        for (Map.Entry<String, Long> entry : sums.entrySet()) {
            if (!entry.getKey().startsWith(prefix) || entry.getValue() <= 0) {
                continue;
            }
            String key = entry.getKey().substring(prefix.length());
            if (key.equals(PipelineCounts.OTHER_REASON)) {
                other += entry.getValue();
            } else {
                all.add(new LostReason(key, texts.getOrDefault(PipelineCounts.reasonText(key), key), entry.getValue()));
            }
        }
        all.sort(Comparator.comparingLong(LostReason::count).reversed().thenComparing(LostReason::key));
        List<LostReason> top = new ArrayList<>(all.subList(0, Math.min(TOP_REASONS, all.size())));
        for (LostReason beyond : all.subList(top.size(), all.size())) {
            other += beyond.count();
        }
        if (other > 0) {
            top.add(new LostReason(PipelineCounts.OTHER_REASON, null, other));
        }
        return top;
    }

    /**
     * Recomputes every counter from the opportunities and their histories (imported history, or
     * counters that drifted): replays each history's events in time order and replaces the counter
     * items. Running it twice gives the same items. Deleted opportunities are gone from it, so their
     * past no longer counts. Returns how many opportunities were replayed.
     */
    public int rebuild() {
        List<app.integreat.crm.model.Opportunity> all = new ArrayList<>();
        opportunities.forEachWithHistory(all::add);
        return rebuild(all);
    }

    /** The rebuild from opportunities with their histories at hand (an import that wrote them itself). */
    public int rebuild(Iterable<app.integreat.crm.model.Opportunity> withHistory) {
        List<PipelineEvents.Event> all = new ArrayList<>();
        int replayed = 0;
        for (app.integreat.crm.model.Opportunity opportunity : withHistory) {
            all.addAll(events.replay(opportunity));
            replayed++;
        }
        all.sort(Comparator.comparing(PipelineEvents.Event::at).thenComparing(PipelineEvents.Event::opportunityId)
                .thenComparingInt(PipelineEvents.Event::index));
        PipelineCounts totals = new PipelineCounts();
        for (PipelineEvents.Event event : all) {
            totals.addEvent(event.counts());
        }
        reports.replace(totals);
        return replayed;
    }

    private static Outcomes outcomes(String type, long won, long lost) {
        return new Outcomes(type, won, lost, share(won, won + lost));
    }

    private static Double share(long part, long whole) {
        return whole <= 0 ? null : Math.round(1000.0 * part / whole) / 1000.0;
    }

    private static String quarter(YearMonth month) {
        return month.getYear() + "-Q" + ((month.getMonthValue() - 1) / 3 + 1);
    }

    private static YearMonth month(String parameter, String value) {
        String text = value.trim();
        try {
            return text.length() == 7 ? YearMonth.parse(text) : YearMonth.from(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            throw CrmException.badParameter(parameter, "must be a month (2026-05) or a date (2026-05-31)");
        }
    }
}
