package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A mail only between members (no one outside, no plus address) is not logged, and its receipt says why (issue 14). */
class MemberOnlyMailTest {
    static final String LENA = "lena@integreat.example";
    static final String OTTO = "otto@integreat.example";

    static Map<String, Object> deliver(TestCrm crm, String raw, String... recipients) {
        return crm.inbound().deliver(raw.getBytes(StandardCharsets.UTF_8), LENA, List.of(recipients), LocalInbound.Verdicts.PASS);
    }

    @Test
    void aMailBetweenTwoMembersIsQuarantinedAsInternalAndTheReceiptSaysSo() {
        TestCrm crm = new TestCrm();
        crm.member(LENA, "MEMBER");
        crm.member(OTTO, "MEMBER");
        Map<String, Object> outcome = deliver(crm, mail().from(LENA).to(OTTO).cc(crm.inboundAddress()).subject("Mittagessen?")
                .text("Gehen wir um 12?").build(), crm.inboundAddress());
        assertEquals("QUARANTINED", outcome.get("result"));
        List<Map<String, Object>> quarantine = crm.admin().get("/quarantine").items();
        assertEquals(1, quarantine.size());
        assertTrue(((String) quarantine.get(0).get("reason")).startsWith("internal:"), quarantine::toString);
        assertEquals(List.of(), crm.admin().get("/unresolved").items(), "it does not wait in the unresolved inbox");
        List<Map<String, Object>> receipts = crm.sentTo(LENA);
        assertEquals(1, receipts.size(), receipts::toString);
        assertEquals("Nicht abgelegt: Mittagessen?", receipts.get(0).get("subject"));
        assertTrue(((String) receipts.get(0).get("body")).contains("nur an Mitglieder des Teams"), receipts::toString);
    }

    @Test
    void throughTheRunnersSmtpPortAMailBetweenMembersIsNotLogged() throws Exception {
        TestCrm crm = new TestCrm();
        crm.member(LENA, "MEMBER");
        crm.member(OTTO, "MEMBER");
        try (SmtpListener smtp = new SmtpListener(crm.inbound(), crm.inboundAddress(), 0)) {
            smtp.start();
            // a BCC to the inbound address: only the inbound address is in this server's envelope
            WebPageTest.sendMail(smtp.port(), LENA, List.of(crm.inboundAddress()), String.join("\r\n",
                    "From: Lena <" + LENA + ">", "To: Otto <" + OTTO + ">", "Subject: Kaffee", "", "Um drei?"));
        }
        List<Map<String, Object>> quarantine = crm.admin().get("/quarantine").items();
        assertEquals(1, quarantine.size(), quarantine::toString);
        assertTrue(((String) quarantine.get(0).get("reason")).startsWith("internal:"), quarantine::toString);
        assertEquals(List.of("Nicht abgelegt: Kaffee"), crm.sentTo(LENA).stream().map(m -> m.get("subject")).toList());
    }

    @Test
    void aForwardOfAColleaguesMailToAColleagueIsInternalToo() {
        TestCrm crm = new TestCrm();
        crm.member(LENA, "MEMBER");
        crm.member(OTTO, "MEMBER");
        String raw = mail().from(LENA).to(crm.inboundAddress()).subject("WG: Urlaubsplan").text("""
                zur Info

                ---------- Forwarded message ---------
                From: Otto <otto@integreat.example>
                Date: Mon, 23 Nov 2026 at 10:00
                Subject: Urlaubsplan
                To: Lena <lena@integreat.example>

                Ich bin im Dezember weg.
                """).build();
        assertEquals("QUARANTINED", deliver(crm, raw, crm.inboundAddress()).get("result"));
        assertTrue(((String) crm.admin().get("/quarantine").items().get(0).get("reason")).startsWith("internal:"));
    }

    @Test
    void anOutsiderOrAPlusAddressMakesItAConversationToLog() {
        TestCrm crm = new TestCrm();
        crm.member(LENA, "MEMBER");
        crm.member(OTTO, "MEMBER");
        String account = crm.admin().post("/accounts", Map.of("name", "Stadt Ulm", "type", "MUNICIPALITY")).string("id");
        String plus = crm.inboundAddress().replace("@", "+" + account + "@");
        assertEquals("LOGGED", deliver(crm, mail().from(LENA).to(OTTO).cc(plus).subject("Ulm intern").text("...").build(),
                plus).get("result"), "a plus address asks for the record");
        assertEquals("UNRESOLVED", deliver(crm, mail().from(LENA).to(OTTO).cc("new@elsewhere.example").subject("Mit Gast")
                .text("...").build(), crm.inboundAddress()).get("result"));
        assertEquals(List.of(), crm.admin().get("/quarantine").items());
    }
}
