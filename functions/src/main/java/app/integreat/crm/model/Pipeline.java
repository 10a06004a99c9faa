package app.integreat.crm.model;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sales pipeline as the definition file {@code pipeline.json} describes it: stages in their
 * order with labels and rules, and the types of service agreement. Loaded once per execution
 * environment; the code knows no stage or type key except through this object.
 */
public final class Pipeline {
    public static final String RESOURCE = "/pipeline.json";

    /** A task that entering the stage creates for the owner, unless one is still open. */
    public record TaskRule(Map<String, String> title) {
    }

    /**
     * @param requiresVisited a stage the opportunity must have been at before it may enter this one
     * @param requiresField   a body field the change to this stage must carry (e.g. lostReason)
     */
    public record Stage(String key, int order, int phase, boolean initial, boolean closed, boolean won, boolean lost,
                        String requiresVisited, String requiresField, TaskRule createsTask, Map<String, String> labels) {
        public boolean open() {
            return !closed;
        }

        public String label(String language) {
            return Pipeline.label(labels, language, key);
        }
    }

    public record Type(String key, int minAccounts, int maxAccounts, boolean shares, Map<String, String> labels) {
        public String label(String language) {
            return Pipeline.label(labels, language, key);
        }
    }

    private final List<Stage> stages;
    private final List<Type> types;
    private final int remindAfterDays;
    private final int staleAfterDays;
    private final int boardClosedDays;

    Pipeline(List<Stage> stages, List<Type> types, int remindAfterDays, int staleAfterDays, int boardClosedDays) {
        this.stages = List.copyOf(stages);
        this.types = List.copyOf(types);
        this.remindAfterDays = remindAfterDays;
        this.staleAfterDays = staleAfterDays;
        this.boardClosedDays = boardClosedDays;
        validate();
    }

