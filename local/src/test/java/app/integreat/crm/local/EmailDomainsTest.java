package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The account's emailDomains: free-mail domains are refused, a domain logs a mail only while exactly
 * one account claims it; and a delivery to an address of the inbound domain that is not the CRM's is
 * quarantined with that reason.
 */
class EmailDomainsTest {
    static final String MEMBER = "domains@integreat.example";

    @Test
    void freeMailDomainsAreRefusedAndOthersStoredInLowerCase() {
        TestCrm crm = new TestCrm();
        Caller admin = crm.admin();
        for (String free : List.of("gmx.de", "GMAIL.com", "web.de", "t-online.de")) {
            Reply refused = admin.post("/accounts", Map.of("name", "Frei " + free, "type", "OTHER", "emailDomains", List.of("augsburg.de", free)));
            assertEquals(422, refused.status(), free + ": " + refused);
            assertEquals(Set.of("emailDomains"), AccountsApiTest.fields(refused), refused::toString);
        }
        Reply notADomain = admin.post("/accounts", Map.of("name", "Kein", "type", "OTHER", "emailDomains", List.of("augsburg")));
        assertEquals(422, notADomain.status(), notADomain::toString);
        Reply created = admin.post("/accounts", Map.of("name", "Stadt Ulm", "type", "MUNICIPALITY", "emailDomains", List.of("ULM.de", "ulm.de")));
        assertEquals(201, created.status(), created::toString);
        assertEquals(List.of("ulm.de"), created.json().get("emailDomains"));
        String id = created.string("id");
        Reply patched = admin.ifMatch(created.etag()).patch("/accounts/" + id, Map.of("emailDomains", List.of("ulm.de", "gmx.de")));
        assertEquals(422, patched.status(), patched::toString);
        assertEquals(List.of("ulm.de"), admin.get("/accounts/" + id).json().get("emailDomains"), "nothing written");
    }

    /** A BCC from the member to one outside address; the id of the interaction it became. */
    static Reply bcc(TestCrm crm, String to, String subject) {
        crm.receive(mail().from(MEMBER).to(to).subject(subject).messageId(subject.replace(' ', '-') + "@integreat.example")
                .text("Guten Tag.").build(), crm.inboundAddress());
        for (Map<String, Object> line : crm.admin().get("/interactions?limit=50").items()) {
            if (subject.equals(line.get("subject"))) {
                return crm.admin().get("/interactions/" + line.get("id"));
            }
        }
        Map<String, Object> waiting = crm.admin().get("/unresolved?limit=50").items().stream()
                .filter(m -> subject.equals(m.get("subject"))).findFirst()
                .orElseThrow(() -> new AssertionError("neither logged nor unresolved: " + subject));
        return crm.admin().get("/interactions/" + waiting.get("id"));
    }

    @Test
    void aDomainLogsMailOnlyWhileExactlyOneAccountClaimsIt() {
        TestCrm crm = new TestCrm();
        Caller admin = crm.admin();
        crm.member(MEMBER, "MEMBER");
        Reply lindau = admin.post("/accounts", Map.of("name", "Stadt Lindau", "type", "MUNICIPALITY", "emailDomains", List.of("lindau.de")));
        String lindauId = lindau.string("id");

        Reply one = bcc(crm, "buergerbuero@lindau.de", "Ein Anspruch");
        assertEquals(Boolean.FALSE, one.json().get("unresolved"), one::toString);
        assertEquals(List.of(lindauId), one.json().get("accountIds"));
        assertTrue(one.body().contains("\"ACCOUNT_DOMAIN\""), one::toString);

        // a second account claims the domain too: the domain no longer says which one a mail belongs to
        Reply second = admin.post("/accounts", Map.of("name", "Landkreis Lindau", "type", "MUNICIPALITY", "emailDomains", List.of("lindau.de")));
        assertEquals(201, second.status(), second::toString);
        Reply two = bcc(crm, "landrat@lindau.de", "Zwei Ansprüche");
        assertEquals(Boolean.TRUE, two.json().get("unresolved"), two::toString);
        assertEquals(List.of(), two.json().get("accountIds"));

        // the second gives it up: the domain is the first one's again
        assertEquals(200, admin.ifMatch(second.etag()).patch("/accounts/" + second.string("id"), Map.of("emailDomains", List.of())).status());
        Reply again = bcc(crm, "kaemmerei@lindau.de", "Wieder einer");
        assertEquals(List.of(lindauId), again.json().get("accountIds"), again::toString);

        // a free-mail address never matches a domain, whatever the accounts claim
        Reply free = bcc(crm, "lindau.fan@gmx.de", "Freemail");
        assertEquals(Boolean.TRUE, free.json().get("unresolved"), free::toString);
    }

    @Test
    void aMailForAnotherAddressOfTheInboundDomainIsQuarantinedWithThatReason() {
        TestCrm crm = new TestCrm();
        crm.member(MEMBER, "MEMBER");
        String domain = crm.inboundAddress().substring(crm.inboundAddress().indexOf('@'));
        String raw = mail().from(MEMBER).to("buchhaltung" + domain).subject("Nicht fürs CRM").text("Rechnung").build();
        Map<String, Object> result = crm.inbound().deliver(raw.getBytes(StandardCharsets.UTF_8), MEMBER,
                List.of("buchhaltung" + domain), LocalInbound.Verdicts.PASS);
        assertEquals("QUARANTINED", result.get("result"), result::toString);
        List<Map<String, Object>> quarantined = crm.admin().get("/quarantine").items();
        assertEquals(1, quarantined.size(), quarantined::toString);
        assertEquals("the mail was not addressed to the CRM's inbound address", quarantined.get(0).get("reason"));
        assertNull(quarantined.get(0).get("from"), "the mail is not even read");
        assertEquals(List.of(), crm.admin().get("/unresolved").items());
        // a plus address of the inbound address is the CRM's
        String plus = crm.inboundAddress().replace("@", "+x@");
        Map<String, Object> tagged = crm.inbound().deliver(raw.getBytes(StandardCharsets.UTF_8), MEMBER, List.of(plus),
                LocalInbound.Verdicts.PASS);
        assertTrue(Set.of("LOGGED", "UNRESOLVED").contains(tagged.get("result")), tagged::toString);
    }
}
