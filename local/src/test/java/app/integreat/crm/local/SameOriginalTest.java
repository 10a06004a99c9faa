package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same original logged by two members is one interaction with both as loggers (issue 14): by the original's
 * Message-ID (a forward as attachment, a BCC), else by its sender, date, subject and text (a forward in the
 * text); repeated and simultaneous deliveries included. Through SES events; the mails are made up.
 */
class SameOriginalTest {
    static TestCrm crm;
    static Caller admin;
    static final String LENA = "lena@integreat.example";
    static final String JONAS = "jonas@integreat.example";
    static final String MIRA = "mira@integreat.example";
    static String lenaId;
    static String jonasId;
    static String miraId;
    static String petra;

    @BeforeAll
    static void start() {
        crm = new TestCrm();
        admin = crm.admin();
        lenaId = crm.member(LENA, "MEMBER").get("/me").string("id");
        jonasId = crm.member(JONAS, "MEMBER").get("/me").string("id");
        miraId = crm.member(MIRA, "MEMBER").get("/me").string("id");
        String kempten = admin.post("/accounts", Map.of("name", "Stadt Kempten", "type", "MUNICIPALITY",
                "emailDomains", List.of("kempten.example"))).string("id");
        petra = admin.post("/contacts", Map.of("firstName", "Petra", "lastName", "Sommer",
                "emails", List.of("petra.sommer@kempten.example"), "accountId", kempten)).string("id");
    }

    /** Petra's mail to several members, with its own Message-ID. */
    static String original(String messageId, String subject) {
        return mail().from("Petra Sommer <petra.sommer@kempten.example>").to("Lena Berg <" + LENA + ">")
                .cc("Jonas Keller <" + JONAS + ">, Mira Stein <" + MIRA + ">").subject(subject)
                .date("Mon, 30 Nov 2026 10:15:00 +0100").messageId(messageId)
                .text("Guten Tag,\nwir möchten die App in fünf Sprachen anbieten.\nPetra Sommer").build();
    }

    /** What a member's client sends for "forward as attachment". */
    static String forwardAsAttachment(String member, String original) {
        return mail().from(member).to(crm.inboundAddress()).subject("Fwd: " + "ablegen")
                .header("MIME-Version", "1.0").header("Content-Type", "multipart/mixed; boundary=\"b-1\"")
                .rawBody("--b-1\nContent-Type: text/plain; charset=UTF-8\n\nZur Ablage.\n--b-1\n"
                        + "Content-Type: message/rfc822\nContent-Disposition: attachment\n\n" + original + "\n--b-1--\n").build();
    }

    /** A forward in the text, the way Thunderbird or Outlook writes the block. */
    static String forwardInText(String member, String block, String messageId) {
        return mail().from(member).to(crm.inboundAddress()).subject("WG: Sprachen").messageId(messageId).text(block).build();
    }

    static Map<String, Object> deliver(String raw) {
        return crm.inbound().deliver(raw.getBytes(StandardCharsets.UTF_8), "bounce@integreat.example",
                List.of(crm.inboundAddress()), LocalInbound.Verdicts.PASS);
    }

    static long linesOn(String contactId, String subject) {
        return admin.get("/contacts/" + contactId + "/timeline?limit=200").items().stream()
                .filter(e -> subject.equals(e.get("title"))).count();
    }

