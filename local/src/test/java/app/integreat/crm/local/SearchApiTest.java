package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One search over accounts, contacts (names and addresses), opportunities and interactions: one Query. */
class SearchApiTest {
    static TestCrm crm;
    static Caller admin;
    static String city;
    static String tafel;
    static String contact;
    static String opportunity;
    static String call;

    @BeforeAll
    static void records() {
        crm = new TestCrm();
        admin = crm.admin();
        city = admin.post("/accounts", Map.of("name", "Stadt München", "type", "MUNICIPALITY")).string("id");
        tafel = admin.post("/accounts", Map.of("name", "Münchner Tafel", "type", "PARTNER")).string("id");
        admin.post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY"));
        contact = admin.post("/contacts", Map.of("firstName", "Jürgen", "lastName", "Müller", "accountId", city,
                "emails", List.of("j.mueller@muenchen.de"))).string("id");
        Reply created = admin.post("/opportunities", Map.of("name", "Integreat München", "type", "STANDARD",
                "accountIds", List.of(city), "ownerId", admin.get("/me").string("id")));
        assertEquals(201, created.status(), created::toString);
        opportunity = created.string("id");
        call = admin.post("/interactions", Map.of("type", "CALL", "subject", "Telefonat Förderung München",
                "accountIds", List.of(city))).string("id");
    }

    @SuppressWarnings("unchecked")
    static List<Object> ids(Reply reply, String group) {
        return ((List<Map<String, Object>>) reply.json().get(group)).stream().map(hit -> hit.get("id")).toList();
    }

    @Test
    void aWordPrefixFindsEveryKindGroupedInOneQuery() {
        crm.operations.clear();
        Reply found = admin.get("/search?q=M%C3%BCnch");
        assertEquals(200, found.status(), found::toString);
        assertEquals(List.of("GetItem", "Query"), crm.operations);
        assertEquals(List.of(city, tafel), ids(found, "accounts"), "by the matching word: munchen before munchner");
        assertEquals(List.of(opportunity), ids(found, "opportunities"));
        assertEquals(List.of(call), ids(found, "interactions"));
        assertEquals(List.of(), ids(found, "contacts"));
        @SuppressWarnings("unchecked")
        Map<String, Object> hit = ((List<Map<String, Object>>) found.json().get("interactions")).get(0);
        assertEquals("Telefonat Förderung München", hit.get("subject"));
        assertEquals("CALL", hit.get("type"));
        assertEquals(false, found.json().get("truncated"));

        assertEquals(List.of(contact), ids(admin.get("/search?q=mul"), "contacts"), "the last name, folded");
        assertEquals(List.of(contact), ids(admin.get("/search?q=j%C3%BCrgen"), "contacts"), "the first name");
        assertEquals(List.of(contact), ids(admin.get("/search?q=muenchen"), "contacts"), "the address's domain");
        assertEquals(List.of(contact), ids(admin.get("/search?q=j.mueller%40"), "contacts"), "the address");
        assertEquals(List.of(call), ids(admin.get("/search?q=forder"), "interactions"), "a later word of the subject");
        assertEquals(List.of(city), ids(admin.get("/search?q=stadt%20m"), "accounts"), "more than one word");
    }

    @Test
    void renamedAndDeletedRecordsAreFoundAsTheyAreNow() {
        String id = admin.post("/accounts", Map.of("name", "Gemeinde Zwischenstand", "type", "OTHER")).string("id");
        String person = admin.post("/contacts", Map.of("lastName", "Zwirbel", "emails", List.of("zwirbel@example.org"))).string("id");
        assertEquals(List.of(id), ids(admin.get("/search?q=zwischen"), "accounts"));
        assertEquals(200, admin.ifMatch("\"1\"").patch("/accounts/" + id, Map.of("name", "Gemeinde Endstand")).status());
        assertEquals(List.of(), ids(admin.get("/search?q=zwischen"), "accounts"));
        assertEquals(List.of(id), ids(admin.get("/search?q=endst"), "accounts"));
        assertEquals(List.of(person), ids(admin.get("/search?q=zwirbel"), "contacts"));
        assertEquals(200, admin.ifMatch("\"1\"").patch("/contacts/" + person, Map.of("emails", List.of("neu@example.net"))).status());
        assertEquals(List.of(person), ids(admin.get("/search?q=zwirbel"), "contacts"), "still by name, once");
        assertEquals(List.of(), ids(admin.get("/search?q=example%20org"), "contacts"), "the old address is gone");
        assertEquals(204, admin.ifMatch("\"2\"").delete("/contacts/" + person).status());
        assertEquals(List.of(), ids(admin.get("/search?q=zwirbel"), "contacts"));

        Reply renamed = admin.get("/opportunities/" + opportunity);
        Reply patched = admin.ifMatch(renamed.etag()).patch("/opportunities/" + opportunity, Map.of("name", "Integreat Landeshauptstadt"));
        assertEquals(200, patched.status(), patched::toString);
        assertEquals(List.of(opportunity), ids(admin.get("/search?q=landeshaupt"), "opportunities"));
        assertEquals(200, admin.ifMatch(patched.etag()).patch("/opportunities/" + opportunity,
                Map.of("name", "Integreat München")).status());
    }

    @Test
    void anEmptyOrOverlongQueryIsRefusedNamingQ() {
        for (String bad : List.of("/search", "/search?q=%20", "/search?q=" + "a".repeat(101))) {
            Reply reply = admin.get(bad);
            assertEquals(400, reply.status(), bad + " " + reply);
            assertTrue(reply.body().contains("\"q\""), reply::toString);
        }
        Reply punctuation = admin.get("/search?q=%21%21");
        assertEquals(200, punctuation.status());
        assertEquals(List.of(), ids(punctuation, "accounts"));
    }
}
