package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /contacts/duplicates and /accounts/duplicates: pairs that share a name (after folding and
 * transliteration; contacts within one account), a phone or an address, each list one Query of the
 * key items that more than one record holds.
 */
class DuplicatesApiTest {
    // a CRM per test: the lists are asserted whole
    TestCrm crm;
    Caller admin;
    String augsburg;
    String passau;

    @BeforeEach
    void accounts() {
        crm = new TestCrm();
        admin = crm.admin();
        augsburg = admin.post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY",
                "address", Map.of("street", "Maximilianstr. 4", "postalCode", "86150", "city", "Augsburg"))).string("id");
        passau = admin.post("/accounts", Map.of("name", "Stadt Passau", "type", "MUNICIPALITY", "phone", "0851 396-0")).string("id");
    }

    String contact(String first, String last, String accountId, List<String> emails, List<String> phones) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("firstName", first, "lastName", last, "emails", emails, "phones", phones));
        if (accountId != null) {
            body.put("accountId", accountId);
        }
        Reply created = admin.post("/contacts", body);
        assertEquals(201, created.status(), created::toString);
        return created.string("id");
    }

    /** Every pair of a duplicates list, page by page (each page within the GET budget), as "reason a b". */
    @SuppressWarnings("unchecked")
    Set<String> pairs(String path, int limit) {
        Set<String> pairs = new HashSet<>();
        String cursor = null;
        do {
            Reply page = crm.getWithinBudget(admin, path + "?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            for (Map<String, Object> pair : page.items()) {
                List<Map<String, Object>> records = (List<Map<String, Object>>) pair.get("records");
                assertEquals(2, records.size());
                assertNotNull(records.get(0).get("name"));
                pairs.add(pair.get("reason") + " " + records.get(0).get("id") + " " + records.get(1).get("id"));
            }
            cursor = page.string("nextCursor");
        } while (cursor != null);
        return pairs;
    }

    static String pair(String reason, String a, String b) {
        return a.compareTo(b) < 0 ? reason + " " + a + " " + b : reason + " " + b + " " + a;
    }

    @Test
    void contactsThatShareANameWithinAnAccountAPhoneOrAnAddressArePairs() {
        String juergen = contact("Jürgen", "Müller", augsburg, List.of("j.mueller+crm@augsburg.de"), List.of());
        String juergen2 = contact("Juergen", "Mueller", augsburg, List.of(), List.of());
        String elsewhere = contact("Jürgen", "Müller", passau, List.of(), List.of("+49 821 324-1234"));
        String weiss = contact("Anna", "Weiß", augsburg, List.of("anna.weiss@augsburg.de"), List.of("0821 324 1234"));
        String weiss2 = contact("Anna", "Weiss", augsburg, List.of("j.mueller@augsburg.de"), List.of());
        contact("Otto", "Alleinstehend", augsburg, List.of("otto@example.org"), List.of("0821 999999"));

        Set<String> expected = Set.of(
                pair("NAME", juergen, juergen2),
                pair("NAME", weiss, weiss2),
                pair("PHONE", elsewhere, weiss),
                pair("ADDRESS", juergen, weiss2));
        assertEquals(expected, pairs("/contacts/duplicates", 50));
        assertEquals(expected, pairs("/contacts/duplicates", 1), "page by page, one key a page");

        Reply page = crm.getWithinBudget(admin, "/contacts/duplicates");
        assertEquals(List.of("GetItem", "Query"), crm.operations, "the caller and one Query");
        Map<String, Object> first = page.items().get(0);
        assertNotNull(first.get("key"));
        assertEquals(2, ((Number) first.get("sharedBy")).intValue());

        // a change that ends what two shared takes the pair away; one that makes a new one adds it
        assertEquals(200, admin.ifMatch("\"1\"").patch("/contacts/" + juergen2, Map.of("firstName", "Hans")).status());
        assertEquals(200, admin.ifMatch("\"1\"").patch("/contacts/" + elsewhere, Map.of("phones", List.of("0851 396-0"))).status());
        assertEquals(204, admin.ifMatch("\"1\"").delete("/contacts/" + weiss2).status());
        String weiss3 = contact("Anna", "Weiss", augsburg, List.of(), List.of());
        assertEquals(Set.of(pair("NAME", weiss, weiss3)), pairs("/contacts/duplicates", 50));
    }

    @Test
    void aRenamedContactIsNamedAsItIsNow() {
        String a = contact("Lena", "Öztürk", passau, List.of(), List.of());
        String b = contact("Lena", "Oeztuerk", passau, List.of(), List.of());
        assertEquals(200, admin.ifMatch("\"1\"").patch("/contacts/" + a, Map.of("title", "Leitung")).status());
        assertTrue(pairs("/contacts/duplicates", 50).contains(pair("NAME", a, b)));
        assertEquals(200, admin.ifMatch("\"2\"").patch("/contacts/" + a, Map.of("firstName", "Magdalena")).status());
        assertTrue(!pairs("/contacts/duplicates", 50).contains(pair("NAME", a, b)), "no longer the same name");
    }

    @Test
    void concurrentCreatesOfTheSameNameAllCountAndAllSucceed() throws Exception {
        List<Reply> created = Concurrently.run(4, i -> admin.post("/contacts", Map.of("firstName", "Gleich", "lastName",
                "Zeitig", "accountId", augsburg)));
        List<String> ids = new ArrayList<>();
        for (Reply reply : created) {
            assertEquals(201, reply.status(), reply::toString);
            ids.add(reply.string("id"));
        }
        Set<String> all = pairs("/contacts/duplicates", 50);
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                assertTrue(all.contains(pair("NAME", ids.get(i), ids.get(j))), "6 pairs of 4: " + all);
            }
        }
    }

    @Test
    void accountsThatShareANameAPhoneOrAnAddressArePairs() {
        String weissenburg = admin.post("/accounts", Map.of("name", "Stadt Weißenburg", "type", "MUNICIPALITY")).string("id");
        String weissenburg2 = admin.post("/accounts", Map.of("name", "Stadt Weissenburg", "type", "PARTNER")).string("id");
        String sameStreet = admin.post("/accounts", Map.of("name", "Bürgerbüro Augsburg", "type", "OTHER",
                "address", Map.of("street", "Maximilianstraße 4", "postalCode", "86150", "city", "Augsburg"))).string("id");
        String samePhone = admin.post("/accounts", Map.of("name", "Rathaus Passau", "type", "OTHER", "phone", "+49 851 3960")).string("id");
        Set<String> found = pairs("/accounts/duplicates", 50);
        assertEquals(Set.of(pair("NAME", weissenburg, weissenburg2), pair("ADDRESS", augsburg, sameStreet),
                pair("PHONE", passau, samePhone)), found);
        Reply page = crm.getWithinBudget(admin, "/accounts/duplicates");
        assertEquals(List.of("GetItem", "Query"), crm.operations);
        assertTrue(page.body().contains("\"type\":\"MUNICIPALITY\""), page::toString);

        assertEquals(200, admin.ifMatch("\"1\"").patch("/accounts/" + samePhone, Map.of("phone", "0851 1")).status());
        assertEquals(204, admin.ifMatch("\"1\"").delete("/accounts/" + weissenburg2).status());
        assertEquals(Set.of(pair("ADDRESS", augsburg, sameStreet)), pairs("/accounts/duplicates", 50));
    }

    @Test
    void aMalformedCursorOrLimitIsA400() {
        assertEquals(400, admin.get("/contacts/duplicates?cursor=bm90LWEtY3Vyc29y").status());
        assertEquals(400, admin.get("/accounts/duplicates?limit=0").status());
    }
}
