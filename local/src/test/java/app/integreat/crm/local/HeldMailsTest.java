package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Mail in a member's name without DMARC PASS is held for that member (issue 14, "Who sent it"), through SES
 * events with the verdicts SES reports: confirmed it is logged as a verified mail would be, dropped it is gone
 * with its raw mail, unconfirmed for 14 days it moves to the quarantine; nobody else sees it.
 */
class HeldMailsTest {
    static final String LENA = "lena@integreat.example";
    static final String OTTO = "otto@integreat.example";
    static final LocalInbound.Verdicts GRAY = new LocalInbound.Verdicts("PASS", "PASS", "GRAY");

    static Map<String, Object> deliver(TestCrm crm, String raw, LocalInbound.Verdicts verdicts) {
        return crm.inbound().deliver(raw.getBytes(StandardCharsets.UTF_8), "bounce@elsewhere.example",
                List.of(crm.inboundAddress()), verdicts);
    }

    static String inLenasName(String subject) {
        return mail().from("Lena Berg <" + LENA + ">").to("Erika Müller <erika.mueller@augsburg.de>").subject(subject)
                .date("Tue, 24 Nov 2026 09:30:00 +0100").messageId(subject.hashCode() + "@integreat.example")
                .text("Sehr geehrte Frau Müller,\nanbei.\nGrüße, Lena").build();
    }

