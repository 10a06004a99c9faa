package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * A mail to 200 recipients with the plus addresses of three Split opportunities (issue 14): no mail fails for its
 * size. It is logged on every opportunity and every one of their municipalities, with all 200 recipients as
 * participants, on the timeline of each of the 30 who are contacts, and waiting for each of the 170 who are not;
 * the lines that do not fit the mail's transaction (100 actions) follow in follow-up transactions. When the
 * function dies between them, SES's retry finishes the writes, once. Made-up addresses, through SES events.
 */
class LongMailTest {
    static final String LENA = "lena@integreat.example";
    static final String SUBJECT = "Rundschreiben an alle";

    /** The records a long mail is about, and the mail. */
    record Setup(Caller member, List<String> opportunities, List<String> municipalities, List<String> contacts,
                 List<String> addresses, byte[] raw) {
    }

    static Setup setUp(TestCrm crm) {
        Caller member = crm.member(LENA, "MEMBER");
        String ownerId = member.get("/me").string("id");
        List<String> opportunities = new ArrayList<>();
        List<String> municipalities = new ArrayList<>();
        for (int o = 1; o <= 3; o++) {
            List<String> accounts = new ArrayList<>();
            for (int m = 1; m <= 4; m++) {
                Reply account = member.post("/accounts", Map.of("name", "Gemeinde " + o + "-" + m, "type", "MUNICIPALITY"));
                assertEquals(201, account.status(), account::toString);
                accounts.add(account.string("id"));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", "Verbund " + o);
            body.put("type", "SPLIT");
            body.put("accountIds", accounts);
            body.put("ownerId", ownerId);
            Reply opportunity = member.post("/opportunities", body);
            assertEquals(201, opportunity.status(), opportunity::toString);
            opportunities.add(opportunity.string("id"));
            municipalities.addAll(accounts);
        }
        List<String> contacts = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            String address = "person" + i + "@verteiler" + (i % 7) + ".example";
            if (i <= 30) {
                Reply contact = member.post("/contacts", Map.of("lastName", "Person " + i, "emails", List.of(address)));
                assertEquals(201, contact.status(), contact::toString);
                contacts.add(contact.string("id"));
            }
            addresses.add(address);
        }
        String inbound = crm.inboundAddress();
        String cc = String.join(", ", opportunities.stream().map(id -> inbound.replace("@", "+" + id.toLowerCase() + "@")).toList());
        byte[] raw = mail().from(LENA).to(String.join(", ", addresses)).cc(cc).subject(SUBJECT)
                .messageId("rundschreiben-200@integreat.example").text("An alle Verbünde").build().getBytes(StandardCharsets.UTF_8);
        return new Setup(member, opportunities, municipalities, contacts, addresses, raw);
    }

    static long linesOf(Caller member, String path, Object interactionId) {
        return member.get(path + "/timeline?limit=200").items().stream().filter(line -> interactionId.equals(line.get("refId"))).count();
    }

