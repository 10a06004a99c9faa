package app.integreat.crm.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters of the pipeline report, per slot: a month and type (what happened in that month), or
 * {@link #OPEN} and type (how many are open now). A stage change, a create or a delete produces a
 * few counter changes; the store adds them in the same transaction as the change itself, and the
 * rebuild sums them over every history. Counter names are also the stored attribute names.
 */
public final class PipelineCounts {
    /** The slot of the counts of open opportunities now; sorts after every month ("OPEN" &gt; "MONTH"). */
    public static final String OPEN = "OPEN";
    public static final String CREATED = "created";
    public static final String WON = "won";
    public static final String LOST = "lost";
    public static final String REOPENED = "reopened";
    /**
     * Losses ever counted in the slot. New lost-reason keys are taken only while it is below
     * {@link #MAX_REASONS}; later new reasons count as {@link #OTHER_REASON}, so a slot stays small.
     */
    public static final String LOSSES_SEEN = "lossesSeen";
    public static final int MAX_REASONS = 50;
    public static final String OTHER_REASON = "*";
    private static final int REASON_KEY_LENGTH = 60;

    /** A month ("2026-05") or {@link #OPEN}, and an opportunity type. */
    public record Slot(String month, String type) implements Comparable<Slot> {
        @Override
        public int compareTo(Slot other) {
            int byMonth = month.compareTo(other.month);
            return byMonth != 0 ? byMonth : type.compareTo(other.type);
        }
    }

    public static String entered(String stage) {
        return "entered#" + stage;
    }

    /** First visits of a stage, counted in the opportunity's creation month (the cohort of the conversion rates). */
    public static String reached(String stage) {
        return "reached#" + stage;
    }

    /** Opportunities of the cohort that were at the stage and at a later (not lost) one. */
    public static String advanced(String stage) {
        return "advanced#" + stage;
    }

    /** Opportunities of the cohort that were at the stage and were won. */
    public static String wonAfter(String stage) {
        return "wonAfter#" + stage;
    }

    public static String open(String stage) {
        return "open#" + stage;
    }

    /** Stays that ended in the month, per stage and day bucket ({@link DaysInStage}). */
    public static String days(String stage, int bucket) {
        return "days#" + stage + "#" + bucket;
    }

    public static String reason(String key) {
        return "reason#" + key;
    }

    /** The text a reason was first given in, shown for its key. */
    public static String reasonText(String key) {
        return "reasonText#" + key;
    }

    /** Lost reasons are grouped by their search form: "Eigene App!" and "eigene app" are one reason. */
    public static String reasonKey(String reason) {
        String key = SearchText.normalize(reason);
        if (key.length() > REASON_KEY_LENGTH) {
            key = key.substring(0, REASON_KEY_LENGTH).strip();
        }
        return key.isEmpty() ? OTHER_REASON : key;
    }

    private final Map<Slot, Map<String, Long>> counters = new TreeMap<>();
    private final Map<Slot, Map<String, String>> texts = new TreeMap<>();
    /** Slots whose change names a lost reason that may be new there (the store conditions it). */
    private final Map<Slot, String> newReasons = new TreeMap<>();

    public PipelineCounts add(Slot slot, String counter, long delta) {
        counters.computeIfAbsent(slot, s -> new LinkedHashMap<>()).merge(counter, delta, Long::sum);
        return this;
    }

    /** Counts a loss with its reason in the slot; the reason's text is kept the first time its key is seen. */
    public PipelineCounts addLoss(Slot slot, String reason) {
        String key = reasonKey(reason);
        add(slot, LOST, 1).add(slot, LOSSES_SEEN, 1).add(slot, reason(key), 1);
        if (!key.equals(OTHER_REASON)) {
            newReasons.put(slot, key);
            String text = reason.strip();
            texts.computeIfAbsent(slot, s -> new LinkedHashMap<>()).put(reasonText(key),
                    text.length() > 200 ? text.substring(0, 200) : text);
        }
        return this;
    }

    /** Keeps a reason's text (as read back from the store). */
    public PipelineCounts text(Slot slot, String name, String text) {
        texts.computeIfAbsent(slot, s -> new LinkedHashMap<>()).putIfAbsent(name, text);
        return this;
    }

    public Map<Slot, Map<String, Long>> counters() {
        return Collections.unmodifiableMap(counters);
    }

    public Map<String, String> texts(Slot slot) {
        return texts.getOrDefault(slot, Map.of());
    }

    /** The reason key of a loss in this slot, or null. */
    public String newReason(Slot slot) {
        return newReasons.get(slot);
    }

    public boolean isEmpty() {
        return counters.isEmpty();
    }

    /** The same changes with every lost reason counted as {@link #OTHER_REASON} (its slot was full). */
    public PipelineCounts withReasonsAsOther() {
        PipelineCounts other = new PipelineCounts();
        counters.forEach((slot, values) -> values.forEach((name, delta) ->
                other.add(slot, name.startsWith("reason#") ? reason(OTHER_REASON) : name, delta)));
        return other;
    }

    /**
     * Adds the changes of one event to these totals, with the same rule the store's condition
     * applies: a reason key new to its slot is taken only while the slot has seen fewer than
     * {@link #MAX_REASONS} losses. The rebuild adds the events in time order, as they happened.
     */
    public void addEvent(PipelineCounts event) {
        event.counters.forEach((slot, values) -> {
            Map<String, Long> total = counters.computeIfAbsent(slot, s -> new LinkedHashMap<>());
            String newReason = event.newReasons.get(slot);
            boolean full = newReason != null && !total.containsKey(reason(newReason))
                    && total.getOrDefault(LOSSES_SEEN, 0L) >= MAX_REASONS;
            values.forEach((name, delta) -> total.merge(full && name.startsWith("reason#") ? reason(OTHER_REASON) : name,
                    delta, Long::sum));
            if (!full) {
                event.texts(slot).forEach((name, text) -> texts.computeIfAbsent(slot, s -> new LinkedHashMap<>()).putIfAbsent(name, text));
            }
        });
    }
}
