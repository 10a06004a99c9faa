package app.integreat.crm.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** docs/openapi.yaml as plain maps: its operations, with local {@code $ref}s resolved on request. */
final class OpenApi {
    static final Path FILE = TestCrm.ROOT.resolve("docs/openapi.yaml");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** One operation: method and path as template.yaml writes them ("GET", "/accounts/{id}"). */
    record Operation(String method, String path, Map<String, Object> definition, List<Map<String, Object>> parameters) {
        String routeKey() {
            return method + " " + path;
        }
    }

    final Map<String, Object> root;

    private OpenApi(Map<String, Object> root) {
        this.root = root;
    }

    static OpenApi load() {
        try (Reader reader = Files.newBufferedReader(FILE, StandardCharsets.UTF_8)) {
            return new OpenApi(map(new Yaml(new SafeConstructor(new LoaderOptions())).load(reader)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + FILE, e);
        }
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, Object> path : map(root.get("paths")).entrySet()) {
            Map<String, Object> item = map(path.getValue());
            List<Map<String, Object>> shared = parameters(item.get("parameters"));
            for (Map.Entry<String, Object> entry : item.entrySet()) {
                if (!METHODS.contains(entry.getKey())) {
                    continue;
                }
                Map<String, Object> operation = map(entry.getValue());
                // operation parameters override path-item ones of the same name and place
                Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
                for (Map<String, Object> parameter : shared) {
                    byKey.put(parameter.get("in") + ":" + parameter.get("name"), parameter);
                }
                for (Map<String, Object> parameter : parameters(operation.get("parameters"))) {
                    byKey.put(parameter.get("in") + ":" + parameter.get("name"), parameter);
                }
                operations.add(new Operation(entry.getKey().toUpperCase(Locale.ROOT), path.getKey(), operation,
                        List.copyOf(byKey.values())));
            }
        }
        return operations;
    }

    /** The object a local reference ("#/components/schemas/Id") points to, or the value itself when it is no reference. */
    Map<String, Object> resolve(Object value) {
        Map<String, Object> object = map(value);
        Object ref = object.get("$ref");
        if (!(ref instanceof String pointer)) {
            return object;
        }
        if (!pointer.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are used: " + pointer);
        }
        Object target = root;
        for (String part : pointer.substring(2).split("/")) {
            target = map(target).get(part.replace("~1", "/").replace("~0", "~"));
            if (target == null) {
                throw new IllegalArgumentException("dangling reference " + pointer);
            }
        }
        return resolve(target);
    }

    /** How a JSON answer of the route with that status departs from its schema here (empty when it does not). */
    List<String> violations(String routeKey, int status, Object body) {
        Operation operation = operations().stream().filter(o -> o.routeKey().equals(routeKey)).findFirst().orElseThrow();
        Map<String, Object> response = resolve(map(operation.definition().get("responses")).get(String.valueOf(status)));
        Object schema = map(map(response.get("content")).get("application/json")).get("schema");
        return new SchemaCheck(new SchemaValues(this)).violations(schema, body, "body");
    }

    private List<Map<String, Object>> parameters(Object list) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (list instanceof List<?> items) {
            for (Object item : items) {
                out.add(resolve(item));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a mapping, got " + value);
        }
        return (Map<String, Object>) value;
    }
}
