package app.integreat.crm.importer;

import app.integreat.crm.json.Json;
import app.integreat.crm.model.AccountType;
import app.integreat.crm.model.Pipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How Salesforce's picklist values become the CRM's keys: opportunity stages (by the pipeline's
 * German and English labels or keys), opportunity record types (Service Agreement (Standard),
 * (Split), (One Time), (Data Privacy only), or a type's label) and account types (Kommune /
 * Municipality, Partner, Lieferant / Supplier / Vendor, Kunde / Customer; an empty type is OTHER).
 * A {@code --map} file adds to these: {@code {"stages": {"Posted": "CLOSED_WON"}, "opportunityTypes":
 * {…}, "accountTypes": {…}}}. Values match ignoring case and surrounding spaces.
 */
public final class ImportMap {
    private final Pipeline pipeline;
    private final Map<String, String> stages = new HashMap<>();
    private final Map<String, String> opportunityTypes = new HashMap<>();
    private final Map<String, AccountType> accountTypes = new HashMap<>();

    private ImportMap(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    public static ImportMap defaults(Pipeline pipeline) {
        ImportMap map = new ImportMap(pipeline);
        for (Pipeline.Stage stage : pipeline.stages()) {
            map.stages.put(normal(stage.key()), stage.key());
            for (String language : new String[] {"de", "en"}) {
                map.stages.put(normal(stage.label(language)), stage.key());
            }
        }
        for (Pipeline.Type type : pipeline.types()) {
            map.opportunityTypes.put(normal(type.key()), type.key());
            for (String language : new String[] {"de", "en"}) {
                map.opportunityTypes.put(normal(type.label(language)), type.key());
            }
        }
        putType(map, "STANDARD", "Service Agreement (Standard)");
        putType(map, "SPLIT", "Service Agreement (Split)");
        putType(map, "ONE_TIME", "Service Agreement (One Time)");
        putType(map, "DATA_PRIVACY_ONLY", "Service Agreement (Data Privacy only)");
        for (String value : new String[] {"Kommune", "Municipality"}) {
            map.accountTypes.put(normal(value), AccountType.MUNICIPALITY);
        }
        map.accountTypes.put(normal("Partner"), AccountType.PARTNER);
        for (String value : new String[] {"Lieferant", "Supplier", "Vendor"}) {
            map.accountTypes.put(normal(value), AccountType.SUPPLIER);
        }
        for (String value : new String[] {"Kunde", "Customer"}) {
            map.accountTypes.put(normal(value), AccountType.CUSTOMER);
        }
        for (AccountType type : AccountType.values()) {
            map.accountTypes.put(normal(type.name()), type);
        }
        return map;
    }

    private static void putType(ImportMap map, String key, String recordType) {
        if (map.pipeline.type(key).isPresent()) {
            map.opportunityTypes.put(normal(recordType), key);
        }
    }

    /** The defaults plus the mappings of a --map file; a wrong file is bad input naming the entry. */
    public ImportMap with(Path file) {
        Map<String, Object> json;
        try {
            json = Json.object(Files.readString(file));
        } catch (IOException e) {
            throw new ImportProblem(file.toString(), 0, null, "cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ImportProblem(file.toString(), 0, null, "is not a JSON object: " + e.getMessage());
        }
        for (Map.Entry<String, Object> section : json.entrySet()) {
            if (!(section.getValue() instanceof Map<?, ?> entries)) {
                throw new ImportProblem(file.toString(), 0, section.getKey(), "must be an object of value: key");
            }
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                String value = String.valueOf(entry.getKey());
                String target = String.valueOf(entry.getValue());
                String where = section.getKey() + "." + value;
                switch (section.getKey()) {
                    case "stages" -> stages.put(normal(value), pipeline.stage(target).map(Pipeline.Stage::key).orElseThrow(() ->
                            new ImportProblem(file.toString(), 0, where, "is not a stage key; the stages are " + pipeline.stageKeys())));
                    case "opportunityTypes" -> opportunityTypes.put(normal(value), pipeline.type(target).map(Pipeline.Type::key)
                            .orElseThrow(() -> new ImportProblem(file.toString(), 0, where,
                                    "is not an opportunity type key; the types are " + pipeline.typeKeys())));
                    case "accountTypes" -> {
                        try {
                            accountTypes.put(normal(value), AccountType.valueOf(target));
                        } catch (IllegalArgumentException e) {
                            throw new ImportProblem(file.toString(), 0, where, "is not an account type; the types are "
                                    + java.util.Arrays.toString(AccountType.values()));
                        }
                    }
                    default -> throw new ImportProblem(file.toString(), 0, section.getKey(),
                            "is not a section of the map (stages, opportunityTypes, accountTypes)");
                }
            }
        }
        return this;
    }

    public Optional<String> stage(String value) {
        return Optional.ofNullable(stages.get(normal(value)));
    }

    public Optional<String> opportunityType(String recordTypeName) {
        return Optional.ofNullable(opportunityTypes.get(normal(recordTypeName)));
    }

    /** An empty type is OTHER; a value without a mapping is empty (and stops the import). */
    public Optional<AccountType> accountType(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(AccountType.OTHER);
        }
        return Optional.ofNullable(accountTypes.get(normal(value)));
    }

    private static String normal(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }
}
