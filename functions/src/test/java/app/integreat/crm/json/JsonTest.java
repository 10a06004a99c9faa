package app.integreat.crm.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.model.CrmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    private static CrmException badRequest(String text) {
        CrmException e = assertThrows(CrmException.class, () -> Json.object(text), () -> "should reject: " + text);
        assertEquals(CrmException.Kind.BAD_REQUEST, e.kind(), () -> "for: " + text);
        assertEquals(400, e.kind().status);
        assertTrue(e.detail() != null && !e.detail().isBlank());
        return e;
    }

    @Test
    void parsesAnObjectWithAllValueTypes() {
        Map<String, Object> map = Json.object(
                "{\"s\":\"text\",\"i\":42,\"f\":1.5,\"t\":true,\"n\":null,\"l\":[1,\"x\"],\"o\":{\"k\":\"v\"}}");
        assertEquals("text", map.get("s"));
        assertEquals(42, ((Number) map.get("i")).intValue());
        assertEquals(1.5, ((Number) map.get("f")).doubleValue());
        assertEquals(Boolean.TRUE, map.get("t"));
        assertTrue(map.containsKey("n"));
        assertNull(map.get("n"));
        assertEquals(List.of(1, "x"), map.get("l"));
        assertEquals(Map.of("k", "v"), map.get("o"));
    }

    @Test
    void parsesEmptyObjectAndSurroundingWhitespace() {
        assertEquals(Map.of(), Json.object("{}"));
        assertEquals(Map.of("a", 1), Json.object("  \n{ \"a\" : 1 }\n\t "));
    }

    @Test
    void keepsTheFieldOrder() {
        Map<String, Object> map = Json.object("{\"z\":1,\"a\":2,\"m\":3}");
        assertEquals(List.of("z", "a", "m"), List.copyOf(map.keySet()));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\n"})
    void missingBodyIsABadRequest(String text) {
        badRequest(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{",
        "}",
        "{\"a\":}",
        "{\"a\":1,}",
        "{a:1}",
        "{'a':1}",
        "{\"a\":1 /* comment */}",
        "{\"a\":01}",
        "{\"a\":NaN}",
        "{\"a\":\"unterminated}",
        "{\"a\" 1}",
        "nonsense",
    })
    void malformedJsonIsABadRequest(String text) {
        badRequest(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "[]", "\"text\"", "42", "true", "null"})
    void jsonThatIsNotAnObjectIsABadRequest(String text) {
        badRequest(text);
    }

    @Test
    void notAnObjectSaysSo() {
        assertTrue(badRequest("[{\"a\":1}]").detail().contains("object"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1,\"a\":2}",
        "{\"a\":1,\"b\":2,\"a\":1}",
        "{\"o\":{\"k\":1,\"k\":2}}",
        "{\"l\":[{\"k\":1,\"k\":1}]}",
    })
    void duplicateKeysAreABadRequest(String text) {
        badRequest(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1} x",
        "{\"a\":1}{\"b\":2}",
        "{\"a\":1} {}",
        "{\"a\":1}]",
        "{\"a\":1}}",
        "{\"a\":1} 42",
        "{\"a\":1},",
    })
    void trailingGarbageIsABadRequest(String text) {
        badRequest(text);
    }

    @Test
    void deeplyNestedInputIsABadRequestNotACrash() {
        int depth = 5_000;
        String text = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        badRequest(text);
    }

    @Test
    void umlautsAndEmojiRoundTrip() {
        Map<String, Object> original = new LinkedHashMap<>();
        original.put("name", "Tür an Tür – Integrationsprojekte gGmbH");
        original.put("straße", "Wertachstraße 29, 86153 Augsburg");
        original.put("emoji", "😀 ẞ € «»");
        original.put("quote", "sagt \"hallo\"\\ und\nneue Zeile\t\u0001");
        String json = Json.write(original);
        assertTrue(json.contains("Tür an Tür"), json);
        assertEquals(original, Json.object(json));
    }

    @Test
    void parsesUnicodeEscapes() {
        assertEquals(Map.of("name", "München"), Json.object("{\"name\":\"M\\u00fcnchen\"}"));
    }

    @Test
    void writesNestedMapsAndLists() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("city", "Augsburg");
        inner.put("zip", "86150");
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", "01ARZ3NDEKTSV4RRFFQ69G5FAV");
        value.put("version", 3);
        value.put("active", true);
        value.put("address", inner);
        value.put("emails", List.of("a@b.de", "c@d.de"));
        value.put("empty", List.of());
        assertEquals("{\"id\":\"01ARZ3NDEKTSV4RRFFQ69G5FAV\",\"version\":3,\"active\":true,"
                + "\"address\":{\"city\":\"Augsburg\",\"zip\":\"86150\"},"
                + "\"emails\":[\"a@b.de\",\"c@d.de\"],\"empty\":[]}", Json.write(value));
        assertEquals(value, Json.object(Json.write(value)));
    }

    @Test
    void writesNullValues() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("x", null);
        value.put("y", 1);
        String json = Json.write(value);
        assertTrue(json.contains("\"x\":null"), json);
        assertEquals("{\"x\":null,\"y\":1}", json);

        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("inner", value);
        nested.put("list", Arrays.asList("a", null));
        assertEquals("{\"inner\":{\"x\":null,\"y\":1},\"list\":[\"a\",null]}", Json.write(nested));
    }

    @Test
    void writesScalarsAndLists() {
        assertEquals("\"text\"", Json.write("text"));
        assertEquals("[1,2,3]", Json.write(List.of(1, 2, 3)));
        assertEquals("null", Json.write(null));
    }
}
