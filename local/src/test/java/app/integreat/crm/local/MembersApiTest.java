package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MembersApiTest {
    static TestCrm crm;
    static Caller admin;

    @BeforeAll
    static void start() {
        crm = new TestCrm();
        admin = crm.admin();
    }

    @Test
    void theConfiguredAdminIsCreatedOnFirstUseAndSeesTheInboundAddress() {
        Reply me = admin.get("/me");
        assertEquals(200, me.status(), me::toString);
        assertEquals(TestCrm.ADMIN, me.string("email"));
        assertEquals("ADMIN", me.string("role"));
        assertEquals(Boolean.TRUE, me.json().get("active"));
        assertEquals(crm.crm.services().config().inboundAddress(), me.string("inboundAddress"));
        assertEquals(me.string("id"), admin.get("/me").string("id"), "created once");
        assertEquals(200, crm.as("ADMIN@Example.org").get("/me").status(), "the email claim compares case-insensitively");
    }

    @Test
    void requestsWithoutIdentityOrMembershipAreRefused() {
        assertEquals(401, crm.as(null).get("/me").status());
        Reply stranger = crm.as("stranger@example.org").get("/accounts");
        assertEquals(403, stranger.status());
        assertEquals("application/problem+json", stranger.header("Content-Type"));
        assertEquals(200, crm.as(null).get("/health").status(), "health needs no token");
    }

    @Test
    void anUnverifiedAddressIdentifiesNobody() {
        var match = crm.crm.functions().match("GET", "/me");
        var event = HttpEvents.event("GET", "/me", null, Map.of(), null, false, match.route().routeKey(), Map.of(),
                Map.of("email", TestCrm.ADMIN));
        assertEquals(403, crm.invoke(match.functionId(), event).status(), "no email_verified claim");
        var denied = HttpEvents.event("GET", "/me", null, Map.of(), null, false, match.route().routeKey(), Map.of(),
                Map.of("email", TestCrm.ADMIN, "email_verified", "false"));
        assertEquals(403, crm.invoke(match.functionId(), denied).status());
    }

    @Test
    void theEmailOfAMemberCannotBeChanged() {
        Caller ute = crm.member("ute@integreat.example", "MEMBER");
        TestCrm.Reply me = ute.get("/me");
        TestCrm.Reply changed = admin.ifMatch(me.etag()).patch("/members/" + me.string("id"), Map.of("email", "other@integreat.example"));
        assertEquals(422, changed.status());
        assertEquals("email", AccountsApiTest.fieldOf(changed));
    }

    @Test
    void onlyAdminsAddMembers() {
        Caller member = crm.member("jonas.weber@integreat.example", "MEMBER");
        assertEquals(200, member.get("/me").status());
        assertEquals(403, member.post("/members", Map.of("email", "x@integreat.example", "name", "X")).status());
        assertEquals(200, member.get("/members").status(), "every member sees the team");
    }

    @Test
    void addingAMemberValidatesAndRefusesDuplicates() {
        Reply created = admin.post("/members", Map.of("email", "Lena.Hoffmann@Integreat.example", "name", "Lena Hoffmann"));
        assertEquals(201, created.status(), created::toString);
        assertEquals("lena.hoffmann@integreat.example", created.string("email"));
        assertEquals("MEMBER", created.string("role"));
        assertEquals("de", created.string("language"));

        Reply duplicate = admin.post("/members", Map.of("email", "lena.hoffmann@integreat.example", "name", "Lena"));
        assertEquals(409, duplicate.status());
        assertEquals(created.string("id"), duplicate.string("memberId"));

        Reply invalid = admin.post("/members", Map.of("email", "lena@", "name", "", "role", "OWNER"));
        assertEquals(422, invalid.status());
        assertEquals(java.util.Set.of("email", "name", "role"), AccountsApiTest.fields(invalid));
    }

    @Test
    void aDeactivatedMemberIsLockedOut() {
        Caller aylin = crm.member("aylin.demir@integreat.example", "MEMBER");
        Reply me = aylin.get("/me");
        String id = me.string("id");

        assertEquals(428, admin.patch("/members/" + id, Map.of("active", false)).status());
        Reply deactivated = admin.ifMatch(me.etag()).patch("/members/" + id, Map.of("active", false));
        assertEquals(200, deactivated.status(), deactivated::toString);
        assertEquals(Boolean.FALSE, deactivated.json().get("active"));

        assertEquals(403, aylin.get("/me").status());
        assertEquals(403, aylin.get("/accounts").status());
        assertEquals(412, admin.ifMatch(me.etag()).patch("/members/" + id, Map.of("active", true)).status());
        assertEquals(200, admin.ifMatch(deactivated.etag()).patch("/members/" + id, Map.of("active", true)).status());
        assertEquals(200, aylin.get("/me").status());
    }

    @Test
    void membersEditTheirOwnNameAndLanguageButNotTheirRole() {
        Caller peter = crm.member("peter@integreat.example", "MEMBER");
        Reply me = peter.get("/me");
        String id = me.string("id");

        Reply renamed = peter.ifMatch(me.etag()).patch("/members/" + id, Map.of("name", "Peter Weiß", "language", "en"));
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals("en", renamed.string("language"));
        assertEquals(403, peter.ifMatch(renamed.etag()).patch("/members/" + id, Map.of("role", "ADMIN")).status());
        assertEquals("MEMBER", peter.get("/me").string("role"));

        String adminId = admin.get("/me").string("id");
        assertEquals(403, peter.ifMatch("\"1\"").patch("/members/" + adminId, Map.of("name", "Hacked")).status());
        Reply self = admin.ifMatch(admin.get("/me").etag()).patch("/members/" + adminId, Map.of("active", false));
        assertEquals(409, self.status(), "an admin cannot lock themself out");
        assertTrue(self.string("detail").contains("yourself"));
    }

    @Test
    void listsTheTeamByName() {
        TestCrm own = new TestCrm();
        // names sort otherwise than their addresses, and "Ä" sorts as "A"
        assertEquals(201, own.admin().post("/members", Map.of("email", "aa-zoe@integreat.example", "name", "Zoe Adler")).status());
        assertEquals(201, own.admin().post("/members", Map.of("email", "zz-aenne@integreat.example", "name", "Ännchen Berg",
                "role", "ADMIN")).status());
        String adminName = own.admin().get("/me").string("name");
        Reply team = own.admin().get("/members?limit=10");
        assertEquals(200, team.status());
        assertEquals(java.util.List.of(adminName, "Ännchen Berg", "Zoe Adler"),
                team.items().stream().map(m -> m.get("name")).toList(), "the order the API answers in, not sorted here");
        Reply firstPage = own.admin().get("/members?limit=2");
        assertEquals(java.util.List.of(adminName, "Ännchen Berg"), firstPage.items().stream().map(m -> m.get("name")).toList());
        assertEquals(java.util.List.of("Zoe Adler"), own.admin().get("/members?limit=2&cursor=" + firstPage.json().get("nextCursor"))
                .items().stream().map(m -> m.get("name")).toList());
        assertEquals(404, admin.get("/members/01ARZ3NDEKTSV4RRFFQ69G5FAV").status());
    }
}
