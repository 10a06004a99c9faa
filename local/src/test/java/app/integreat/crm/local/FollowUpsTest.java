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
import org.junit.jupiter.api.Test;

/**
 * "No answer within N days": outbound mails arm a follow-up, an inbound answer from the counterpart or
 * another contact of the account disarms it, and the reminder run turns the rest into tasks once,
 * through SES events, the scheduled function and the API.
 */
class FollowUpsTest {
    final TestClock clock = new TestClock(Instant.parse("2026-11-24T08:00:00Z"));
    final TestCrm crm = new TestCrm(clock);
    final Caller admin = crm.admin();
    final String lena = "lena@integreat.example";
    final String tom = "tom@integreat.example";
    final String augsburg;
    final String erika;
    final String hans;

    FollowUpsTest() {
        crm.member(lena, "MEMBER");
        admin.post("/members", Map.of("email", tom, "name", "Tom", "language", "en"));
        augsburg = admin.post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY",
                "emailDomains", List.of("augsburg.de"))).string("id");
        erika = admin.post("/contacts", Map.of("firstName", "Erika", "lastName", "Müller",
                "emails", List.of("erika.mueller@augsburg.de"), "accountId", augsburg)).string("id");
        hans = admin.post("/contacts", Map.of("firstName", "Hans", "lastName", "Huber",
                "emails", List.of("hans.huber@augsburg.de"), "accountId", augsburg)).string("id");
    }

    /** A member's BCC to the CRM (inbound address or its plus form); returns the interaction. */
    Reply bcc(String from, String to, String subject, String date, String inbound) {
        String raw = mail().from(from).to(to).subject(subject).date(date).messageId(subject.hashCode() + "@integreat.example")
                .text("Guten Tag,\nanbei.\n").build();
        crm.receive(raw, inbound);
        return interaction(subject);
    }

    /** A forwarded answer from an outside person. */
    Reply forward(String member, String originalFrom, String subject, String originalDate) {
        String raw = mail().from(member).to(crm.inboundAddress()).subject("WG: " + subject)
                .date("Fri, 27 Nov 2026 10:00:00 +0100").messageId("fwd-" + subject.hashCode() + "@integreat.example")
                .text("""
                        Zur Info.

                        ---------- Forwarded message ---------
                        From: %s
                        Date: %s
                        Subject: %s
                        To: <%s>

                        Hallo, danke für die Mail.
                        """.formatted(originalFrom, originalDate, subject, member)).build();
        crm.receive(raw, crm.inboundAddress());
        return interaction(subject);
    }

    Reply interaction(String subject) {
        String id = admin.get("/interactions?limit=200").items().stream().filter(i -> subject.equals(i.get("subject")))
                .map(i -> (String) i.get("id")).findFirst()
                .orElseGet(() -> admin.get("/unresolved?limit=200").items().stream().filter(i -> subject.equals(i.get("subject")))
                        .map(i -> (String) i.get("id")).findFirst().orElseThrow(() -> new AssertionError("no mail " + subject)));
        return admin.get("/interactions/" + id);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> followUp(Reply interaction) {
        return (Map<String, Object>) interaction.json().get("followUp");
    }

    Map<String, Object> run() {
        return LocalReminders.run(crm.crm.functions(), RemindersTest.FUNCTION);
    }

    String plus(String tag) {
        String inbound = crm.inboundAddress();
        return inbound.replace("@", "+" + tag + "@");
    }

    @Test
    void armedMailsWithoutAnswerBecomeTasksOnceAndAnswersDisarm() {
        Reply offer = bcc(lena, "Erika Müller <erika.mueller@augsburg.de>", "Angebot Augsburg",
                "Tue, 24 Nov 2026 09:00:00 +0100", crm.inboundAddress());
        assertEquals(Map.of("state", "ARMED", "dueDate", "2026-12-01", "memberId", crm.as(lena).get("/me").string("id")),
                followUp(offer), "the member's default of 7 days");
        Reply unknown = bcc(lena, "Petra Neu <petra@kempten.example>", "Frage an Kempten",
                "Tue, 24 Nov 2026 09:05:00 +0100", plus("3d"));
        assertEquals("2026-11-27", followUp(unknown).get("dueDate"), "crm+3d@ sets it for this mail");
        Reply noFollowUp = bcc(lena, "erika.mueller@augsburg.de", "Nur zur Info",
                "Tue, 24 Nov 2026 09:10:00 +0100", plus("nofollowup"));
        assertEquals(Map.of("state", "OFF"), followUp(noFollowUp));
        Reply english = bcc(tom, "erika.mueller@augsburg.de", "Our offer", "Tue, 24 Nov 2026 09:20:00 +0100", plus("2d"));
        assertEquals("2026-11-26", followUp(english).get("dueDate"));
        assertNull(followUp(admin.get("/interactions/" + admin.post("/interactions", Map.of("type", "CALL",
                "contactIds", List.of(erika), "summary", "Telefonat")).string("id"))), "only outbound mails have one");

        // Hans, another contact of Augsburg, answers the offer (and Tom's mail): both are disarmed
        clock.set(Instant.parse("2026-11-25T08:00:00Z"));
        Reply answer = forward(lena, "Hans Huber <hans.huber@augsburg.de>", "Angebot Augsburg", "Wed, 25 Nov 2026 at 08:30");
        assertEquals("INBOUND", answer.string("direction"));
        assertNull(followUp(answer), "an inbound mail arms nothing");
        Map<String, Object> answered = followUp(admin.get("/interactions/" + offer.string("id")));
        assertEquals("ANSWERED", answered.get("state"));
        assertEquals(answer.string("id"), answered.get("answeredBy"));
        assertEquals("ANSWERED", followUp(admin.get("/interactions/" + english.string("id"))).get("state"));
        assertEquals("ARMED", followUp(admin.get("/interactions/" + unknown.string("id"))).get("state"),
                "Augsburg's answer does not answer a mail to Kempten");

        clock.set(Instant.parse("2026-11-26T06:00:00Z"));
        assertEquals(0, ((Number) run().get("followUpTasks")).intValue(), "nothing due yet");

        clock.set(Instant.parse("2026-11-27T06:00:00Z")); // 07:00 in Berlin
        crm.operations.clear();
        Map<String, Object> result = run();
        assertFalse(crm.operations.contains("Scan"), crm.operations::toString);
        assertEquals(1, ((Number) result.get("followUpTasks")).intValue(), result::toString);
        Map<String, Object> armed = followUp(admin.get("/interactions/" + unknown.string("id")));
        assertEquals("TASK_CREATED", armed.get("state"));
        Reply task = admin.get("/tasks/" + armed.get("taskId"));
        assertEquals("Keine Antwort: Frage an Kempten", task.string("title"));
        assertEquals("2026-11-27", task.string("dueDate"));
        assertEquals("NO_REPLY", task.string("origin"));
        assertEquals(unknown.string("id"), task.string("interactionId"));
        assertEquals(crm.as(lena).get("/me").string("id"), task.string("assigneeId"));
        List<Map<String, Object>> digests = crm.sentTo(lena).stream()
                .filter(m -> String.valueOf(m.get("subject")).startsWith("Ihre Aufgaben")).toList();
        assertEquals(1, digests.size(), digests::toString);
        assertTrue(digests.get(0).get("body").toString().contains("Keine Antwort: Frage an Kempten"), digests::toString);

        // a rerun, and a late answer, change nothing
        assertEquals(0, ((Number) run().get("followUpTasks")).intValue());
        forward(lena, "Petra Neu <petra@kempten.example>", "Frage an Kempten", "Fri, 27 Nov 2026 at 08:30");
        assertEquals("TASK_CREATED", followUp(admin.get("/interactions/" + unknown.string("id"))).get("state"));
        assertEquals(1, crm.as(lena).get("/tasks?assignee=me&status=OPEN").items().stream()
                .filter(t -> "NO_REPLY".equals(t.get("origin"))).count());
    }

    @Test
    void linkedRecordsEnglishTitlesTheMemberSettingAndOldForwards() {
        assertEquals(422, admin.ifMatch("\"1\"").patch("/members/" + admin.get("/me").string("id"),
                Map.of("followUpDays", 366)).status());
        Caller tomCaller = crm.as(tom);
        Reply me = tomCaller.get("/me");
        assertEquals(7, ((Number) me.json().get("followUpDays")).intValue());
        Reply set = tomCaller.ifMatch(me.etag()).patch("/members/" + me.string("id"), Map.of("followUpDays", 1));
        assertEquals(200, set.status(), set::toString);

        Reply mail = bcc(tom, "erika.mueller@augsburg.de", "Contract draft", "Tue, 24 Nov 2026 09:00:00 +0100",
                crm.inboundAddress());
        assertEquals("2026-11-25", followUp(mail).get("dueDate"));
        // a forward of a mail Erika wrote before Tom's does not answer it
        clock.set(Instant.parse("2026-11-24T10:00:00Z"));
        forward(tom, "Erika Müller <erika.mueller@augsburg.de>", "Alte Frage", "Mon, 23 Nov 2026 at 08:30");
        assertEquals("ARMED", followUp(admin.get("/interactions/" + mail.string("id"))).get("state"));

        clock.set(Instant.parse("2026-11-25T06:00:00Z"));
        assertEquals(1, ((Number) run().get("followUpTasks")).intValue());
        Reply task = admin.get("/tasks/" + followUp(admin.get("/interactions/" + mail.string("id"))).get("taskId"));
        assertEquals("No reply: Contract draft", task.string("title"));
        assertEquals(erika, task.string("contactId"));
        assertEquals(augsburg, task.string("accountId"));

        Reply off = tomCaller.get("/me");
        tomCaller.ifMatch(off.etag()).patch("/members/" + off.string("id"), Map.of("followUpDays", 0));
        Reply none = bcc(tom, "erika.mueller@augsburg.de", "No follow-up", "Wed, 25 Nov 2026 09:00:00 +0100", crm.inboundAddress());
        assertEquals(Map.of("state", "OFF"), followUp(none), "0 days turns it off");

        Reply current = tomCaller.get("/me");
        Reply text = tomCaller.ifMatch(current.etag()).patch("/members/" + current.string("id"), Map.of("followUpDays", "3"));
        assertEquals(422, text.status());
        assertEquals(List.of(Map.of("field", "followUpDays", "detail", "must be a number")), text.json().get("errors"));
        Map<String, Object> reset = new java.util.HashMap<>();
        reset.put("followUpDays", null);
        Reply defaulted = tomCaller.ifMatch(current.etag()).patch("/members/" + current.string("id"), reset);
        assertEquals(7, ((Number) defaulted.json().get("followUpDays")).intValue(), "null goes back to the default");
    }

    @Test
    void aRunStopsAtItsBoundAndTheNextGoesOn() {
        for (int i = 1; i <= 5; i++) {
            bcc(lena, "erika.mueller@augsburg.de", "Mail " + i, "Tue, 24 Nov 2026 09:0" + i + ":00 +0100", plus("1d"));
        }
        clock.set(Instant.parse("2026-11-25T06:00:00Z"));
        var bounded = crm.crm.services().reminders().withPaging(2, 1);
        crm.operations.clear();
        assertEquals(2, bounded.run(clock.instant()).followUpTasks(), "one page of two");
        assertFalse(crm.operations.contains("Scan"));
        assertEquals(3, bounded.withPaging(2, 2).run(clock.instant()).followUpTasks(), "the next run goes on: a page of two, then one");
        assertEquals(0, bounded.run(clock.instant()).followUpTasks());
        assertEquals(5, crm.as(lena).get("/tasks?assignee=me&status=OPEN").items().stream()
                .filter(t -> "NO_REPLY".equals(t.get("origin"))).count(), "each mail once");
    }

    @Test
    void aReplyWithTheCrmInCcArmsOne() {
        String raw = mail().from(lena).to("Erika Müller <erika.mueller@augsburg.de>").cc(crm.inboundAddress())
                .subject("Re: Ihre Frage").date("Tue, 24 Nov 2026 09:00:00 +0100").messageId("reply-cc@integreat.example")
                .text("Guten Tag Frau Müller,\ndie App unterstützt zwölf Sprachen.\n\nAm 23.11.2026 schrieb Erika Müller:\n> Wie viele Sprachen?\n")
                .build();
        crm.receive(raw, crm.inboundAddress());
        Reply reply = interaction("Ihre Frage");
        assertEquals("OUTBOUND", reply.string("direction"), reply::toString);
        assertEquals("ARMED", followUp(reply).get("state"));
        assertEquals("2026-12-01", followUp(reply).get("dueDate"));
    }

    @Test
    void anUnknownAddressThatBecomesAContactStillAnswers() {
        Reply mail = bcc(lena, "Nina Neu <nina@kempten.example>", "Anfrage Kempten", "Tue, 24 Nov 2026 09:00:00 +0100",
                crm.inboundAddress());
        assertEquals(Boolean.TRUE, mail.json().get("unresolved"));
        assertEquals("ARMED", followUp(mail).get("state"));
        String kempten = admin.post("/accounts", Map.of("name", "Stadt Kempten", "type", "MUNICIPALITY")).string("id");
        Reply nina = admin.post("/contacts", Map.of("lastName", "Neu", "emails", List.of("nina@kempten.example"), "accountId", kempten));
        assertEquals(1, ((Number) nina.json().get("linkedMails")).intValue(), nina::toString);
        clock.set(Instant.parse("2026-11-25T08:00:00Z"));
        Reply answer = forward(lena, "Nina Neu <nina@kempten.example>", "Anfrage Kempten", "Wed, 25 Nov 2026 at 08:30");
        assertEquals(List.of(nina.string("id")), answer.json().get("contactIds"));
        Map<String, Object> answered = followUp(admin.get("/interactions/" + mail.string("id")));
        assertEquals("ANSWERED", answered.get("state"), answered::toString);
        assertEquals(answer.string("id"), answered.get("answeredBy"));
        // a discarded mail leaves no follow-up behind
        Reply other = bcc(lena, "x@unbekannt.example", "Verworfen", "Wed, 25 Nov 2026 09:00:00 +0100", crm.inboundAddress());
        assertEquals(204, admin.delete("/unresolved/" + other.string("id")).status());
        clock.set(Instant.parse("2026-12-03T06:00:00Z"));
        assertEquals(0, ((Number) run().get("followUpTasks")).intValue());
    }
}
