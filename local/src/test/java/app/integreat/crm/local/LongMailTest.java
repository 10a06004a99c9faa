package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A mail to 200 recipients with the plus addresses of three Split opportunities (issue 14): it is logged, on every
 * opportunity and every one of their municipalities, with as many counterparts as one transaction holds. Made-up
 * addresses, through an SES event.
 */
class LongMailTest {
    @Test
    @SuppressWarnings("unchecked")
    void aMailTo200RecipientsWithThreeSplitOpportunitiesIsLoggedOnEveryOpportunityAndMunicipality() {
        TestCrm crm = new TestCrm();
        String lena = "lena@integreat.example";
        Caller member = crm.member(lena, "MEMBER");
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
        StringBuilder to = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            String address = "person" + i + "@verteiler" + (i % 7) + ".example";
            if (i <= 30) {
                Reply contact = member.post("/contacts", Map.of("lastName", "Person " + i, "emails", List.of(address)));
                assertEquals(201, contact.status(), contact::toString);
                contacts.add(contact.string("id"));
            }
            to.append(i == 1 ? "" : ", ").append(address);
        }
        String inbound = crm.inboundAddress();
        String cc = opportunities.stream().map(id -> inbound.replace("@", "+" + id.toLowerCase() + "@"))
                .reduce((a, b) -> a + ", " + b).orElseThrow();
        byte[] raw = mail().from(lena).to(to.toString()).cc(cc).subject("Rundschreiben an alle")
                .messageId("rundschreiben-200@integreat.example").text("An alle Verbünde").build()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> outcome = crm.inbound().deliver(raw, lena, List.of(inbound), LocalInbound.Verdicts.PASS);
        assertEquals("LOGGED", outcome.get("result"), outcome::toString);

        Reply interaction = member.get("/interactions/" + outcome.get("id"));
        assertEquals(opportunities, interaction.json().get("opportunityIds"), interaction::toString);
        List<String> accountIds = (List<String>) interaction.json().get("accountIds");
        assertTrue(accountIds.containsAll(municipalities), "every municipality of the three opportunities: " + accountIds);
        for (String municipality : municipalities) {
            assertTrue(member.get("/accounts/" + municipality + "/timeline").items().stream()
                    .anyMatch(line -> outcome.get("id").equals(line.get("refId"))), "on the timeline of " + municipality);
        }
        List<String> linkedContacts = (List<String>) interaction.json().get("contactIds");
        List<Map<String, Object>> participants = (List<Map<String, Object>>) interaction.json().get("participants");
        // the recipients first in the mail's order, as many as the transaction holds (the raw mail keeps all 200)
        assertEquals(contacts.subList(0, linkedContacts.size()), linkedContacts);
        assertTrue(participants.size() >= 30 && participants.size() <= 50, "participants: " + participants.size());
        assertEquals("person1@verteiler1.example", participants.get(0).get("email"));
    }
}
