package app.integreat.crm.json;

import app.integreat.crm.model.CrmException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.Map;

/** JSON in and out with jackson-jr: maps and lists only, no bean reflection. */
public final class Json {
    private static final JSON JSON_IO = JSON.builder()
            .enable(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS)
            .enable(JSON.Feature.WRITE_NULL_PROPERTIES)
            .build();

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** The request body as a JSON object; anything else is a 400 that says what is wrong. */
    public static Map<String, Object> object(String text) {
        if (text == null || text.isBlank()) {
            throw CrmException.of(CrmException.Kind.BAD_REQUEST, "The request needs a JSON object as its body.");
        }
        Object parsed;
        try (JsonParser parser = FACTORY.createParser(text)) {
            parsed = JSON_IO.anyFrom(parser);
            if (parser.nextToken() != null) {
                throw CrmException.of(CrmException.Kind.BAD_REQUEST, "The body has text after its JSON value.");
            }
        } catch (CrmException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw CrmException.of(CrmException.Kind.BAD_REQUEST, "The body is not valid JSON.");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw CrmException.of(CrmException.Kind.BAD_REQUEST, "The body must be a JSON object.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        return object;
    }

    public static String write(Object value) {
        try {
            return JSON_IO.asString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
