package app.integreat.crm.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The email-forward-parser corpus: 206 cases from 12 clients in many languages, with the semantics of its README
 * (outermost forward, prefix checks for To/Cc, absent keys unchecked).
 */
class ForwardCorpusTest {
    private final ForwardParser parser = new ForwardParser();

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesItsExpectation() throws IOException {
        Path dir = Corpus.dir("email-forward-parser");
        Map<String, Object> json = JSON.std.mapFrom(Files.readString(dir.resolve("expectations.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> cases = (Map<String, Object>) json.get("cases");
        assertEquals(206, cases.size(), "expectations.json should hold 206 cases");
        return cases.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> testCase = (Map<String, Object>) entry.getValue();
            check(dir, testCase);
        }));
    }

    @SuppressWarnings("unchecked")
    private void check(Path dir, Map<String, Object> testCase) throws IOException {
        String body = read(dir, (String) testCase.get("bodyFile"));
        String subject = testCase.get("subjectFile") == null ? null : read(dir, (String) testCase.get("subjectFile"));
        Map<String, Object> expected = (Map<String, Object>) testCase.get("expected");
        Optional<ForwardedMessage> found = parser.find(body, subject);
        if (!Boolean.TRUE.equals(expected.get("forwarded"))) {
            assertTrue(found.isEmpty(), () -> "not a forward, but found " + found.get());
            return;
        }
        assertTrue(found.isPresent(), "forward not found");
        ForwardedMessage message = found.get();
        if (expected.containsKey("subject")) {
            assertEquals(expected.get("subject"), message.subject(), "subject");
        }
        if (Boolean.TRUE.equals(expected.get("dateIsNonEmptyString"))) {
            assertNotNull(message.dateText(), "date text");
            assertFalse(message.dateText().isBlank(), "date text");
        }
        if (expected.containsKey("body")) {
            assertEquals(expected.get("body"), message.body(), "body");
        }
        if (expected.containsKey("bodyStartsWith")) {
            assertTrue(message.body().startsWith((String) expected.get("bodyStartsWith")), "body start");
        }
        if (expected.containsKey("message")) {
            assertEquals(expected.get("message"), message.note(), "forwarder's note");
        }
        if (expected.containsKey("from")) {
            assertMailbox((Map<String, Object>) expected.get("from"), message.from(), "from");
        }
        for (String field : List.of("to", "cc")) {
            if (expected.containsKey(field)) {
                List<Map<String, Object>> want = (List<Map<String, Object>>) expected.get(field);
                List<MailAddress> got = field.equals("to") ? message.to() : message.cc();
                assertTrue(got.size() >= want.size(), field + ": expected at least " + want.size() + " in " + got);
                for (int i = 0; i < want.size(); i++) {
                    assertMailbox(want.get(i), got.get(i), field + "[" + i + "]");
                }
            }
        }
        if (expected.containsKey("toAddresses")) {
            List<String> want = (List<String>) expected.get("toAddresses");
            assertTrue(message.to().size() >= want.size(), "to: " + message.to());
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.get(i), message.to().get(i).email(), "to[" + i + "] address");
            }
        }
        if (expected.containsKey("ccCount")) {
            assertEquals(((Number) expected.get("ccCount")).intValue(), message.cc().size(), "cc count");
        }
    }

    private static void assertMailbox(Map<String, Object> want, MailAddress got, String what) {
        assertNotNull(got, what);
        assertEquals(want.get("address"), got.email(), what + " address");
        assertEquals(want.get("name"), got.name(), what + " name");
    }

    private static String read(Path dir, String relative) throws IOException {
        return new String(Files.readAllBytes(dir.resolve(relative)), StandardCharsets.UTF_8);
    }
}
