package app.integreat.crm.core;

import app.integreat.crm.model.AccountType;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Role;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.model.CrmException.FieldError;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputTest {

    /** A mutable, ordered body that may hold nulls, like a parsed JSON object. */
    private static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static CrmException failure(Input in) {
        CrmException e = assertThrows(CrmException.class, in::finish);
        assertEquals(CrmException.Kind.VALIDATION, e.kind());
        assertEquals(422, e.kind().status);
        return e;
    }

    private static Map<String, String> errorsByField(CrmException e) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FieldError error : e.errors()) {
            out.put(error.field(), error.detail());
        }
        assertEquals(e.errors().size(), out.size(), "one error per field expected: " + e.errors());
        return out;
    }

    /** Asserts that finish() fails with exactly one error, on {@code field}, and returns its detail. */
    private static String onlyError(Input in, String field) {
        CrmException e = failure(in);
        assertEquals(1, e.errors().size(), () -> "errors: " + e.errors());
        assertEquals(field, e.errors().get(0).field());
        return e.errors().get(0).detail();
    }

    // ---- text ----

    @Test
    void textIsTrimmed() {
        Input in = Input.of(body("name", "  Stadt Augsburg \n"));
        assertEquals("Stadt Augsburg", in.text("name", 200, true));
        assertDoesNotThrow(in::finish);
    }

    @Test
    void requiredTextMissingIsReported() {
        Input in = Input.of(body());
        assertNull(in.text("name", 200, true));
        assertEquals("is required", onlyError(in, "name"));
    }

    @Test
    void requiredTextNullIsReported() {
        Input in = Input.of(body("name", null));
        assertNull(in.text("name", 200, true));
        assertEquals("is required", onlyError(in, "name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void requiredTextEmptyIsReported(String value) {
        Input in = Input.of(body("name", value));
        assertNull(in.text("name", 200, true));
        assertEquals("must not be empty", onlyError(in, "name"));
    }

    @Test
    void optionalTextMayBeMissingNullOrEmpty() {
        Input in = Input.of(body("a", null, "b", "  "));
        assertNull(in.text("a", 10, false));
        assertNull(in.text("b", 10, false));
        assertNull(in.text("c", 10, false));
        assertDoesNotThrow(in::finish);
    }

    @Test
    void textOfWrongTypeIsReported() {
        for (Object wrong : new Object[] {42, 4.2, true, List.of("x"), Map.of("x", "y")}) {
            Input in = Input.of(body("name", wrong));
            assertNull(in.text("name", 200, true));
            assertEquals("must be a string", onlyError(in, "name"), "for " + wrong);
        }
    }

    @Test
    void textLongerThanTheLimitIsReported() {
        Input ok = Input.of(body("name", "x".repeat(10)));
        assertEquals("x".repeat(10), ok.text("name", 10, true));
        assertDoesNotThrow(ok::finish);

        Input tooLong = Input.of(body("name", "x".repeat(11)));
        assertNull(tooLong.text("name", 10, true));
        String detail = onlyError(tooLong, "name");
        assertTrue(detail.contains("10"), detail);
    }

    @Test
    void lengthIsMeasuredAfterTrimming() {
        Input in = Input.of(body("name", "   " + "x".repeat(10) + "   "));
        assertEquals("x".repeat(10), in.text("name", 10, true));
        assertDoesNotThrow(in::finish);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Max\u0000Mustermann", "Max\u0007Mustermann", "Max\u001bMustermann", "Max\u007fMustermann", "a\u000bb"})
    void controlCharactersAreRejected(String value) {
        Input in = Input.of(body("notes", value));
        assertNull(in.text("notes", 1000, false));
        assertEquals("must not contain control characters", onlyError(in, "notes"));
    }

    @Test
    void newlinesTabsAndCarriageReturnsAreAllowed() {
        String notes = "Zeile 1\nZeile 2\r\n\tEingerückt";
        Input in = Input.of(body("notes", notes));
        assertEquals(notes, in.text("notes", 1000, false));
        assertDoesNotThrow(in::finish);
    }

    @Test
    void umlautsAndEmojiAreKept() {
        Input in = Input.of(body("name", "Tür an Tür – gGmbH 😀"));
        assertEquals("Tür an Tür – gGmbH 😀", in.text("name", 200, true));
        assertDoesNotThrow(in::finish);
    }

    // ---- enum ----

    @ParameterizedTest
    @ValueSource(strings = {"MUNICIPALITY", "municipality", "Municipality", " municipality "})
    void enumValuesAreCaseInsensitive(String value) {
        Input in = Input.of(body("type", value));
        assertEquals(AccountType.MUNICIPALITY, in.enumValue("type", AccountType.class, true));
        assertDoesNotThrow(in::finish);
    }

    @Test
    void unknownEnumValueIsReportedWithTheAllowedValues() {
        Input in = Input.of(body("type", "city"));
        assertNull(in.enumValue("type", AccountType.class, true));
        String detail = onlyError(in, "type");
        assertTrue(detail.startsWith("must be one of"), detail);
        for (AccountType t : AccountType.values()) {
            assertTrue(detail.contains(t.name()), detail);
        }
    }

    @Test
    void requiredEnumMissingIsReported() {
        Input in = Input.of(body());
        assertNull(in.enumValue("role", Role.class, true));
        assertEquals("is required", onlyError(in, "role"));
    }

    @Test
    void enumOfWrongTypeIsReported() {
        Input in = Input.of(body("role", 1));
        assertNull(in.enumValue("role", Role.class, true));
        assertEquals("must be a string", onlyError(in, "role"));
    }

    // ---- bool ----

    @Test
    void boolAcceptsTrueAndFalse() {
        Input in = Input.of(body("a", true, "b", false));
        assertEquals(Boolean.TRUE, in.bool("a", true));
        assertEquals(Boolean.FALSE, in.bool("b", true));
        assertDoesNotThrow(in::finish);
    }

    @Test
    void boolRejectsStringsAndNumbers() {
        for (Object wrong : new Object[] {"true", "false", 1, 0}) {
            Input in = Input.of(body("active", wrong));
            assertNull(in.bool("active", false));
            assertEquals("must be true or false", onlyError(in, "active"), "for " + wrong);
        }
    }

    @Test
    void boolRequired() {
        Input missing = Input.of(body());
        assertNull(missing.bool("active", true));
        assertEquals("is required", onlyError(missing, "active"));

        Input optional = Input.of(body("active", null));
        assertNull(optional.bool("active", false));
        assertDoesNotThrow(optional::finish);
    }

    // ---- email ----

    @Test
    void emailIsNormalized() {
        Input in = Input.of(body("email", "  Max.Mustermann@Augsburg.DE "));
        assertEquals("max.mustermann@augsburg.de", in.email("email", true));
        assertDoesNotThrow(in::finish);
    }

    @Test
    void invalidEmailIsReported() {
        Input in = Input.of(body("email", "max.augsburg.de"));
        assertNull(in.email("email", true));
        assertEquals("is not a valid email address", onlyError(in, "email"));
    }

    // ---- url ----

    @Test
    void bareDomainGetsHttps() {
        Input in = Input.of(body("website", "augsburg.de"));
        assertEquals("https://augsburg.de", in.url("website", 500));
        assertDoesNotThrow(in::finish);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://www.augsburg.de", "http://augsburg.de/integration?x=1#top", "HTTPS://www.augsburg.de/"})
    void httpAndHttpsUrlsAreKept(String url) {
        Input in = Input.of(body("website", url));
        assertEquals(url, in.url("website", 500));
        assertDoesNotThrow(in::finish);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://x.de", "not a url", "javascript:alert(1)", "https://localhost", "http://", "file:///etc/passwd", "javascript://augsburg.de"})
    void nonWebAddressesAreRejected(String url) {
        Input in = Input.of(body("website", url));
        assertNull(in.url("website", 500), url);
        String detail = onlyError(in, "website");
        assertTrue(detail.startsWith("must be a web address"), detail);
    }

    @Test
    void absentUrlIsNull() {
        Input in = Input.of(body("website", ""));
        assertNull(in.url("website", 500));
        assertDoesNotThrow(in::finish);
    }

    // ---- date ----

    @Test
    void isoDatesAreParsed() {
        Input in = Input.of(body("since", "2026-12-31", "leap", "2028-02-29"));
        assertEquals(LocalDate.of(2026, 12, 31), in.date("since", true));
        assertEquals(LocalDate.of(2028, 2, 29), in.date("leap", true));
        assertDoesNotThrow(in::finish);
    }

    @ParameterizedTest
    @ValueSource(strings = {"31.12.2026", "2026-13-01", "2026-02-30", "2027-02-29", "2026-1-1", "yesterday"})
    void invalidDatesAreReported(String value) {
        Input in = Input.of(body("since", value));
        assertNull(in.date("since", true));
        assertEquals("must be a date like 2026-12-31", onlyError(in, "since"));
    }

    @Test
    void overlongDateIsReported() {
        Input in = Input.of(body("since", "2026-12-31T10:00:00Z"));
        assertNull(in.date("since", true));
        onlyError(in, "since");
    }

    // ---- lists ----

    @Test
    void emailsAreNormalizedAndDeduplicatedCaseInsensitively() {
        Input in = Input.of(body("emails", List.of("Max@Augsburg.de", "info@augsburg.de", "max@augsburg.DE", " MAX@augsburg.de ")));
        assertEquals(List.of("max@augsburg.de", "info@augsburg.de"), in.emails("emails", 10));
        assertDoesNotThrow(in::finish);
    }

    @Test
    void badEmailEntriesAreNamedByIndex() {
        Input in = Input.of(body("emails", List.of("max@augsburg.de", "kaputt", "", 7)));
        List<String> emails = in.emails("emails", 10);
        assertEquals(List.of("max@augsburg.de"), emails);
        Map<String, String> errors = errorsByField(failure(in));
        assertEquals(Map.of(
                "emails[1]", "is not a valid email address",
                "emails[2]", "must not be empty",
                "emails[3]", "must be a string"), errors);
    }

    @Test
    void nullListEntriesAreReported() {
        Input in = Input.of(body("emails", Arrays.asList("max@augsburg.de", null)));
        assertEquals(List.of("max@augsburg.de"), in.emails("emails", 10));
        assertEquals("must not be null", onlyError(in, "emails[1]"));
    }

    @Test
    void tooManyEntriesAreReported() {
        List<String> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add("person" + i + "@augsburg.de");
        }
        Input in = Input.of(body("emails", eleven));
        assertNull(in.emails("emails", 10));
        String detail = onlyError(in, "emails");
        assertTrue(detail.contains("10"), detail);

        Input ten = Input.of(body("emails", eleven.subList(0, 10)));
        assertEquals(10, ten.emails("emails", 10).size());
        assertDoesNotThrow(ten::finish);
    }

    @Test
    void listThatIsNotAListIsReported() {
        Input in = Input.of(body("emails", "max@augsburg.de"));
        assertNull(in.emails("emails", 10));
        assertEquals("must be a list", onlyError(in, "emails"));
    }

    @Test
    void absentListIsNullAndNullListIsEmpty() {
        Input absent = Input.of(body());
        assertNull(absent.emails("emails", 10));
        assertDoesNotThrow(absent::finish);

        Input cleared = Input.of(body("emails", null));
        assertEquals(List.of(), cleared.emails("emails", 10));
        assertDoesNotThrow(cleared::finish);
    }

    @Test
    void textListEntriesAreTrimmedAndCheckedForLength() {
        Input in = Input.of(body("phones", List.of(" +49 821 1234 ", "1".repeat(51))));
        assertEquals(List.of("+49 821 1234"), in.texts("phones", 10, 50));
        String detail = onlyError(in, "phones[1]");
        assertTrue(detail.contains("50"), detail);
    }

    // ---- nested objects ----

    @Test
    void nestedErrorsAreNamedWithThePath() {
        Input in = Input.of(body("name", "Stadt Augsburg",
                "address", body("street", "Rathausplatz 1", "city", 86150, "cty", "Augsburg")));
        in.text("name", 200, true);
        Input address = in.object("address");
        assertEquals("Rathausplatz 1", address.text("street", 200, false));
        assertNull(address.text("city", 200, true));
        address.text("postalCode", 20, false);
        address.finishNested(); // must not throw by itself
        Map<String, String> errors = errorsByField(failure(in));
        assertEquals(Map.of(
                "address.city", "must be a string",
                "address.cty", "is not a known field"), errors);
    }

    @Test
    void finishNestedDoesNotThrow() {
        Input in = Input.of(body("address", body("unknown", 1)));
        Input address = in.object("address");
        assertDoesNotThrow(address::finishNested);
        assertEquals("is not a known field", onlyError(in, "address.unknown"));
    }

    @Test
    void listsInsideNestedObjectsCarryTheFullPath() {
        Input in = Input.of(body("contact", body("emails", List.of("ok@augsburg.de", "nope"))));
        Input contact = in.object("contact");
        assertEquals(List.of("ok@augsburg.de"), contact.emails("emails", 10));
        contact.finishNested();
        assertEquals("is not a valid email address", onlyError(in, "contact.emails[1]"));
    }

    @Test
    void nestedObjectOfWrongTypeIsReported() {
        Input in = Input.of(body("address", "Rathausplatz 1, Augsburg"));
        assertNull(in.object("address"));
        assertEquals("must be an object", onlyError(in, "address"));
    }

    @Test
    void absentOrNullNestedObjectIsNull() {
        Input in = Input.of(body("address", null));
        assertNull(in.object("address"));
        assertNull(in.object("billing"));
        assertDoesNotThrow(in::finish);
    }

    // ---- unknown fields, ignoring, has ----

    @Test
    void unknownTopLevelFieldIsReportedByFinish() {
        Input in = Input.of(body("naem", "Stadt Augsburg", "name", "Stadt Augsburg"));
        assertEquals("Stadt Augsburg", in.text("name", 200, true));
        CrmException e = failure(in);
        assertEquals(List.of(new FieldError("naem", "is not a known field")), e.errors());
        assertEquals("naem is not a known field.", e.detail());
    }

    @Test
    void ignoredFieldsAreNotReported() {
        Input in = Input.of(body("id", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "version", 3, "createdAt", "2026-01-01T00:00:00Z", "name", "x"))
                .ignoring("id", "version", "createdAt");
        in.text("name", 200, true);
        assertDoesNotThrow(in::finish);
    }

    @Test
    void hasDistinguishesAbsentFromNull() {
        Input in = Input.of(body("website", null));
        assertTrue(in.has("website"));
        assertFalse(in.has("name"));
    }

    // ---- collecting ----

    @Test
    void allErrorsAreCollectedIntoOneException() {
        Input in = Input.of(body(
                "name", "",
                "type", "city",
                "website", "ftp://x.de",
                "emails", List.of("a@b.de", "kaputt"),
                "active", "yes",
                "extra", 1));
        in.text("name", 200, true);
        in.enumValue("type", AccountType.class, true);
        in.url("website", 500);
        in.emails("emails", 10);
        in.bool("active", false);
        in.date("since", true);
        CrmException e = failure(in);
        Map<String, String> errors = errorsByField(e);
        assertEquals(List.of("name", "type", "website", "emails[1]", "active", "since", "extra"), List.copyOf(errors.keySet()));
        assertEquals("The request has 7 invalid fields; see errors.", e.detail());
    }

    @Test
    void singleErrorDetailNamesTheField() {
        Input in = Input.of(body());
        in.text("name", 200, true);
        CrmException e = failure(in);
        assertEquals("name is required.", e.detail());
    }

    @Test
    void throwIfInvalidDoesNotReportUnknownFields() {
        Input in = Input.of(body("whatever", 1));
        assertDoesNotThrow(in::throwIfInvalid);
    }

    @Test
    void explicitErrorsAreThrown() {
        Input in = Input.of(body("password", "x"));
        in.text("password", 100, true);
        in.error("password", "is too short");
        assertEquals("is too short", onlyError(in, "password"));
    }

    @Test
    void aValidBodyDoesNotThrow() {
        Input in = Input.of(body(
                "name", "Tür an Tür – Integrationsprojekte gGmbH",
                "type", "partner",
                "website", "tuerantuer.de",
                "emails", List.of("info@tuerantuer.de"),
                "active", true,
                "since", "2020-01-01",
                "notes", null,
                "address", body("street", "Wertachstraße 29", "city", "Augsburg")));
        assertEquals("Tür an Tür – Integrationsprojekte gGmbH", in.text("name", 200, true));
        assertEquals(AccountType.PARTNER, in.enumValue("type", AccountType.class, true));
        assertEquals("https://tuerantuer.de", in.url("website", 500));
        assertEquals(List.of("info@tuerantuer.de"), in.emails("emails", 10));
        assertEquals(Boolean.TRUE, in.bool("active", true));
        assertEquals(LocalDate.of(2020, 1, 1), in.date("since", false));
        assertNull(in.text("notes", 10_000, false));
        Input address = in.object("address");
        assertEquals("Wertachstraße 29", address.text("street", 200, false));
        assertEquals("Augsburg", address.text("city", 200, true));
        address.finishNested();
        assertDoesNotThrow(in::finish);
    }
}
