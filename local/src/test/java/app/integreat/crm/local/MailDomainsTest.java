package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who a mail belongs to by its addresses' domains (issue 14): sub-domains reach the account of their parent
 * domain when exactly one account claims it, internationalised domains match in Unicode and punycode, and the
 * domain compares without regard to case. Through SES events; the domains are made up.
 */
class MailDomainsTest {
    static TestCrm crm;
    static Caller admin;
    static final String LENA = "lena@integreat.example";
    static String kempten;
    static String stadtwerke;
    static String muenchen;
    static String fuessen;

    @BeforeAll
    static void start() {
        crm = new TestCrm();
        admin = crm.admin();
        crm.member(LENA, "MEMBER");
        kempten = account("Stadt Kempten", "kempten.example");
        stadtwerke = account("Stadtwerke Kempten", "stadtwerke.kempten.example");
        muenchen = account("Stadt München", "münchen.example");
        fuessen = account("Stadt Füssen", "xn--fssen-kva.example");
        account("Landkreis Nord", "landkreis.example");
        account("Landkreis Süd", "landkreis.example");
    }

    static String account(String name, String domain) {
        Reply reply = admin.post("/accounts", Map.of("name", name, "type", "MUNICIPALITY", "emailDomains", List.of(domain)));
        assertEquals(201, reply.status(), reply::toString);
        return reply.string("id");
    }

    /** The interaction a member's BCC to this address became. */
    static Reply bccTo(String address, String subject) {
        byte[] raw = mail().from(LENA).to(address).subject(subject).text("Guten Tag").build()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> outcome = crm.inbound().deliver(raw, LENA, List.of(crm.inboundAddress()), LocalInbound.Verdicts.PASS);
        Reply interaction = admin.get("/interactions/" + outcome.get("id"));
        assertEquals(200, interaction.status(), outcome::toString);
        return interaction;
    }

    @Test
    void aSubDomainReachesTheAccountOfItsParentDomain() {
        Reply interaction = bccTo("poststelle@rathaus.kempten.example", "Rathaus");
        assertEquals(List.of(kempten), interaction.json().get("accountIds"));
        assertEquals(List.of(Map.of("accountId", kempten, "reason", "ACCOUNT_DOMAIN", "address", "poststelle@rathaus.kempten.example")),
                interaction.json().get("links"));
        assertEquals(Boolean.FALSE, interaction.json().get("unresolved"));
    }

    @Test
    void theNearestClaimDecides() {
        assertEquals(List.of(stadtwerke), bccTo("info@stadtwerke.kempten.example", "Stadtwerke").json().get("accountIds"));
        assertEquals(List.of(stadtwerke), bccTo("it@netz.stadtwerke.kempten.example", "Netz").json().get("accountIds"));
    }

    @Test
    void aDomainTwoAccountsClaimReachesNeitherNorDoItsSubDomains() {
        Reply interaction = bccTo("amt@bauamt.landkreis.example", "Bauamt");
        assertEquals(List.of(), interaction.json().get("accountIds"));
        assertEquals(Boolean.TRUE, interaction.json().get("unresolved"));
    }

    @Test
    void theLookupUpwardsIsBounded() {
        // four suffixes are asked (a.b.c.d.kempten.example down to d.kempten.example); kempten.example is the fifth
        assertEquals(List.of(), bccTo("x@a.b.c.d.kempten.example", "Tief").json().get("accountIds"));
        assertEquals(List.of(kempten), bccTo("x@b.c.d.kempten.example", "Weniger tief").json().get("accountIds"));
    }

    @Test
    void internationalisedDomainsMatchInPunycodeAndUnicode() {
        // the account was given in Unicode, the mail is addressed in punycode, and the other way round
        assertEquals(List.of(muenchen), bccTo("poststelle@xn--mnchen-3ya.example", "Punycode").json().get("accountIds"));
        assertEquals(List.of(muenchen), bccTo("amt@rathaus.XN--MNCHEN-3YA.example", "Punycode groß").json().get("accountIds"));
        assertEquals(List.of(fuessen), bccTo("=?UTF-8?Q?Info?= <info@füssen.example>", "Unicode").json().get("accountIds"));
        Reply account = admin.get("/accounts/" + fuessen);
        assertEquals(List.of("füssen.example"), account.json().get("emailDomains"), "kept in its Unicode form");
    }

    @Test
    void theDomainComparesWithoutRegardToCase() {
        Reply interaction = bccTo("Info@Rathaus.KEMPTEN.Example", "Groß");
        assertEquals(List.of(kempten), interaction.json().get("accountIds"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> participants = (List<Map<String, Object>>) interaction.json().get("participants");
        assertEquals("info@rathaus.kempten.example", participants.get(0).get("email"));
    }
}
