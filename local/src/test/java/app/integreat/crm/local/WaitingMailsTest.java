package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import app.integreat.crm.model.Direction;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.InteractionType;
import app.integreat.crm.store.BulkLoad;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mails that wait for a record (issue 14, "Who it belongs to"): a new contact links every mail waiting for
 * its addresses, however many (the first ones in its request, the rest on the work queue), and a domain
 * added to an account links the waiting mails of that domain and its sub-domains. Both are idempotent:
 * the queue's messages delivered again change nothing.
 */
@ExtendWith(DropTablesAfterEachClass.class)
class WaitingMailsTest {
    static final String MEMBER = EmailDomainsTest.MEMBER;

    @Test
    void aNewContactLinksEveryWaitingMailOfItsAddressTheRestAsynchronously() {
        TestCrm crm = new TestCrm();
        Caller admin = crm.admin();
        crm.member(MEMBER, "MEMBER");
        int mails = 130;
        // a few through SES, as mail arrives; the backlog behind them as the inbound function writes its items
        // (BulkLoad: the interaction's own transaction items, without the delivery markers), which is much faster
        String address = "viele@traunstein-verein.example";
        for (int i = 0; i < 5; i++) {
            crm.receive(mail().from(MEMBER).to(address).subject("Rückfrage " + i)
                    .messageId("rueckfrage-" + i + "@integreat.example").text("Guten Tag.").build(), crm.inboundAddress());
        }
        String authorId = (String) admin.get("/unresolved?limit=1").items().get(0).get("authorId");
        List<Interaction> backlog = new ArrayList<>();
        Instant at = Instant.parse("2026-06-01T08:00:00Z");
        for (int i = 5; i < mails; i++) {
            backlog.add(new Interaction(crm.crm.services().ids().next(), InteractionType.EMAIL, Direction.OUTBOUND, at.plusSeconds(i),
                    "Rückfrage " + i, null, null, null, "Guten Tag.", false, List.of(),
                    List.of(new Interaction.Participant(address, null, "TO", null, null)), List.of(), authorId,
                    "rueckfrage-" + i + "@integreat.example", null, true, at.plusSeconds(i), at.plusSeconds(i), 1, null, null));
        }
        BulkLoad.interactions(crm.crm.dynamo(), crm.crm.services().table(), backlog);
        Set<String> waiting = unresolvedIds(admin);
        assertEquals(mails, waiting.size(), "every mail waits in the unresolved inbox");

        Reply contact = admin.post("/contacts", Map.of("firstName", "Vera", "lastName", "Viele",
                "emails", List.of("viele@traunstein-verein.example")));
        assertEquals(201, contact.status(), contact::toString);
        String contactId = contact.string("id");
        // the request links a bounded first part; the rest waits for the queue
        assertEquals(app.integreat.crm.store.InteractionStore.WAITING_PER_ADDRESS, ((Number) contact.json().get("linkedMails")).intValue());
        assertEquals(mails - app.integreat.crm.store.InteractionStore.WAITING_PER_ADDRESS, unresolvedIds(admin).size());

        assertTrue(crm.drainQueues() >= (mails - 25) / 25, "the job ran in steps");
        assertEquals(Set.of(), intersection(unresolvedIds(admin), waiting), "none left in the unresolved inbox");
        Map<String, Long> versions = new LinkedHashMap<>();
        for (String id : waiting) {
            Map<String, Object> interaction = admin.get("/interactions/" + id).json();
            assertEquals(List.of(contactId), interaction.get("contactIds"), id);
            assertEquals(Boolean.FALSE, interaction.get("unresolved"), id);
            long contactLinks = ((List<?>) interaction.get("links")).stream().filter(l -> contactId.equals(((Map<?, ?>) l).get("contactId"))).count();
            assertEquals(1, contactLinks, "linked once: " + interaction);
            versions.put(id, ((Number) interaction.get("version")).longValue());
        }
        assertEquals(waiting, timelineIds(admin, "/contacts/" + contactId + "/timeline"), "each on the contact's timeline");

        // every message of the job delivered once more: nothing changes
        redeliverAll(crm);
        for (String id : waiting) {
            assertEquals(versions.get(id), ((Number) admin.get("/interactions/" + id).json().get("version")).longValue(), id);
        }
        assertEquals(waiting, timelineIds(admin, "/contacts/" + contactId + "/timeline"));
    }

