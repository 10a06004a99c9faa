package app.integreat.crm.local;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Values for the JSON Schemas of docs/openapi.yaml, as jqwik arbitraries: {@link #valid} ones that
 * the schema allows (with the unicode of real names: umlauts, accents, combining marks, zero-width
 * and bidi characters, emoji), and {@link #broken} ones that it does not (wrong types, too long, too
 * many, unknown enum values, bad ids, dates and addresses, huge numbers, control characters and
 * unpaired surrogates). Ids are {@link IdRef}s, resolved when the request is sent, so that they can
 * name records that exist then.
 */
final class SchemaValues {
    /** An id field: the {@code n}th record of a kind that exists when sent, or (n < 0) a well-formed id of nobody. */
    record IdRef(String kind, int n) {
    }

    private static final String ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final String ODD = "\u200B\u200D\u202E\u2066\u00A0\uFEFF\u0301";
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜßéèçñøåłžčğış"
            + "ЖжЯяΩωأبת中文字";

    private final OpenApi api;

    SchemaValues(OpenApi api) {
        this.api = api;
    }

    /** A schema with its {@code $ref} resolved and the referencing siblings (maxLength, description) laid over it. */
    record Schema(String name, Map<String, Object> node) {
        Object get(String key) {
            return node.get(key);
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String key) {
            return node.get(key) instanceof List<?> list ? (List<Object>) list : List.of();
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> properties() {
            return node.get("properties") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        }

        Set<String> types() {
            Object type = node.get("type");
            Set<String> types = new LinkedHashSet<>();
            if (type instanceof String t) {
                types.add(t);
            } else if (type instanceof List<?> list) {
                list.forEach(t -> types.add((String) t));
            }
            return types;
        }

        boolean readOnly() {
            return Boolean.TRUE.equals(node.get("readOnly"));
        }

        Integer integer(String key) {
            return node.get(key) instanceof Number n ? n.intValue() : null;
        }
    }

    Schema schema(Object node) {
        Map<String, Object> map = OpenApi.map(node);
        String name = null;
        Map<String, Object> merged = new LinkedHashMap<>();
        if (map.get("$ref") instanceof String ref) {
            name = ref.substring(ref.lastIndexOf('/') + 1);
            Schema target = schema(api.resolve(Map.of("$ref", ref)));
            merged.putAll(target.node());
            if (target.name() != null && !target.node().containsKey("$ref")) {
                name = name == null ? target.name() : name;
            }
        }
        map.forEach((key, value) -> {
            if (!key.equals("$ref")) {
                merged.put(key, value);
            }
        });
        return new Schema(name, merged);
    }

    // ---------------------------------------------------------------- valid values

    Arbitrary<Object> valid(Object node, String field) {
        Schema s = schema(node);
        if ("Id".equals(s.name())) {
            return id(field);
        }
        if (s.node().containsKey("const")) {
            return Arbitraries.just(s.get("const"));
        }
        if (!s.list("enum").isEmpty()) {
            return enumValue(s.list("enum"));
        }
        if (!s.list("oneOf").isEmpty() && s.types().isEmpty() && !branchesOnlyRequire(s.list("oneOf"))) {
            return Arbitraries.of(s.list("oneOf")).flatMap(branch -> valid(branch, field));
        }
        if (!s.list("anyOf").isEmpty() && s.types().isEmpty() && !branchesOnlyRequire(s.list("anyOf"))) {
            return Arbitraries.of(s.list("anyOf")).flatMap(branch -> valid(branch, field));
        }
        Set<String> types = s.types();
        if (types.contains("null") && types.size() > 1) {
            Set<String> rest = new LinkedHashSet<>(types);
            rest.remove("null");
            Map<String, Object> nonNull = new LinkedHashMap<>(s.node());
            nonNull.put("type", List.copyOf(rest).get(0));
            return Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(null)),
                    net.jqwik.api.Tuple.of(6, valid(nonNull, field)));
        }
        String type = types.isEmpty() ? (s.properties().isEmpty() ? "string" : "object") : types.iterator().next();
        return switch (type) {
            case "null" -> Arbitraries.just(null);
            case "boolean" -> Arbitraries.of(true, false).map(b -> b);
            case "integer" -> Arbitraries.integers()
                    .between(s.integer("minimum") == null ? 0 : s.integer("minimum"),
                            s.integer("maximum") == null ? 1000 : s.integer("maximum")).map(i -> i);
            case "number" -> number(s);
            case "array" -> array(s, field);
            case "object" -> object(s);
            default -> string(s);
        };
    }

    private Arbitrary<Object> id(String field) {
        String kind = kindOf(field);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 4).map(n -> new IdRef(kind, n))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new IdRef(kind, -1))));
    }

    /** Which records an id field names, by its name (accountIds, ownerId, ...). */
    static String kindOf(String field) {
        String name = field == null ? "" : field.toLowerCase(Locale.ROOT);
        if (name.contains("account")) return "account";
        if (name.contains("contact")) return "contact";
        if (name.contains("opportunit")) return "opportunity";
        if (name.contains("member") || name.contains("owner") || name.contains("assignee") || name.contains("reassign")) return "member";
        if (name.contains("task")) return "task";
        return "any";
    }

    /** A random well-formed id (a ULID) that no record has. */
    static Arbitrary<String> unknownId() {
        return Combinators.combine(Arbitraries.chars().range('0', '7'),
                Arbitraries.strings().withChars(ID_ALPHABET.toCharArray()).ofLength(25)).as((first, rest) -> first + rest);
    }

    private static Arbitrary<Object> enumValue(List<Object> values) {
        return Arbitraries.of(values).flatMap(value -> {
            if (value instanceof String text && text.equals(text.toUpperCase(Locale.ROOT)) && !text.equals(text.toLowerCase(Locale.ROOT))) {
                // upper-case enum values are accepted in any case
                return Arbitraries.of(text, text.toLowerCase(Locale.ROOT), " " + text + " ").map(v -> v);
            }
            return Arbitraries.just(value);
        });
    }

    private static Arbitrary<Object> number(Schema s) {
        BigDecimal min = s.get("minimum") instanceof Number n ? new BigDecimal(n.toString()) : BigDecimal.ZERO;
        BigDecimal max = s.get("maximum") instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal("1000000");
        int scale = s.get("multipleOf") instanceof Number step ? Math.max(0, new BigDecimal(step.toString()).scale()) : 2;
        return Arbitraries.bigDecimals().between(min, max).ofScale(scale).map(d -> d);
    }

    private Arbitrary<Object> array(Schema s, String field) {
        int min = s.integer("minItems") == null ? 0 : s.integer("minItems");
        int max = s.integer("maxItems") == null ? 5 : s.integer("maxItems");
        Object items = s.get("items");
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(min, Math.max(min, Math.min(max, 2)))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(min, max)));
        return size.flatMap(n -> valid(items, field).list().ofSize(n)).map(list -> (Object) new ArrayList<>(list));
    }

    private static boolean branchesOnlyRequire(List<Object> branches) {
        return branches.stream().allMatch(b -> b instanceof Map<?, ?> m && m.keySet().equals(Set.of("required")));
    }

    /** The groups of alternatives an object must meet (oneOf/anyOf of required lists, also inside allOf). */
    private List<Map.Entry<Boolean, List<List<String>>>> requiredAlternatives(Schema s) {
        List<Map.Entry<Boolean, List<List<String>>>> groups = new ArrayList<>();
        List<Schema> parts = new ArrayList<>(List.of(s));
        s.list("allOf").forEach(part -> parts.add(schema(part)));
        for (Schema part : parts) {
            for (String keyword : List.of("oneOf", "anyOf")) {
                List<Object> branches = part.list(keyword);
                if (!branches.isEmpty() && branchesOnlyRequire(branches)) {
                    List<List<String>> alternatives = new ArrayList<>();
                    for (Object branch : branches) {
                        alternatives.add(((List<?>) OpenApi.map(branch).get("required")).stream().map(String.class::cast).toList());
                    }
                    groups.add(Map.entry(keyword.equals("oneOf"), alternatives));
                }
            }
        }
        return groups;
    }

    private Arbitrary<Object> object(Schema s) {
        Map<String, Object> properties = s.properties();
        Set<String> required = new LinkedHashSet<>();
        s.list("required").forEach(r -> required.add((String) r));
        List<Map.Entry<Boolean, List<List<String>>>> groups = requiredAlternatives(s);
        List<String> names = properties.keySet().stream().filter(name -> !schema(properties.get(name)).readOnly()).toList();
        Arbitrary<List<Integer>> choices = Arbitraries.integers().between(0, 99).list().ofSize(groups.size());
        Arbitrary<Set<String>> optional = names.isEmpty() ? Arbitraries.just(Set.of())
                : Arbitraries.of(names).set().ofMaxSize(names.size());
        return Combinators.combine(choices, optional).as((chosen, extra) -> {
            Set<String> present = new LinkedHashSet<>(required);
            Set<String> excluded = new LinkedHashSet<>();
            for (int g = 0; g < groups.size(); g++) {
                List<List<String>> alternatives = groups.get(g).getValue();
                List<String> pick = alternatives.get(chosen.get(g) % alternatives.size());
                present.addAll(pick);
                if (groups.get(g).getKey()) {
                    alternatives.stream().filter(a -> a != pick).forEach(excluded::addAll);
                }
            }
            for (String name : extra) {
                if (!excluded.contains(name)) {
                    present.add(name);
                }
            }
            excluded.forEach(present::remove);
            return List.copyOf(present);
        }).flatMap(present -> {
            Arbitrary<Map<String, Object>> body = Arbitraries.just(new LinkedHashMap<>());
            for (String name : present) {
                Arbitrary<Object> value = valid(properties.get(name), name);
                body = Combinators.combine(body, value).as((map, v) -> {
                    Map<String, Object> next = new LinkedHashMap<>(map);
                    next.put(name, v);
                    return next;
                });
            }
            return body.map(map -> (Object) map);
        });
    }

    private Arbitrary<Object> string(Schema s) {
        String format = s.get("format") instanceof String f ? f : "";
        int max = s.integer("maxLength") == null ? 300 : s.integer("maxLength");
        if ("Website".equals(s.name())) {
            return Combinators.combine(Arbitraries.of("https://", "http://", "", "HTTPS://"), hostname(),
                    Arbitraries.of("", "/", "/kontakt?x=1", "/%C3%BC")).as((scheme, host, path) -> (Object) (scheme + host + path));
        }
        return switch (format) {
            case "email" -> email().map(e -> e);
            case "hostname" -> hostname().map(h -> h);
            case "date" -> Arbitraries.integers().between(0, 365 * 80)
                    .map(days -> (Object) LocalDate.of(2000, 1, 1).plusDays(days).toString());
            case "date-time" -> Combinators.combine(Arbitraries.longs().between(0, 3600L * 24 * 365 * 20),
                            Arbitraries.of(0, 1, 2, -5, 14))
                    .as((seconds, offset) -> (Object) OffsetDateTime.of(2006, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                            .plusSeconds(seconds).withOffsetSameInstant(ZoneOffset.ofHours(offset)).toString());
            default -> text(Math.max(1, s.integer("minLength") == null ? 1 : s.integer("minLength")), max).map(t -> t);
        };
    }

    /** Text up to {@code max} UTF-16 units that starts with a letter (blank counts as absent) and carries unicode oddities. */
    static Arbitrary<String> text(int min, int max) {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.of(chars(LETTERS))),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(' ', '-', '.', ',', '\'', '&', '0', '7')),
                net.jqwik.api.Tuple.of(1, Arbitraries.of('\t', '\n', '\r')),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(chars(ODD))));
        // mostly short (the emulator copies the whole table in every transaction), sometimes up to the limit
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.integers().between(min, Math.max(min, Math.min(max, 24)))),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(min, max)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(max)));
        return Combinators.combine(Arbitraries.of(chars(LETTERS)), length, chars.list().ofMaxSize(Math.min(max, 40)),
                Arbitraries.of("", "", "\uD83D\uDE00", "\uD83C\uDDE9\uD83C\uDDEA")).as((first, n, rest, emoji) -> {
            StringBuilder text = new StringBuilder().append(first);
            if (emoji.length() + 1 <= n) {
                text.append(emoji);
            }
            for (int i = 0; text.length() < n; i++) {
                text.append(rest.isEmpty() ? 'x' : rest.get(i % rest.size()));
            }
            return text.toString();
        });
    }

    private static Character[] chars(String text) {
        Character[] out = new Character[text.length()];
        for (int i = 0; i < text.length(); i++) {
            out[i] = text.charAt(i);
        }
        return out;
    }

    static Arbitrary<String> hostname() {
        return Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20),
                Arbitraries.of("", "www.", "stadt-", "münchen-"),
                Arbitraries.of("de", "org", "example", "bayern.de")).as((label, prefix, tld) -> prefix + label + "." + tld);
    }

    static Arbitrary<String> email() {
        return Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(30),
                Arbitraries.of("", ".mueller", "+crm", "_1", "ÄÖ"), hostname())
                .as((local, suffix, host) -> local + suffix + "@" + host);
    }

    // ---------------------------------------------------------------- broken values

    /** A value this schema does not allow, with a word on what is wrong with it. */
    record Broken(Object value, String what) {
    }

    Arbitrary<Broken> broken(Object node, String field) {
        Schema s = schema(node);
        List<Arbitrary<Broken>> options = new ArrayList<>();
        Set<String> types = s.types();
        boolean nullable = types.contains("null") || s.list("oneOf").stream().anyMatch(b -> schema(b).types().contains("null"));
        String type = "Id".equals(s.name()) ? "string" : types.stream().filter(t -> !t.equals("null")).findFirst()
                .orElseGet(() -> s.list("oneOf").stream().map(b -> schema(b).types()).flatMap(Set::stream)
                        .filter(t -> !t.equals("null")).findFirst().orElse(s.get("const") != null || !s.list("enum").isEmpty()
                                ? "string" : s.list("anyOf").isEmpty() ? "string" : "string"));
        options.add(wrongType(type, nullable));
        if (type.equals("string")) {
            Schema plain = plainString(s);
            Integer max = plain.integer("maxLength");
            if (max != null) {
                options.add(Arbitraries.integers().between(max + 1, max + 40)
                        .map(n -> new Broken("Z".repeat(n), "longer than " + max)));
            }
            options.add(Arbitraries.of("\u0001", "\u0007", "\u001B", "\u007F", "\u0085", "\u0000")
                    .map(c -> new Broken("Ab" + c + "cd", "a control character")));
            options.add(Arbitraries.of("\uD800", "\uDFFF", "\uDBFF")
                    .map(c -> new Broken("Ab" + c + "cd", "an unpaired surrogate")));
            if ("Id".equals(plain.name()) || "Id".equals(s.name()) || isIdUnion(s)) {
                options.add(badId().map(id -> new Broken(id, "not an id")));
            }
            List<Object> values = enumOf(s);
            if (!values.isEmpty()) {
                options.add(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)
                        .filter(v -> values.stream().noneMatch(e -> String.valueOf(e).equalsIgnoreCase(v)))
                        .map(v -> new Broken("X" + v, "not one of " + values)));
            }
            String format = plain.get("format") instanceof String f ? f : "";
            switch (format) {
                case "date" -> options.add(Arbitraries.of("2026-02-30", "31.12.2026", "2026-1-1", "2026-12-31T10:00:00Z", "heute", "+99999-01-01")
                        .map(v -> new Broken(v, "not a date")));
                case "date-time" -> options.add(Arbitraries.of("2026-11-27 10:15", "2026-11-27T10:15:00", "gestern", "2026-13-01T00:00:00Z",
                        "9999-12-31T23:59:59Z").map(v -> new Broken(v, "not a date-time (or far in the future)")));
                case "email" -> options.add(Arbitraries.of("no-at-sign", "a@b", "@x.de", "a..b@x.de", "a@@x.de", "a b@x.de", "a@-x.de")
                        .map(v -> new Broken(v, "not an email address")));
                case "hostname" -> options.add(Arbitraries.of("not a domain", "gmx.de", "web.de", "localhost", "-x.de", "x..de")
                        .map(v -> new Broken(v, "not an organisation's domain")));
                default -> {
                }
            }
            if ("Website".equals(plain.name())) {
                options.add(Arbitraries.of("ftp://augsburg.de", "https://user@augsburg.de", "javascript:alert(1)", "https://localhost",
                        "http://", "augsburg").map(v -> new Broken(v, "not a web address")));
            }
        }
        if (type.equals("number") || type.equals("integer")) {
            Schema plain = plainNumber(s);
            options.add(Arbitraries.of(-1, -0.01).map(v -> new Broken(v, "below the minimum")));
            if (plain.get("maximum") instanceof Number max) {
                options.add(Arbitraries.of(new BigDecimal(max.toString()).add(BigDecimal.ONE), new BigDecimal("1e400"),
                        new BigDecimal("123456789012345678901234567890")).map(v -> new Broken(v, "above the maximum")));
            }
            if (plain.get("multipleOf") instanceof Number) {
                // not 1e-400: bodies are read with doubles, in which it is 0 (an open issue: read floats as BigDecimal)
                options.add(Arbitraries.of(new BigDecimal("0.001"), new BigDecimal("12.345"), new BigDecimal("1e-20"))
                        .map(v -> new Broken(v, "too many decimals")));
            }
        }
        if (type.equals("array")) {
            Schema plain = plainOf(s, "array");
            Integer max = plain.integer("maxItems");
            if (max != null) {
                options.add(Arbitraries.integers().between(max + 1, max + 5).map(n -> {
                    List<Object> many = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        many.add(sampleDistinct(plain.get("items"), field, i));
                    }
                    return new Broken(many, "more than " + max + " items");
                }));
            }
            Object items = plain.get("items");
            if (items != null) {
                options.add(broken(items, field).map(b -> new Broken(new ArrayList<>(java.util.Arrays.asList(b.value())),
                        "an item " + b.what())));
            }
        }
        return Arbitraries.oneOf(options);
    }

    private boolean isIdUnion(Schema s) {
        return s.list("oneOf").stream().anyMatch(b -> "Id".equals(schema(b).name()))
                || s.list("anyOf").stream().anyMatch(b -> "Id".equals(schema(b).name()));
    }

    private List<Object> enumOf(Schema s) {
        if (!s.list("enum").isEmpty()) {
            return s.list("enum");
        }
        for (Object branch : s.list("oneOf")) {
            if (!schema(branch).list("enum").isEmpty()) {
                return schema(branch).list("enum");
            }
        }
        return List.of();
    }

    /** The string branch of a nullable union (oneOf [X, null]), or the schema itself. */
    private Schema plainString(Schema s) {
        return plainOf(s, "string");
    }

    private Schema plainNumber(Schema s) {
        Schema number = plainOf(s, "number");
        return number.types().contains("number") ? number : plainOf(s, "integer");
    }

    private Schema plainOf(Schema s, String type) {
        for (Object branch : s.list("oneOf")) {
            Schema b = schema(branch);
            if (b.types().contains(type) || type.equals("string") && "Id".equals(b.name())) {
                return b;
            }
        }
        return s;
    }

    /** A distinct valid-looking item for "too many items" (the same address twice counts once). */
    private Object sampleDistinct(Object items, String field, int i) {
        Schema item = schema(items);
        if ("Id".equals(item.name())) {
            return new IdRef(kindOf(field), -1 - i);
        }
        if ("email".equals(item.get("format"))) {
            return "many" + i + "@kreis-" + i + ".example";
        }
        if ("hostname".equals(item.get("format"))) {
            return "kreis-" + i + ".example";
        }
        if (item.types().contains("object")) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("accountId", new IdRef(kindOf(field), -1 - i));
            return entry;
        }
        return "Eintrag " + i;
    }

    private static Arbitrary<Broken> wrongType(String type, boolean nullable) {
        // null is no wrong type here: for an optional field it means absent (in a PATCH: cleared)
        List<Object> values = new ArrayList<>(List.of(42, true, List.of("x"), Map.of("x", 1), "text", 1.5));
        values.removeIf(v -> switch (type) {
            case "string" -> v instanceof String;
            case "integer", "number" -> v instanceof Number;
            case "boolean" -> v instanceof Boolean;
            case "array" -> v instanceof List;
            case "object" -> v instanceof Map;
            default -> false;
        });
        return Arbitraries.of(values).map(v -> new Broken(v, "not of type " + type));
    }

    /** Texts that cannot be ids: wrong length, alphabet or case, path tricks and unicode. */
    static Arbitrary<String> badId() {
        return Arbitraries.oneOf(
                Arbitraries.of("not-an-id", "0", "..", "%00", "null", "undefined", "-1", "a b", "ÄÖÜ", "\uD83D\uDCA5",
                        "01JDQ8ZJ5X4T2M7P9R3W6Y8B0", "01JDQ8ZJ5X4T2M7P9R3W6Y8B0CX", "81JDQ8ZJ5X4T2M7P9R3W6Y8B0C",
                        "01JDQ8ZJ5X4T2M7P9R3W6Y8BIC", "01jdq8zj5x4t2m7p9r3w6y8b0c", "01JDQ8ZJ5X4T2M7P9R3W6Y8B0\u0000"),
                Arbitraries.strings().withCharRange('A', 'Z').ofLength(300),
                unknownId().map(id -> id.toLowerCase(Locale.ROOT)));
    }
}
