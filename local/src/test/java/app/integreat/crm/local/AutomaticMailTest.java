package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.core.InboundMailService;
import app.integreat.crm.local.TestCrm.Caller;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mail a machine sent (out-of-office replies, bounces, reports, list mail) is never logged and never answered:
 * it is quarantined as "automatic". And the CRM's own mails say they are automatic, so auto-replies leave them alone.
 */
class AutomaticMailTest {
    static TestCrm crm;
    static Caller admin;
    static final String MEMBER = "lena@integreat.example";

    @BeforeAll
    static void start() {
        crm = new TestCrm();
        admin = crm.admin();
        crm.member(MEMBER, "MEMBER");
        String augsburg = admin.post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY",
                "emailDomains", List.of("augsburg.de"))).string("id");
        admin.post("/contacts", Map.of("firstName", "Erika", "lastName", "Müller",
                "emails", List.of("erika.mueller@augsburg.de"), "accountId", augsburg));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "Auto-Submitted|auto-replied",
        "Auto-Submitted|auto-generated",
        "Precedence|bulk",
        "Precedence|list",
        "Precedence|junk",
        "X-Autoreply|yes",
        "X-Autorespond|Abwesenheit",
        "Return-Path|<>",
    })
    void aMachinesMailInAMembersNameIsQuarantinedAsAutomaticAndNotAnswered(String header, String value) {
        String subject = "Abwesend: " + header + " " + value;
        int receiptsBefore = crm.sentTo(MEMBER).size();
        String raw = mail().from("Lena Berg <" + MEMBER + ">").to("Erika Müller <erika.mueller@augsburg.de>")
                .header(header, value).subject(subject).messageId("auto-" + header + value.hashCode() + "@integreat.example")
                .text("Ich bin bis Montag nicht im Büro.").build();
        crm.receive(raw, crm.inboundAddress());

        Map<String, Object> held = quarantined(subject);
        assertEquals(InboundMailService.AUTOMATIC, held.get("reason"));
        assertEquals(receiptsBefore, crm.sentTo(MEMBER).size(), "no receipt answers a machine's mail");
        assertTrue(admin.get("/interactions?limit=50").items().stream().noneMatch(i -> subject.equals(i.get("subject"))),
                "nothing was logged");
    }

    @Test
    void aBounceAndAReadReceiptAreAutomatic() {
        String bounce = "From: Mail Delivery System <MAILER-DAEMON@augsburg.de>\r\nTo: " + MEMBER + "\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <bounce-1@augsburg.de>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n\r\n--r\r\n"
                + "Content-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n--r\r\n"
                + "Content-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; x@augsburg.de\r\nAction: failed\r\n--r--\r\n";
        crm.receive(bounce, crm.inboundAddress());
        assertEquals(InboundMailService.AUTOMATIC, quarantined("Undelivered Mail Returned to Sender").get("reason"));

        String readReceipt = "From: Lena Berg <" + MEMBER + ">\r\nTo: erika.mueller@augsburg.de\r\n"
                + "Subject: Gelesen: Angebot\r\nMessage-ID: <mdn-1@integreat.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=disposition-notification; boundary=\"r\"\r\n\r\n--r\r\n"
                + "Content-Type: text/plain\r\n\r\nIhre Nachricht wurde gelesen.\r\n--r\r\n"
                + "Content-Type: message/disposition-notification\r\n\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n--r--\r\n";
        crm.receive(readReceipt, crm.inboundAddress());
        assertEquals(InboundMailService.AUTOMATIC, quarantined("Gelesen: Angebot").get("reason"));
    }

    @Test
    void aPersonsMailWithAutoSubmittedNoIsLogged() {
        String subject = "Angebot, von Hand geschrieben";
        String raw = mail().from("Lena Berg <" + MEMBER + ">").to("Erika Müller <erika.mueller@augsburg.de>")
                .header("Auto-Submitted", "no").subject(subject).messageId("manual-1@integreat.example")
                .text("Guten Tag Frau Müller").build();
        crm.receive(raw, crm.inboundAddress());
        assertTrue(admin.get("/interactions?limit=50").items().stream().anyMatch(i -> subject.equals(i.get("subject"))),
                "Auto-Submitted: no is a person's mail");
    }

    @Test
    void theCrmsOwnMailsSayTheyAreAutomatic() {
        String raw = mail().from("Lena Berg <" + MEMBER + ">").to("Erika Müller <erika.mueller@augsburg.de>")
                .subject("Termin in Augsburg").messageId("receipt-headers-1@integreat.example").text("Guten Tag").build();
        crm.receive(raw, crm.inboundAddress());
        Map<String, Object> receipt = crm.sentTo(MEMBER).stream()
                .filter(m -> "Abgelegt: Termin in Augsburg".equals(m.get("subject"))).findFirst()
                .orElseThrow(() -> new AssertionError("no receipt: " + crm.sentTo(MEMBER)));
        assertEquals(Map.of("Auto-Submitted", "auto-generated", "X-Auto-Response-Suppress", "All"), receipt.get("headers"));
    }

    private static Map<String, Object> quarantined(String subject) {
        return admin.get("/quarantine?limit=200").items().stream().filter(q -> subject.equals(q.get("subject")))
                .findFirst().orElseThrow(() -> new AssertionError("not quarantined: " + subject));
    }
}
