package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a mail is (issue 14): the member's own mail when people outside are among its visible recipients, a
 * forward whenever the CRM is its only outside recipient (whatever the subject), the original of a forward of
 * forwards, and a date that cannot be true replaced by the receipt. Through SES events; fixtures are made up.
 */
class WhatTheMailIsTest {
    static final Instant RECEIVED = Instant.parse("2026-12-01T10:00:00Z");
    static TestCrm crm;
    static Caller admin;
    static final String LENA = "lena@integreat.example";
    static final String JONAS = "jonas@integreat.example";
    static String kempten;
    static String petra;

    @BeforeAll
    static void start() {
        crm = new TestCrm(new TestClock(RECEIVED));
        admin = crm.admin();
        crm.member(LENA, "MEMBER");
        crm.member(JONAS, "MEMBER");
        kempten = admin.post("/accounts", Map.of("name", "Stadt Kempten", "type", "MUNICIPALITY",
                "emailDomains", List.of("kempten.example"))).string("id");
        petra = admin.post("/contacts", Map.of("firstName", "Petra", "lastName", "Sommer",
                "emails", List.of("petra.sommer@kempten.example"), "accountId", kempten)).string("id");
    }

    static Reply logged(Map<String, Object> outcome) {
        assertEquals("LOGGED", outcome.get("result"), outcome::toString);
        Reply interaction = admin.get("/interactions/" + outcome.get("id"));
        assertEquals(200, interaction.status(), interaction::toString);
        return interaction;
    }