    /** The definition in the jar, with the day counts optionally overridden by the environment. */
    public static Pipeline load(String remindAfterDays, String staleAfterDays) {
        try (InputStream in = Pipeline.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            Pipeline pipeline = parse(JSON.std.mapFrom(in));
            return new Pipeline(pipeline.stages, pipeline.types,
                    days(remindAfterDays, pipeline.remindAfterDays, "REMIND_AFTER_DAYS"),
                    days(staleAfterDays, pipeline.staleAfterDays, "STALE_AFTER_DAYS"), pipeline.boardClosedDays);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    public static Pipeline load() {
        return load(null, null);
    }

    private static int days(String override, int fallback, String name) {
        if (override == null || override.isBlank()) {
            return fallback;
        }
        try {
            int days = Integer.parseInt(override.trim());
            if (days >= 0 && days <= 3650) {
                return days;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(name + " must be a number of days between 0 and 3650");
    }

    /** Reads the definition from its JSON form (maps and lists, as jackson-jr gives them). */
    static Pipeline parse(Map<String, Object> json) {
        List<Stage> stages = new ArrayList<>();
        for (Map<String, Object> s : objects(json.get("stages"), "stages")) {
            Map<String, Object> task = s.get("createsTask") instanceof Map<?, ?> ? cast(s.get("createsTask")) : null;
            stages.add(new Stage(string(s, "key", true), number(s, "order", 0), number(s, "phase", 0),
                    flag(s, "initial"), flag(s, "closed"), flag(s, "won"), flag(s, "lost"),
                    string(s, "requiresVisited", false), string(s, "requiresField", false),
                    task == null ? null : new TaskRule(labels(task.get("title"))), labels(s.get("labels"))));
        }
        List<Type> types = new ArrayList<>();
        for (Map<String, Object> t : objects(json.get("types"), "types")) {
            types.add(new Type(string(t, "key", true), number(t, "minAccounts", 1), number(t, "maxAccounts", 1),
                    flag(t, "shares"), labels(t.get("labels"))));
        }
        return new Pipeline(stages, types, number(json, "remindAfterDays", 7), number(json, "staleAfterDays", 30),
                number(json, "boardClosedDays", 90));
    }

    /** A definition that the rules cannot work with fails at start-up, not on the first request. */
    private void validate() {
        Set<String> keys = new HashSet<>();
        Set<Integer> orders = new HashSet<>();
        int initial = 0;
        for (Stage stage : stages) {
            require(stage.key().matches("[A-Z][A-Z0-9_]{0,39}"), "stage key " + stage.key() + " must be upper case");
            require(keys.add(stage.key()), "stage " + stage.key() + " is defined twice");
            require(orders.add(stage.order()) && stage.order() >= 1 && stage.order() <= 99, "stage " + stage.key() + " needs a unique order 1..99");
            require(stage.closed() || (!stage.won() && !stage.lost()), "open stage " + stage.key() + " cannot be won or lost");
            if (stage.initial()) {
                require(stage.open(), "the initial stage must be open");
                initial++;
            }
        }
        require(initial == 1, "exactly one stage must be initial");
        for (Stage stage : stages) {
            require(stage.requiresVisited() == null || keys.contains(stage.requiresVisited()),
                    "stage " + stage.key() + " requires an unknown stage");
        }
        Set<String> typeKeys = new HashSet<>();
        for (Type type : types) {
            require(type.key().matches("[A-Z][A-Z0-9_]{0,39}"), "type key " + type.key() + " must be upper case");
            require(typeKeys.add(type.key()), "type " + type.key() + " is defined twice");
            // a transaction holds at most 100 actions; each linked account takes four
            require(type.minAccounts() >= 1 && type.minAccounts() <= type.maxAccounts() && type.maxAccounts() <= 20,
                    "type " + type.key() + " needs 1 <= minAccounts <= maxAccounts <= 20");
        }
        require(!types.isEmpty(), "at least one type is needed");
        require(remindAfterDays >= 0 && staleAfterDays >= 1 && boardClosedDays >= 0, "day counts must not be negative");
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException("pipeline definition: " + problem);
        }
    }

    public List<Stage> stages() {
        return stages;
    }

    public List<Type> types() {
        return types;
    }

    public Optional<Stage> stage(String key) {
        return stages.stream().filter(stage -> stage.key().equals(key)).findFirst();
    }

    public Optional<Type> type(String key) {
        return types.stream().filter(type -> type.key().equals(key)).findFirst();
    }

    public Stage initialStage() {
        return stages.stream().filter(Stage::initial).findFirst().orElseThrow();
    }

    public List<String> stageKeys() {
        return stages.stream().map(Stage::key).toList();
    }

    public List<String> typeKeys() {
        return types.stream().map(Type::key).toList();
    }

    public int remindAfterDays() {
        return remindAfterDays;
    }

    public int staleAfterDays() {
        return staleAfterDays;
    }

    public int boardClosedDays() {
        return boardClosedDays;
    }

    /**
     * Why the change from {@code from} to {@code to} is refused, or empty when it is allowed.
     * Open stages move freely forward and back; a closed stage is left only with reopen; a stage
     * may require having visited another one (won after the contract was sent).
     */
    public Optional<String> refusal(Stage from, Set<String> visited, Stage to, boolean reopen) {
        if (from.key().equals(to.key())) {
            return Optional.of("The opportunity is already at the stage " + to.key() + ".");
        }
        if (from.closed() && !reopen) {
            return Optional.of("The opportunity is closed (" + from.key() + "); send \"reopen\": true to change its stage.");
        }
        if (to.requiresVisited() != null && !visited.contains(to.requiresVisited())) {
            return Optional.of("An opportunity can only become " + to.key() + " after it has been at "
                    + to.requiresVisited() + ": the contract has not been sent yet.");
        }
        return Optional.empty();
    }

    /** The definition as the web page reads it: keys, order, flags and labels. */
    public Map<String, Object> describe() {
        Map<String, Object> json = new LinkedHashMap<>();
        List<Map<String, Object>> stageList = new ArrayList<>();
        for (Stage stage : stages) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("key", stage.key());
            s.put("order", stage.order());
            s.put("phase", stage.phase());
            s.put("open", stage.open());
            s.put("initial", stage.initial());
            s.put("won", stage.won());
            s.put("lost", stage.lost());
            if (stage.requiresVisited() != null) {
                s.put("requiresVisited", stage.requiresVisited());
            }
            if (stage.requiresField() != null) {
                s.put("requiresField", stage.requiresField());
            }
            s.put("createsTask", stage.createsTask() != null);
            s.put("labels", stage.labels());
            stageList.add(s);
        }
        List<Map<String, Object>> typeList = new ArrayList<>();
        for (Type type : types) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("key", type.key());
            t.put("minAccounts", type.minAccounts());
            t.put("maxAccounts", type.maxAccounts());
            t.put("shares", type.shares());
            t.put("labels", type.labels());
            typeList.add(t);
        }
        json.put("stages", stageList);
        json.put("types", typeList);
        json.put("remindAfterDays", remindAfterDays);
        json.put("staleAfterDays", staleAfterDays);
        json.put("boardClosedDays", boardClosedDays);
        return json;
    }

    /** The label in the language, else German (the team's language), else the key. */
    public static String label(Map<String, String> labels, String language, String key) {
        String label = language == null ? null : labels.get(language);
        if (label == null) {
            label = labels.get("de");
        }
        return label == null ? key : label;
    }

    private static List<Map<String, Object>> objects(Object value, String name) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalStateException("pipeline definition: " + name + " must be a list");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?>)) {
                throw new IllegalStateException("pipeline definition: each of " + name + " must be an object");
            }
            out.add(cast(item));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, String> labels(Object value) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((language, label) -> labels.put(String.valueOf(language), String.valueOf(label)));
        }
        return Collections.unmodifiableMap(labels);
    }

    private static String string(Map<String, Object> json, String name, boolean required) {
        Object value = json.get(name);
        if (value == null && required) {
            throw new IllegalStateException("pipeline definition: " + name + " is missing in " + json);
        }
        return value == null ? null : value.toString();
    }

    private static int number(Map<String, Object> json, String name, int fallback) {
        Object value = json.get(name);
        return value instanceof Number n ? n.intValue() : fallback;
    }

    private static boolean flag(Map<String, Object> json, String name) {
        return Boolean.TRUE.equals(json.get(name));
    }
}