    /** The waiting items of an address that name the interaction, read in the emulator's table. */
    static long waitingItems(TestCrm crm, String address, Object interactionId) {
        return crm.crm.dynamo().query(q -> q.tableName(crm.crm.services().table().name()).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("WAITING#" + address)))).items().stream()
                .filter(item -> interactionId.equals(item.get("interactionId").s())).count();
    }

    static long receipts(TestCrm crm) {
        return crm.sentTo(LENA).stream().filter(m -> ("Abgelegt: " + SUBJECT).equals(m.get("subject"))).count();
    }

    /** Everything the mail writes, each exactly once. */
    @SuppressWarnings("unchecked")
    static void assertLoggedWhole(TestCrm crm, Setup setup, Object id) {
        Caller member = setup.member();
        Reply interaction = member.get("/interactions/" + id);
        assertEquals(200, interaction.status(), interaction::toString);
        assertEquals(setup.opportunities(), interaction.json().get("opportunityIds"), interaction::toString);
        List<String> accountIds = (List<String>) interaction.json().get("accountIds");
        assertTrue(accountIds.containsAll(setup.municipalities()), "every municipality of the three opportunities: " + accountIds);
        // every recipient, in the mail's order; every contact among them linked
        List<Map<String, Object>> participants = (List<Map<String, Object>>) interaction.json().get("participants");
        assertEquals(setup.addresses(), participants.stream().map(p -> p.get("email")).toList());
        assertEquals(setup.contacts(), interaction.json().get("contactIds"));
        for (String municipality : setup.municipalities()) {
            assertEquals(1, linesOf(member, "/accounts/" + municipality, id), "on the timeline of " + municipality);
        }
        for (String contact : setup.contacts()) {
            assertEquals(1, linesOf(member, "/contacts/" + contact, id), "on the timeline of contact " + contact);
        }
        for (String address : setup.addresses().subList(30, 200)) {
            assertEquals(1, waitingItems(crm, address, id), "waiting for " + address);
        }
        for (String address : setup.addresses().subList(0, 30)) {
            assertEquals(0, waitingItems(crm, address, id), "a contact's address waits for nothing: " + address);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMailTo200RecipientsWithThreeSplitOpportunitiesIsLoggedWhole() {
        TestCrm crm = new TestCrm();
        Setup setup = setUp(crm);
        Map<String, Object> outcome = crm.inbound().deliver(setup.raw(), LENA, List.of(crm.inboundAddress()), LocalInbound.Verdicts.PASS);
        assertEquals("LOGGED", outcome.get("result"), outcome::toString);
        Object id = outcome.get("id");
        assertLoggedWhole(crm, setup, id);

        // the receipt names the records first and counts the rest; the unknown addresses likewise
        Map<String, Object> receipt = crm.sentTo(LENA).stream().filter(m -> ("Abgelegt: " + SUBJECT).equals(m.get("subject")))
                .findFirst().orElseThrow();
        String text = (String) receipt.get("body");
        assertTrue(text.contains("Verkaufschance " + setup.opportunities().get(0)), text);
        assertTrue(text.contains("Organisation Gemeinde 1-1"), text);
        assertTrue(text.contains("- und 25 weitere"), "3 opportunities, 12 accounts and 30 contacts, 20 named: " + text);
        assertTrue(text.contains("Ohne Kontakt: person31@verteiler3.example, ") && text.contains(" und 150 weitere"), text);
        assertTrue(text.contains("#/interactions/" + id), text);

        // a list shows a few participants and counts them all
        Map<String, Object> listed = setup.member().get("/interactions?limit=5").items().stream()
                .filter(entry -> id.equals(entry.get("id"))).findFirst().orElseThrow();
        assertEquals(200, ((Number) listed.get("participantCount")).intValue());

        // creating a contact for one of the 170 later links the mail
        Reply late = setup.member().post("/contacts", Map.of("lastName", "Person 200", "emails", List.of(setup.addresses().get(199))));
        assertEquals(201, late.status(), late::toString);
        assertEquals(1, linesOf(setup.member(), "/contacts/" + late.string("id"), id));
        List<String> contactIds = (List<String>) setup.member().get("/interactions/" + id).json().get("contactIds");
        assertEquals(31, contactIds.size());
        assertTrue(contactIds.contains(late.string("id")));
    }

    /**
     * The function dies after the mail's first transaction and one follow-up transaction (an SDK interceptor makes
     * the second follow-up fail, as a timeout or a crash would): the mail is there, readable, with lines missing.
     * SES's retry of the same delivery (the SES marker makes it DUPLICATE) finishes the writes, sends the receipt
     * the first run did not, and a further retry writes nothing.
     */
    @Test
    void aDeliveryThatDiesBetweenTheTransactionsIsFinishedByItsRetryOnce() {
        AtomicBoolean dying = new AtomicBoolean();
        AtomicInteger followUps = new AtomicInteger();
        AtomicInteger transactions = new AtomicInteger();
        ExecutionInterceptor dies = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof TransactWriteItemsRequest request) {
                    transactions.incrementAndGet();
                    // the follow-up transactions are the ones that check the interaction's version
                    boolean followUp = request.transactItems().stream().anyMatch(item -> item.conditionCheck() != null);
                    if (followUp && followUps.incrementAndGet() == 2 && dying.get()) {
                        throw new IllegalStateException("the function died (test)");
                    }
                }
            }
        };
        TestCrm crm = new TestCrm(dies);
        Setup setup = setUp(crm);
        String sesId = LocalInbound.newMessageId();
        crm.inbound().store(sesId, setup.raw());
        dying.set(true);
        assertThrows(RuntimeException.class, () -> crm.inbound().invoke(sesId, LENA, List.of(crm.inboundAddress()),
                LocalInbound.Verdicts.PASS));
        dying.set(false);
        assertEquals(2, followUps.get(), "the first follow-up went through, the second failed");

        // in between: the mail reads whole, but not every record has its line yet
        String id = setup.member().get("/interactions?limit=5").items().stream()
                .filter(entry -> SUBJECT.equals(entry.get("subject"))).map(entry -> (String) entry.get("id")).findFirst().orElseThrow();
        Reply between = setup.member().get("/interactions/" + id);
        assertEquals(200, between.status(), between::toString);
        assertEquals(200, ((List<?>) between.json().get("participants")).size());
        long written = setup.contacts().stream().mapToLong(c -> linesOf(setup.member(), "/contacts/" + c, id)).sum()
                + setup.addresses().subList(30, 200).stream().mapToLong(a -> waitingItems(crm, a, id)).sum();
        assertTrue(written < 200, "the interruption left lines unwritten: " + written + " of 200");
        assertEquals(0, receipts(crm), "the first run died before its receipt");

        // SES retries the same delivery
        Map<String, Object> retried = invoke(crm, sesId);
        assertEquals("DUPLICATE", retried.get("result"), retried::toString);
        assertEquals(id, retried.get("id"));
        assertLoggedWhole(crm, setup, id);
        assertEquals(1, receipts(crm), "the retry sends the receipt");

        // and again: nothing left to do, nothing written (its one transaction is refused by the markers), no second receipt
        Object version = setup.member().get("/interactions/" + id).json().get("version");
        transactions.set(0);
        followUps.set(0);
        assertEquals("DUPLICATE", invoke(crm, sesId).get("result"));
        assertEquals(1, transactions.get(), "only the refused first transaction");
        assertEquals(0, followUps.get(), "a finished mail's retry writes no follow-up");
        assertEquals(version, setup.member().get("/interactions/" + id).json().get("version"));
        assertEquals(1, receipts(crm));
        assertEquals(1, setup.member().get("/interactions?limit=50").items().stream()
                .filter(entry -> SUBJECT.equals(entry.get("subject"))).count(), "one interaction");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> invoke(TestCrm crm, String sesId) {
        Map<String, Object> answer = app.integreat.crm.json.Json.object(crm.inbound().invoke(sesId, LENA,
                List.of(crm.inboundAddress()), LocalInbound.Verdicts.PASS));
        return ((List<Map<String, Object>>) answer.get("results")).get(0);
    }
}