    static Map<String, Object> deliver(String raw) {
        return crm.inbound().deliver(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8), "bounce@integreat.example",
                List.of(crm.inboundAddress()), LocalInbound.Verdicts.PASS);
    }

    @SuppressWarnings("unchecked")
    static List<String> participants(Reply interaction) {
        return ((List<Map<String, Object>>) interaction.json().get("participants")).stream()
                .map(p -> (String) p.get("email")).toList();
    }

    @Test
    void aReplyWithTheCrmInCcIsTheMembersOwnMailEvenWithAnOutlookQuote() {
        // Outlook prints the same "Ursprüngliche Nachricht" block for a reply as for a forward
        String raw = mail().from("Lena Berg <" + LENA + ">").to("Petra Sommer <petra.sommer@kempten.example>")
                .cc(crm.inboundAddress()).subject("AW: Termin im Januar").date("Mon, 30 Nov 2026 16:20:00 +0100")
                .messageId("reply-cc-1@integreat.example").text("""
                        Liebe Frau Sommer,
                        der 12. Januar passt uns gut.
                        Lena Berg

                        -----Ursprüngliche Nachricht-----
                        Von: Max Hauser <max.hauser@stadtwerke.example>
                        Gesendet: Montag, 30. November 2026 09:12
                        An: Lena Berg <%s>
                        Betreff: Termin im Januar

                        Wann passt es Ihnen im Januar?
                        """.formatted(LENA)).build();
        Reply interaction = logged(deliver(raw));
        assertEquals("OUTBOUND", interaction.string("direction"));
        assertEquals("2026-11-30T15:20:00Z", interaction.string("occurredAt"), "its own date, not the quote's");
        assertEquals(List.of("petra.sommer@kempten.example"), participants(interaction), "the quoted sender is no counterpart");
        assertEquals(List.of(petra), interaction.json().get("contactIds"));
        assertTrue(interaction.string("body").startsWith("Liebe Frau Sommer"), interaction::toString);
        assertTrue(interaction.string("body").contains("Wann passt es Ihnen"), "the quoted thread stays with the mail");
        assertNull(interaction.json().get("note"));
    }

    @Test
    void aForwardIsRecognisedWhateverTheSubjectSays() {
        // a bare Outlook header block without a separator counts only for a forward; the subject says nothing of it
        String raw = mail().from(LENA).to(crm.inboundAddress()).subject("Zur Info: bitte ablegen")
                .date("Tue, 01 Dec 2026 09:00:00 +0100").messageId("rewritten-1@integreat.example").text("""
                        bitte bei Kempten ablegen

                        Von: Petra Sommer <petra.sommer@kempten.example>
                        Gesendet: Freitag, 27. November 2026 11:45
                        An: Lena Berg <%s>
                        Betreff: Unterlagen für den Stadtrat

                        Guten Tag Frau Berg,
                        anbei die Unterlagen für die Sitzung.
                        """.formatted(LENA)).build();
        Reply interaction = logged(deliver(raw));
        assertEquals("INBOUND", interaction.string("direction"));
        assertEquals("Unterlagen für den Stadtrat", interaction.string("subject"));
        assertEquals("2026-11-27T10:45:00Z", interaction.string("occurredAt"));
        assertEquals(List.of("petra.sommer@kempten.example"), participants(interaction));
        assertEquals("bitte bei Kempten ablegen", interaction.string("note"));
        assertTrue(interaction.string("body").startsWith("Guten Tag Frau Berg"), interaction::toString);
    }

    @Test
    void aForwardUnderAnotherSubjectIsRecognisedThroughTheRunnersSmtpPort() throws Exception {
        String raw = mail().from(LENA).to(crm.inboundAddress()).subject("bitte ablegen")
                .date("Tue, 01 Dec 2026 09:10:00 +0100").messageId("smtp-1@integreat.example").text("""
                        Von: Petra Sommer <petra.sommer@kempten.example>
                        Gesendet: Donnerstag, 26. November 2026 15:30
                        An: Lena Berg <%s>
                        Betreff: Haushaltsmittel 2027

                        Die Mittel sind bewilligt.
                        """.formatted(LENA)).build();
        try (app.integreat.crm.local.SmtpListener smtp = new app.integreat.crm.local.SmtpListener(crm.inbound(), crm.inboundAddress(), 0)) {
            smtp.start();
            TestSmtp.send(smtp.port(), LENA, List.of(crm.inboundAddress()), raw);
        }
        // the listener answers 250 once the inbound function has run
        Map<String, Object> line = admin.get("/contacts/" + petra + "/timeline?limit=200").items().stream()
                .filter(e -> "Haushaltsmittel 2027".equals(e.get("title"))).findFirst()
                .orElseThrow(() -> new AssertionError("not on Petra's timeline"));
        Reply interaction = admin.get("/interactions/" + line.get("refId"));
        assertEquals("INBOUND", interaction.string("direction"));
        assertEquals("2026-11-26T14:30:00Z", interaction.string("occurredAt"));
    }

    @Test
    void aReplyLineForwardedUnderAnotherSubjectIsAForwardToo() {
        String raw = mail().from(LENA).to(crm.inboundAddress()).subject("für die Akte")
                .date("Tue, 01 Dec 2026 09:05:00 +0100").messageId("rewritten-2@integreat.example").text("""
                        Am 26.11.2026 um 08:30 schrieb Petra Sommer <petra.sommer@kempten.example>:
                        > Wir haben noch Fragen zum Datenschutz.
                        """).build();
        Reply interaction = logged(deliver(raw));
        assertEquals("INBOUND", interaction.string("direction"));
        assertEquals(List.of("petra.sommer@kempten.example"), participants(interaction));
        assertTrue(interaction.string("body").startsWith("Wir haben noch Fragen"), interaction::toString);
    }

    @Test
    @SuppressWarnings("unchecked")
    void inAForwardOfAForwardTheInnermostOutsideSenderIsTheOriginalAndTheChainIsKept() {
        // Jonas (a member) forwarded Petra's mail to Lena; Lena forwards it on to the CRM, subject rewritten
        String raw = mail().from(LENA).to(crm.inboundAddress()).subject("Ablage")
                .date("Tue, 01 Dec 2026 09:30:00 +0100").messageId("chain-1@integreat.example").text("""
                        von Jonas bekommen

                        ---------- Forwarded message ---------
                        From: Jonas Keller <%s>
                        Date: Mon, 30 Nov 2026 at 17:00
                        Subject: WG: Angebot Übersetzungen
                        To: Lena Berg <%s>

                        Lena, kannst du das übernehmen?

                        ---------- Forwarded message ---------
                        From: Petra Sommer <petra.sommer@kempten.example>
                        Date: Mon, 30 Nov 2026 at 10:15
                        Subject: Angebot Übersetzungen
                        To: Jonas Keller <%s>

                        Guten Tag Herr Keller,
                        wir hätten gern ein Angebot für fünf Sprachen.
                        """.formatted(JONAS, LENA, JONAS)).build();
        Reply interaction = logged(deliver(raw));
        assertEquals("INBOUND", interaction.string("direction"));
        assertEquals("Angebot Übersetzungen", interaction.string("subject"));
        assertEquals("2026-11-30T09:15:00Z", interaction.string("occurredAt"));
        assertEquals(List.of("petra.sommer@kempten.example"), participants(interaction), "members are no counterparts");
        assertEquals(List.of(petra), interaction.json().get("contactIds"));
        assertTrue(interaction.string("body").startsWith("Guten Tag Herr Keller"), interaction::toString);
        assertEquals("von Jonas bekommen", interaction.string("note"));
        List<Map<String, Object>> chain = (List<Map<String, Object>>) interaction.json().get("forwardChain");
        assertEquals(2, chain.size(), interaction::toString);
        assertEquals(JONAS, chain.get(0).get("fromEmail"));
        assertEquals("WG: Angebot Übersetzungen", chain.get(0).get("subject"));
        assertEquals("2026-11-30T16:00:00Z", chain.get(0).get("date"));
        assertEquals("petra.sommer@kempten.example", chain.get(1).get("fromEmail"));
        assertEquals("Petra Sommer", chain.get(1).get("fromName"));
    }

    @Test
    void aSingleForwardKeepsNoChain() {
        String raw = mail().from(LENA).to(crm.inboundAddress()).subject("WG: Rückruf")
                .date("Tue, 01 Dec 2026 09:40:00 +0100").messageId("single-1@integreat.example").text("""
                        ---------- Forwarded message ---------
                        From: Petra Sommer <petra.sommer@kempten.example>
                        Date: Mon, 30 Nov 2026 at 12:00
                        Subject: Rückruf
                        To: Lena Berg <%s>

                        Bitte rufen Sie mich zurück.
                        """.formatted(LENA)).build();
        Reply interaction = logged(deliver(raw));
        assertFalse(interaction.json().containsKey("forwardChain"), interaction::toString);
        assertNull(interaction.json().get("claimedDate"));
    }

    @Test
    void aForwardedOriginalDatedInTheFutureIsLoggedAtItsReceiptWithTheClaimKept() {
        String raw = mail().from(LENA).to(crm.inboundAddress()).subject("WG: Einladung")
                .date("Tue, 01 Dec 2026 10:59:00 +0100").messageId("future-1@integreat.example").text("""
                        ---------- Forwarded message ---------
                        From: Petra Sommer <petra.sommer@kempten.example>
                        Date: Thu, 1 Jan 2099 at 08:00
                        Subject: Einladung
                        To: Lena Berg <%s>

                        Wir laden Sie ein.
                        """.formatted(LENA)).build();
        Reply interaction = logged(deliver(raw));
        assertEquals(RECEIVED.toString(), interaction.string("occurredAt"));
        assertEquals("2099-01-01T07:00:00Z", interaction.string("claimedDate"));
        @SuppressWarnings("unchecked")
        Map<String, Object> line = admin.get("/contacts/" + petra + "/timeline?limit=200").items().stream()
                .filter(e -> "Einladung".equals(e.get("title"))).findFirst().orElseThrow();
        assertEquals(RECEIVED.toString(), line.get("at"), "the timeline line is at the receipt too");
    }

    @Test
    void aMailDatedBefore1990OrADayAheadIsLoggedAtItsReceipt() {
        Reply old = logged(deliver(mail().from(LENA).to("petra.sommer@kempten.example").subject("Uralt")
                .date("Tue, 01 Jan 1980 00:00:00 +0000").messageId("old-1@integreat.example").text("...").build()));
        assertEquals(RECEIVED.toString(), old.string("occurredAt"));
        assertEquals("1980-01-01T00:00:00Z", old.string("claimedDate"));

        Reply ahead = logged(deliver(mail().from(LENA).to("petra.sommer@kempten.example").subject("Zu früh")
                .date("Thu, 03 Dec 2026 10:00:01 +0000").messageId("ahead-1@integreat.example").text("...").build()));
        assertEquals(RECEIVED.toString(), ahead.string("occurredAt"));
        assertEquals("2026-12-03T10:00:01Z", ahead.string("claimedDate"));

        // within a day of the receipt a clock may be off: the mail's own date stands
        Reply soon = logged(deliver(mail().from(LENA).to("petra.sommer@kempten.example").subject("Bald")
                .date("Wed, 02 Dec 2026 09:00:00 +0000").messageId("soon-1@integreat.example").text("...").build()));
        assertEquals("2026-12-02T09:00:00Z", soon.string("occurredAt"));
        assertNull(soon.json().get("claimedDate"));
    }
}