    static TestCrm crmWithErika(java.time.Clock clock) {
        TestCrm crm = clock == null ? new TestCrm() : new TestCrm(clock);
        String augsburg = crm.admin().post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY",
                "emailDomains", List.of("augsburg.de"))).string("id");
        crm.admin().post("/contacts", Map.of("lastName", "Müller", "emails", List.of("erika.mueller@augsburg.de"),
                "accountId", augsburg));
        return crm;
    }

    @Test
    void everyVerdictButDmarcPassHoldsAMailInAMembersNameAndTellsTheMember() {
        TestCrm crm = crmWithErika(null);
        Caller lena = crm.member(LENA, "MEMBER");
        for (String verdict : List.of("GRAY", "FAIL", "PROCESSING_FAILED")) {
            Map<String, Object> outcome = deliver(crm, inLenasName("Angebot " + verdict), new LocalInbound.Verdicts("PASS", "PASS", verdict));
            assertEquals("HELD", outcome.get("result"), verdict);
        }
        assertEquals("LOGGED", deliver(crm, inLenasName("Angebot PASS"), LocalInbound.Verdicts.PASS).get("result"));

        List<Map<String, Object>> held = lena.get("/pending-mails").items();
        assertEquals(List.of("Angebot PROCESSING_FAILED", "Angebot FAIL", "Angebot GRAY"),
                held.stream().map(m -> m.get("subject")).toList(), "newest first");
        assertEquals(LENA, held.get(0).get("from"));
        assertEquals("PROCESSING_FAILED", held.get(0).get("dmarcVerdict"));
        assertEquals(List.of(), crm.admin().get("/unresolved").items(), "a held mail is logged nowhere");
        assertEquals(List.of(), crm.admin().get("/quarantine").items());

        List<Map<String, Object>> notices = crm.sentTo(LENA).stream()
                .filter(m -> ((String) m.get("subject")).startsWith("Bitte bestätigen: ")).toList();
        assertEquals(3, notices.size(), crm.sentTo(LENA)::toString);
        String gray = notices.stream().filter(m -> m.get("subject").equals("Bitte bestätigen: Angebot GRAY")).findFirst()
                .map(m -> (String) m.get("body")).orElseThrow();
        String grayId = (String) held.get(2).get("id");
        assertTrue(gray.contains("#/pending-mails/" + grayId), gray);
        assertTrue(gray.contains("DMARC GRAY"), gray);
        assertTrue(crm.sentTo(LENA).stream().noneMatch(m -> "Abgelegt: Angebot GRAY".equals(m.get("subject"))),
                "no receipt: the mail was not logged");
    }

    @Test
    void aRepeatedDeliveryHoldsTheMailOnce() {
        TestCrm crm = crmWithErika(null);
        Caller lena = crm.member(LENA, "MEMBER");
        String raw = inLenasName("Zweimal");
        String id = LocalInbound.newMessageId();
        crm.inbound().store(id, raw.getBytes(StandardCharsets.UTF_8));
        crm.inbound().invoke(id, "x@elsewhere.example", List.of(crm.inboundAddress()), GRAY);
        String again = crm.inbound().invoke(id, "x@elsewhere.example", List.of(crm.inboundAddress()), GRAY);
        assertTrue(again.contains("DUPLICATE"), again);
        assertEquals(1, lena.get("/pending-mails").items().size());
    }

    @Test
    void aConfirmedMailIsLoggedAsIfVerifiedOnceAndLeavesTheList() {
        TestCrm crm = crmWithErika(null);
        Caller lena = crm.member(LENA, "MEMBER");
        String id = (String) deliver(crm, inLenasName("Bitte ablegen"), GRAY).get("id");

        Reply confirmed = lena.post("/pending-mails/" + id + "/confirm", Map.of());
        assertEquals(200, confirmed.status(), confirmed::toString);
        assertEquals("LOGGED", confirmed.string("result"));
        String interactionId = confirmed.string("interactionId");
        Reply interaction = crm.admin().get("/interactions/" + interactionId);
        assertEquals("Bitte ablegen", interaction.string("subject"));
        assertEquals("OUTBOUND", interaction.string("direction"));
        assertEquals(1, ((List<?>) interaction.json().get("contactIds")).size());
        assertTrue(crm.sentTo(LENA).stream().anyMatch(m -> "Abgelegt: Bitte ablegen".equals(m.get("subject"))),
                "the receipt of a logged mail");

        Reply again = lena.post("/pending-mails/" + id + "/confirm", Map.of());
        assertEquals(200, again.status(), again::toString);
        assertEquals(interactionId, again.string("interactionId"), "a repeated confirmation answers the same");
        long logged = crm.admin().get("/interactions?limit=50").items().stream()
                .filter(i -> "Bitte ablegen".equals(i.get("subject"))).count();
        assertEquals(1, logged);
        assertEquals(List.of(), lena.get("/pending-mails").items());
        assertEquals(409, lena.delete("/pending-mails/" + id).status(), "a logged mail is not dropped here");
    }

    @Test
    void nobodyButTheMemberSeesConfirmsOrDropsTheHeldMail() {
        TestCrm crm = crmWithErika(null);
        Caller lena = crm.member(LENA, "MEMBER");
        Caller otto = crm.member(OTTO, "MEMBER");
        String id = (String) deliver(crm, inLenasName("Nur für Lena"), GRAY).get("id");

        assertEquals(List.of(), otto.get("/pending-mails").items());
        assertEquals(List.of(), crm.admin().get("/pending-mails").items(), "not even an admin's list");
        for (Caller other : List.of(otto, crm.admin())) {
            assertEquals(404, other.post("/pending-mails/" + id + "/confirm", Map.of()).status());
            assertEquals(404, other.delete("/pending-mails/" + id).status());
        }
        assertEquals(1, lena.get("/pending-mails").items().size(), "still there for Lena");
        assertEquals(404, lena.post("/pending-mails/01J0000000000000000000ZZZZ/confirm", Map.of()).status());
        assertEquals(404, lena.post("/pending-mails/not-an-id/confirm", Map.of()).status());
    }

    @Test
    void aDroppedMailIsGoneWithItsRawMail() {
        TestCrm crm = crmWithErika(null);
        Caller lena = crm.member(LENA, "MEMBER");
        Map<String, Object> outcome = deliver(crm, inLenasName("Nicht von mir"), GRAY);
        String id = (String) outcome.get("id");
        var s3 = crm.crm.services().s3();
        String bucket = crm.crm.services().config().rawMailBucket();
        String key = "mail/" + outcome.get("sesMessageId");
        s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build());

        assertEquals(204, lena.delete("/pending-mails/" + id).status());
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build()));
        assertEquals(List.of(), lena.get("/pending-mails").items());
        assertEquals(404, lena.post("/pending-mails/" + id + "/confirm", Map.of()).status());
        assertEquals(404, lena.delete("/pending-mails/" + id).status());
        assertEquals(List.of(), crm.admin().get("/interactions?limit=50").items().stream()
                .filter(i -> "Nicht von mir".equals(i.get("subject"))).toList());
    }

    @Test
    void anUnconfirmedMailMovesToTheQuarantineAfterFourteenDays() {
        TestClock clock = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));
        TestCrm crm = crmWithErika(clock);
        Caller lena = crm.member(LENA, "MEMBER");
        String id = (String) deliver(crm, inLenasName("Vergessen"), GRAY).get("id");

        clock.advance(Duration.ofDays(14).minusMinutes(1));
        assertEquals(0, ((Number) LocalReminders.run(crm.crm.functions(), "ReminderFunction").get("unconfirmedMailsQuarantined")).intValue());
        assertEquals(1, lena.get("/pending-mails").items().size(), "a minute short of 14 days: still waiting");

        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, ((Number) LocalReminders.run(crm.crm.functions(), "ReminderFunction").get("unconfirmedMailsQuarantined")).intValue());
        assertEquals(0, ((Number) LocalReminders.run(crm.crm.functions(), "ReminderFunction").get("unconfirmedMailsQuarantined")).intValue(),
                "a second run finds nothing to move");
        assertEquals(List.of(), lena.get("/pending-mails").items());
        assertEquals(404, lena.post("/pending-mails/" + id + "/confirm", Map.of()).status());
        List<Map<String, Object>> quarantine = crm.admin().get("/quarantine").items();
        assertEquals(1, quarantine.size(), quarantine::toString);
        assertTrue(((String) quarantine.get(0).get("reason")).startsWith("unconfirmed:"), quarantine::toString);
        assertEquals("Vergessen", quarantine.get(0).get("subject"));
        assertTrue(quarantine.get(0).get("rawUrl") != null, "the raw mail stays");
    }

    @Test
    void theSettingsHeldDaysSetWhenAHeldMailIsDueAsItsNoticeSays() {
        TestClock clock = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));
        TestCrm crm = crmWithErika(clock);
        Caller lena = crm.member(LENA, "MEMBER");
        String etag = crm.admin().get("/settings").etag();
        assertEquals(200, SettingsApiTest.put(crm.admin(), etag, Map.of("retention", Map.of("heldDays", 3))).status());
        String id = (String) deliver(crm, inLenasName("Kurz gehalten"), GRAY).get("id");

        Map<String, Object> waiting = lena.get("/pending-mails").items().get(0);
        assertEquals(id, waiting.get("id"));
        assertEquals(Instant.parse((String) waiting.get("receivedAt")).plus(Duration.ofDays(3)).toString(), waiting.get("confirmBy"));
        String notice = crm.sentTo(LENA).stream().filter(m -> "Bitte bestätigen: Kurz gehalten".equals(m.get("subject")))
                .map(m -> (String) m.get("body")).findFirst().orElseThrow();
        assertTrue(notice.contains("nach 3 Tagen"), notice);

        clock.advance(Duration.ofDays(3).minusMinutes(1));
        assertEquals(0, ((Number) LocalReminders.run(crm.crm.functions(), "ReminderFunction").get("unconfirmedMailsQuarantined")).intValue());
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, ((Number) LocalReminders.run(crm.crm.functions(), "ReminderFunction").get("unconfirmedMailsQuarantined")).intValue());
        assertEquals(List.of(), lena.get("/pending-mails").items());
    }

    @Test
    void virusAndSpamMustPassEvenForAVerifiedMember() {
        TestCrm crm = crmWithErika(null);
        Caller lena = crm.member(LENA, "MEMBER");
        assertEquals("QUARANTINED", deliver(crm, inLenasName("Spam?"), new LocalInbound.Verdicts("PROCESSING_FAILED", "PASS", "PASS")).get("result"));
        assertEquals("QUARANTINED", deliver(crm, inLenasName("Virus?"), new LocalInbound.Verdicts("PASS", "GRAY", "PASS")).get("result"));
        List<String> reasons = crm.admin().get("/quarantine").items().stream().map(q -> (String) q.get("reason")).toList();
        assertTrue(reasons.contains("SES could not rule out spam (verdict PROCESSING_FAILED)"), reasons::toString);
        assertTrue(reasons.contains("SES could not check the mail for viruses (verdict GRAY)"), reasons::toString);
        assertEquals(List.of(), lena.get("/pending-mails").items());
    }
}