    /** Invokes the inbound function for a stored mail, as SES does (again, when it retries). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> invoke(String sesId, String member) {
        Map<String, Object> answer = app.integreat.crm.json.Json.object(crm.inbound().invoke(sesId, member,
                List.of(crm.inboundAddress()), LocalInbound.Verdicts.PASS));
        return ((List<Map<String, Object>>) answer.get("results")).get(0);
    }

    @Test
    void twoMembersForwardingTheSameMessageLogOneInteractionWithBothAsLoggers() {
        String original = original("sprachen-1@kempten.example", "Fünf Sprachen");
        Map<String, Object> byLena = deliver(forwardAsAttachment(LENA, original));
        assertEquals("LOGGED", byLena.get("result"), byLena::toString);
        String sesId = LocalInbound.newMessageId();
        crm.inbound().store(sesId, forwardAsAttachment(JONAS, original).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> byJonas = invoke(sesId, JONAS);
        assertEquals("LOGGED", byJonas.get("result"), byJonas::toString);
        assertEquals(byLena.get("id"), byJonas.get("id"), "one interaction");

        Reply interaction = admin.get("/interactions/" + byLena.get("id"));
        assertEquals(lenaId, interaction.string("authorId"));
        assertEquals(List.of(lenaId, jonasId), interaction.json().get("loggedBy"));
        assertEquals(1, linesOn(petra, "Fünf Sprachen"), "one line on the timeline");
        assertTrue(crm.sentTo(JONAS).stream().anyMatch(m -> "Abgelegt: Fünf Sprachen".equals(m.get("subject"))),
                () -> "Jonas gets a receipt: " + crm.sentTo(JONAS));

        // SES delivering Jonas's mail again changes nothing
        assertEquals("DUPLICATE", invoke(sesId, JONAS).get("result"));
        Reply again = admin.get("/interactions/" + byLena.get("id"));
        assertEquals(List.of(lenaId, jonasId), again.json().get("loggedBy"));
        assertEquals(interaction.json().get("version"), again.json().get("version"));
        assertEquals(1, linesOn(petra, "Fünf Sprachen"));
    }

    @Test
    void aBccAndAColleaguesForwardOfItAreOneInteraction() {
        // Lena writes to Petra with Jonas in Cc and BCCs the CRM; Jonas forwards her mail as attachment
        String sent = mail().from("Lena Berg <" + LENA + ">").to("petra.sommer@kempten.example").cc(JONAS)
                .subject("Angebot Sprachen").date("Tue, 01 Dec 2026 11:00:00 +0100").messageId("angebot-1@integreat.example")
                .text("Liebe Frau Sommer,\nanbei das Angebot.").build();
        Map<String, Object> bcc = deliver(sent);
        assertEquals("LOGGED", bcc.get("result"), bcc::toString);
        Map<String, Object> forwarded = deliver(forwardAsAttachment(JONAS, sent));
        assertEquals(bcc.get("id"), forwarded.get("id"), forwarded::toString);
        Reply interaction = admin.get("/interactions/" + bcc.get("id"));
        assertEquals("OUTBOUND", interaction.string("direction"));
        assertEquals(List.of(lenaId, jonasId), interaction.json().get("loggedBy"));
    }

    @Test
    void aForwardInTheTextIsKnownBySenderDateSubjectAndText() {
        // Lena's client quotes the original, Jonas's wraps it differently: the same sender, minute, subject and words
        String lena = forwardInText(LENA, """
                ---------- Forwarded message ---------
                From: Petra Sommer <petra.sommer@kempten.example>
                Date: Tue, 1 Dec 2026 at 08:40
                Subject: Schulung im Februar
                To: Lena Berg <%s>

                > Guten Tag, wir möchten im Februar
                > eine Schulung für zehn Personen.
                """.formatted(LENA), "text-lena@integreat.example");
        String jonas = forwardInText(JONAS, """
                -----Ursprüngliche Nachricht-----
                Von: Petra Sommer <petra.sommer@kempten.example>
                Gesendet: Dienstag, 1. Dezember 2026 08:40
                An: Jonas Keller <%s>
                Betreff: Schulung im Februar

                Guten Tag, wir möchten im Februar eine Schulung
                für zehn Personen.
                """.formatted(JONAS), "text-jonas@integreat.example");
        Map<String, Object> byLena = deliver(lena);
        Map<String, Object> byJonas = deliver(jonas);
        assertEquals("LOGGED", byJonas.get("result"), byJonas::toString);
        assertEquals(byLena.get("id"), byJonas.get("id"));
        assertEquals(List.of(lenaId, jonasId), admin.get("/interactions/" + byLena.get("id")).json().get("loggedBy"));

        // another text under the same subject at the same minute is another mail
        String other = forwardInText(MIRA, """
                ---------- Forwarded message ---------
                From: Petra Sommer <petra.sommer@kempten.example>
                Date: Tue, 1 Dec 2026 at 08:40
                Subject: Schulung im Februar
                To: Mira Stein <%s>

                Bitte auch an Frau Stein: der Termin steht noch nicht fest.
                """.formatted(MIRA), "text-mira@integreat.example");
        Map<String, Object> byMira = deliver(other);
        assertEquals("LOGGED", byMira.get("result"));
        assertNotEquals(byLena.get("id"), byMira.get("id"));
        assertNull(admin.get("/interactions/" + byMira.get("id")).json().get("loggedBy"), "only its author logged it");
    }

    @Test
    void threeMembersForwardingAtOnceMakeOneInteractionWithAllThree() throws Exception {
        String original = original("gleichzeitig-1@kempten.example", "Gleichzeitig");
        List<String> members = List.of(LENA, JONAS, MIRA);
        List<Map<String, Object>> outcomes = Concurrently.run(3, i -> deliver(forwardAsAttachment(members.get(i), original)));
        outcomes.forEach(outcome -> assertEquals("LOGGED", outcome.get("result"), outcomes::toString));
        assertEquals(1, outcomes.stream().map(o -> o.get("id")).distinct().count(), outcomes::toString);
        Reply interaction = admin.get("/interactions/" + outcomes.get(0).get("id"));
        @SuppressWarnings("unchecked")
        List<String> loggers = (List<String>) interaction.json().get("loggedBy");
        assertEquals(3, loggers.size(), interaction::toString);
        assertEquals(java.util.Set.of(lenaId, jonasId, miraId), java.util.Set.copyOf(loggers));
        assertEquals(1, linesOn(petra, "Gleichzeitig"));
    }

    static long receipts(String member, String subject) {
        return crm.sentTo(member).stream().filter(m -> subject.equals(m.get("subject"))).count();
    }

    @Test
    void aMemberWhoBccsAMailAndThenForwardsItLogsItOnce() {
        String sent = mail().from("Mira Stein <" + MIRA + ">").to("petra.sommer@kempten.example")
                .subject("Termin Schulung").date("Tue, 01 Dec 2026 14:00:00 +0100").messageId("termin-1@integreat.example")
                .text("Liebe Frau Sommer,\nder Termin ist der 3. Februar.").build();
        Map<String, Object> bcc = deliver(sent);
        assertEquals("LOGGED", bcc.get("result"), bcc::toString);
        String sesId = LocalInbound.newMessageId();
        crm.inbound().store(sesId, forwardAsAttachment(MIRA, sent).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> forwarded = invoke(sesId, MIRA);
        assertEquals("DUPLICATE", forwarded.get("result"), forwarded::toString);
        assertEquals(bcc.get("id"), forwarded.get("id"), "the interaction it was logged as");
        assertEquals(1, linesOn(petra, "Termin Schulung"), "one line on the timeline");
        Reply interaction = admin.get("/interactions/" + bcc.get("id"));
        assertEquals(miraId, interaction.string("authorId"));
        assertNull(interaction.json().get("loggedBy"), "Mira is its only logger, once");
        assertEquals(1, receipts(MIRA, "Abgelegt: Termin Schulung"));
        assertEquals(1, receipts(MIRA, "Bereits abgelegt: Termin Schulung"), () -> "the receipt says so: " + crm.sentTo(MIRA));

        // SES delivering the forward again: nothing changes, no second notice
        assertEquals("DUPLICATE", invoke(sesId, MIRA).get("result"));
        assertEquals(1, receipts(MIRA, "Bereits abgelegt: Termin Schulung"));
        assertEquals(interaction.json().get("version"), admin.get("/interactions/" + bcc.get("id")).json().get("version"));
    }

    @Test
    void theSameForwardSentTwiceWithAnotherMessageIdAndNoteIsLoggedOnce() {
        String block = """
                %s

                ---------- Forwarded message ---------
                From: Petra Sommer <petra.sommer@kempten.example>
                Date: Tue, 1 Dec 2026 at 09:10
                Subject: Rechnungsadresse
                To: Jonas Keller <%s>

                Bitte schicken Sie die Rechnung an das Hauptamt.
                """;
        Map<String, Object> first = deliver(forwardInText(JONAS, block.formatted("Zur Ablage.", JONAS), "twice-1@integreat.example"));
        assertEquals("LOGGED", first.get("result"), first::toString);
        Map<String, Object> second = deliver(forwardInText(JONAS, block.formatted("Nochmal, sicherheitshalber.", JONAS),
                "twice-2@integreat.example"));
        assertEquals("DUPLICATE", second.get("result"), second::toString);
        assertEquals(first.get("id"), second.get("id"));
        assertEquals(1, linesOn(petra, "Rechnungsadresse"));
        Reply interaction = admin.get("/interactions/" + first.get("id"));
        assertEquals("Zur Ablage.", interaction.string("note"), "the first forward's note stays");
        assertNull(interaction.json().get("loggedBy"));
        assertEquals(1, receipts(JONAS, "Bereits abgelegt: Rechnungsadresse"));
    }
}