    @Test
    void anAccountsNewDomainLinksTheWaitingMailsOfTheDomainAndItsSubDomains() {
        TestCrm crm = new TestCrm();
        Caller admin = crm.admin();
        crm.member(MEMBER, "MEMBER");
        // a nearer claim: the school's sub-domain is the school's, not the town's
        String schoolId = admin.post("/accounts", Map.of("name", "Grundschule Kempten", "type", "OTHER",
                "emailDomains", List.of("schule.kempten.example"))).string("id");
        crm.drainQueues();
        String townHall = send(crm, "poststelle@rathaus.kempten.example", "Antrag Rathaus");
        String office = send(crm, "buero@kempten.example", "Antrag Büro");
        String officeAgain = send(crm, "buero@kempten.example", "Antrag Büro, zweite Mail");
        String school = send(crm, "sekretariat@schule.kempten.example", "Antrag Schule");
        String elsewhere = send(crm, "info@kemptener-land.example", "Anderswo");
        String freeMail = send(crm, "kempten@gmx.de", "Freemail");
        String pool = send(crm, "kasse@bad.kempten.example", "Hallenbad");
        String spa = send(crm, "info@badewelt.kempten.example", "Badewelt");
        assertEquals(Set.of(townHall, office, officeAgain, elsewhere, freeMail, pool, spa), intersection(unresolvedIds(admin),
                Set.of(townHall, office, officeAgain, school, elsewhere, freeMail, pool, spa)), "unresolved until an account has the domain");

        // a sub-domain's account added first takes its sub-domain's mails, and only those (not badewelt's)
        String poolId = admin.post("/accounts", Map.of("name", "Hallenbad Kempten", "type", "OTHER",
                "emailDomains", List.of("bad.kempten.example"))).string("id");
        crm.drainQueues();
        assertEquals(List.of(poolId), admin.get("/interactions/" + pool).json().get("accountIds"));
        assertEquals(List.of(), admin.get("/interactions/" + spa).json().get("accountIds"));
        assertEquals(List.of(schoolId), admin.get("/interactions/" + school).json().get("accountIds"));

        Reply town = admin.post("/accounts", Map.of("name", "Stadt Kempten", "type", "MUNICIPALITY", "emailDomains", List.of("kempten.example")));
        assertEquals(201, town.status(), town::toString);
        String townId = town.string("id");
        crm.drainQueues();
        for (String id : List.of(townHall, office, officeAgain)) {
            Map<String, Object> interaction = admin.get("/interactions/" + id).json();
            assertEquals(List.of(townId), interaction.get("accountIds"), interaction::toString);
            assertEquals(Boolean.FALSE, interaction.get("unresolved"));
            assertTrue(interaction.toString().contains("ACCOUNT_DOMAIN"), interaction::toString);
        }
        assertEquals(List.of(schoolId), admin.get("/interactions/" + school).json().get("accountIds"), "the nearer claim decides");
        assertEquals(List.of(poolId), admin.get("/interactions/" + pool).json().get("accountIds"), "the nearer claim decides");
        assertEquals(List.of(townId), admin.get("/interactions/" + spa).json().get("accountIds"), "badewelt. is not bad.");
        assertEquals(Set.of(elsewhere, freeMail), intersection(unresolvedIds(admin), Set.of(townHall, office, officeAgain, school, elsewhere, freeMail)));
        assertEquals(Set.of(townHall, office, officeAgain, spa), timelineIds(admin, "/accounts/" + townId + "/timeline"));

        Map<String, Long> versions = versions(admin, List.of(townHall, office, officeAgain, school, pool, spa));
        redeliverAll(crm);
        assertEquals(versions, versions(admin, List.of(townHall, office, officeAgain, school, pool, spa)), "a repeated delivery changes nothing");

        // the waiting items stay for the contact: it gets the office's mails when it is created
        Reply contact = admin.post("/contacts", Map.of("firstName", "Berta", "lastName", "Büro", "accountId", townId,
                "emails", List.of("buero@kempten.example")));
        assertEquals(2, ((Number) contact.json().get("linkedMails")).intValue(), contact::toString);
        assertEquals(List.of(contact.string("id")), admin.get("/interactions/" + office).json().get("contactIds"));
    }

    @Test
    void aDomainAddedLaterInPunycodeLinksTheMailsOfItsUnicodeForm() {
        TestCrm crm = new TestCrm();
        Caller admin = crm.admin();
        crm.member(MEMBER, "MEMBER");
        Reply account = admin.post("/accounts", Map.of("name", "Stadt Füssen", "type", "MUNICIPALITY"));
        String accountId = account.string("id");
        String mail = send(crm, "Info@Füssen.example", "Umlaut-Domain");
        assertTrue(unresolvedIds(admin).contains(mail));
        Reply patched = admin.ifMatch(account.etag()).patch("/accounts/" + accountId,
                Map.of("emailDomains", List.of("xn--fssen-kva.example")));
        assertEquals(200, patched.status(), patched::toString);
        assertEquals(List.of("füssen.example"), patched.json().get("emailDomains"));
        crm.drainQueues();
        assertEquals(List.of(accountId), admin.get("/interactions/" + mail).json().get("accountIds"));
        assertFalse(unresolvedIds(admin).contains(mail));
    }

    /** A BCC from the member to one outside address: the id of the interaction it became. */
    static String send(TestCrm crm, String to, String subject) {
        return EmailDomainsTest.bcc(crm, to, subject).string("id");
    }

    private static void redeliverAll(TestCrm crm) {
        List<String> handled = crm.crm.queues().handled();
        assertFalse(handled.isEmpty(), "the job went through the queue");
        for (String body : handled) {
            crm.crm.queues().send("BackgroundWorkQueue", body);
        }
        crm.drainQueues();
    }

    private static Map<String, Long> versions(Caller admin, List<String> ids) {
        Map<String, Long> versions = new LinkedHashMap<>();
        ids.forEach(id -> versions.put(id, ((Number) admin.get("/interactions/" + id).json().get("version")).longValue()));
        return versions;
    }

    static Set<String> unresolvedIds(Caller admin) {
        return pagedIds(admin, "/unresolved", "id");
    }

    private static Set<String> timelineIds(Caller admin, String path) {
        return pagedIds(admin, path, "refId");
    }

    private static Set<String> pagedIds(Caller admin, String path, String field) {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            Reply page = admin.get(path + "?limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::toString);
            for (Map<String, Object> item : page.items()) {
                assertTrue(ids.add((String) item.get(field)), "listed once: " + item);
            }
            cursor = (String) page.json().get("nextCursor");
        } while (cursor != null);
        return ids;
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }
}
