package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inputs that OpenApiPropertiesTest found answered wrongly: accepted although docs/openapi.yaml does not
 * allow them, or a 500. Each is refused with a problem naming the parameter or field, and changes nothing.
 */
class RefusedParametersTest {
    private final TestCrm crm = new TestCrm();
    private final TestCrm.Caller admin = crm.admin();

    private static void assertProblem(int status, String field, TestCrm.Reply reply) {
        assertEquals(status, reply.status(), reply.toString());
        assertEquals("application/problem+json", reply.header("Content-Type"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) reply.json().get("errors");
        assertEquals(field, errors.get(0).get("field"), reply.toString());
    }

    @Test
    void aRawMailLinkTakesOnlyTrueOrFalseForRedirect() {
        admin.get("/me"); // the first admin becomes a member on first use, and only members' mail is logged
        crm.receive(mail().from(TestCrm.ADMIN).to("jemand@nirgendwo.example").subject("Hallo").messageId("raw-1@integreat.example")
                .date("Thu, 26 Nov 2026 15:00:00 +0100").text("...").build(), crm.inboundAddress());
        String id = (String) admin.get("/unresolved").items().get(0).get("id");
        assertEquals(302, admin.get("/interactions/" + id + "/raw").status());
        assertEquals(302, admin.get("/interactions/" + id + "/raw?redirect=true").status());
        assertEquals(200, admin.get("/interactions/" + id + "/raw?redirect=false").status());
        // was a redirect: anything but "false" counted as true
        assertProblem(400, "redirect", admin.get("/interactions/" + id + "/raw?redirect=no"));
        assertProblem(400, "redirect", admin.get("/interactions/" + id + "/raw?redirect=42"));
    }

    @Test
    void anEmailLookupStillChecksTheOtherParameters() {
        admin.post("/contacts", Map.of("lastName", "Schulz", "emails", List.of("schulz@kreis.example")));
        assertEquals(1, admin.get("/contacts?email=schulz@kreis.example").items().size());
        assertEquals(1, admin.get("/contacts?email=schulz@kreis.example&limit=5&q=egal").items().size());
        // each was answered 200 with the lookup, the wrong parameter unnoticed
        assertProblem(400, "accountId", admin.get("/contacts?email=schulz@kreis.example&accountId=Abcd"));
        assertProblem(400, "limit", admin.get("/contacts?email=schulz@kreis.example&limit=0"));
        assertProblem(400, "cursor", admin.get("/contacts?email=schulz@kreis.example&cursor=42"));
    }

    @Test
    void aFilterThatFindsNothingByItsOwnTermsStillChecksTheCursor() {
        assertEquals(List.of(), admin.get("/opportunities?stage=INTERESTED&open=false").items());
        assertEquals(List.of(), admin.get("/opportunities?stage=CLOSED_WON&open=true").items());
        // was 200: the empty answer came before the cursor was read
        assertProblem(400, "cursor", admin.get("/opportunities?stage=INTERESTED&open=false&cursor=42"));
        assertProblem(400, "cursor", admin.get("/opportunities?stage=CLOSED_WON&open=true&cursor=42"));
    }

    @Test
    void aDueDateFilterIsADateOfFourDigitYears() {
        assertEquals(200, admin.get("/tasks?dueBefore=2026-12-31").status());
        // was 200: LocalDate also reads years beyond 9999 with a sign
        assertProblem(400, "dueBefore", admin.get("/tasks?dueBefore=%2B99999-01-01"));
        assertProblem(400, "dueBefore", admin.get("/tasks?dueBefore=2026-02-30"));
    }

    @Test
    void aMemberChangeWithActiveNotABooleanIsAFieldErrorNotA500() {
        TestCrm.Caller lena = crm.member("lena@integreat.example", "MEMBER");
        String id = lena.get("/me").string("id");
        String etag = admin.get("/members/" + id).etag();
        // was a 500: the non-boolean became null and was unboxed before the field errors were reported
        assertProblem(422, "active", admin.ifMatch(etag).patch("/members/" + id, Map.of("active", 42)));
        assertProblem(422, "active", admin.ifMatch(etag).patch("/members/" + id, Map.of("active", "false")));
        assertEquals(etag, admin.get("/members/" + id).etag());
        assertEquals(true, admin.get("/members/" + id).json().get("active"));
    }
}
