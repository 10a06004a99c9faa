package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import app.integreat.crm.model.Account;
import app.integreat.crm.model.AccountType;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.Task;
import app.integreat.crm.store.BulkLoad;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every filter of every list, alone and in pairs, is one Query: at most two DynamoDB requests per GET
 * (the caller's login item and the read), never a Scan, over thousands of accounts, opportunities
 * and tasks of which only a few match, and the page holds exactly what matches.
 */
class FilterBudgetTest {
    // ---- thousands of records, of which the filters below find only a few: a table of its own,
    // filled by the API first and then in bulk (moto copies the whole table for every transaction)

    static final int BULK_ACCOUNTS = 1000;
    static final int BULK_OPPORTUNITIES = 1500;
    static final int BULK_TASKS = 1500;
    static final LocalDate BULK_DUE = LocalDate.parse("2027-06-01");
    static TestCrm bulk;
    static Caller bulkAdmin;
    static String bigAccount;
    static String me;
    static String other;
    /** The few opportunities and tasks that are not like the bulk: id and its JSON as read. */
    static final Map<String, Map<String, Object>> rareOpportunities = new LinkedHashMap<>();
    static final Map<String, Map<String, Object>> rareTasks = new LinkedHashMap<>();

    /**
     * The bulk (through the stores' own item mapping): open STANDARD opportunities at the first stage
     * owned by me, 500 of them on the big account; open tasks of mine on the big account, due in
     * 2027. The rare ones go in through the API before.
     */
    @BeforeAll
    static void fill() {
        bulk = new TestCrm();
        bulkAdmin = bulk.admin();
        me = bulkAdmin.get("/me").string("id");
        other = bulk.member("kollegin@example.org", "MEMBER").get("/me").string("id");
        bigAccount = bulkAdmin.post("/accounts", Map.of("name", "Landkreis Großstadt", "type", "MUNICIPALITY")).string("id");
        for (int i = 0; i < 3; i++) {
            assertEquals(201, bulkAdmin.post("/contacts", Map.of("lastName", "Nummer " + i, "accountId", bigAccount,
                    "emails", List.of("person" + i + "@grossstadt.de"))).status());
        }
        // rare: a split agreement of another owner, lost; a one-time one of mine at a later open stage
        String second = bulkAdmin.post("/accounts", Map.of("name", "Gemeinde Nachbarort", "type", "MUNICIPALITY")).string("id");
        Reply split = bulkAdmin.post("/opportunities", Map.of("name", "Geteilt", "type", "SPLIT", "ownerId", other,
                "accounts", List.of(Map.of("accountId", bigAccount, "share", 50), Map.of("accountId", second, "share", 50))));
        assertEquals(201, split.status(), split::toString);
        Reply lost = bulkAdmin.ifMatch(split.etag()).post("/opportunities/" + split.string("id") + "/stage",
                Map.of("stage", "CLOSED_LOST", "lostReason", "Kein Budget"));
        assertEquals(200, lost.status(), lost::toString);
        rareOpportunities.put(lost.string("id"), lost.json());
        Reply oneTime = bulkAdmin.post("/opportunities", Map.of("name", "Einmalig", "type", "ONE_TIME", "ownerId", me,
                "accountIds", List.of(bigAccount), "stage", "PITCH_DONE"));
        assertEquals(201, oneTime.status(), oneTime::toString);
        rareOpportunities.put(oneTime.string("id"), oneTime.json());
        // rare: a done task of the colleague on the big account, an open one of mine without account
        Reply theirs = bulkAdmin.post("/tasks", Map.of("title", "Vertrag prüfen", "dueDate", "2026-12-15", "assigneeId", other,
                "accountId", bigAccount));
        assertEquals(201, theirs.status(), theirs::toString);
        Reply done = bulkAdmin.ifMatch(theirs.etag()).post("/tasks/" + theirs.string("id") + "/complete", null);
        assertEquals(200, done.status(), done::toString);
        rareTasks.put(done.string("id"), done.json());
        Reply mine = bulkAdmin.post("/tasks", Map.of("title", "Anrufen", "dueDate", "2026-12-10", "assigneeId", me));
        assertEquals(201, mine.status(), mine::toString);
        rareTasks.put(mine.string("id"), mine.json());

        var services = bulk.crm.services();
        Instant now = Instant.now();
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < BULK_ACCOUNTS; i++) {
            accounts.add(new Account(services.ids().next(), String.format("Kommune %05d", i),
                    i % 2 == 0 ? AccountType.MUNICIPALITY : AccountType.PARTNER, null, null, null, List.of(), null, now, now, 1, null));
        }
        BulkLoad.accounts(bulk.crm.dynamo(), services.table(), accounts);
        List<Opportunity> opportunities = new ArrayList<>();
        for (int i = 0; i < BULK_OPPORTUNITIES; i++) {
            Account account = i < 500 ? null : accounts.get(2 * (i % (BULK_ACCOUNTS / 2)));
            opportunities.add(new Opportunity(services.ids().next(), "Integreat " + i, "STANDARD",
                    List.of(new Opportunity.Account(account == null ? bigAccount : account.id(),
                            account == null ? "Landkreis Großstadt" : account.name(), null)),
                    me, "INTERESTED", now, List.of("INTERESTED"), null, null, null, null, null, null,
                    List.of(new Opportunity.StageChange("INTERESTED", now, me, null)), 1, null, me, now, now, 1, null));
        }
        BulkLoad.opportunities(bulk.crm.dynamo(), services.table(), services.opportunities().pipeline(), opportunities);
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < BULK_TASKS; i++) {
            tasks.add(Task.open(services.ids().next(), "Aufgabe " + i, null, BULK_DUE, me, bigAccount, null, null, me, now));
        }
        BulkLoad.tasks(bulk.crm.dynamo(), services.table(), tasks, false);
    }

    @AfterAll
    static void drop() {
        bulk.dropTable();
    }

    /**
     * Every filter of GET /opportunities alone and every pair of them, with values only the rare
     * ones have and with the bulk's: one Query each, and the page is exactly what matches (asked
     * with limit=1 first, as a new user would: that made 31 requests over 60 opportunities before).
     */
    @Test
    void everyFilterOfTheOpportunitiesIsOneQuery() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("stage", List.of("PITCH_DONE", "CLOSED_LOST", "INTERESTED"));
        values.put("type", List.of("SPLIT", "ONE_TIME", "STANDARD"));
        values.put("accountId", List.of(bigAccount));
        values.put("ownerId", List.of(other, me));
        values.put("open", List.of("true", "false"));
        int checked = 0;
        for (Map<String, String> filter : singlesAndPairs(values)) {
            Predicate<Map<String, Object>> matches = opportunity -> filter.entrySet().stream().allMatch(f -> switch (f.getKey()) {
                case "accountId" -> accountIdsOf(opportunity).contains(f.getValue());
                case "open" -> String.valueOf(opportunity.get("open")).equals(f.getValue());
                default -> f.getValue().equals(opportunity.get(f.getKey()));
            });
            Map<String, Object> bulk = Map.of("stage", "INTERESTED", "type", "STANDARD", "ownerId", me, "open", true,
                    "accounts", List.of(Map.of("accountId", bigAccount)));
            checkList("/opportunities", filter, matches, matches.test(bulk), rareOpportunities);
            checked++;
        }
        assertTrue(checked > 40, "filter combinations checked: " + checked);
    }

    /** Every filter of GET /tasks alone and in pairs (and all four at once): one Query each. */
    @Test
    void everyFilterOfTheTasksIsOneQuery() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("assignee", List.of("me", other));
        values.put("status", List.of("OPEN", "DONE"));
        values.put("dueBefore", List.of("2026-12-12", "2027-07-01"));
        values.put("accountId", List.of(bigAccount));
        List<Map<String, String>> filters = new ArrayList<>(singlesAndPairs(values));
        filters.add(Map.of("assignee", other, "status", "DONE", "dueBefore", "2027-01-01", "accountId", bigAccount));
        filters.add(Map.of("assignee", "me", "status", "OPEN", "dueBefore", "2027-07-01", "accountId", bigAccount));
        for (Map<String, String> filter : filters) {
            Predicate<Map<String, Object>> matches = task -> filter.entrySet().stream().allMatch(f -> switch (f.getKey()) {
                case "assignee" -> (f.getValue().equals("me") ? me : f.getValue()).equals(task.get("assigneeId"));
                case "dueBefore" -> ((String) task.get("dueDate")).compareTo(f.getValue()) < 0;
                default -> f.getValue().equals(task.get(f.getKey()));
            });
            Map<String, Object> bulk = Map.of("assigneeId", me, "status", "OPEN", "dueDate", BULK_DUE.toString(), "accountId", bigAccount);
            checkList("/tasks", filter, matches, matches.test(bulk), rareTasks);
        }
    }

    /** Accounts by type and name, contacts by account and name, and every other list: one Query each over the bulk. */
    @Test
    void everyFilterOfTheOtherListsIsOneQuery() {
        String opportunityId = rareOpportunities.keySet().iterator().next();
        for (String read : List.of("/accounts?limit=1", "/accounts?type=PARTNER&limit=1", "/accounts?type=OTHER&limit=1",
                "/accounts?q=kommune%2000999&limit=1", "/accounts?q=landkreis&limit=1", "/accounts?type=MUNICIPALITY&q=gemeinde%20nach&limit=1",
                "/accounts?type=PARTNER&q=landkreis&limit=1", "/accounts/" + bigAccount, "/accounts/" + bigAccount + "/timeline?limit=1",
                "/contacts?limit=1", "/contacts?accountId=" + bigAccount + "&limit=1", "/contacts?q=nummer%202&limit=1",
                "/contacts?accountId=" + bigAccount + "&q=nummer%202&limit=1", "/contacts?email=person2%40grossstadt.de",
                "/members?limit=1", "/interactions?limit=1", "/unresolved?limit=1", "/quarantine?limit=1",
                "/opportunities?limit=1", "/opportunities/" + opportunityId, "/opportunities/" + opportunityId + "/history?limit=1",
                "/pipeline", "/pipeline/municipalities?limit=1")) {
            bulk.getWithinBudget(bulkAdmin, read);
        }
        assertEquals(List.of("Kommune 00999"), names(bulkAdmin.get("/accounts?q=kommune%2000999&limit=5")));
        assertEquals(List.of("Landkreis Großstadt"), names(bulkAdmin.get("/accounts?q=landkreis&limit=5")));
        assertEquals(List.of(), names(bulkAdmin.get("/accounts?type=PARTNER&q=landkreis&limit=5")));
        assertEquals(List.of("Gemeinde Nachbarort"), names(bulkAdmin.get("/accounts?type=MUNICIPALITY&q=gemeinde%20nach&limit=5")));
        assertEquals(1, bulkAdmin.get("/contacts?accountId=" + bigAccount + "&q=nummer%202&limit=5").items().size());
    }

    private static List<Object> names(Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        return reply.items().stream().map(item -> item.get("name")).toList();
    }

    /**
     * Reads the list with the filter at limit 1 and 5 and, while the bulk does not match, follows
     * the cursor to the end: at most two requests each, never a Scan, and only matching items; where
     * only rare records match, exactly those.
     */
    private static void checkList(String path, Map<String, String> filter, Predicate<Map<String, Object>> matches,
                                  boolean bulkMatches, Map<String, Map<String, Object>> rare) {
        StringBuilder query = new StringBuilder();
        filter.forEach((name, value) -> query.append(name).append('=').append(value).append('&'));
        List<Object> found = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String url = path + "?" + query + "limit=" + (pages == 0 ? 1 : 5) + (cursor == null ? "" : "&cursor=" + cursor);
            Reply reply = bulk.getWithinBudget(bulkAdmin, url);
            for (Map<String, Object> item : reply.items()) {
                assertTrue(matches.test(item), url + " answered " + item);
                found.add(item.get("id"));
            }
            cursor = reply.string("nextCursor");
            pages++;
        } while (cursor != null && !bulkMatches && pages < 10);
        List<Object> rareMatching = rare.entrySet().stream().filter(entry -> matches.test(entry.getValue()))
                .map(Map.Entry::getKey).map(Object.class::cast).toList();
        if (bulkMatches) {
            assertFalse(found.isEmpty(), path + "?" + query + " found nothing");
        } else {
            assertEquals(new java.util.TreeSet<>(rareMatching.stream().map(String::valueOf).toList()),
                    new java.util.TreeSet<>(found.stream().filter(rare::containsKey).map(String::valueOf).toList()), path + "?" + query);
            assertTrue(found.stream().allMatch(rare::containsKey), path + "?" + query + " found " + found);
            assertTrue(cursor == null, path + "?" + query + " still had pages after " + pages);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> accountIdsOf(Map<String, Object> opportunity) {
        return ((List<Map<String, Object>>) opportunity.get("accounts")).stream().map(account -> account.get("accountId")).toList();
    }

    /** Each filter with each of its values, and each pair of two filters with each pair of values. */
    private static List<Map<String, String>> singlesAndPairs(Map<String, List<String>> values) {
        List<Map<String, String>> filters = new ArrayList<>();
        List<String> names = new ArrayList<>(values.keySet());
        for (int i = 0; i < names.size(); i++) {
            for (String value : values.get(names.get(i))) {
                filters.add(Map.of(names.get(i), value));
                for (int j = i + 1; j < names.size(); j++) {
                    for (String second : values.get(names.get(j))) {
                        filters.add(Map.of(names.get(i), value, names.get(j), second));
                    }
                }
            }
        }
        return filters;
    }

}
