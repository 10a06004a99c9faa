package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccountsApiTest {
    static TestCrm crm;
    static Caller admin;

    @BeforeAll
    static void start() {
        crm = new TestCrm();
        admin = crm.admin();
    }

    static Map<String, Object> account(String name, String type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", type);
        return body;
    }

    static String create(String name, String type) {
        Reply reply = admin.post("/accounts", account(name, type));
        assertEquals(201, reply.status(), reply::toString);
        return reply.string("id");
    }

    @Test
    void createsReadsAndListsAnAccountWithAllFields() {
        Map<String, Object> body = account("Stadt Augsburg", "municipality");
        body.put("website", "www.augsburg.de");
        body.put("phone", "+49 821 324-0");
        body.put("address", Map.of("street", "Rathausplatz 1", "postalCode", "86150", "city", "Augsburg",
                "state", "Bayern", "country", "DE"));
        body.put("notes", "Integreat seit 2016.\nAnsprechpartner im Integrationsbüro.");
        Reply created = admin.post("/accounts", body);

        assertEquals(201, created.status(), created::toString);
        String id = created.string("id");
        assertEquals("/accounts/" + id, created.header("Location"));
        assertEquals("\"1\"", created.etag());
        assertEquals("MUNICIPALITY", created.string("type"));
        assertEquals("https://www.augsburg.de", created.string("website"));
        assertEquals(1, ((Number) created.json().get("version")).intValue());
        assertNotNull(created.string("createdAt"));

        Reply read = admin.get("/accounts/" + id);
        assertEquals(200, read.status());
        assertEquals("Stadt Augsburg", read.string("name"));
        assertEquals("Augsburg", ((Map<?, ?>) read.json().get("address")).get("city"));
        assertEquals(body.get("notes"), read.string("notes"));
        assertEquals(List.of(), read.json().get("contacts"));
        assertEquals("\"1\"", read.etag());

        // ... and lists it: found by its name, with its fields but without the notes of the record itself
        Reply list = admin.get("/accounts?q=augsburg&type=MUNICIPALITY");
        assertEquals(200, list.status(), list::toString);
        List<Map<String, Object>> found = list.items().stream().filter(item -> id.equals(item.get("id"))).toList();
        assertEquals(1, found.size(), list::toString);
        assertEquals("Stadt Augsburg", found.get(0).get("name"));
        assertEquals("MUNICIPALITY", found.get(0).get("type"));
        assertEquals("https://www.augsburg.de", found.get(0).get("website"));
        assertEquals("+49 821 324-0", found.get(0).get("phone"));
        assertNull(found.get(0).get("notes"));
    }

    @Test
    void detailIncludesTheContactsSortedByLastName() {
        String id = create("Landkreis Fürstenfeldbruck", "MUNICIPALITY");
        admin.post("/contacts", Map.of("firstName", "Markus", "lastName", "Gruber", "accountId", id));
        admin.post("/contacts", Map.of("firstName", "Anna", "lastName", "Ängstrom", "accountId", id));

        Reply detail = admin.get("/accounts/" + id);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> contacts = (List<Map<String, Object>>) detail.json().get("contacts");
        assertEquals(List.of("Ängstrom", "Gruber"), contacts.stream().map(c -> c.get("lastName")).toList());
    }

    @Test
    void searchIgnoresCaseAndUmlauts() {
        String munich = create("München", "MUNICIPALITY");
        String munster = create("Münster", "MUNICIPALITY");
        create("Mannheim", "MUNICIPALITY");

        for (String q : List.of("munch", "münch", "MÜNCH", "Munchen", "m%C3%BCnchen")) {
            Reply found = admin.get("/accounts?q=" + q);
            assertEquals(200, found.status());
            assertEquals(List.of(munich), ids(found), "q=" + q);
        }
        Reply both = admin.get("/accounts?q=mün&type=MUNICIPALITY");
        assertEquals(List.of(munich, munster), ids(both));
    }

    @Test
    void searchFindsAnyWordOfTheNameAndFollowsRenamesAndDeletes() {
        String augsburg = create("Stadt Testhausen", "MUNICIPALITY");
        String landkreis = create("Landkreis Testhausen", "MUNICIPALITY");

        assertEquals(List.of(augsburg, landkreis).stream().sorted().toList(), ids(admin.get("/accounts?q=testh")).stream().sorted().toList());
        assertEquals(List.of(augsburg), ids(admin.get("/accounts?q=stadt%20testh")));
        assertEquals(List.of(landkreis), ids(admin.get("/accounts?q=landkreis%20te&type=MUNICIPALITY")));

        Reply renamed = admin.ifMatch("\"1\"").patch("/accounts/" + landkreis, Map.of("name", "Landkreis Aichach-Friedberg"));
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals(List.of(augsburg), ids(admin.get("/accounts?q=testh")), "the old name is no longer found");
        assertEquals(List.of(landkreis), ids(admin.get("/accounts?q=friedb")));
        assertEquals("Landkreis Aichach-Friedberg", admin.get("/accounts?q=aichach").items().get(0).get("name"));

        Reply retyped = admin.ifMatch("\"2\"").patch("/accounts/" + landkreis, Map.of("type", "CUSTOMER"));
        assertEquals(200, retyped.status());
        assertEquals(List.of(), ids(admin.get("/accounts?q=aichach&type=MUNICIPALITY")));
        assertEquals(List.of(landkreis), ids(admin.get("/accounts?q=aichach&type=CUSTOMER")));

        assertEquals(204, admin.ifMatch("\"3\"").delete("/accounts/" + landkreis).status());
        assertEquals(List.of(), ids(admin.get("/accounts?q=aichach")));
    }

    @Test
    void aNameWithTwoMatchingWordsIsListedOnceAcrossPages() {
        TestCrm own = new TestCrm();
        Caller caller = own.admin();
        String alpha = caller.post("/accounts", account("Alpha Alpen", "OTHER")).string("id");
        String alps = caller.post("/accounts", account("Alpenverein", "OTHER")).string("id");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = caller.get("/accounts?q=alp&limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::toString);
            page.items().forEach(item -> seen.add((String) item.get("id")));
            cursor = (String) page.json().get("nextCursor");
        } while (cursor != null);
        assertEquals(List.of(alpha, alps).stream().sorted().toList(), seen.stream().sorted().toList());
    }

    @Test
    void textMustBeWellFormed() {
        Reply reply = admin.post("/accounts", Map.of("name", "Stadt \ud800", "type", "OTHER"));
        assertEquals(422, reply.status(), reply::toString);
        assertEquals("name", fieldOf(reply));
    }

    @Test
    void readOnlyFieldsCannotBeChanged() {
        Reply created = admin.post("/accounts", account("Stadt Lindau", "MUNICIPALITY"));
        String id = created.string("id");
        Map<String, Object> echo = new LinkedHashMap<>(created.json());
        echo.put("phone", "+49 8382 918-0");
        assertEquals(200, admin.ifMatch(created.etag()).patch("/accounts/" + id, echo).status(), "a record sent back as read is fine");
        Reply changedId = admin.ifMatch("\"2\"").patch("/accounts/" + id, Map.of("id", "01ARZ3NDEKTSV4RRFFQ69G5FAV"));
        assertEquals(422, changedId.status());
        assertEquals("id", fieldOf(changedId));
    }

    @Test
    void filtersByType() {
        String supplier = create("Übersetzungsbüro Zeta", "SUPPLIER");
        create("Zeta Partner e. V.", "PARTNER");

        Reply suppliers = admin.get("/accounts?type=supplier&q=ubersetzungsburo");
        assertEquals(List.of(supplier), ids(suppliers));
        Reply wrong = admin.get("/accounts?type=VILLAGE");
        assertEquals(400, wrong.status());
        assertEquals("type", fieldOf(wrong));
    }

    @Test
    void pagesThroughAllAccountsWithoutDuplicatesOrGaps() {
        TestCrm own = new TestCrm();
        Caller caller = own.admin();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 11; i++) {
            Reply reply = caller.post("/accounts", account("Gemeinde " + (char) ('A' + (i * 7) % 11) + i, "MUNICIPALITY"));
            expected.add(reply.string("id"));
        }
        List<String> seen = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page = caller.get("/accounts?limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::toString);
            assertTrue(page.items().size() <= 4);
            page.items().forEach(item -> {
                seen.add((String) item.get("id"));
                names.add((String) item.get("name"));
            });
            cursor = (String) page.json().get("nextCursor");
            pages++;
            assertTrue(page.json().containsKey("nextCursor"), "nextCursor is always present, null on the last page");
        } while (cursor != null);

        assertEquals(3, pages);
        assertEquals(11, seen.size());
        assertEquals(expected, new HashSet<>(seen));
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(String.CASE_INSENSITIVE_ORDER);
        assertEquals(sorted, names, "sorted by name");
    }

    @Test
    void refusesBadPagingParameters() {
        for (String limit : List.of("0", "201", "abc", "-5")) {
            Reply reply = admin.get("/accounts?limit=" + limit);
            assertEquals(400, reply.status(), limit);
            assertEquals("limit", fieldOf(reply));
            assertEquals("application/problem+json", reply.header("Content-Type"));
        }
        assertEquals(400, admin.get("/accounts?cursor=garbage!").status());
        // a cursor of the unfiltered list is refused for a filtered one
        create("Cursor A", "OTHER");
        create("Cursor B", "OTHER");
        String cursor = (String) admin.get("/accounts?limit=1").json().get("nextCursor");
        Reply foreign = admin.get("/accounts?type=PARTNER&cursor=" + cursor);
        assertEquals(400, foreign.status());
        assertEquals("cursor", fieldOf(foreign));
        // a forged cursor of the right list whose key DynamoDB refuses (a 2 KB partition key)
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("1\u001f" + "x".repeat(2100) + "\u001fACCOUNT\u001fACCOUNTS\u001fa#1").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Reply refused = admin.get("/accounts?cursor=" + forged);
        assertEquals(400, refused.status(), refused::toString);
        assertEquals("cursor", fieldOf(refused));
    }

    @Test
    void patchNeedsTheCurrentVersion() {
        String id = create("Stadt Regensburg", "MUNICIPALITY");

        Reply missing = admin.patch("/accounts/" + id, Map.of("phone", "+49 941 507-0"));
        assertEquals(428, missing.status());

        Reply updated = admin.ifMatch("\"1\"").patch("/accounts/" + id, Map.of("phone", "+49 941 507-0"));
        assertEquals(200, updated.status(), updated::toString);
        assertEquals("\"2\"", updated.etag());
        assertEquals("+49 941 507-0", updated.string("phone"));
        assertEquals("Stadt Regensburg", updated.string("name"));

        Reply stale = admin.ifMatch("\"1\"").patch("/accounts/" + id, Map.of("phone", "0"));
        assertEquals(412, stale.status());
        assertEquals("+49 941 507-0", admin.get("/accounts/" + id).string("phone"), "the stale write changed nothing");

        Reply malformed = admin.ifMatch("yesterday").patch("/accounts/" + id, Map.of("phone", "0"));
        assertEquals(400, malformed.status());
    }

    @Test
    void patchWithNullClearsAnOptionalFieldAndMergesTheAddress() {
        Map<String, Object> body = account("Stadt Passau", "MUNICIPALITY");
        body.put("phone", "+49 851 396-0");
        body.put("address", Map.of("city", "Passau", "postalCode", "94032"));
        String id = admin.post("/accounts", body).string("id");

        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("phone", null);
        patch.put("address", Map.of("street", "Rathausplatz 2"));
        Reply updated = admin.ifMatch("\"1\"").patch("/accounts/" + id, patch);

        assertEquals(200, updated.status(), updated::toString);
        assertFalse(updated.json().containsKey("phone"));
        assertEquals(Map.of("street", "Rathausplatz 2", "postalCode", "94032", "city", "Passau"), updated.json().get("address"));
        assertFalse(admin.get("/accounts/" + id).json().containsKey("phone"));

        Map<String, Object> nameless = new LinkedHashMap<>();
        nameless.put("name", null);
        assertEquals(422, admin.ifMatch("\"2\"").patch("/accounts/" + id, nameless).status(), "a required field cannot be cleared");
    }

    @Test
    void twoConcurrentEditsNeverOverwriteEachOther() throws Exception {
        String id = create("Stadt Würzburg", "MUNICIPALITY");
        List<Integer> statuses = Concurrently.run(2, i -> admin.ifMatch("\"1\"")
                .patch("/accounts/" + id, Map.of("notes", "edit " + i)).status());
        assertEquals(List.of(200, 412), statuses.stream().sorted().toList());
        Reply after = admin.get("/accounts/" + id);
        assertEquals("\"2\"", after.etag());
    }

    @Test
    void refusesInvalidInputWithoutWritingAnything() {
        int before = admin.get("/accounts?limit=200").items().size();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "x".repeat(201));
        body.put("type", "VILLAGE");
        body.put("website", "ftp://example.org");
        body.put("naem", "typo");
        body.put("address", Map.of("city", 5));
        Reply reply = admin.post("/accounts", body);

        assertEquals(422, reply.status());
        assertEquals("application/problem+json", reply.header("Content-Type"));
        assertEquals(422, ((Number) reply.json().get("status")).intValue());
        assertEquals(Set.of("name", "type", "website", "naem", "address.city"), fields(reply));

        assertEquals(422, admin.post("/accounts", Map.of("type", "PARTNER")).status(), "name is required");
        assertEquals(422, admin.post("/accounts", Map.of("name", 42, "type", "PARTNER")).status(), "wrong type");
        assertEquals(400, admin.call("POST", "/accounts", "{\"name\": \"Broken\",").status(), "malformed JSON");
        assertEquals(400, admin.call("POST", "/accounts", "[1,2]").status(), "not an object");
        assertEquals(400, admin.call("POST", "/accounts", null).status(), "no body");
        assertEquals(415, admin.header("content-type", "text/plain").post("/accounts", account("Text", "OTHER")).status());
        assertEquals(before, admin.get("/accounts?limit=200").items().size());
    }

    @Test
    void unknownIdsAreNotFound() {
        assertEquals(404, admin.get("/accounts/01ARZ3NDEKTSV4RRFFQ69G5FAV").status());
        assertEquals(404, admin.get("/accounts/not-an-id").status());
        assertEquals(404, admin.ifMatch("\"1\"").patch("/accounts/01ARZ3NDEKTSV4RRFFQ69G5FAV", Map.of("notes", "x")).status());
        assertEquals(404, admin.ifMatch("\"1\"").delete("/accounts/01ARZ3NDEKTSV4RRFFQ69G5FAV").status());
    }

    @Test
    void anAccountWithContactsCannotBeDeleted() {
        String id = create("Kreis Düren", "MUNICIPALITY");
        Reply contact = admin.post("/contacts", Map.of("lastName", "Schäfer", "accountId", id));
        String contactId = contact.string("id");

        assertEquals(428, admin.delete("/accounts/" + id).status(), "deleting needs the version too");
        Reply refused = admin.ifMatch("\"1\"").delete("/accounts/" + id);
        assertEquals(409, refused.status());
        assertEquals(1, ((Number) refused.json().get("contactCount")).intValue());
        assertEquals(200, admin.get("/accounts/" + id).status());

        assertEquals(204, admin.ifMatch("\"1\"").delete("/contacts/" + contactId).status());
        assertEquals(412, admin.ifMatch("\"7\"").delete("/accounts/" + id).status(), "a stale If-Match is refused");
        assertEquals(204, admin.ifMatch("\"1\"").delete("/accounts/" + id).status());
        assertEquals(404, admin.get("/accounts/" + id).status());
        assertTrue(admin.get("/accounts?q=kreis duren".replace(" ", "%20")).items().isEmpty());
    }

    @Test
    void movingTheLastContactAwayAllowsDeletingTheAccount() {
        String from = create("Alte Gemeinde", "MUNICIPALITY");
        String to = create("Neue Gemeinde", "MUNICIPALITY");
        String contactId = admin.post("/contacts", Map.of("lastName", "Umzug", "accountId", from)).string("id");

        Reply moved = admin.ifMatch("\"1\"").patch("/contacts/" + contactId, Map.of("accountId", to));
        assertEquals(200, moved.status(), moved::toString);
        assertEquals(List.of(), admin.get("/accounts/" + from).json().get("contacts"));
        assertEquals(1, ((List<?>) admin.get("/accounts/" + to).json().get("contacts")).size());
        assertEquals(204, admin.ifMatch("\"1\"").delete("/accounts/" + from).status());
        assertEquals(409, admin.ifMatch("\"1\"").delete("/accounts/" + to).status());
    }

    static List<String> ids(Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        return reply.items().stream().map(item -> (String) item.get("id")).toList();
    }

    @SuppressWarnings("unchecked")
    static Set<String> fields(Reply reply) {
        Set<String> fields = new HashSet<>();
        for (Map<String, Object> error : (List<Map<String, Object>>) reply.json().get("errors")) {
            fields.add((String) error.get("field"));
        }
        return fields;
    }

    static String fieldOf(Reply reply) {
        Set<String> fields = fields(reply);
        assertEquals(1, fields.size(), reply::toString);
        return fields.iterator().next();
    }

    @Test
    void listItemsDoNotCarryTheDetailOnlyContacts() {
        create("Listenprobe", "OTHER");
        Reply page = admin.get("/accounts?q=listenprobe");
        assertEquals(1, page.items().size());
        assertNull(page.items().get(0).get("contacts"));
    }
}
