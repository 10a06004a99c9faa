package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mail BCC'd or forwarded to the inbound address, through SES events and raw mails in the emulator's S3. */
class InboundMailTest {
    static TestCrm crm;
    static Caller admin;
    static String member = "lena@integreat.example";
    static String augsburg;
    static String erika;

    @BeforeAll
    static void start() {
        crm = new TestCrm();
        admin = crm.admin();
        crm.member(member, "MEMBER");
        augsburg = admin.post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY",
                "emailDomains", List.of("augsburg.de"))).string("id");
        erika = admin.post("/contacts", Map.of("firstName", "Erika", "lastName", "Müller",
                "emails", List.of("erika.mueller@augsburg.de"), "accountId", augsburg)).string("id");
    }

    /** The newest timeline line of a record, or null. */
    static Map<String, Object> newest(String path) {
        List<Map<String, Object>> items = admin.get(path + "/timeline").items();
        return items.isEmpty() ? null : items.get(0);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Map<String, Object>> timeline(String path) {
        return admin.get(path + "/timeline?limit=200").items();
    }

    static Map<String, Object> interactionWithSubject(String path, String subject) {
        return timeline(path).stream().filter(e -> subject.equals(e.get("title"))).findFirst()
                .orElseThrow(() -> new AssertionError("no timeline line \"" + subject + "\" on " + path));
    }

    @Test
    void aBccToTheInboundAddressIsLoggedOnTheRecipientAndItsAccount() {
        String raw = mail().from("Lena Berg <" + member + ">").to("Erika Müller <erika.mueller@augsburg.de>")
                .subject("Angebot Integreat für Augsburg").date("Tue, 24 Nov 2026 09:30:00 +0100")
                .messageId("bcc-1@integreat.example").text("Sehr geehrte Frau Müller,\nanbei unser Angebot.\nGrüße, Lena").build();
        crm.receive(raw, crm.inboundAddress());

        Map<String, Object> line = interactionWithSubject("/contacts/" + erika, "Angebot Integreat für Augsburg");
        assertEquals("EMAIL", line.get("type"));
        assertEquals("2026-11-24T08:30:00Z", line.get("at"));
        Reply interaction = admin.get("/interactions/" + line.get("refId"));
        assertEquals(200, interaction.status());
        assertEquals("OUTBOUND", interaction.string("direction"));
        assertEquals(List.of(erika), interaction.json().get("contactIds"));
        assertEquals(List.of(augsburg), interaction.json().get("accountIds"));
        assertTrue(interaction.string("body").contains("anbei unser Angebot"));
        assertEquals(Boolean.FALSE, interaction.json().get("unresolved"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> links = (List<Map<String, Object>>) interaction.json().get("links");
        assertTrue(links.contains(Map.of("contactId", erika, "reason", "CONTACT_ADDRESS", "address", "erika.mueller@augsburg.de")), links::toString);
        assertTrue(links.contains(Map.of("accountId", augsburg, "reason", "CONTACT_ACCOUNT", "address", "erika.mueller@augsburg.de")), links::toString);
        assertEquals(line.get("refId"), interactionWithSubject("/accounts/" + augsburg, "Angebot Integreat für Augsburg").get("refId"));

        Map<String, Object> receipt = crm.sentTo(member).stream()
                .filter(m -> "Abgelegt: Angebot Integreat für Augsburg".equals(m.get("subject"))).findFirst()
                .orElseThrow(() -> new AssertionError("no receipt: " + crm.sentTo(member)));
        assertTrue(((String) receipt.get("body")).contains("Kontakt Erika Müller"), receipt::toString);
        assertTrue(((String) receipt.get("body")).contains("Organisation Stadt Augsburg"), receipt::toString);
    }

    @Test
    void aMemberWhoTurnedReceiptsOffGetsNone() {
        TestCrm fresh = new TestCrm();
        String quiet = "quiet@integreat.example";
        Caller caller = fresh.member(quiet, "MEMBER");
        Reply me = caller.get("/me");
        assertEquals(200, caller.ifMatch(me.etag()).patch("/members/" + me.string("id"), Map.of("mailReceipts", false)).status());
        fresh.receive(mail().from(quiet).to("someone@example.com").subject("Ohne Quittung").text("...").build(), fresh.inboundAddress());
        assertEquals(1, caller.get("/unresolved").items().size());
        assertEquals(List.of(), fresh.sentTo(quiet));
    }

    @Test
    void anUnresolvedMailsReceiptNamesTheUnknownAddresses() {
        TestCrm fresh = new TestCrm();
        String english = "english@integreat.example";
        Caller caller = fresh.member(english, "MEMBER");
        Reply me = caller.get("/me");
        caller.ifMatch(me.etag()).patch("/members/" + me.string("id"), Map.of("language", "en"));
        fresh.receive(mail().from(english).to("new.person@kreis.example").subject("First contact").text("...").build(), fresh.inboundAddress());
        List<Map<String, Object>> receipts = fresh.sentTo(english);
        assertEquals(1, receipts.size(), receipts::toString);
        assertEquals("Logged: First contact", receipts.get(0).get("subject"));
        assertTrue(((String) receipts.get(0).get("body")).contains("unresolved inbox"));
        assertTrue(((String) receipts.get(0).get("body")).contains("new.person@kreis.example"));
    }

    @Test
    void aForwardedMailIsLoggedAsTheOriginalWithItsSenderDateAndSubject() {
        String raw = mail().from(member).to(crm.inboundAddress()).subject("WG: Rückfrage zur App")
                .date("Wed, 25 Nov 2026 10:00:00 +0100").messageId("fwd-1@integreat.example")
                .text("""
                        Zur Info.

                        ---------- Forwarded message ---------
                        From: Erika Müller <erika.mueller@augsburg.de>
                        Date: Mon, 23 Nov 2026 at 14:05
                        Subject: Rückfrage zur App
                        To: Lena Berg <%s>

                        Hallo Frau Berg,
                        wie viele Sprachen unterstützt die App?
                        Viele Grüße
                        Erika Müller
                        """.formatted(member)).build();
        crm.receive(raw, crm.inboundAddress());

        Map<String, Object> line = interactionWithSubject("/contacts/" + erika, "Rückfrage zur App");
        Reply interaction = admin.get("/interactions/" + line.get("refId"));
        assertEquals("INBOUND", interaction.string("direction"));
        assertTrue(interaction.string("occurredAt").startsWith("2026-11-23T13:05"), interaction::toString);
        assertTrue(interaction.string("body").contains("wie viele Sprachen"), interaction::toString);
        assertFalse(interaction.string("body").contains("Zur Info"), "the forwarder's note is not the original's body");
    }

    @Test
    void theClassicGermanOutlookBlockIsUnderstood() {
        String raw = mail().from(member).to(crm.inboundAddress()).subject("WG: Datenschutzvereinbarung")
                .date("Wed, 25 Nov 2026 11:00:00 +0100").messageId("outlook-de-1@integreat.example")
                .text("""
                        
                        -----Ursprüngliche Nachricht-----
                        Von: Müller, Erika <erika.mueller@augsburg.de>
                        Gesendet: Montag, 23. November 2026 10:15
                        An: Berg, Lena <%s>
                        Cc: Integrationsbüro <integration@augsburg.de>
                        Betreff: Datenschutzvereinbarung

                        Sehr geehrte Frau Berg,
                        wir benötigen noch die AV-Vereinbarung.
                        """.formatted(member)).build();
        crm.receive(raw, crm.inboundAddress());

        Map<String, Object> line = interactionWithSubject("/contacts/" + erika, "Datenschutzvereinbarung");
        Reply interaction = admin.get("/interactions/" + line.get("refId"));
        assertEquals("INBOUND", interaction.string("direction"));
        assertTrue(interaction.string("occurredAt").startsWith("2026-11-23T09:15"), interaction::toString);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> participants = (List<Map<String, Object>>) interaction.json().get("participants");
        Map<String, Object> office = participants.stream().filter(p -> "integration@augsburg.de".equals(p.get("email"))).findFirst().orElseThrow();
        assertEquals(augsburg, office.get("suggestedAccountId"), "an unknown address of the account's domain is offered as a contact there");
    }

    @Test
    void aForwardAsAttachmentUsesTheAttachedMessage() {
        String original = mail().from("=?UTF-8?Q?J=C3=BCrgen_K=C3=B6hler?= <juergen.koehler@augsburg.de>")
                .to(member).subject("=?ISO-8859-1?Q?Gr=FC=DFe_aus_dem_Rathaus?=").date("Fri, 20 Nov 2026 08:00:00 +0100")
                .messageId("orig-att@augsburg.de").text("Die Stadträte haben zugestimmt.").build();
        String raw = mail().from(member).to(crm.inboundAddress()).subject("Fwd: Grüße aus dem Rathaus")
                .date("Fri, 20 Nov 2026 09:00:00 +0100").messageId("fwd-att@integreat.example")
                .header("MIME-Version", "1.0").header("Content-Type", "multipart/mixed; boundary=\"b1\"")
                .rawBody("--b1\nContent-Type: text/plain; charset=UTF-8\n\nSiehe Anhang.\n--b1\nContent-Type: message/rfc822\n"
                        + "Content-Disposition: attachment\n\n" + original + "\n--b1--\n").build();
        crm.receive(raw, crm.inboundAddress());

        Map<String, Object> line = interactionWithSubject("/accounts/" + augsburg, "Grüße aus dem Rathaus");
        Reply interaction = admin.get("/interactions/" + line.get("refId"));
        assertEquals("INBOUND", interaction.string("direction"));
        assertEquals("2026-11-20T07:00:00Z", interaction.string("occurredAt"));
        assertTrue(interaction.string("body").contains("Stadträte haben zugestimmt"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> participants = (List<Map<String, Object>>) interaction.json().get("participants");
        assertEquals("Jürgen Köhler", participants.get(0).get("name"));
        assertEquals("ACCOUNT_DOMAIN", ((List<Map<String, Object>>) interaction.json().get("links")).get(0).get("reason"));
    }

    @Test
    void mailToAPlusAddressIsLoggedOnThatAccountEvenWithoutAMatch() {
        String berlin = admin.post("/accounts", Map.of("name", "Bezirksamt Mitte", "type", "MUNICIPALITY")).string("id");
        String local = crm.inboundAddress().substring(0, crm.inboundAddress().indexOf('@'));
        String domain = crm.inboundAddress().substring(crm.inboundAddress().indexOf('@'));
        String plus = local + "+" + berlin.toLowerCase() + domain;
        String raw = mail().from(member).to("stranger@gmx.de").subject("Termin Pitch").date("Thu, 26 Nov 2026 12:00:00 +0100")
                .messageId("plus-1@integreat.example").text("Bis Dienstag!").build();
        crm.receive(raw, plus);

        Map<String, Object> line = interactionWithSubject("/accounts/" + berlin, "Termin Pitch");
        Reply interaction = admin.get("/interactions/" + line.get("refId"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> links = (List<Map<String, Object>>) interaction.json().get("links");
        assertEquals(List.of(Map.of("accountId", berlin, "reason", "PLUS_ADDRESS")), links);
    }

    @Test
    void mailToAnOpportunitysPlusAddressIsLoggedOnItAndItsMunicipalities() {
        String garmisch = admin.post("/accounts", Map.of("name", "Markt Garmisch", "type", "MUNICIPALITY")).string("id");
        String haar = admin.post("/accounts", Map.of("name", "Gemeinde Haar", "type", "MUNICIPALITY")).string("id");
        String owner = admin.get("/me").string("id");
        Reply split = admin.post("/opportunities", Map.of("name", "Integreat Oberland", "type", "SPLIT",
                "accountIds", List.of(garmisch, haar), "ownerId", owner));
        assertEquals(201, split.status(), split::toString);
        String local = crm.inboundAddress().substring(0, crm.inboundAddress().indexOf('@'));
        String domain = crm.inboundAddress().substring(crm.inboundAddress().indexOf('@'));
        crm.receive(mail().from(member).to("buergermeister@gmx.de").subject("Vertragsentwurf Oberland")
                .messageId("opp-plus@integreat.example").text("Anbei der Entwurf.").build(),
                local + "+" + split.string("id") + domain);

        Map<String, Object> line = interactionWithSubject("/accounts/" + garmisch, "Vertragsentwurf Oberland");
        assertEquals(line.get("refId"), interactionWithSubject("/accounts/" + haar, "Vertragsentwurf Oberland").get("refId"));
        Reply interaction = admin.get("/interactions/" + line.get("refId"));
        assertEquals(List.of(split.string("id")), interaction.json().get("opportunityIds"));
    }

    @Test
    void theSameMailDeliveredTwiceOrSentInAgainIsLoggedOnce() {
        String raw = mail().from(member).to("erika.mueller@augsburg.de").subject("Zweimal zugestellt")
                .date("Thu, 26 Nov 2026 13:00:00 +0100").messageId("twice@integreat.example").text("Einmal bitte.").build();
        String sesId = crm.receive(raw, crm.inboundAddress());
        // SES delivers at least once: the same event again
        crm.inbound().invoke(sesId, "sender@example.org", List.of(crm.inboundAddress()), LocalInbound.Verdicts.PASS);
        // and the member sends the same message (same Message-ID) in once more
        crm.receive(raw, crm.inboundAddress());

        long lines = timeline("/contacts/" + erika).stream().filter(e -> "Zweimal zugestellt".equals(e.get("title"))).count();
        assertEquals(1, lines);
    }

    @Test
    void rejectedMailsGoToTheQuarantineWithTheirReason() {
        TestCrm fresh = new TestCrm();
        fresh.member(member, "MEMBER");
        fresh.receive(mail().from("outsider@example.com").to(fresh.inboundAddress()).subject("Hallo")
                .messageId("outsider@example.com").text("Hi").build(), fresh.inboundAddress());
        fresh.inbound().receive(mail().from(member).to("x@augsburg.de").subject("Spam").text("...").build()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), member, List.of(fresh.inboundAddress()),
                new LocalInbound.Verdicts("FAIL", "PASS", "PASS"));
        fresh.inbound().receive(mail().from(member).to("x@augsburg.de").subject("Virus").text("...").build()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), member, List.of(fresh.inboundAddress()),
                new LocalInbound.Verdicts("PASS", "FAIL", "PASS"));
        fresh.inbound().receive(mail().from(member).to("x@augsburg.de").subject("Forged").text("...").build()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), member, List.of(fresh.inboundAddress()),
                new LocalInbound.Verdicts("PASS", "PASS", "FAIL"));

        Reply quarantine = fresh.admin().get("/quarantine");
        assertEquals(200, quarantine.status(), quarantine::toString);
        List<String> reasons = quarantine.items().stream().map(q -> (String) q.get("reason")).toList();
        assertEquals(3, reasons.size(), reasons::toString);
        assertTrue(reasons.stream().anyMatch(r -> r.contains("not an active member")), reasons::toString);
        assertTrue(reasons.stream().anyMatch(r -> r.contains("spam")), reasons::toString);
        assertTrue(reasons.stream().anyMatch(r -> r.contains("virus")), reasons::toString);
        // a DMARC failure in a member's name is held for the member to confirm (HeldMailsTest), not quarantined
        assertEquals(List.of("Forged"), fresh.as(member).get("/pending-mails").items().stream().map(m -> m.get("subject")).toList());
        assertTrue(quarantine.items().stream().allMatch(q -> q.get("rawUrl") != null));
        assertEquals(List.of(), fresh.admin().get("/unresolved").items(), "a rejected mail is attached to nobody");
        assertEquals(403, fresh.as(member).get("/quarantine").status(), "the quarantine is for admins");
    }

    @Test
    void aMailFromADeactivatedMemberIsRejected() {
        TestCrm fresh = new TestCrm();
        Reply created = fresh.admin().post("/members", Map.of("email", "gone@integreat.example", "name", "Gone"));
        fresh.admin().ifMatch(created.etag()).patch("/members/" + created.string("id"), Map.of("active", false));
        fresh.receive(mail().from("gone@integreat.example").to("erika.mueller@augsburg.de").subject("Alt")
                .text("...").build(), fresh.inboundAddress());
        List<Map<String, Object>> quarantined = fresh.admin().get("/quarantine").items();
        assertEquals(1, quarantined.size());
        assertTrue(((String) quarantined.get(0).get("reason")).contains("not an active member"));
    }

    @Test
    void anUnknownAddressWaitsInTheUnresolvedInboxUntilItsContactIsCreated() {
        TestCrm fresh = new TestCrm();
        Caller lena = fresh.member(member, "MEMBER");
        fresh.receive(mail().from(member).to("Hans Grün <hans.gruen@landkreis-example.de>").subject("Erstkontakt Landkreis")
                .date("Thu, 26 Nov 2026 15:00:00 +0100").messageId("unres-1@integreat.example").text("Guten Tag Herr Grün").build(),
                fresh.inboundAddress());

        List<Map<String, Object>> waiting = lena.get("/unresolved").items();
        assertEquals(1, waiting.size());
        Map<String, Object> mail = waiting.get(0);
        assertEquals("Erstkontakt Landkreis", mail.get("subject"));
        assertEquals(Boolean.TRUE, mail.get("unresolved"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> participants = (List<Map<String, Object>>) mail.get("participants");
        assertEquals("hans.gruen@landkreis-example.de", participants.get(0).get("email"));
        assertEquals("Hans Grün", participants.get(0).get("name"));

        Reply contact = lena.post("/contacts", Map.of("firstName", "Hans", "lastName", "Grün",
                "emails", List.of("Hans.Gruen@landkreis-example.de")));
        assertEquals(201, contact.status(), contact::toString);
        assertEquals(1, ((Number) contact.json().get("linkedMails")).intValue());
        assertEquals(List.of(), lena.get("/unresolved").items(), "the mail left the inbox by itself");
        List<Map<String, Object>> timeline = lena.get("/contacts/" + contact.string("id") + "/timeline").items();
        assertEquals(List.of("Erstkontakt Landkreis"), timeline.stream().map(e -> e.get("title")).toList());
        Reply interaction = lena.get("/interactions/" + mail.get("id"));
        assertEquals(Boolean.FALSE, interaction.json().get("unresolved"));
    }

    @Test
    void anUnresolvedMailCanBeAssignedOrDiscarded() {
        TestCrm fresh = new TestCrm();
        Caller lena = fresh.member(member, "MEMBER");
        String contact = lena.post("/contacts", Map.of("lastName", "Schulz", "emails", List.of("schulz@kreis.example"))).string("id");
        fresh.receive(mail().from(member).to("sekretariat@kreis.example").subject("Für Frau Schulz").text("...").build(), fresh.inboundAddress());
        fresh.receive(mail().from(member).to("newsletter@shop.example").subject("Versehentlich").text("...").build(), fresh.inboundAddress());
        List<Map<String, Object>> waiting = lena.get("/unresolved").items();
        assertEquals(List.of("Versehentlich", "Für Frau Schulz"), waiting.stream().map(m -> m.get("subject")).toList(), "newest first");

        String assignId = (String) waiting.get(1).get("id");
        Reply assigned = lena.post("/unresolved/" + assignId + "/assign", Map.of("contactId", contact));
        assertEquals(200, assigned.status(), assigned::toString);
        assertEquals(List.of(contact), assigned.json().get("contactIds"));
        assertEquals(409, lena.post("/unresolved/" + assignId + "/assign", Map.of("contactId", contact)).status());
        assertEquals(1, lena.get("/contacts/" + contact + "/timeline").items().size());

        Reply badContact = lena.post("/unresolved/" + waiting.get(0).get("id") + "/assign", Map.of("contactId", "01JAAAAAAAAAAAAAAAAAAAAAAA"));
        assertEquals(422, badContact.status());
        assertTrue(badContact.body().contains("contactId"));

        assertEquals(204, lena.delete("/unresolved/" + waiting.get(0).get("id")).status());
        assertEquals(List.of(), lena.get("/unresolved").items());
        assertEquals(404, lena.get("/interactions/" + waiting.get(0).get("id")).status());
    }

    @Test
    void aMalformedMailIsQuarantinedWithItsReasonAndNothingIsLost() {
        TestCrm fresh = new TestCrm();
        fresh.inbound().receive(new byte[0], "x@example.org", List.of(fresh.inboundAddress()), LocalInbound.Verdicts.PASS);
        List<Map<String, Object>> quarantined = fresh.admin().get("/quarantine").items();
        assertEquals(1, quarantined.size());
        assertNotNull(quarantined.get(0).get("reason"));
        assertNotNull(quarantined.get(0).get("rawUrl"), "the raw mail stays reachable");
    }

    @Test
    void aHugeBodyIsCutInTheTableWhileTheRawMailKeepsAllOfIt() throws Exception {
        StringBuilder text = new StringBuilder();
        while (text.length() < 400_000) {
            text.append("Zeile mit Umlauten äöüß und Text, damit der Körper wächst. ");
        }
        String raw = mail().from(member).to("erika.mueller@augsburg.de").subject("Sehr lang").messageId("long@integreat.example")
                .text(text.toString()).build();
        crm.receive(raw, crm.inboundAddress());
        Map<String, Object> line = interactionWithSubject("/contacts/" + erika, "Sehr lang");
        Reply interaction = admin.get("/interactions/" + line.get("refId"));
        assertEquals(Boolean.TRUE, interaction.json().get("bodyTruncated"));
        assertTrue(interaction.string("body").length() < text.length());
        assertTrue(text.toString().startsWith(interaction.string("body").strip()), "the table keeps the beginning");

        Reply link = admin.get("/interactions/" + line.get("refId") + "/raw");
        assertEquals(302, link.status());
        String location = link.header("Location");
        var response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(location)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        org.junit.jupiter.api.Assertions.assertArrayEquals(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8), response.body(),
                "the raw mail is whole, byte for byte");
        assertEquals(200, admin.get("/interactions/" + line.get("refId") + "/raw?redirect=false").status());
    }

    @Test
    void a25MegabyteMailIsLoggedWithItsAttachmentKept() {
        // 18 MB of attachment bytes are about 25 MB of base64 lines: a large mail as SES hands it over
        byte[] attachment = new byte[18 * 1024 * 1024];
        new java.util.Random(7).nextBytes(attachment);
        String base64 = java.util.Base64.getMimeEncoder(76, "\r\n".getBytes()).encodeToString(attachment);
        String raw = mail().from(member).to("erika.mueller@augsburg.de").subject("Große Anlage")
                .messageId("big@integreat.example").header("MIME-Version", "1.0")
                .header("Content-Type", "multipart/mixed; boundary=\"big\"")
                .rawBody("--big\nContent-Type: text/plain; charset=UTF-8\n\nDie Präsentation im Anhang.\n--big\n"
                        + "Content-Type: application/pdf; name=\"Präsentation.pdf\"\nContent-Transfer-Encoding: base64\n"
                        + "Content-Disposition: attachment; filename*=UTF-8''Pr%C3%A4sentation.pdf\n\n" + base64 + "\n--big--\n").build();
        assertTrue(raw.length() > 24_000_000, "the mail is " + raw.length() + " bytes");
        crm.receive(raw, crm.inboundAddress());

        Map<String, Object> line = interactionWithSubject("/contacts/" + erika, "Große Anlage");
        Reply interaction = admin.get("/interactions/" + line.get("refId"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> attachments = (List<Map<String, Object>>) interaction.json().get("attachments");
        assertEquals(1, attachments.size(), attachments::toString);
        assertEquals("Präsentation.pdf", attachments.get(0).get("filename"));
        assertEquals((long) attachment.length, ((Number) attachments.get(0).get("sizeBytes")).longValue());
        assertTrue(interaction.string("body").contains("Präsentation im Anhang"));
        // kept whole in an object of its own, streamed through one bounded buffer
        assertEquals(Boolean.TRUE, attachments.get(0).get("kept"), attachments::toString);
        assertEquals(java.util.HexFormat.of().formatHex(sha256(attachment)), attachments.get(0).get("sha256"));
    }

    @Test
    void aWrongLinkCanBeUndoneAndAMailLeftOnNoRecordIsUnresolvedAgain() {
        TestCrm fresh = new TestCrm();
        Caller lena = fresh.member(member, "MEMBER");
        String city = lena.post("/accounts", Map.of("name", "Stadt Kempten", "type", "MUNICIPALITY",
                "emailDomains", List.of("kempten.de"))).string("id");
        fresh.receive(mail().from(member).to("info@kempten.de").subject("Falsch zugeordnet").text("...").build(), fresh.inboundAddress());
        Map<String, Object> line = lena.get("/accounts/" + city + "/timeline").items().get(0);
        String id = (String) line.get("refId");
        Reply before = lena.get("/interactions/" + id);
        assertEquals(428, lena.delete("/interactions/" + id + "/links/" + city).status());
        assertEquals(412, lena.ifMatch("\"99\"").delete("/interactions/" + id + "/links/" + city).status());

        Reply undone = lena.ifMatch(before.etag()).delete("/interactions/" + id + "/links/" + city);
        assertEquals(200, undone.status(), undone::toString);
        assertEquals(List.of(), lena.get("/accounts/" + city + "/timeline").items());
        assertEquals(Boolean.TRUE, undone.json().get("unresolved"));
        assertEquals(List.of(id), lena.get("/unresolved").items().stream().map(m -> m.get("id")).toList());
        assertEquals(404, lena.ifMatch(undone.etag()).delete("/interactions/" + id + "/links/" + city).status());

        Reply call = lena.post("/interactions", Map.of("type", "CALL", "subject", "Nur hier", "accountIds", List.of(city)));
        assertEquals(409, lena.ifMatch(call.etag()).delete("/interactions/" + call.string("id") + "/links/" + city).status());
    }

    @Test
    void aMailToALongListIsLoggedWholeBeyondOneTransaction() {
        TestCrm fresh = new TestCrm();
        Caller lena = fresh.member(member, "MEMBER");
        StringBuilder to = new StringBuilder();
        String lastAccount = null;
        for (int i = 1; i <= 45; i++) {
            lastAccount = lena.post("/accounts", Map.of("name", "Gemeinde " + i, "type", "MUNICIPALITY")).string("id");
            Reply contact = lena.post("/contacts", Map.of("lastName", "Bürgermeister " + i,
                    "emails", List.of("rathaus@gemeinde" + i + ".example"), "accountId", lastAccount));
            assertEquals(201, contact.status(), contact::toString);
            to.append(i == 1 ? "" : ", ").append("rathaus@gemeinde").append(i).append(".example");
        }
        for (int i = 1; i <= 10; i++) {
            to.append(", unbekannt").append(i).append("@irgendwo.example");
        }
        Map<String, Object> result = fresh.inbound().deliver(mail().from(member).to(to.toString()).subject("Rundschreiben")
                .messageId("rundschreiben@integreat.example").text("An alle Gemeinden").build()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), member, List.of(fresh.inboundAddress()), LocalInbound.Verdicts.PASS);
        assertEquals("LOGGED", result.get("result"), result::toString);
        Reply interaction = lena.get("/interactions/" + result.get("id"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> participants = (List<Map<String, Object>>) interaction.json().get("participants");
        int lines = ((List<?>) interaction.json().get("contactIds")).size() + ((List<?>) interaction.json().get("accountIds")).size()
                + (int) participants.stream().filter(p -> p.get("contactId") == null).count();
        // 45 contacts, their 45 accounts and 10 unknown addresses: more lines than one transaction holds, all written
        assertEquals(55, participants.size());
        assertEquals(100, lines, "lines: " + lines);
        Object id = result.get("id");
        assertTrue(lena.get("/accounts/" + lastAccount + "/timeline").items().stream().anyMatch(line -> id.equals(line.get("refId"))),
                "the last account's line came with a follow-up transaction");
        assertEquals(1, lena.get("/contacts?email=rathaus%40gemeinde1.example").items().size());
    }

    @Test
    void manualInteractionsHaveNoRawMail() {
        Reply call = admin.post("/interactions", Map.of("type", "CALL", "subject", "Anruf", "contactIds", List.of(erika)));
        assertEquals(201, call.status(), call::toString);
        assertEquals(404, admin.get("/interactions/" + call.string("id") + "/raw").status());
        assertTrue(Objects.equals(call.json().get("hasRawMail"), false));
    }
}
