package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every request path uses GetItem, Query or transactions, never Scan; each GET costs at most two
 * DynamoDB requests (the caller's login item and one read) and answers a bounded body, however many
 * records the table holds and however long their notes are. {@link FilterBudgetTest} does the same
 * for every filter of every list over thousands of records.
 */
class RequestBudgetTest {
    static final int CONTACTS = 205;
    static final String LONG_NOTES = "Gesprächsnotiz \"Förderung\"\n".repeat(370); // about 10,000 characters

    static TestCrm crm;
    static Caller admin;
    static String accountId;
    static String contactId;

    @BeforeAll
    static void fill() {
        crm = new TestCrm();
        admin = crm.admin();
        accountId = admin.post("/accounts", Map.of("name", "Landkreis Großstadt", "type", "MUNICIPALITY", "notes", LONG_NOTES)).string("id");
        for (int i = 0; i < 30; i++) {
            assertEquals(201, admin.post("/accounts", Map.of("name", "Gemeinde " + i, "type", i % 2 == 0 ? "MUNICIPALITY" : "PARTNER",
                    "notes", i % 5 == 4 ? LONG_NOTES : "kurz")).status());
        }
        for (int i = 0; i < CONTACTS; i++) {
            // long notes on every fifth: enough to show in a list if they leaked, few enough for moto,
            // which copies the whole table for every transaction
            Reply contact = admin.post("/contacts", Map.of("firstName", "Person", "lastName", "Nummer " + i, "accountId", accountId,
                    "emails", List.of("person" + i + "@grossstadt.de"), "notes", i % 5 == 4 ? LONG_NOTES : "kurz"));
            assertEquals(201, contact.status(), contact::toString);
            contactId = contact.string("id");
        }
    }

    @Test
    void everyGetRouteOfTheTemplateCostsAtMostTwoRequests() {
        String me = admin.get("/me").string("id");
        Reply call = admin.post("/interactions", Map.of("type", "CALL", "subject", "Telefonat", "accountIds", List.of(accountId),
                "contactIds", List.of(contactId), "followUpTask", Map.of("title", "Rückruf", "dueDate", "2026-12-01")));
        assertEquals(201, call.status(), call::toString);
        @SuppressWarnings("unchecked")
        String taskId = (String) ((Map<String, Object>) call.json().get("followUpTask")).get("id");
        Reply opportunity = admin.post("/opportunities", Map.of("name", "Integreat Großstadt", "type", "STANDARD",
                "accountIds", List.of(accountId), "ownerId", me));
        assertEquals(201, opportunity.status(), opportunity::toString);
        Map<String, String> paths = new java.util.LinkedHashMap<>();
        paths.put("GET /health", "/health");
        paths.put("GET /me", "/me");
        paths.put("GET /members", "/members");
        paths.put("GET /settings", "/settings");
        paths.put("GET /pending-mails", "/pending-mails");
        paths.put("GET /members/{id}", "/members/" + me);
        paths.put("GET /accounts", "/accounts?limit=200");
        paths.put("GET /accounts/{id}", "/accounts/" + accountId);
        paths.put("GET /accounts/{id}/timeline", "/accounts/" + accountId + "/timeline?limit=200");
        paths.put("GET /contacts", "/contacts?limit=200");
        paths.put("GET /contacts/{id}", "/contacts/" + contactId);
        paths.put("GET /contacts/{id}/timeline", "/contacts/" + contactId + "/timeline");
        // a record without files is the costlier case: the empty Query, then the GetItem that tells 404
        paths.put("GET /accounts/{id}/files", "/accounts/" + accountId + "/files");
        paths.put("GET /contacts/{id}/files", "/contacts/" + contactId + "/files");
        paths.put("GET /interactions", "/interactions?limit=200");
        // a received mail with a kept attachment, in a conversation: its page reads the most
        String raw = "From: " + TestCrm.ADMIN + "\r\nTo: person0@grossstadt.de\r\nSubject: Anlage\r\nMessage-ID: <budget-2@example.org>\r\n"
                + "References: <budget-1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nAnbei.\r\n--b\r\nContent-Type: application/pdf\r\n"
                + "Content-Disposition: attachment; filename=a.pdf\r\n\r\n%PDF\r\n--b--\r\n";
        String mailId = (String) crm.inbound().deliver(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8), TestCrm.ADMIN,
                List.of(crm.inboundAddress()), LocalInbound.Verdicts.PASS).get("id");
        paths.put("GET /interactions/{id}", "/interactions/" + mailId);
        paths.put("GET /interactions/{id}/raw", "/interactions/" + mailId + "/raw?redirect=false");
        paths.put("GET /interactions/{id}/attachments/{n}", "/interactions/" + mailId + "/attachments/0?redirect=false");
        paths.put("GET /unresolved", "/unresolved?limit=200");
        paths.put("GET /quarantine", "/quarantine?limit=200");
        paths.put("GET /tasks", "/tasks?assignee=me&status=OPEN&limit=200");
        paths.put("GET /tasks/{id}", "/tasks/" + taskId);
        paths.put("GET /opportunities", "/opportunities?open=true&limit=200");
        paths.put("GET /opportunities/{id}", "/opportunities/" + opportunity.string("id"));
        paths.put("GET /opportunities/{id}/history", "/opportunities/" + opportunity.string("id") + "/history?limit=200");
        paths.put("GET /pipeline", "/pipeline");
        paths.put("GET /pipeline/definition", "/pipeline/definition");
        paths.put("GET /pipeline/municipalities", "/pipeline/municipalities?limit=200");
        String feed = admin.post("/me/calendar", null).string("url");
        paths.put("GET /calendar/{file}", "/calendar/" + feed.substring(feed.lastIndexOf('/') + 1));
        paths.put("GET /reports/pipeline", "/reports/pipeline");
        paths.put("GET /search", "/search?q=gemeinde");
        // two "Person Nummer 1…" share no name; these two do
        admin.post("/contacts", Map.of("firstName", "Jürgen", "lastName", "Weiß", "accountId", accountId));
        admin.post("/contacts", Map.of("firstName", "Juergen", "lastName", "Weiss", "accountId", accountId));
        paths.put("GET /contacts/duplicates", "/contacts/duplicates?limit=200");
        paths.put("GET /accounts/duplicates", "/accounts/duplicates?limit=200");
        paths.put("GET /audit", "/audit?limit=200");
        String keptId = admin.post("/contacts", Map.of("firstName", "Bleibt", "lastName", "Zusammen")).string("id");
        String fromId = admin.post("/contacts", Map.of("firstName", "Geht", "lastName", "Zusammen")).string("id");
        Reply merged = admin.ifMatch(admin.get("/contacts/" + keptId).etag()).post("/contacts/" + keptId + "/merge",
                Map.of("from", fromId, "fromVersion", 1));
        assertEquals(200, merged.status(), merged::toString);
        paths.put("GET /merges/{id}", "/merges/" + merged.string("mergeId"));
        java.util.Set<String> getRoutes = new java.util.TreeSet<>();
        for (Template.Function function : TemplateConsistencyTest.TEMPLATE.functions()) {
            function.routes().stream().map(Template.Route::routeKey).filter(key -> key.startsWith("GET ")).forEach(getRoutes::add);
        }
        // a person's export (Art. 15) reads what names them, one request per record: like a CSV export, the documented
        // exception, bounded by the person's history: caller, contact, its partition, its addresses, each timeline line's record
        // (and an opportunity each links at most), the audit entry
        Reply contact = admin.get("/contacts/" + contactId);
        int lines = admin.get("/contacts/" + contactId + "/timeline?limit=200").items().size();
        crm.operations.clear();
        assertEquals(200, admin.get("/contacts/" + contactId + "/export").status());
        int addresses = ((List<?>) contact.json().get("emails")).size();
        assertTrue(crm.operations.size() <= 5 + addresses + 2 * lines, "export made " + crm.operations);
        assertFalse(crm.operations.contains("Scan"));
        getRoutes.remove("GET /contacts/{id}/export");
        assertEquals(getRoutes, new java.util.TreeSet<>(paths.keySet()), "every GET route of the template is measured here");
        for (Map.Entry<String, String> route : paths.entrySet()) {
            crm.operations.clear();
            Reply reply = admin.get(route.getValue());
            assertEquals(200, reply.status(), route.getKey() + ": " + reply);
            assertTrue(crm.operations.size() <= 2, route.getKey() + " made " + crm.operations);
            assertFalse(crm.operations.contains("Scan"), route.getKey());
        }
    }

    @Test
    void everyReadCostsAtMostTwoRequestsAndStaysSmall() {
        String memberId = admin.get("/me").string("id");
        List<String> reads = List.of("/me", "/members", "/members/" + memberId, "/accounts?limit=200",
                "/accounts?type=MUNICIPALITY&limit=5", "/accounts?q=gemeinde%201&limit=5", "/accounts/" + accountId,
                "/contacts?limit=200", "/contacts?accountId=" + accountId + "&limit=200", "/contacts?q=nummer&limit=200",
                "/contacts/" + contactId, "/contacts?email=person3%40grossstadt.de", "/health");
        for (String read : reads) {
            crm.operations.clear();
            Reply reply = admin.get(read);
            assertEquals(200, reply.status(), read);
            assertTrue(crm.operations.size() <= 2, read + " made " + crm.operations);
            // 200 list entries are about 60 KB; the notes of the 40 contacts that have long ones would add 400 KB
            assertTrue(reply.body().length() < 200_000, read + " answered " + reply.body().length() + " characters");
        }
    }

    @Test
    void notesAreOnTheRecordButNotInListsOrCopies() {
        assertEquals(LONG_NOTES.strip(), admin.get("/contacts/" + contactId).string("notes"));
        assertEquals(LONG_NOTES.strip(), admin.get("/accounts/" + accountId).string("notes"));
        for (String list : List.of("/contacts?limit=5", "/contacts?q=nummer&limit=5", "/contacts?email=person3%40grossstadt.de",
                "/accounts?limit=5", "/accounts?q=gemeinde&limit=5")) {
            Reply reply = admin.get(list);
            assertFalse(reply.items().isEmpty(), list);
            assertTrue(reply.items().stream().noneMatch(item -> item.containsKey("notes")), list);
        }
    }

    @Test
    void theAccountPageShowsTheFirst200ContactsAndTheirNumber() {
        Reply detail = admin.get("/accounts/" + accountId);
        assertEquals(200, ((List<?>) detail.json().get("contacts")).size());
        assertEquals(CONTACTS, ((Number) detail.json().get("contactCount")).intValue());
    }

    @Test
    void writesNeverScan() {
        String id = admin.post("/accounts", Map.of("name", "Kurzlebig", "type", "OTHER", "notes", "kurz")).string("id");
        String contact = admin.post("/contacts", Map.of("lastName", "Kurz", "accountId", id, "notes", "x")).string("id");
        assertEquals(200, admin.ifMatch("\"1\"").patch("/accounts/" + id, Map.of("notes", "länger")).status());
        assertEquals(200, admin.ifMatch("\"1\"").patch("/contacts/" + contact, Map.of("title", "x", "notes", "y")).status());
        assertEquals(204, admin.ifMatch("\"2\"").delete("/contacts/" + contact).status());
        assertEquals(204, admin.ifMatch("\"2\"").delete("/accounts/" + id).status());
        assertEquals(404, admin.get("/accounts/" + id).status());
        assertFalse(crm.operations.isEmpty());
        assertFalse(crm.operations.contains("Scan"), crm.operations::toString);
    }
}
