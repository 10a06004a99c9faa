package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The limits table of docs/api.md at its edges: phones, website, notes, and the request body in bytes. */
class FieldLimitsTest {
    static TestCrm crm;
    static Caller admin;

    @BeforeAll
    static void start() {
        crm = new TestCrm();
        admin = crm.admin();
    }

    static void refused(Reply reply, String field) {
        assertEquals(422, reply.status(), reply::toString);
        assertEquals(Set.of(field), AccountsApiTest.fields(reply), reply::toString);
    }

    static Map<String, Object> account(String field, Object value) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", "Gemeinde Grenzwert", "type", "MUNICIPALITY"));
        body.put(field, value);
        return body;
    }

    static Map<String, Object> contact(String field, Object value) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("lastName", "Grenz"));
        body.put(field, value);
        return body;
    }

    @Test
    void phonesHaveFiftyCharactersAndAContactTenOfThem() {
        String fifty = "+49 821 " + "1".repeat(42);
        List<String> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(fifty.substring(0, 49) + i);
        }
        assertEquals(201, admin.post("/contacts", contact("phones", ten)).status());
        List<String> eleven = new ArrayList<>(ten);
        eleven.add("+49 821 0");
        refused(admin.post("/contacts", contact("phones", eleven)), "phones");
        refused(admin.post("/contacts", contact("phones", List.of("+49 821 0", fifty + "1"))), "phones[1]");
        assertEquals(201, admin.post("/accounts", account("phone", fifty)).status());
        refused(admin.post("/accounts", account("phone", fifty + "1")), "phone");
    }

    @Test
    void aWebsiteHasFiveHundredCharactersHttpOnlyAndNoUserInfo() {
        String prefix = "https://www.augsburg.de/";
        String longest = prefix + "a".repeat(500 - prefix.length());
        Reply ok = admin.post("/accounts", account("website", longest));
        assertEquals(201, ok.status(), ok::toString);
        assertEquals(longest, ok.string("website"));
        refused(admin.post("/accounts", account("website", longest + "a")), "website");
        refused(admin.post("/accounts", account("website", "ftp://augsburg.de")), "website");
        refused(admin.post("/accounts", account("website", "javascript:alert(1)")), "website");
        refused(admin.post("/accounts", account("website", "https://augsburg.de@evil.example")), "website");
    }

    @Test
    void notesHaveTenThousandCharacters() {
        String longest = "Notiz ".repeat(2000).substring(0, 9_999) + "ä";
        Reply account = admin.post("/accounts", account("notes", longest));
        assertEquals(201, account.status(), account::toString);
        assertEquals(longest, admin.get("/accounts/" + account.string("id")).string("notes"));
        refused(admin.post("/accounts", account("notes", longest + "x")), "notes");
        assertEquals(201, admin.post("/contacts", contact("notes", longest)).status());
        refused(admin.post("/contacts", contact("notes", longest + "x")), "notes");
    }

    /** A JSON body of exactly this many UTF-8 bytes, padded with "ü" (two bytes each) in the notes. */
    static String bodyOfBytes(int bytes) {
        String start = "{\"name\":\"Gemeinde Umlaut\",\"type\":\"OTHER\",\"notes\":\"";
        String end = "\"}";
        int padding = bytes - start.length() - end.length();
        String body = start + "ü".repeat(padding / 2) + "x".repeat(padding % 2) + end;
        assertEquals(bytes, body.getBytes(StandardCharsets.UTF_8).length);
        return body;
    }

    @Test
    void theBodyLimitCountsBytesNotCharacters() {
        // 64 KB of bytes are fewer than 33,000 characters here: a count of characters would let it through
        Reply tooLarge = admin.call("POST", "/accounts", bodyOfBytes(64 * 1024 + 1));
        assertEquals(413, tooLarge.status(), tooLarge::toString);
        assertEquals("application/problem+json", tooLarge.header("Content-Type"));
        // at the limit the body is read, and its notes are what is wrong
        refused(admin.call("POST", "/accounts", bodyOfBytes(64 * 1024)), "notes");
        assertEquals(413, admin.call("POST", "/contacts", bodyOfBytes(100_000)).status());
    }
}
