package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Retention that expires, with the clock moved on and the daily run: quarantined and unresolved mails are
 * gone from their expiry on (before DynamoDB's TTL, which the emulator never runs), and the run deletes them
 * with their raw mails and attachments; the cutoff follows the current setting.
 */
class RetentionTest {
    static final String LENA = "lena@integreat.example";
    final TestClock clock = new TestClock(Instant.parse("2026-11-02T08:00:00Z"));
    final TestCrm crm = new TestCrm(clock);
    final Caller admin = crm.admin();

    Map<String, Object> deliver(String raw) {
        return crm.inbound().deliver(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8), "sender@example.org",
                List.of(crm.inboundAddress()), LocalInbound.Verdicts.PASS);
    }

    boolean objectExists(String key) {
        try {
            crm.crm.services().s3().headObject(HeadObjectRequest.builder()
                    .bucket(crm.crm.services().config().rawMailBucket()).key(key).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    Map<String, AttributeValue> item(String pk, String sk) {
        return crm.crm.dynamo().getItem(b -> b.tableName(crm.crm.services().table().name())
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
    }

    void runDaily() {
        LocalReminders.run(crm.crm.functions(), "ReminderFunction");
    }

    void settings(Map<String, Object> retention) {
        var saved = SettingsApiTest.put(admin, admin.get("/settings").etag(), Map.of("retention", retention));
        assertEquals(200, saved.status(), saved::toString);
    }

    boolean inQuarantine(String id) {
        return admin.get("/quarantine?limit=200").items().stream().anyMatch(q -> id.equals(q.get("id")));
    }

    boolean inInbox(String id) {
        return admin.get("/unresolved?limit=200").items().stream().anyMatch(q -> id.equals(q.get("id")));
    }

    @Test
    void aQuarantinedMailExpiresWithItsRawMail() {
        settings(Map.of("quarantineDays", 10));
        Map<String, Object> answer = deliver(mail().from("Fremder <fremd@elsewhere.example>").to(crm.inboundAddress())
                .subject("Werbung").messageId("spam-1@elsewhere.example").text("Kaufen Sie!").build());
        assertEquals("QUARANTINED", answer.get("result"), answer::toString);
        String id = answer.get("id").toString();
        String rawKey = "mail/" + answer.get("sesMessageId");
        Map<String, AttributeValue> stored = item("QUARANTINE#" + id, "QUARANTINE");
        assertEquals(String.valueOf(clock.instant().plus(Duration.ofDays(13)).getEpochSecond()), stored.get("expiresAt").n(),
                "the TTL attribute: 10 days and the 3 days' grace in which the daily run deletes it first");

        clock.advance(Duration.ofDays(9));
        runDaily();
        assertTrue(inQuarantine(id), "9 days: still kept");
        assertTrue(objectExists(rawKey));

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        assertFalse(inQuarantine(id), "past its expiry it is gone from the list before anything deleted it");
        assertEquals(404, admin.delete("/quarantine/" + id).status(), "gone for the routes too");
        assertFalse(item("QUARANTINE#" + id, "QUARANTINE").isEmpty(), "though still in the table until the run");
        runDaily();
        assertTrue(item("QUARANTINE#" + id, "QUARANTINE").isEmpty(), "the run deleted the item");
        assertFalse(objectExists(rawKey), "and its raw mail");
        runDaily(); // a second run finds nothing and fails on nothing
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUnresolvedMailExpiresWithItsItemsRawMailAndAttachments() {
        crm.member(LENA, "MEMBER");
        settings(Map.of("unresolvedDays", 20));
        String raw = mail().from("Lena Berg <" + LENA + ">").to("Unbekannt <wer@unbekannt.example>")
                .subject("Unterlagen").messageId("unres-1@integreat.example")
                .header("MIME-Version", "1.0").header("Content-Type", "multipart/mixed; boundary=\"b1\"")
                .rawBody("--b1\nContent-Type: text/plain; charset=UTF-8\n\nAnbei.\n--b1\nContent-Type: application/pdf\n"
                        + "Content-Disposition: attachment; filename=\"a.pdf\"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b1--\n")
                .build();
        Map<String, Object> answer = deliver(raw);
        assertEquals("UNRESOLVED", answer.get("result"), answer::toString);
        String id = answer.get("id").toString();
        String rawKey = "mail/" + answer.get("sesMessageId");
        List<Map<String, Object>> attachments = (List<Map<String, Object>>) admin.get("/interactions/" + id).json().get("attachments");
        assertEquals(1, attachments.size(), attachments::toString);
        String attachmentKey = "attachments/" + answer.get("sesMessageId") + "/" + attachments.get(0).get("n");
        assertTrue(objectExists(attachmentKey), attachmentKey);

        clock.advance(Duration.ofDays(19));
        runDaily();
        assertTrue(inInbox(id), "19 days: still waiting");

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        assertFalse(inInbox(id), "past its expiry it has left the inbox before the run");
        runDaily();
        assertTrue(item("INTERACTION#" + id, "INTERACTION").isEmpty());
        assertTrue(item("INTERACTION#" + id, "INTERACTIONBODY").isEmpty());
        assertTrue(crm.crm.dynamo().query(b -> b.tableName(crm.crm.services().table().name())
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("WAITING#wer@unbekannt.example"))))
                .items().isEmpty(), "its waiting item");
        assertFalse(objectExists(rawKey), "its raw mail");
        assertFalse(objectExists(attachmentKey), "its attachment");
    }

    @Test
    void aShorterRetentionAppliesToMailsStoredBeforeTheChange() {
        Map<String, Object> answer = deliver(mail().from("Fremder <fremd@elsewhere.example>").to(crm.inboundAddress())
                .subject("Alt").messageId("spam-2@elsewhere.example").text("Alt").build());
        String id = answer.get("id").toString();
        clock.advance(Duration.ofDays(5));
        runDaily();
        assertTrue(inQuarantine(id), "the default is 30 days");
        settings(Map.of("quarantineDays", 3));
        runDaily();
        assertTrue(item("QUARANTINE#" + id, "QUARANTINE").isEmpty(), "the run's cutoff follows the setting");
        assertFalse(objectExists("mail/" + answer.get("sesMessageId")));
    }

    @Test
    void aLongerRetentionRestampsTheStoredExpiryOnTheNextRun() {
        Map<String, Object> answer = deliver(mail().from("Fremder <fremd@elsewhere.example>").to(crm.inboundAddress())
                .subject("Länger").messageId("spam-3@elsewhere.example").text("Länger").build());
        String id = answer.get("id").toString();
        Instant received = clock.instant();
        assertEquals(String.valueOf(received.plus(Duration.ofDays(33)).getEpochSecond()),
                item("QUARANTINE#" + id, "QUARANTINE").get("expiresAt").n(), "the default 30 days");
        settings(Map.of("quarantineDays", 60));
        runDaily();
        assertEquals(String.valueOf(received.plus(Duration.ofDays(63)).getEpochSecond()),
                item("QUARANTINE#" + id, "QUARANTINE").get("expiresAt").n(), "the run gave it the new expiry");
        clock.advance(Duration.ofDays(40));
        runDaily();
        assertTrue(inQuarantine(id), "40 days: kept by the longer setting");
        clock.advance(Duration.ofDays(21));
        runDaily();
        assertTrue(item("QUARANTINE#" + id, "QUARANTINE").isEmpty(), "61 days: gone");
    }

    /**
     * Objects' LastModified is the emulator's real time, so this CRM's clock starts now; and it has a bucket of its
     * own, as its run deletes every raw mail older than the cutoff in it.
     */
    @Test
    void rawMailFollowsTheSettingAndTheLoggedMailStays() {
        TestClock now = new TestClock(Instant.now());
        TestCrm own = new TestCrm(settings -> settings.withRawMailBucket("crm-retention-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime()), now);
        Caller ownAdmin = own.admin();
        own.member(LENA, "MEMBER");
        ownAdmin.post("/contacts", Map.of("firstName", "Erika", "lastName", "Müller", "emails", List.of("erika@augsburg.example")));
        assertEquals(200, SettingsApiTest.put(ownAdmin, ownAdmin.get("/settings").etag(), Map.of("retention", Map.of("rawMailDays", 30))).status());
        String raw = mail().from("Lena Berg <" + LENA + ">").to("Erika <erika@augsburg.example>")
                .subject("Angebot").messageId("logged-1@integreat.example").text("Anbei das Angebot.").build();
        Map<String, Object> answer = own.inbound().deliver(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8), "sender@example.org",
                List.of(own.inboundAddress()), LocalInbound.Verdicts.PASS);
        assertEquals("LOGGED", answer.get("result"), answer::toString);
        var s3 = own.crm.services().s3();
        HeadObjectRequest head = HeadObjectRequest.builder().bucket(own.crm.services().config().rawMailBucket())
                .key("mail/" + answer.get("sesMessageId")).build();
        // the mail's page says when: the setting's 30 days, not the template's 730 (settings read with the caller)
        String path = "/interactions/" + answer.get("id");
        @SuppressWarnings("unchecked")
        Map<String, Object> kept = (Map<String, Object>) own.getWithinBudget(ownAdmin, path).json().get("rawMail");
        assertEquals(now.instant().plus(Duration.ofDays(30)).toString(), kept.get("expiresAt"), kept::toString);
        assertEquals(Boolean.FALSE, kept.get("expired"));
        now.advance(Duration.ofDays(29));
        LocalReminders.run(own.crm.functions(), "ReminderFunction");
        s3.headObject(head); // 29 days: kept
        assertEquals(200, ownAdmin.get(path + "/raw?redirect=false").status(), "29 days: the link is given");
        now.advance(Duration.ofDays(2));
        LocalReminders.run(own.crm.functions(), "ReminderFunction");
        org.junit.jupiter.api.Assertions.assertThrows(NoSuchKeyException.class, () -> s3.headObject(head),
                "31 days: the run deleted the raw mail");
        Reply stays = own.getWithinBudget(ownAdmin, path);
        assertEquals(200, stays.status(), "the logged mail stays");
        @SuppressWarnings("unchecked")
        Map<String, Object> gone = (Map<String, Object>) stays.json().get("rawMail");
        assertEquals(Boolean.TRUE, gone.get("expired"), stays::toString);
        assertEquals(404, ownAdmin.get(path + "/raw?redirect=false").status(), "no link to a deleted raw mail");
    }
}
