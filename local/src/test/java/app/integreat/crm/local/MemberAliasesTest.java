package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A member's aliases (issue 14): admins set them on the member, a member adds one through a single-use link
 * mailed to that address; mail from an alias counts as the member's, and is held like any without DMARC PASS.
 */
class MemberAliasesTest {
    static final String LENA = "lena@integreat.example";
    static final String PRIVATE = "lena.berg@privat.example";
    static final Pattern LINK = Pattern.compile("#/aliases/confirm/([A-Za-z0-9_-]+)");

    static Map<String, Object> deliver(TestCrm crm, String from, String subject, LocalInbound.Verdicts verdicts) {
        String raw = mail().from(from).to("erika.mueller@augsburg.de").subject(subject).text("...").build();
        return crm.inbound().deliver(raw.getBytes(StandardCharsets.UTF_8), from, List.of(crm.inboundAddress()), verdicts);
    }

    @Test
    void anAdminSetsAliasesAndMailFromOneIsTheMembers() {
        TestCrm crm = new TestCrm();
        Caller lena = crm.member(LENA, "MEMBER");
        crm.admin().post("/contacts", Map.of("lastName", "Müller", "emails", List.of("erika.mueller@augsburg.de")));
        Reply me = lena.get("/me");
        String id = me.string("id");
        Reply set = crm.admin().ifMatch(me.etag()).patch("/members/" + id, Map.of("aliases", List.of("Lena.Berg@Privat.example")));
        assertEquals(200, set.status(), set::toString);
        assertEquals(List.of(PRIVATE), set.json().get("aliases"), "normalised");

        Map<String, Object> logged = deliver(crm, PRIVATE, "Vom privaten Konto", LocalInbound.Verdicts.PASS);
        assertEquals("LOGGED", logged.get("result"), logged::toString);
        Reply interaction = crm.admin().get("/interactions/" + logged.get("id"));
        assertEquals(id, interaction.string("authorId"));
        assertTrue(crm.sentTo(LENA).stream().anyMatch(m -> "Abgelegt: Vom privaten Konto".equals(m.get("subject"))),
                "the receipt goes to the member's own address");

        assertEquals("HELD", deliver(crm, PRIVATE, "Unbestätigt", new LocalInbound.Verdicts("PASS", "PASS", "GRAY")).get("result"));
        assertEquals(List.of("Unbestätigt"), lena.get("/pending-mails").items().stream().map(m -> m.get("subject")).toList());

        // removed, the address is a stranger again
        Reply removed = crm.admin().ifMatch(set.etag()).patch("/members/" + id, Map.of("aliases", List.of()));
        assertEquals(200, removed.status(), removed::toString);
        assertEquals("QUARANTINED", deliver(crm, PRIVATE, "Wieder fremd", LocalInbound.Verdicts.PASS).get("result"));
    }

    @Test
    void anAliasIsUniqueAndNeverAContactsOrAMembersAddress() {
        TestCrm crm = new TestCrm();
        Caller lena = crm.member(LENA, "MEMBER");
        Caller otto = crm.member("otto@integreat.example", "MEMBER");
        crm.admin().post("/contacts", Map.of("lastName", "Müller", "emails", List.of("erika.mueller@augsburg.de")));
        Reply me = lena.get("/me");
        Reply set = crm.admin().ifMatch(me.etag()).patch("/members/" + me.string("id"), Map.of("aliases", List.of(PRIVATE)));
        assertEquals(200, set.status());

        Reply ottos = otto.get("/me");
        Reply taken = crm.admin().ifMatch(ottos.etag()).patch("/members/" + ottos.string("id"), Map.of("aliases", List.of(PRIVATE)));
        assertEquals(409, taken.status(), taken::toString);
        assertTrue(taken.body().contains("aliases"), taken::toString);
        Reply contact = crm.admin().ifMatch(ottos.etag()).patch("/members/" + ottos.string("id"),
                Map.of("aliases", List.of("erika.mueller@augsburg.de")));
        assertEquals(409, contact.status(), contact::toString);
        Reply member = crm.admin().ifMatch(ottos.etag()).patch("/members/" + ottos.string("id"), Map.of("aliases", List.of(LENA)));
        assertEquals(409, member.status(), member::toString);
        Reply invalid = crm.admin().ifMatch(ottos.etag()).patch("/members/" + ottos.string("id"), Map.of("aliases", List.of("kein-at")));
        assertEquals(422, invalid.status(), invalid::toString);
        assertTrue(invalid.body().contains("aliases"), invalid::toString);
        assertEquals(List.of(), otto.get("/me").json().get("aliases"), "nothing was written");
        Reply newMember = crm.admin().post("/members", Map.of("email", PRIVATE, "name", "Doppelt"));
        assertEquals(409, newMember.status(), "a member's alias is not a new member's address");
        Reply bySelf = otto.ifMatch(ottos.etag()).patch("/members/" + ottos.string("id"), Map.of("aliases", List.of("otto@privat.example")));
        assertEquals(403, bySelf.status(), "a member adds their own through the confirmation link");
    }

    @Test
    void aMemberAddsAnAliasThroughASingleUseLinkMailedToIt() {
        TestClock clock = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));
        TestCrm crm = new TestCrm(clock);
        Caller lena = crm.member(LENA, "MEMBER");
        Caller otto = crm.member("otto@integreat.example", "MEMBER");
        Reply asked = lena.post("/me/aliases", Map.of("address", PRIVATE));
        assertEquals(200, asked.status(), asked::toString);
        assertEquals(List.of(), lena.get("/me").json().get("aliases"), "not active before it is confirmed");
        assertEquals("QUARANTINED", deliver(crm, PRIVATE, "Zu früh", LocalInbound.Verdicts.PASS).get("result"));

        List<Map<String, Object>> mails = crm.sentTo(PRIVATE);
        assertEquals(1, mails.size(), "the link goes to the alias itself, not to the member's address");
        Matcher link = LINK.matcher((String) mails.get(0).get("body"));
        assertTrue(link.find(), mails::toString);
        String token = link.group(1);

        assertEquals(404, otto.post("/me/aliases/confirm", Map.of("token", token)).status(), "another member's link");
        assertEquals(404, lena.post("/me/aliases/confirm", Map.of("token", token + "x")).status());
        Reply confirmed = lena.post("/me/aliases/confirm", Map.of("token", token));
        assertEquals(200, confirmed.status(), confirmed::toString);
        assertEquals(List.of(PRIVATE), confirmed.json().get("aliases"));
        assertEquals(404, lena.post("/me/aliases/confirm", Map.of("token", token)).status(), "single use");
        assertEquals("UNRESOLVED", deliver(crm, PRIVATE, "Jetzt meins", LocalInbound.Verdicts.PASS).get("result"));

        // a link expires
        assertEquals(200, lena.post("/me/aliases", Map.of("address", "lena@zweit.example")).status());
        Matcher second = LINK.matcher((String) crm.sentTo("lena@zweit.example").get(0).get("body"));
        assertTrue(second.find());
        clock.advance(Duration.ofDays(3).plusMinutes(1));
        assertEquals(404, lena.post("/me/aliases/confirm", Map.of("token", second.group(1))).status());
        assertEquals(List.of(PRIVATE), lena.get("/me").json().get("aliases"));
        assertEquals(409, lena.post("/me/aliases", Map.of("address", PRIVATE)).status(), "already an alias");
        assertEquals(409, otto.post("/me/aliases", Map.of("address", PRIVATE)).status(), "another member's alias");
        assertEquals(422, lena.post("/me/aliases", Map.of("address", "kein-at")).status());
    }
}
