package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.Interaction.LinkReason;
import app.integreat.crm.model.InteractionType;
import app.integreat.crm.model.QuarantinedMail;
import app.integreat.crm.model.Task;
import app.integreat.crm.store.AccountSummary;
import app.integreat.crm.store.BulkLoad;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The largest item of each kind, written through the API with every field at its limit in
 * three-byte characters (the most a character of a text field costs in UTF-8), stays far below
 * DynamoDB's 400 KB, however long its history; and the largest list pages stay far below Lambda's
 * 6 MB. The sizes measured are printed; docs/data-model.md states them.
 */
class WorstCaseSizesTest {
    /** Three bytes in UTF-8. */
    static String text(int chars) {
        return "€".repeat(chars);
    }

    static final int ITEM_LIMIT = 400 * 1024;
    static final int RESPONSE_LIMIT = 6 * 1024 * 1024;

    static TestCrm crm;
    static Caller admin;

    @BeforeAll
    static void start() {
        crm = new TestCrm();
        admin = crm.admin();
    }

    private static String municipality(Caller admin, String name) {
        Reply account = admin.post("/accounts", Map.of("name", name, "type", "MUNICIPALITY"));
        assertEquals(201, account.status(), account::toString);
        return account.string("id");
    }

    @Test
    void anOpportunityClosedAndReopenedHundredsOfTimesWithLongReasonsKeepsAnswering() {
        String account = municipality(admin, "Stadt Wiederkehr");
        Reply created = admin.post("/opportunities", Map.of("name", text(200), "type", "STANDARD",
                "accountIds", List.of(account), "ownerId", admin.get("/me").string("id"), "notes", text(10_000)));
        assertEquals(201, created.status(), created::toString);
        String id = created.string("id");
        String etag = created.etag();
        int cycles = 160;
        for (int i = 0; i < cycles; i++) {
            Reply lost = admin.ifMatch(etag).post("/opportunities/" + id + "/stage", Map.of("stage", "CLOSED_LOST",
                    "lostReason", text(999) + (i % 10)));
            assertEquals(200, lost.status(), "closing " + i + ": " + lost);
            Reply reopened = admin.ifMatch(lost.etag()).post("/opportunities/" + id + "/stage",
                    Map.of("stage", "INTERESTED", "reopen", true));
            assertEquals(200, reopened.status(), "reopening " + i + ": " + reopened);
            etag = reopened.etag();
        }
        int changes = 1 + 2 * cycles;
        Reply edited = admin.ifMatch(etag).patch("/opportunities/" + id, Map.of("name", text(199) + "x"));
        assertEquals(200, edited.status(), edited::toString);

        Reply read = crm.getWithinBudget(admin, "/opportunities/" + id);
        assertEquals(changes, ((Number) read.json().get("stageChanges")).intValue());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> shown = (List<Map<String, Object>>) read.json().get("history");
        assertEquals(50, shown.size());
        assertEquals("INTERESTED", shown.get(shown.size() - 1).get("stage"), "the latest change last");
        // the whole history, page by page, newest first
        List<Object> all = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = crm.getWithinBudget(admin, "/opportunities/" + id + "/history?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
            page.items().forEach(change -> all.add(change.get("stage")));
            cursor = page.string("nextCursor");
        } while (cursor != null);
        assertEquals(changes, all.size());
        assertEquals("INTERESTED", all.get(all.size() - 1), "the creation comes last");
        assertEquals("CLOSED_LOST", all.get(1));
        // a long history is closed, not deleted
        assertEquals(409, admin.ifMatch(edited.etag()).delete("/opportunities/" + id).status());

        Map<String, Long> largest = new TreeMap<>();
        measure(crm, largest, "OPPORTUNITY#" + id);
        measure(crm, largest, "ACCOUNT#" + account);
        assertTrue(largest.get("OPPORTUNITY") < 5_000, "record " + largest);
        assertTrue(largest.get("OPPORTUNITY_DETAILS") < 31_000, "details " + largest);
        assertTrue(largest.get("OPPORTUNITY_HISTORY") < 3_300, "history item " + largest);
        System.out.println("largest items after " + changes + " stage changes: " + largest);
    }

