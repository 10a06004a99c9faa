package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.integreat.crm.json.Json;
import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET/PUT /settings: admins only, with If-Match, validated field by field. */
class SettingsApiTest {
    static TestCrm crm;
    static Caller admin;

    @BeforeAll
    static void start() {
        crm = new TestCrm();
        admin = crm.admin();
    }

    static Reply put(Caller caller, String etag, Object body) {
        Caller withTag = etag == null ? caller : caller.ifMatch(etag);
        return withTag.call("PUT", "/settings", Json.write(body));
    }

    @Test
    @SuppressWarnings("unchecked")
    void adminsReadTheDefaultsAndChangeThemWithTheirETag() {
        TestCrm fresh = new TestCrm();
        Caller freshAdmin = fresh.admin();
        Reply defaults = freshAdmin.get("/settings");
        assertEquals(200, defaults.status(), defaults::toString);
        assertEquals(Map.of("unresolvedDays", 90, "quarantineDays", 30, "heldDays", 14, "rawMailDays", 730),
                defaults.json().get("retention"));
        assertEquals(Map.of("domains", List.of(), "addresses", List.of()), defaults.json().get("neverLog"));
        assertEquals(List.of(), defaults.json().get("teamAddresses"));
        assertEquals("\"0\"", defaults.etag());

        String ute = fresh.member("ute@integreat.example", "MEMBER").get("/me").string("id");
        Reply saved = put(freshAdmin, defaults.etag(), Map.of(
                "retention", Map.of("unresolvedDays", 60, "rawMailDays", 365),
                "neverLog", Map.of("domains", List.of("@Praxis-Example.DE"), "addresses", List.of("Anwalt@Kanzlei.example")),
                "teamAddresses", List.of(Map.of("address", "Info@Integreat.example", "memberId", ute))));
        assertEquals(200, saved.status(), saved::toString);
        assertEquals("\"1\"", saved.etag());
        Reply read = freshAdmin.get("/settings");
        assertEquals(Map.of("unresolvedDays", 60, "quarantineDays", 30, "heldDays", 14, "rawMailDays", 365), read.json().get("retention"));
        assertEquals(Map.of("domains", List.of("praxis-example.de"), "addresses", List.of("anwalt@kanzlei.example")),
                read.json().get("neverLog"), "lower case, without the @");
        assertEquals(List.of(Map.of("address", "info@integreat.example", "memberId", ute)), read.json().get("teamAddresses"));
        assertEquals(saved.etag(), read.etag());
        Map<String, Object> entry = freshAdmin.get("/audit").items().get(0);
        assertEquals("SETTINGS_CHANGED", entry.get("action"), "the change is in the audit log: " + entry);
        assertEquals(freshAdmin.get("/me").string("id"), entry.get("actor"));

        Reply stale = put(freshAdmin, defaults.etag(), Map.of("retention", Map.of("heldDays", 7)));
        assertEquals(412, stale.status(), "an ETag from before the change is stale");
        assertEquals(60, ((Map<String, Object>) freshAdmin.get("/settings").json().get("retention")).get("unresolvedDays"),
                "the stale change wrote nothing");
        assertEquals(428, put(freshAdmin, null, Map.of("retention", Map.of("heldDays", 7))).status());
    }

    @Test
    void membersMayNeitherReadNorChangeThem() {
        Caller member = crm.member("jonas@integreat.example", "MEMBER");
        assertEquals(403, member.get("/settings").status());
        assertEquals(403, put(member, "\"0\"", Map.of("retention", Map.of("heldDays", 7))).status());
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        String etag = admin.get("/settings").etag();
        assertField("retention.quarantineDays", put(admin, etag, Map.of("retention", Map.of("quarantineDays", 0))));
        assertField("retention.rawMailDays", put(admin, etag, Map.of("retention", Map.of("rawMailDays", 3651))));
        assertField("retention.heldDays", put(admin, etag, Map.of("retention", Map.of("heldDays", 1.5))));
        assertField("retention.unresolvedDays", put(admin, etag, Map.of("retention", Map.of("unresolvedDays", "90"))));
        assertField("retention.weeks", put(admin, etag, Map.of("retention", Map.of("weeks", 3))));
        assertField("neverLog.addresses[0]", put(admin, etag, Map.of("neverLog", Map.of("addresses", List.of("not an address")))));
        assertField("neverLog.domains[1]", put(admin, etag, Map.of("neverLog", Map.of("domains", List.of("ok.example", "no domain")))));
        assertField("neverLog.domains", put(admin, etag, Map.of("neverLog", Map.of("domains",
                java.util.stream.IntStream.range(0, 101).mapToObj(i -> "d" + i + ".example").toList()))));
        assertField("teamAddresses[0].memberId", put(admin, etag, Map.of("teamAddresses",
                List.of(Map.of("address", "info@integreat.example", "memberId", "01HZZZZZZZZZZZZZZZZZZZZZZZ")))));
        String memberId = admin.get("/me").string("id");
        assertField("teamAddresses[0].address", put(admin, etag, Map.of("teamAddresses",
                List.of(Map.of("address", TestCrm.ADMIN, "memberId", memberId)))));
        assertField("teamAddresses[1].address", put(admin, etag, Map.of("teamAddresses", List.of(
                Map.of("address", "info@integreat.example", "memberId", memberId),
                Map.of("address", "INFO@integreat.example", "memberId", memberId)))));
        assertField("colour", put(admin, etag, Map.of("colour", "blue")));
        assertEquals(etag, admin.get("/settings").etag(), "nothing refused was saved");
    }

    static void assertField(String field, Reply reply) {
        assertEquals(422, reply.status(), reply::toString);
        assertEquals("application/problem+json", reply.header("Content-Type"));
        assertEquals(field, AccountsApiTest.fieldOf(reply), reply::toString);
    }
}
