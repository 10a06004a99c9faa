package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Art. 15 and 17 GDPR through the API: the export of a person, and their erasure proven by reading every
 * item of the table and every object of the CRM's buckets (the test may Scan; the CRM never does).
 */
class PrivacyTest {
    static final String MEMBER = "jonas@integreat.example";
    /** What must be gone after the erasure, in lower case: names, addresses, local parts, the private domain. */
    static final List<String> TRACES = List.of("wunderlich", "annegret", "anne.wunderlich", "wunderlich-privat",
            "annegret@wunderlich-privat.de");

    /** Stadt Augsburg with Annegret Wunderlich (to be erased) and Erika Müller. */
    record People(String augsburg, String anne, String erika) {
    }

    static People people(Caller admin) {
        String augsburg = admin.post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY",
                "emailDomains", List.of("augsburg.de"))).string("id");
        String anne = admin.post("/contacts", Map.of("firstName", "Annegret", "lastName", "Wunderlich",
                "emails", List.of("anne.wunderlich@augsburg.de"), "accountId", augsburg)).string("id");
        String erika = admin.post("/contacts", Map.of("firstName", "Erika", "lastName", "Müller",
                "emails", List.of("erika.mueller@augsburg.de"), "accountId", augsburg)).string("id");
        return new People(augsburg, anne, erika);
    }

    @Test
    void anErasedPersonLeavesNoTraceAndTheOthersHistoryStays() throws Exception {
        TestCrm crm = new TestCrm();
        Caller admin = crm.admin();
        Caller member = crm.member(MEMBER, "MEMBER");
        People people = people(admin);
        String augsburg = people.augsburg();
        String anne = people.anne();
        String erika = people.erika();

        // her own mail with an attachment, a shared one with Erika, an unresolved one from her private address
        String own = receive(crm, mail().from(MEMBER).to("Annegret Wunderlich <anne.wunderlich@augsburg.de>")
                .subject("Antrag Wunderlich").messageId("own-1@augsburg.de").header("MIME-Version", "1.0")
                .header("Content-Type", "multipart/mixed; boundary=\"b\"")
                .rawBody("--b\nContent-Type: text/plain\n\nAnbei mein Antrag, Annegret Wunderlich.\n--b\n"
                        + "Content-Type: application/pdf\nContent-Disposition: attachment; filename=\"wunderlich.pdf\"\n"
                        + "Content-Transfer-Encoding: base64\n\n"
                        + Base64.getMimeEncoder().encodeToString("%PDF Antrag von Annegret Wunderlich".getBytes()) + "\n--b--\n")
                .build());
        String shared = receive(crm, mail().from(MEMBER)
                .to("Annegret Wunderlich <anne.wunderlich@augsburg.de>").cc("Erika Müller <erika.mueller@augsburg.de>").subject("Termin Stadtrat")
                .messageId("shared-1@augsburg.de")
                .text("Hallo Frau Wunderlich, hallo Erika,\nder Termin steht. Wie Annegret Wunderlich (anne.wunderlich@augsburg.de) schrieb.\n")
                .build());
        String unresolved = receive(crm, mail().from(MEMBER).to("Annegret W. <annegret@wunderlich-privat.de>")
                .subject("Privat").messageId("private-1@integreat.example").text("Liebe Annegret, wie besprochen.\n").build());
        // a stranger's mail straight to the inbound address is quarantined: hers too
        String quarantined = receive(crm, mail().from("Annegret W. <annegret@wunderlich-privat.de>").to(crm.inboundAddress())
                .subject("Privat").messageId("private-2@wunderlich-privat.de").text("Von zu Hause, Annegret\n").build());
        assertTrue(admin.get("/quarantine").items().stream().anyMatch(mail -> quarantined.equals(mail.get("id"))));
        Reply call = admin.post("/interactions", Map.of("type", "CALL", "subject", "Anruf Frau Wunderlich",
                "summary", "Annegret Wunderlich fragt nach dem Vertrag", "contactIds", List.of(anne)));
        assertEquals(201, call.status(), call::toString);
        Reply task = admin.post("/tasks", Map.of("title", "Frau Wunderlich zurückrufen", "dueDate", "2026-12-03",
                "accountId", augsburg, "contactId", anne));
        assertEquals(201, task.status(), task::toString);
        Reply inbox = admin.get("/unresolved");
        assertTrue(inbox.items().stream().anyMatch(mail -> unresolved.equals(mail.get("id"))), () -> unresolved + " " + inbox + " " + admin.get("/interactions/" + unresolved));

        // Art. 15: admins only; a zip with the README, the contact, each interaction with its raw mail and files
        assertEquals(403, member.get("/contacts/" + anne + "/export").status());
        Reply export = admin.get("/contacts/" + anne + "/export");
        assertEquals(200, export.status(), export::toString);
        assertEquals("application/zip", export.header("Content-Type"));
        List<String> names = zipEntries(Base64.getDecoder().decode(export.body()));
        assertTrue(names.containsAll(List.of("README.txt", "contact.json", "tasks.json", "opportunities.json",
                "interactions/" + own + ".json", "interactions/" + own + "/mail.eml",
                "interactions/" + own + "/attachments/0-wunderlich.pdf", "interactions/" + shared + ".json",
                "interactions/" + call.string("id") + ".json")), names::toString);

        // Art. 17: admins only, a reason is required
        assertEquals(403, member.post("/contacts/" + anne + "/erase", Map.of("reason", "x")).status());
        Reply noReason = admin.post("/contacts/" + anne + "/erase", Map.of());
        assertEquals(422, noReason.status(), noReason::toString);
        Reply erased = admin.post("/contacts/" + anne + "/erase", Map.of("reason", "Antrag vom 1.12.2026 per Post",
                "moreAddresses", List.of("annegret@wunderlich-privat.de")));
        assertEquals(200, erased.status(), erased::toString);
        @SuppressWarnings("unchecked")
        Map<String, Object> removed = (Map<String, Object>) erased.json().get("removed");
        assertEquals(1, ((Number) removed.get("contacts")).intValue(), removed::toString);
        assertEquals(2, ((Number) removed.get("interactionsDeleted")).intValue(), removed::toString);
        assertEquals(1, ((Number) removed.get("interactionsMasked")).intValue(), removed::toString);
        assertEquals(1, ((Number) removed.get("unresolvedMails")).intValue(), removed::toString);
        assertEquals(1, ((Number) removed.get("tasksUnlinked")).intValue(), removed::toString);
        assertEquals(1, ((Number) removed.get("quarantinedMails")).intValue(), removed::toString);

        for (Map<String, AttributeValue> item : everyItem(crm)) {
            String text = item.toString().toLowerCase(Locale.ROOT);
            for (String trace : TRACES) {
                assertFalse(text.contains(trace), () -> "the table still holds '" + trace + "': " + item);
            }
        }
        var s3 = crm.crm.services().s3();
        for (String bucket : List.of(crm.crm.services().config().rawMailBucket(), crm.crm.services().config().exportBucket())) {
            for (S3Object object : everyObject(s3, bucket)) {
                String text = new String(s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray(),
                        StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                for (String trace : TRACES) {
                    assertFalse(text.contains(trace), () -> "s3://" + bucket + "/" + object.key() + " still holds '" + trace + "'");
                }
            }
        }

        // the others' history: Erika's shared mail, masked; the task stays
        Reply mail = admin.get("/interactions/" + shared);
        assertEquals(200, mail.status(), mail::toString);
        assertTrue(mail.string("body").contains("der Termin steht"), mail::toString);
        assertEquals(List.of(erika), mail.json().get("contactIds"), mail::toString);
        assertTrue(admin.get("/contacts/" + erika + "/timeline").items().stream().anyMatch(line -> shared.equals(line.get("refId"))));
        assertEquals(404, admin.get("/interactions/" + own).status());
        assertEquals(404, admin.get("/interactions/" + unresolved).status());
        Reply kept = admin.get("/tasks/" + task.string("id"));
        assertEquals(200, kept.status());
        assertEquals(null, kept.json().get("contactId"));
        assertEquals(404, admin.get("/contacts/" + anne).status());

        // a repeat is a 404, never a 500; the audit log names the record, not the person
        assertEquals(404, admin.post("/contacts/" + anne + "/erase", Map.of("reason", "again")).status());
        assertEquals(403, member.get("/audit").status());
        List<Map<String, Object>> audit = admin.get("/audit").items();
        assertEquals("CONTACT_ERASED", audit.get(0).get("action"), audit::toString);
        assertEquals(anne, audit.get(0).get("recordId"));
        assertNotNull(audit.get(0).get("actor"));
        assertEquals("CONTACT_EXPORTED", audit.get(1).get("action"), audit::toString);
    }

    /**
     * A person among the last recipients of a mail to a long list, whose private address's waiting item a follow-up
     * transaction wrote: the erasure finds the mail there too and leaves no trace; the others keep it.
     */
    @Test
    @SuppressWarnings("unchecked")
    void anErasedPersonFarDownALongListLeavesNoTrace() throws Exception {
        TestCrm crm = new TestCrm();
        Caller admin = crm.admin();
        crm.member(MEMBER, "MEMBER");
        People people = people(admin);
        String anne = people.anne();
        String erika = people.erika();
        List<String> to = new ArrayList<>();
        to.add("Erika Müller <erika.mueller@augsburg.de>");
        for (int i = 1; i <= 150; i++) {
            to.add(i == 140 ? "Annegret W. <annegret@wunderlich-privat.de>"
                    : i == 145 ? "Annegret Wunderlich <anne.wunderlich@augsburg.de>" : "empfaenger" + i + "@liste.example");
        }
        String id = receive(crm, mail().from(MEMBER).to(String.join(", ", to)).subject("Rundschreiben Stadtrat")
                .messageId("long-1@augsburg.de").text("Liebe alle,\nder Termin steht.\n").build());
        assertTrue(admin.get("/contacts/" + anne + "/timeline").items().stream().anyMatch(line -> id.equals(line.get("refId"))));
        // the waiting items come after the timeline lines: her private address's, 139th of them, came with a follow-up
        assertTrue(everyItem(crm).stream().map(item -> item.toString().toLowerCase(Locale.ROOT))
                .anyMatch(item -> item.contains("waiting#annegret@wunderlich-privat.de") && item.contains(id.toLowerCase(Locale.ROOT))));

        Reply erased = admin.post("/contacts/" + anne + "/erase", Map.of("reason", "Antrag vom 1.12.2026 per Post",
                "moreAddresses", List.of("annegret@wunderlich-privat.de")));
        assertEquals(200, erased.status(), erased::toString);
        for (Map<String, AttributeValue> item : everyItem(crm)) {
            String text = item.toString().toLowerCase(Locale.ROOT);
            for (String trace : TRACES) {
                assertFalse(text.contains(trace), () -> "the table still holds '" + trace + "': " + item);
            }
        }
        Reply mail = admin.get("/interactions/" + id);
        assertEquals(200, mail.status(), mail::toString);
        assertEquals(List.of(erika), mail.json().get("contactIds"), mail::toString);
        List<Map<String, Object>> participants = (List<Map<String, Object>>) mail.json().get("participants");
        assertTrue(participants.stream().anyMatch(p -> "empfaenger150@liste.example".equals(p.get("email"))), participants::toString);
    }

    @Test
    void theAuditLogPagesNewestFirstAndNoRouteChangesIt() throws Exception {
        TestCrm crm = new TestCrm();
        Caller admin = crm.admin();
        String contact = admin.post("/contacts", Map.of("firstName", "Paul", "lastName", "Probe")).string("id");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, admin.get("/contacts/" + contact + "/export").status());
        }
        Reply first = admin.get("/audit?limit=2");
        assertEquals(2, first.items().size());
        assertNotNull(first.string("nextCursor"));
        Reply second = admin.get("/audit?limit=2&cursor=" + first.string("nextCursor"));
        assertEquals(1, second.items().size());
        assertTrue(first.items().get(0).get("id").toString().compareTo(first.items().get(1).get("id").toString()) > 0);
        String template = java.nio.file.Files.readString(TestCrm.ROOT.resolve("template.yaml"));
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertFalse(java.util.regex.Pattern.compile("Path: /audit[^\\n]*\\n\\s*Method: " + method).matcher(template).find(),
                    "a route that changes the audit log: " + method);
        }
    }

    /** Fails the next TransactWriteItems that matches, as a crash between two of the erasure's transactions would. */
    static final class CrashOnce implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        volatile java.util.function.Predicate<software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest> armed;

        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            var test = armed;
            if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest request
                    && test != null && test.test(request)) {
                armed = null;
                throw new IllegalStateException("crash");
            }
        }
    }

    @Test
    void anErasureInterruptedMidwayIsCompletedByRunningItAgain() throws Exception {
        CrashOnce crash = new CrashOnce();
        TestCrm crm = new TestCrm(crash);
        Caller admin = crm.admin();
        String anne = admin.post("/contacts", Map.of("firstName", "Annegret", "lastName", "Wunderlich",
                "emails", List.of("anne.wunderlich@wunderlich-privat.de"))).string("id");
        String from = admin.get("/me").string("email");
        for (int i = 0; i < 3; i++) {
            receive(crm, mail().from(from).to("Annegret Wunderlich <anne.wunderlich@wunderlich-privat.de>").subject("Brief " + i)
                    .messageId("crash-" + i + "@integreat.example").text("Liebe Annegret Wunderlich,\nNachricht " + i + "\n").build());
        }
        // first the first of its transactions fails (its objects are gone already), then its last one
        crash.armed = request -> true;
        assertTrue(admin.post("/contacts/" + anne + "/erase", Map.of("reason", "Antrag")).status() >= 500);
        assertEquals(200, admin.get("/contacts/" + anne).status(), "the contact stays until the erasure completes");
        crash.armed = request -> request.transactItems().stream().anyMatch(item -> item.put() != null
                && "AUDIT".equals(item.put().item().get("pk").s()));
        assertTrue(admin.post("/contacts/" + anne + "/erase", Map.of("reason", "Antrag")).status() >= 500);
        assertEquals(200, admin.get("/contacts/" + anne).status());
        assertTrue(admin.get("/audit").items().isEmpty(), "no entry for an erasure that did not complete");

        Reply completed = admin.post("/contacts/" + anne + "/erase", Map.of("reason", "Antrag"));
        assertEquals(200, completed.status(), completed::toString);
        assertEquals(404, admin.get("/contacts/" + anne).status());
        for (Map<String, AttributeValue> item : everyItem(crm)) {
            String text = item.toString().toLowerCase(Locale.ROOT);
            TRACES.forEach(trace -> assertFalse(text.contains(trace), () -> trace + " in " + item));
        }
        assertEquals(1, admin.get("/audit").items().size());
    }

    @Test
    void aLargeExportGoesThroughS3AsTheCsvExportsDo() throws Exception {
        TestCrm small = new TestCrm(settings -> settings.withExportInlineMaxBytes(2_000), java.time.Clock.systemUTC());
        Caller admin = small.admin();
        String contact = admin.post("/contacts", Map.of("firstName", "Paul", "lastName", "Probe",
                "emails", List.of("paul.probe@example.org"))).string("id");
        receive(small, mail().from(admin.get("/me").string("email")).to("Paul Probe <paul.probe@example.org>")
                .subject("Lang").messageId("long-1@example.org").text("x".repeat(5_000) + "\n").build());
        Reply redirect = admin.get("/contacts/" + contact + "/export");
        assertEquals(302, redirect.status(), redirect::toString);
        java.net.http.HttpResponse<byte[]> file = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(redirect.header("Location"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        List<String> names = zipEntries(file.body());
        assertTrue(names.contains("README.txt") && names.stream().anyMatch(n -> n.endsWith("/mail.eml")), names::toString);
        Reply link = admin.get("/contacts/" + contact + "/export?redirect=false");
        assertEquals(200, link.status(), link::toString);
        assertTrue(link.string("url").startsWith("http"), link::toString);
    }

    @Test
    void roleChangesDeactivationsAndTheQuarantineAreAudited() {
        TestCrm crm = new TestCrm();
        Caller admin = crm.admin();
        crm.member("lena@integreat.example", "MEMBER");
        Reply lena = admin.get("/members").items().stream().filter(m -> "lena@integreat.example".equals(m.get("email")))
                .findFirst().map(m -> admin.get("/members/" + m.get("id"))).orElseThrow();
        String lenaId = lena.string("id");
        Reply promoted = admin.ifMatch(lena.etag()).patch("/members/" + lenaId, Map.of("role", "ADMIN"));
        assertEquals(200, promoted.status(), promoted::toString);
        assertEquals(200, admin.ifMatch(promoted.etag()).patch("/members/" + lenaId, Map.of("active", false)).status());
        String first = receive(crm, mail().from("Fremd <fremd@example.net>").to(crm.inboundAddress()).subject("Hallo")
                .messageId("q-1@example.net").text("Eins\n").build());
        String second = receive(crm, mail().from("Fremd <fremd@example.net>").to(crm.inboundAddress()).subject("Hallo")
                .messageId("q-2@example.net").text("Zwei\n").build());
        assertEquals(204, admin.delete("/quarantine/" + first).status());
        String adminId = admin.get("/me").string("id");
        Reply released = admin.post("/quarantine/" + second + "/release", Map.of("memberId", adminId));
        assertEquals(200, released.status(), released::toString);

        List<Map<String, Object>> audit = admin.get("/audit").items();
        assertEquals(List.of("QUARANTINE_RELEASED", "QUARANTINE_DELETED", "MEMBER_DEACTIVATED", "MEMBER_ROLE_CHANGED"),
                audit.stream().map(e -> e.get("action")).toList(), audit::toString);
        assertEquals(List.of(second, first, lenaId, lenaId), audit.stream().map(e -> e.get("recordId")).toList());
        assertTrue(audit.stream().allMatch(e -> adminId.equals(e.get("actor"))), audit::toString);
    }

    static String receive(TestCrm crm, String raw) {
        Map<String, Object> result = crm.inbound().deliver(raw.getBytes(StandardCharsets.UTF_8), "sender@example.org",
                List.of(crm.inboundAddress()), LocalInbound.Verdicts.PASS);
        assertNotNull(result.get("id"), result::toString);
        return (String) result.get("id");
    }

    static List<String> zipEntries(byte[] zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    static List<Map<String, AttributeValue>> everyItem(TestCrm crm) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = crm.crm.dynamo().scan(ScanRequest.builder().tableName(crm.crm.services().table().name())
                    .exclusiveStartKey(start).build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    static List<S3Object> everyObject(software.amazon.awssdk.services.s3.S3Client s3, String bucket) {
        List<S3Object> objects = new ArrayList<>();
        String token = null;
        do {
            String from = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).continuationToken(from));
            objects.addAll(page.contents());
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return objects;
    }
}