    @Test
    void theLargestRecordOfEachKindWrittenThroughTheApiStaysFarBelow400KB() {
        Reply member = admin.post("/members", Map.of("email", "x".repeat(64) + "@" + "m".repeat(60) + ".example.org",
                "name", text(200), "role", "ADMIN"));
        assertEquals(201, member.status(), member::toString);
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            domains.add(longDomain(i, 252)); // as long as an address "x@" of it may be
        }
        Map<String, Object> address = Map.of("street", text(200), "postalCode", text(20), "city", text(200),
                "state", text(200), "country", text(200));
        Reply account = admin.post("/accounts", Map.of("name", text(200), "type", "MUNICIPALITY",
                "website", "https://example.org/" + "w".repeat(480), "phone", text(50), "address", address,
                "emailDomains", domains, "notes", text(10_000)));
        assertEquals(201, account.status(), account::toString);
        String accountId = account.string("id");
        List<String> emails = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            emails.add(longAddress("k" + i));
            phones.add(text(50));
        }
        Reply contact = admin.post("/contacts", Map.of("firstName", text(200), "lastName", text(200), "title", text(200),
                "emails", emails, "phones", phones, "accountId", accountId, "notes", text(10_000)));
        assertEquals(201, contact.status(), contact::toString);
        String contactId = contact.string("id");
        Reply task = admin.post("/tasks", Map.of("title", text(200), "description", text(2_000), "dueDate", "2027-01-01",
                "accountId", accountId, "contactId", contactId));
        assertEquals(201, task.status(), task::toString);
        // a call as long as a request body may be (64 KB)
        Reply call = admin.post("/interactions", Map.of("type", "CALL", "subject", text(500), "summary", text(10_000),
                "outcome", text(500), "nextSteps", text(9_500), "contactIds", List.of(contactId), "accountIds", List.of(accountId)));
        assertEquals(201, call.status(), call::toString);
        // a split agreement of 20 municipalities with the longest names
        List<Map<String, Object>> shares = new ArrayList<>();
        List<String> municipalities = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = municipality(admin, text(198) + String.format("%02d", i));
            municipalities.add(id);
            shares.add(Map.of("accountId", id, "share", 5));
        }
        Reply split = admin.post("/opportunities", Map.of("name", text(200), "type", "SPLIT", "accounts", shares,
                "ownerId", admin.get("/me").string("id"), "notes", text(10_000), "amount", 999_999_999,
                "expectedCloseDate", "2027-12-31"));
        assertEquals(201, split.status(), split::toString);
        Reply lost = admin.ifMatch(split.etag()).post("/opportunities/" + split.string("id") + "/stage",
                Map.of("stage", "CLOSED_LOST", "lostReason", text(1_000)));
        assertEquals(200, lost.status(), lost::toString);
        // a mail of 500 counterparts with the longest addresses and names (To and Cc, each within the parser's 128 KB a
        // header field), 100 attachments listed (110 sent), a 200 KB+ body and a Message-ID of 120 KB (about the longest
        // header field the parser reads, MailParser's 128 KB; longer ones make the mail unparseable), cut to 998
        // characters on the interaction; the item keeps as many counterparts as its participants' room holds
        StringBuilder to = new StringBuilder();
        StringBuilder cc = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            StringBuilder field = i < 250 ? to : cc;
            field.append(i % 250 == 0 ? "" : ",\r\n ").append('"').append("N".repeat(200)).append("\" <").append(longAddress("u" + i)).append('>');
        }
        StringBuilder body = new StringBuilder("--b\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
                .append(text(90_000)).append("\r\n");
        for (int i = 0; i < app.integreat.crm.core.Limits.ATTACHMENTS_LISTED + 10; i++) {
            body.append("--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"")
                    .append("a".repeat(195)).append(String.format("%03d", i)).append(".pdf\"\r\n\r\n%PDF\r\n");
        }
        body.append("--b--\r\n");
        String raw = TestMails.mail().from(TestCrm.ADMIN).to(to.toString()).cc(cc.toString()).subject("S".repeat(600))
                .messageId("worst-" + "m".repeat(120_000) + "@example.org").header("MIME-Version", "1.0")
                .header("Content-Type", "multipart/mixed; boundary=\"b\"").rawBody(body.toString()).build();
        crm.receive(raw, crm.inboundAddress());
        Reply inbox = crm.getWithinBudget(admin, "/unresolved");
        assertEquals(1, inbox.items().size(), inbox::toString);
        Map<String, Object> mail = inbox.items().get(0);
        int kept = ((Number) mail.get("participantCount")).intValue();
        assertTrue(kept > 200 && kept < 500, "the longest counterparts the item's room holds: " + kept);
        assertEquals(app.integreat.crm.core.Limits.ATTACHMENTS_LISTED, ((Number) mail.get("attachmentCount")).intValue());
        assertEquals(5, ((List<?>) mail.get("participants")).size(), "a list shows a few");
        Reply full = crm.getWithinBudget(admin, "/interactions/" + mail.get("id"));
        assertEquals(kept, ((List<?>) full.json().get("participants")).size(), "the record has all it kept");

        Map<String, Long> largest = new TreeMap<>();
        for (String pk : List.of("MEMBER#" + member.string("id"), "ACCOUNT#" + accountId, "CONTACT#" + contactId,
                "EMAIL#" + emails.get(0), "TASK#" + task.string("id"), "INTERACTION#" + call.string("id"),
                "INTERACTION#" + mail.get("id"), "OPPORTUNITY#" + split.string("id"), "ACCOUNT#" + municipalities.get(0))) {
            measure(crm, largest, pk);
        }
        System.out.println("largest items of each kind: " + largest);
        for (Map.Entry<String, Long> kind : largest.entrySet()) {
            assertTrue(kind.getValue() < ITEM_LIMIT / 2, kind.getKey() + " is " + kind.getValue() + " bytes");
        }
    }

    /** The open tasks of an account are attributes of its item: at most 1,000 (about 50 KB), then 422 until one is done. */
    @Test
    void anAccountHasAtMostAThousandOpenTasks() {
        TestCrm crm = new TestCrm();
        Caller admin = crm.admin();
        try {
            openTasksOfOneAccount(crm, admin);
        } finally {
            crm.dropTable();
        }
    }

    private static void openTasksOfOneAccount(TestCrm crm, Caller admin) {
        String accountId = municipality(admin, "Stadt Vielarbeit");
        var services = crm.crm.services();
        String me = admin.get("/me").string("id");
        Instant now = Instant.now();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < AccountSummary.MAX_OPEN_TASKS; i++) {
            tasks.add(Task.open(services.ids().next(), "Aufgabe " + i, null, LocalDate.parse("2027-01-01").plusDays(i % 300), me,
                    accountId, null, null, me, now));
        }
        BulkLoad.tasks(crm.crm.dynamo(), services.table(), tasks, true);
        Reply refused = admin.post("/tasks", Map.of("title", "Eine zu viel", "dueDate", "2027-01-01", "accountId", accountId));
        assertEquals(422, refused.status(), refused::toString);
        assertTrue(refused.body().contains("accountId"), refused::toString);
        Reply done = admin.ifMatch("\"1\"").post("/tasks/" + tasks.get(0).id() + "/complete", null);
        assertEquals(200, done.status(), done::toString);
        Reply room = admin.post("/tasks", Map.of("title", "Jetzt passt sie", "dueDate", "2027-01-01", "accountId", accountId));
        assertEquals(201, room.status(), room::toString);
        Map<String, Long> largest = new TreeMap<>();
        measure(crm, largest, "ACCOUNT#" + accountId);
        System.out.println("an account with " + AccountSummary.MAX_OPEN_TASKS + " open tasks: " + largest);
        assertTrue(largest.get("ACCOUNT") < 60_000, largest::toString);
    }

    /**
     * The largest mails (20 unresolved, 230 logged, all on one account's timeline) and 250 of the
     * largest quarantined mails: the
     * largest page of each list (limit 200) is what DynamoDB's 1 MB per read lets through, and
     * its answer stays far below 6 MB.
     */
    @Test
    void theLargestListPagesStayFarBelowSixMegabytes() {
        TestCrm crm = new TestCrm();
        try {
            largestPages(crm, crm.admin());
        } finally {
            crm.dropTable();
        }
    }

    private static void largestPages(TestCrm crm, Caller admin) {
        String accountId = municipality(admin, "Stadt Vielpost");
        var services = crm.crm.services();
        Instant now = Instant.now();
        List<Interaction> interactions = new ArrayList<>();
        List<String> contacts = List.of(services.ids().next(), services.ids().next());
        for (int i = 0; i < 250; i++) {
            boolean unresolved = i < 20;
            List<Interaction.Participant> participants = new ArrayList<>();
            List<Interaction.Attachment> attachments = new ArrayList<>();
            for (int p = 0; p < 50; p++) {
                // unknown counterparts wait for their contact (one item each); known ones name it
                participants.add(new Interaction.Participant(longAddress("p" + p), text(200), "TO",
                        unresolved ? null : contacts.get(p % 2), unresolved ? services.ids().next() : null));
                attachments.add(new Interaction.Attachment(p, text(200), text(200), 25_000_000, "f".repeat(64), false,
                        "attachments/" + "s".repeat(100) + "/" + p, null));
            }
            List<Interaction.Link> links = new ArrayList<>();
            for (int l = 0; l < 75; l++) {
                links.add(l == 0 ? Interaction.Link.account(accountId, LinkReason.ACCOUNT_DOMAIN, longAddress("l" + l))
                        : Interaction.Link.contact(contacts.get(l % 2), LinkReason.CONTACT_ADDRESS, longAddress("l" + l)));
            }
            interactions.add(new Interaction(services.ids().next(), InteractionType.EMAIL, null, now.minusSeconds(i), text(500),
                    text(10_000), text(500), text(10_000), text(60_000), true, unresolved ? List.of() : links, participants,
                    attachments, services.ids().next(), "<" + "m".repeat(900) + ">", "raw/" + "r".repeat(200), unresolved, now, now, 1,
                    new Interaction.Email(text(app.integreat.crm.core.Limits.FORWARD_NOTE), null, null, "t".repeat(32),
                            text(app.integreat.crm.core.Limits.PREVIEW), List.of()), null));
        }
        BulkLoad.interactions(crm.crm.dynamo(), services.table(), interactions);
        List<QuarantinedMail> quarantined = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            quarantined.add(new QuarantinedMail(services.ids().next(), "the sender " + "q".repeat(200) + " is not an active member",
                    "q".repeat(200), text(500), "s".repeat(100), "raw/" + "r".repeat(200), now.minusSeconds(i),
                    java.util.Collections.nCopies(50, longAddress("r"))));
        }
        BulkLoad.quarantined(crm.crm.dynamo(), services.table(), quarantined);

        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (String list : List.of("/unresolved?limit=200", "/interactions?limit=200", "/quarantine?limit=200",
                "/accounts/" + accountId + "/timeline?limit=200")) {
            Reply page = crm.getWithinBudget(admin, list);
            assertTrue(page.items().size() > 0, list);
            int bytes = page.body().getBytes(StandardCharsets.UTF_8).length;
            sizes.put(list.substring(0, list.indexOf('?')) + " (" + page.items().size() + " entries)", bytes);
            assertTrue(bytes < RESPONSE_LIMIT / 2, list + " answered " + bytes + " bytes");
        }
        System.out.println("largest list pages, bytes: " + sizes);
    }

    /** An address of 254 characters (64 before the @, 189 after), unique by its tag. */
    static String longAddress(String tag) {
        String local = (tag + "-" + "x".repeat(64)).substring(0, 64);
        return local + "@" + longDomain(0, 189);
    }

    /** A domain of exactly {@code length} characters in labels of at most 63. */
    static String longDomain(int tag, int length) {
        StringBuilder domain = new StringBuilder();
        String end = "d" + tag + ".de";
        for (int remaining = length - end.length(); remaining > 0; ) {
            int label = Math.min(63, remaining - 1);
            domain.append("l".repeat(label)).append('.');
            remaining -= label + 1;
        }
        return domain + end;
    }

    /** Reads every item of the partition and records the largest size per kind (the item's entity). */
    static void measure(TestCrm crm, Map<String, Long> largest, String pk) {
        String table = crm.crm.services().table().name();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse response = crm.crm.dynamo().query(QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                    .exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : response.items()) {
                AttributeValue entity = item.get("entity");
                largest.merge(entity == null ? "?" : entity.s(), size(item), Math::max);
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /** DynamoDB's item size: attribute names and values in UTF-8, numbers by their digits, 3 bytes per list or map. */
    static long size(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            bytes += utf8(attribute.getKey()) + size(attribute.getValue());
        }
        return bytes;
    }

    static long size(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            return value.n().length() / 2 + 2;
        }
        if (value.hasL()) {
            return 3 + value.l().stream().mapToLong(element -> size(element) + 1).sum();
        }
        if (value.hasM()) {
            return 3 + value.m().entrySet().stream().mapToLong(e -> utf8(e.getKey()) + size(e.getValue()) + 1).sum();
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToLong(WorstCaseSizesTest::utf8).sum();
        }
        return 1;
    }

    static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
