package app.integreat.crm.local;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an answer against a JSON Schema of docs/openapi.yaml: types, required properties, enums and
 * consts, nested objects and arrays, allOf/oneOf/anyOf. Enough to tell when the description of a
 * response and the response itself part ways; formats and lengths are the requests' business.
 */
final class SchemaCheck {
    private final SchemaValues values;

    SchemaCheck(SchemaValues values) {
        this.values = values;
    }

    /** What in {@code value} the schema does not allow, each as "where: what" (empty when it fits). */
    List<String> violations(Object node, Object value, String at) {
        List<String> out = new ArrayList<>();
        SchemaValues.Schema schema = values.schema(node);
        for (Object part : schema.list("allOf")) {
            out.addAll(violations(part, value, at));
        }
        for (String keyword : List.of("oneOf", "anyOf")) {
            List<Object> branches = schema.list(keyword);
            if (!branches.isEmpty() && branches.stream().noneMatch(branch -> violations(branch, value, at).isEmpty())) {
                out.add(at + ": matches none of " + keyword + " " + violations(branches.get(0), value, at));
            }
        }
        if (schema.node().containsKey("const") && !String.valueOf(schema.get("const")).equals(String.valueOf(value))) {
            out.add(at + ": is not " + schema.get("const"));
        }
        if (!schema.list("enum").isEmpty() && !schema.list("enum").contains(value)) {
            out.add(at + ": " + value + " is not one of " + schema.list("enum"));
        }
        Set<String> types = schema.types();
        if (!types.isEmpty() && types.stream().noneMatch(type -> hasType(type, value))) {
            out.add(at + ": " + value + " is not of type " + types);
            return out;
        }
        if (value instanceof Map<?, ?> object) {
            for (Object name : schema.list("required")) {
                if (!object.containsKey(name)) {
                    out.add(at + ": lacks " + name);
                }
            }
            for (Map.Entry<String, Object> property : schema.properties().entrySet()) {
                if (object.containsKey(property.getKey())) {
                    out.addAll(violations(property.getValue(), object.get(property.getKey()), at + "." + property.getKey()));
                }
            }
        }
        if (value instanceof List<?> list && schema.get("items") != null) {
            for (int i = 0; i < list.size(); i++) {
                out.addAll(violations(schema.get("items"), list.get(i), at + "[" + i + "]"));
            }
        }
        return out;
    }

    private static boolean hasType(String type, Object value) {
        return switch (type) {
            case "null" -> value == null;
            case "boolean" -> value instanceof Boolean;
            case "string" -> value instanceof String;
            case "array" -> value instanceof List;
            case "object" -> value instanceof Map;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Integer || value instanceof Long || value instanceof BigInteger
                    || value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0;
            default -> false;
        };
    }
}
