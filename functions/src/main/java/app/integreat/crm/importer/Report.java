package app.integreat.crm.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an import did (or, in a dry run, would do), per Salesforce object: rows read, records
 * created, updated, unchanged, skipped (each reason with its first examples) and conflicts; plus
 * values that did not map and notes a person must act on.
 */
public final class Report {
    static final int EXAMPLES = 5;

    public static final class Counts {
        long read;
        long created;
        long updated;
        long unchanged;
        long skipped;
        final Map<String, Examples> skips = new LinkedHashMap<>();
        final List<String> conflicts = new ArrayList<>();
        long conflictCount;

        public long read() {
            return read;
        }

        public long created() {
            return created;
        }

        public long updated() {
            return updated;
        }

        public long unchanged() {
            return unchanged;
        }

        public long skipped() {
            return skipped;
        }

        public long conflicts() {
            return conflictCount;
        }

        /** Each skip reason with how often it occurred. */
        public Map<String, Long> skipReasons() {
            Map<String, Long> reasons = new LinkedHashMap<>();
            skips.forEach((reason, examples) -> reasons.put(reason, examples.count));
            return reasons;
        }
    }

    /** How often, and the first few Salesforce ids where. */
    static final class Examples {
        long count;
        final List<String> first = new ArrayList<>();

        void add(String example) {
            count++;
            if (first.size() < EXAMPLES) {
                first.add(example);
            }
        }
    }

    private final boolean dryRun;
    private final Map<String, Counts> objects = new LinkedHashMap<>();
    private final Map<String, Map<String, Examples>> unmapped = new LinkedHashMap<>();
    private final Map<String, Examples> notes = new LinkedHashMap<>();
    private final Map<String, String> inputs = new LinkedHashMap<>();
    /** From how many opportunities the pipeline report's counters were rebuilt at the end; null: not rebuilt. */
    private Integer pipelineReportRebuiltFrom;

    Report(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public Counts counts(String object) {
        return objects.computeIfAbsent(object, o -> new Counts());
    }

    void input(String path, String format) {
        inputs.put(path, format);
    }

    void read(String object) {
        counts(object).read++;
    }

    void created(String object) {
        counts(object).created++;
    }

    void updated(String object) {
        counts(object).updated++;
    }

    void unchanged(String object) {
        counts(object).unchanged++;
    }

    void skipped(String object, String salesforceId, String reason) {
        Counts counts = counts(object);
        counts.skipped++;
        counts.skips.computeIfAbsent(reason, r -> new Examples()).add(salesforceId);
    }

    void conflict(String object, String salesforceId, String reason) {
        Counts counts = counts(object);
        counts.conflictCount++;
        if (counts.conflicts.size() < 50) {
            counts.conflicts.add(salesforceId + ": " + reason);
        }
    }

    /** A value of {@code kind} (stages, opportunityTypes, accountTypes) that --map must map. */
    void unmapped(String kind, String value, String where) {
        unmapped.computeIfAbsent(kind, k -> new LinkedHashMap<>()).computeIfAbsent(value, v -> new Examples()).add(where);
    }

    /** Something a person must look at after the import (reassigned tasks, splits missing municipalities). */
    void note(String what, String salesforceId) {
        notes.computeIfAbsent(what, w -> new Examples()).add(salesforceId);
    }

    void pipelineReportRebuilt(int opportunities) {
        pipelineReportRebuiltFrom = opportunities;
    }

    public boolean hasUnmapped() {
        return !unmapped.isEmpty();
    }

    public long conflicts() {
        return objects.values().stream().mapToLong(c -> c.conflictCount).sum();
    }

    /** The values --map must map, as a sentence per kind with where each occurs. */
    public String unmappedText() {
        StringBuilder text = new StringBuilder();
        unmapped.forEach((kind, values) -> {
            text.append("Values without a mapping (").append(kind).append("):\n");
            values.forEach((value, where) -> text.append("  \"").append(value).append("\" ×").append(where.count)
                    .append(", e.g. ").append(String.join(", ", where.first)).append('\n'));
        });
        text.append("Map them with --map FILE, e.g. {\"stages\": {\"Posted\": \"CLOSED_WON\"}, \"opportunityTypes\": {…}, \"accountTypes\": {…}}\n");
        return text.toString();
    }

    /** The report as a table for the terminal. */
    public String table() {
        StringBuilder text = new StringBuilder();
        text.append(dryRun ? "Dry run: nothing was written. The import would do this:\n" : "Import done:\n");
        text.append(String.format("%-24s %8s %8s %8s %9s %8s %9s%n", "object", "read", "created", "updated", "unchanged",
                "skipped", "conflicts"));
        objects.forEach((object, c) -> text.append(String.format("%-24s %8d %8d %8d %9d %8d %9d%n", object, c.read, c.created,
                c.updated, c.unchanged, c.skipped, c.conflictCount)));
        objects.forEach((object, c) -> {
            c.skips.forEach((reason, examples) -> text.append("  ").append(object).append(" skipped ×").append(examples.count)
                    .append(": ").append(reason).append(" (e.g. ").append(String.join(", ", examples.first)).append(")\n"));
            c.conflicts.forEach(conflict -> text.append("  ").append(object).append(" conflict: ").append(conflict).append('\n'));
        });
        notes.forEach((what, examples) -> text.append("  note ×").append(examples.count).append(": ").append(what)
                .append(" (").append(String.join(", ", examples.first)).append(")\n"));
        if (pipelineReportRebuiltFrom != null) {
            text.append("Pipeline report rebuilt from ").append(pipelineReportRebuiltFrom).append(" opportunities.\n");
        }
        if (hasUnmapped()) {
            text.append(unmappedText());
        }
        return text.toString();
    }

    /** The report as JSON-ready maps (--report FILE). */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dryRun", dryRun);
        json.put("inputs", inputs);
        Map<String, Object> perObject = new LinkedHashMap<>();
        objects.forEach((object, c) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("read", c.read);
            o.put("created", c.created);
            o.put("updated", c.updated);
            o.put("unchanged", c.unchanged);
            o.put("skipped", c.skipped);
            List<Map<String, Object>> skips = new ArrayList<>();
            c.skips.forEach((reason, examples) -> skips.add(Map.of("reason", reason, "count", examples.count,
                    "examples", examples.first)));
            o.put("skips", skips);
            o.put("conflicts", c.conflictCount);
            o.put("conflictExamples", c.conflicts);
            perObject.put(object, o);
        });
        json.put("objects", perObject);
        Map<String, Object> values = new LinkedHashMap<>();
        unmapped.forEach((kind, byValue) -> {
            Map<String, Object> k = new LinkedHashMap<>();
            byValue.forEach((value, where) -> k.put(value, Map.of("count", where.count, "examples", where.first)));
            values.put(kind, k);
        });
        json.put("unmapped", values);
        List<Map<String, Object>> noteList = new ArrayList<>();
        notes.forEach((what, examples) -> noteList.add(Map.of("note", what, "count", examples.count, "examples", examples.first)));
        json.put("notes", noteList);
        json.put("pipelineReportRebuiltFrom", pipelineReportRebuiltFrom);
        return json;
    }
}
