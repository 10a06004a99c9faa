package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The never-log list and the team addresses of the settings, through SES events: a mail with only never-logged
 * people outside leaves nothing but a count; in a mail with others they are left out and masked; a team address
 * is never a counterpart, and its mail is logged for the member the settings name.
 */
class NeverLogTest {
    static TestCrm crm;
    static Caller admin;
    static final String LENA = "lena@integreat.example";
    static String lenaId;
    static String erika;

    @BeforeAll
    static void start() {
        crm = new TestCrm();
        admin = crm.admin();
        lenaId = crm.member(LENA, "MEMBER").get("/me").string("id");
        String augsburg = admin.post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY",
                "emailDomains", List.of("augsburg.de"))).string("id");
        erika = admin.post("/contacts", Map.of("firstName", "Erika", "lastName", "Müller",
                "emails", List.of("erika.mueller@augsburg.de"), "accountId", augsburg)).string("id");
        Reply saved = SettingsApiTest.put(admin, admin.get("/settings").etag(), Map.of(
                "neverLog", Map.of("domains", List.of("praxis-example.de"), "addresses", List.of("Anwalt@Kanzlei.example")),
                "teamAddresses", List.of(Map.of("address", "info@integreat.example", "memberId", lenaId))));
        assertEquals(200, saved.status(), saved::toString);
    }

    static Map<String, Object> deliver(String raw) {
        return crm.inbound().deliver(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8), "sender@example.org",
                List.of(crm.inboundAddress()), LocalInbound.Verdicts.PASS);
    }

    static boolean rawMailExists(String sesMessageId) {
        var s3 = crm.crm.services().s3();
        String bucket = crm.crm.services().config().rawMailBucket();
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(bucket).key("mail/" + sesMessageId).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    /** Every item of the table as text (a test may Scan; the functions never do). */
    static List<String> everyItem() {
        List<String> items = new ArrayList<>();
        for (var page : crm.crm.dynamo().scanPaginator(ScanRequest.builder().tableName(crm.crm.services().table().name()).build())) {
            page.items().forEach(item -> items.add(item.toString().toLowerCase(java.util.Locale.ROOT)));
        }
        crm.operations.clear();
        return items;
    }

    @Test
    void aMailWithOnlyNeverLoggedPeopleLeavesNothingButACount() {
        long before = ((Number) admin.get("/settings").json().get("neverLoggedCount")).longValue();
        String raw = mail().from("Lena Berg <" + LENA + ">").to("Dr. Hausarzt <dr.haus@Praxis-Example.de>")
                .cc("Kanzlei <anwalt@kanzlei.example>").subject("Mein Befund Termin").messageId("private-1@integreat.example")
                .text("Sehr geehrter Herr Doktor,\nwegen meines Befunds ...").build();
        Map<String, Object> answer = deliver(raw);
        assertEquals("NEVER_LOGGED", answer.get("result"), answer::toString);
        assertFalse(rawMailExists(answer.get("sesMessageId").toString()), "the raw mail is deleted at once");
        assertEquals(before + 1, ((Number) admin.get("/settings").json().get("neverLoggedCount")).longValue());
        for (String item : everyItem()) {
            if (item.contains("pk=attributevalue(s=settings)")) {
                continue; // the list itself names the domain
            }
            assertFalse(item.contains("praxis-example") || item.contains("befund") || item.contains("private-1"), item);
        }
        assertTrue(admin.get("/unresolved").items().stream().noneMatch(m -> "Mein Befund Termin".equals(m.get("subject"))));
        assertTrue(crm.sentTo(LENA).stream().noneMatch(m -> String.valueOf(m.get("subject")).contains("Befund")),
                "no receipt either: it would be a trace in the member's mailbox of the CRM having seen it");
    }

    @Test
    @SuppressWarnings("unchecked")
    void inAMailWithOthersTheNeverLoggedAreLeftOutAndMasked() {
        String raw = mail().from("Lena Berg <" + LENA + ">").to("Erika Müller <erika.mueller@augsburg.de>")
                .cc("Kanzlei <ANWALT@kanzlei.example>").subject("Vertrag, Kopie an anwalt@kanzlei.example")
                .messageId("shared-1@integreat.example")
                .text("Liebe Frau Müller,\nden Vertrag hat auch anwalt@kanzlei.example gesehen.\nGrüße").build();
        Map<String, Object> answer = deliver(raw);
        assertEquals("LOGGED", answer.get("result"), answer::toString);
        Reply logged = admin.get("/interactions/" + answer.get("id"));
        List<Map<String, Object>> participants = (List<Map<String, Object>>) logged.json().get("participants");
        assertEquals(List.of("erika.mueller@augsburg.de"), participants.stream().map(p -> p.get("email")).toList());
        assertEquals("Liebe Frau Müller,\nden Vertrag hat auch *** gesehen.\nGrüße", logged.string("body"));
        assertEquals("Vertrag, Kopie an ***", logged.string("subject"));
        String id = answer.get("id").toString().toLowerCase(java.util.Locale.ROOT);
        for (String item : everyItem()) {
            if (item.contains(id)) {
                assertFalse(item.contains("kanzlei.example"), item);
            }
        }
    }

    /**
     * A mail to a long list (its lines follow in follow-up transactions): the never-logged addresses far down the list
     * are left out like the first ones, and no item the mail wrote names them, the follow-ups' waiting items included.
     */
    @Test
    @SuppressWarnings("unchecked")
    void inAMailToALongListTheNeverLoggedAreLeftOutEverywhere() {
        List<String> to = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            to.add(i == 120 ? "Kanzlei <anwalt@kanzlei.example>" : i == 140 ? "dr.haus@praxis-example.de"
                    : "empfaenger" + i + "@liste.example");
        }
        String raw = mail().from("Lena Berg <" + LENA + ">").to("Erika Müller <erika.mueller@augsburg.de>").cc(String.join(", ", to))
                .subject("Rundschreiben Vertrag").messageId("long-1@integreat.example")
                .text("Liebe Frau Müller,\nauch dr.haus@praxis-example.de liest mit.\nGrüße").build();
        Map<String, Object> answer = deliver(raw);
        assertEquals("LOGGED", answer.get("result"), answer::toString);
        Reply logged = admin.get("/interactions/" + answer.get("id"));
        List<Map<String, Object>> participants = (List<Map<String, Object>>) logged.json().get("participants");
        assertEquals(149, participants.size(), "Erika and the 148 others");
        assertTrue(participants.stream().noneMatch(p -> String.valueOf(p.get("email")).contains("kanzlei")
                || String.valueOf(p.get("email")).contains("praxis-example")), participants::toString);
        assertEquals("Liebe Frau Müller,\nauch *** liest mit.\nGrüße", logged.string("body"));
        String id = answer.get("id").toString().toLowerCase(java.util.Locale.ROOT);
        List<String> items = everyItem();
        // the follow-ups wrote the waiting items of the list's end
        assertTrue(items.stream().anyMatch(item -> item.contains("waiting#empfaenger150@liste.example") && item.contains(id)));
        for (String item : items) {
            if (item.contains(id)) {
                assertFalse(item.contains("kanzlei.example") || item.contains("praxis-example"), item);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTeamAddressIsNoCounterpartAndItsMailIsTheMembers() {
        String raw = mail().from("Integreat <info@integreat.example>").to("Erika Müller <erika.mueller@augsburg.de>")
                .cc("Vertrieb <info@Integreat.example>").subject("Ihre Anfrage an info@").messageId("info-1@integreat.example")
                .text("Guten Tag Frau Müller,\nanbei die Unterlagen.").build();
        Map<String, Object> answer = deliver(raw);
        assertEquals("LOGGED", answer.get("result"), answer::toString);
        Reply logged = admin.get("/interactions/" + answer.get("id"));
        assertEquals(lenaId, logged.string("authorId"), "logged for the member the settings name");
        assertEquals(List.of(erika), logged.json().get("contactIds"));
        List<Map<String, Object>> participants = (List<Map<String, Object>>) logged.json().get("participants");
        assertEquals(List.of("erika.mueller@augsburg.de"), participants.stream().map(p -> p.get("email")).toList());

        // a mail from a member to the team address alone has no counterpart: it does not wait as unresolved for info@
        String internal = mail().from("Lena Berg <" + LENA + ">").to("info@integreat.example")
                .subject("Nur intern an info").messageId("info-2@integreat.example").text("intern").build();
        Map<String, Object> second = deliver(internal);
        Reply view = admin.get("/interactions/" + second.get("id"));
        assertTrue(view.status() != 200 || ((List<?>) view.json().get("participants")).isEmpty(), view::toString);
        assertTrue(admin.get("/unresolved").items().stream().flatMap(m -> ((List<Map<String, Object>>) m.getOrDefault("participants", List.of())).stream())
                .noneMatch(p -> "info@integreat.example".equals(p.get("email"))));
    }

    @Test
    void aTeamAddressGetsTheSenderChecksOfMembers() {
        String raw = mail().from("Integreat <info@integreat.example>").to("Erika Müller <erika.mueller@augsburg.de>")
                .subject("Nicht geprüft").messageId("info-3@integreat.example").text("Gefälscht?").build();
        Map<String, Object> answer = crm.inbound().deliver(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "sender@example.org", List.of(crm.inboundAddress()), new LocalInbound.Verdicts("PASS", "FAIL", "PASS"));
        assertEquals("QUARANTINED", answer.get("result"), answer::toString);
        assertTrue(admin.get("/contacts/" + erika + "/timeline?limit=200").items().stream()
                .noneMatch(line -> "Nicht geprüft".equals(line.get("title"))));
    }
}
