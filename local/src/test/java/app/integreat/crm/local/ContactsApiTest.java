package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ContactsApiTest {
    static TestCrm crm;
    static Caller admin;
    static String augsburg;

    @BeforeAll
    static void start() {
        crm = new TestCrm();
        admin = crm.admin();
        augsburg = admin.post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY")).string("id");
    }

    static Reply create(Map<String, Object> body) {
        return admin.post("/contacts", body);
    }

    @Test
    void createsAContactAndFindsItByAnyCaseOfItsAddress() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("firstName", "Sabine");
        body.put("lastName", "Müller");
        body.put("emails", List.of("Sabine.Mueller@Augsburg.de", "s.mueller@augsburg.de", "SABINE.MUELLER@augsburg.de"));
        body.put("phones", List.of("+49 821 324-3301"));
        body.put("title", "Leitung Integrationsbüro");
        body.put("accountId", augsburg);
        Reply created = create(body);

        assertEquals(201, created.status(), created::toString);
        assertEquals(List.of("sabine.mueller@augsburg.de", "s.mueller@augsburg.de"), created.json().get("emails"),
                "addresses are kept in lower case, duplicates dropped");
        String id = created.string("id");

        Reply byEmail = admin.get("/contacts?email=SABINE.MUELLER%40augsburg.de");
        assertEquals(200, byEmail.status());
        assertEquals(List.of(id), byEmail.items().stream().map(c -> c.get("id")).toList());
        assertEquals(List.of(), admin.get("/contacts?email=nobody%40augsburg.de").items());
        assertEquals(400, admin.get("/contacts?email=not-an-address").status());

        Reply read = admin.get("/contacts/" + id);
        assertEquals("Leitung Integrationsbüro", read.string("title"));
        assertEquals(augsburg, read.string("accountId"));
    }

    @Test
    void aDuplicateAddressIsRefusedNamingTheContactThatHasIt() {
        String holder = create(Map.of("firstName", "Thomas", "lastName", "Krämer", "emails", List.of("thomas.kraemer@augsburg.de")))
                .string("id");

        Reply duplicate = create(Map.of("lastName", "Doppelt", "emails", List.of("Thomas.Kraemer@augsburg.de")));
        assertEquals(409, duplicate.status());
        assertEquals(holder, duplicate.string("contactId"));
        assertTrue(duplicate.string("detail").contains("Thomas Krämer"), duplicate::toString);
        assertTrue(admin.get("/contacts?q=doppelt").items().isEmpty(), "nothing of the refused contact was written");
    }

    @Test
    void exactlyOneOfTwoConcurrentCreatesWithTheSameAddressWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            String email = "race" + round + "@kreis-dueren.de";
            List<Integer> statuses = Concurrently.run(2, i -> create(Map.of("lastName", "Racer " + i, "emails", List.of(email))).status());
            assertEquals(List.of(201, 409), statuses.stream().sorted().toList(), "round " + round);
            assertEquals(1, admin.get("/contacts?email=" + email.replace("@", "%40")).items().size());
        }
    }

    @Test
    void changingAddressesReleasesTheOldOnes() {
        Reply first = create(Map.of("lastName", "Wechsel", "emails", List.of("alt@regensburg.de")));
        String id = first.string("id");

        Reply changed = admin.ifMatch(first.etag()).patch("/contacts/" + id, Map.of("emails", List.of("neu@regensburg.de")));
        assertEquals(200, changed.status(), changed::toString);
        assertEquals(List.of(), admin.get("/contacts?email=alt%40regensburg.de").items());
        assertEquals(id, admin.get("/contacts?email=neu%40regensburg.de").items().get(0).get("id"));

        Reply other = create(Map.of("lastName", "Nachfolger", "emails", List.of("alt@regensburg.de")));
        assertEquals(201, other.status(), "the released address can be given to someone else");
        Reply taken = admin.ifMatch(changed.etag()).patch("/contacts/" + id, Map.of("emails", List.of("neu@regensburg.de", "alt@regensburg.de")));
        assertEquals(409, taken.status());
        assertEquals(other.string("id"), taken.string("contactId"));
        assertEquals(List.of("neu@regensburg.de"), admin.get("/contacts/" + id).json().get("emails"), "the refused change wrote nothing");
    }

    @Test
    void theLookupCopyFollowsEveryChange() {
        Reply created = create(Map.of("firstName", "Jörg", "lastName", "Schäfer", "emails", List.of("j.schaefer@kreis-dueren.de")));
        String id = created.string("id");
        admin.ifMatch("\"1\"").patch("/contacts/" + id, Map.of("title", "Kommunales Integrationszentrum", "accountId", augsburg));

        Map<String, Object> found = admin.get("/contacts?email=j.schaefer%40kreis-dueren.de").items().get(0);
        assertEquals("Kommunales Integrationszentrum", found.get("title"));
        assertEquals(augsburg, found.get("accountId"));
        assertEquals(2, ((Number) found.get("version")).intValue());
    }

    @Test
    void deletingAContactFreesItsAddresses() {
        Reply created = create(Map.of("lastName", "Weg", "emails", List.of("weg@passau.de"), "accountId", augsburg));
        String id = created.string("id");

        assertEquals(412, admin.ifMatch("\"3\"").delete("/contacts/" + id).status());
        assertEquals(428, admin.delete("/contacts/" + id).status());
        assertEquals(204, admin.ifMatch("\"1\"").delete("/contacts/" + id).status());
        assertEquals(404, admin.get("/contacts/" + id).status());
        assertEquals(404, admin.ifMatch("\"1\"").delete("/contacts/" + id).status());
        assertEquals(List.of(), admin.get("/contacts?email=weg%40passau.de").items());
        assertEquals(201, create(Map.of("lastName", "Neu", "emails", List.of("weg@passau.de"))).status());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> contacts = (List<Map<String, Object>>) admin.get("/accounts/" + augsburg).json().get("contacts");
        assertFalse(contacts.stream().anyMatch(c -> id.equals(c.get("id"))));
    }

    @Test
    void listsContactsOfOneAccountByNamePrefix() {
        String account = admin.post("/accounts", Map.of("name", "Landkreis Test", "type", "MUNICIPALITY")).string("id");
        create(Map.of("firstName", "Özlem", "lastName", "Yıldız", "accountId", account));
        create(Map.of("firstName", "Uwe", "lastName", "Zander", "accountId", account));
        create(Map.of("firstName", "Ute", "lastName", "Zander", "accountId", augsburg));

        Reply ofAccount = admin.get("/contacts?accountId=" + account);
        assertEquals(List.of("Yıldız", "Zander"), ofAccount.items().stream().map(c -> c.get("lastName")).toList());
        Reply zander = admin.get("/contacts?accountId=" + account + "&q=zand");
        assertEquals(List.of("Uwe"), zander.items().stream().map(c -> c.get("firstName")).toList());
        Reply everywhere = admin.get("/contacts?q=ZANDER");
        assertEquals(List.of("Ute", "Uwe"), everywhere.items().stream().map(c -> c.get("firstName")).toList());
        assertEquals(400, admin.get("/contacts?accountId=nonsense").status());
        Reply byFirstName = admin.get("/contacts?q=%C3%B6zl");
        assertEquals(List.of("Yıldız"), byFirstName.items().stream().map(c -> c.get("lastName")).toList(), "first names are searchable too");
    }

    @Test
    void refusesInvalidContacts() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("firstName", "Ohne");
        body.put("emails", List.of("good@augsburg.de", "not an address"));
        body.put("phones", "+49 1");
        body.put("accountId", "01ARZ3NDEKTSV4RRFFQ69G5FAV");
        Reply reply = create(body);

        assertEquals(422, reply.status());
        assertEquals(java.util.Set.of("lastName", "emails[1]", "phones", "accountId"), AccountsApiTest.fields(reply));
        assertEquals(List.of(), admin.get("/contacts?email=good%40augsburg.de").items(), "nothing was written");
        List<String> eleven = java.util.stream.IntStream.range(0, 11).mapToObj(i -> "p" + i + "@augsburg.de").toList();
        assertEquals(422, create(Map.of("lastName", "Viele", "emails", eleven)).status());
    }

    @Test
    void patchFollowsTheVersionRules() {
        Reply created = create(Map.of("lastName", "Version"));
        String id = created.string("id");
        assertEquals(428, admin.patch("/contacts/" + id, Map.of("title", "x")).status());
        assertEquals(412, admin.ifMatch("W/\"1\"").patch("/contacts/" + id, Map.of("title", "x")).status(), "a weak tag never matches");
        assertEquals(428, admin.ifMatch("*").patch("/contacts/" + id, Map.of("title", "x")).status());
        assertEquals(200, admin.ifMatch("\"1\"").patch("/contacts/" + id, Map.of("title", "x")).status());
        assertEquals(412, admin.ifMatch("\"1\"").patch("/contacts/" + id, Map.of("title", "y")).status());
        assertEquals("x", admin.get("/contacts/" + id).string("title"));
    }
}
