package app.integreat.crm.api;

import app.integreat.crm.S3Exports;
import app.integreat.crm.Services;
import app.integreat.crm.core.PrivacyService;
import app.integreat.crm.json.Json;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Interaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * GET /contacts/{id}/export: a zip of everything stored about the person (Art. 15 GDPR), with a README
 * in German and English. Up to the CSV exports' inline size it is the answer; beyond it goes through S3
 * as a presigned link (302), the way a large CSV export does, since Lambda answers at most 6 MB.
 */
final class PersonExport {
    /** The raw mails and attachments one export holds at most, read into memory (the function has 1 GB). */
    static final long MAX_OBJECT_BYTES = 150_000_000L;

    static final String README = """
            Auskunft nach Art. 15 DSGVO – Integreat CRM
            ============================================
            contact.json                       Die gespeicherten Angaben zur Person (Kontakt).
            interactions/<id>.json             Jede Interaktion (E-Mail, Anruf, Treffen, Notiz), an der die Person
                                               beteiligt ist: Text, Beteiligte, Zeitpunkte, Verknüpfungen.
            interactions/<id>/mail.eml         Die empfangene E-Mail im Original (RFC 5322), sofern noch gespeichert.
            interactions/<id>/attachments/...  Die Anhänge dieser E-Mail.
            tasks.json                         Wiedervorlagen (Aufgaben), die die Person nennen.
            opportunities.json                 Vorgänge (Verträge), mit denen diese Interaktionen und Aufgaben verknüpft sind.

            Access request under Art. 15 GDPR – Integreat CRM
            ==================================================
            contact.json                       The data stored about the person (the contact).
            interactions/<id>.json             Every interaction (mail, call, meeting, note) the person takes part in:
                                               text, participants, dates, links.
            interactions/<id>/mail.eml         The mail as received (RFC 5322), while it is still kept.
            interactions/<id>/attachments/...  Its attachments.
            tasks.json                         Tasks that name the person.
            opportunities.json                 Opportunities those interactions and tasks are linked to.
            """;

    private PersonExport() {
    }

    static Response answer(Services services, ApiRequest request) {
        String contactId = request.id("Contact");
        String redirectParameter = request.query("redirect");
        if (redirectParameter != null && !redirectParameter.equals("true") && !redirectParameter.equals("false")) {
            throw CrmException.badParameter("redirect", "must be true or false");
        }
        boolean redirect = !"false".equals(redirectParameter);
        PrivacyService.PersonData data = services.privacy().export(request.caller(), contactId);
        byte[] zip = zip(services.privacy(), data, new Labels(services.opportunities().pipeline(), request.caller().language(),
                services.clock()));
        String filename = "kontakt-" + contactId + "-" + java.time.LocalDate.now(services.clock()) + ".zip";
        if (zip.length <= services.config().exportInlineMaxBytes()) {
            return Response.file("application/zip", filename, zip);
        }
        String url = S3Exports.put(services, filename, "application/zip", zip);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url);
        json.put("bytes", zip.length);
        json.put("expiresInSeconds", S3Exports.LINK_LIFETIME.toSeconds());
        return redirect ? Response.redirect(url, json) : Response.ok(json);
    }

    static byte[] zip(PrivacyService privacy, PrivacyService.PersonData data, Labels labels) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long objectBytes = 0;
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            entry(zip, "README.txt", README.getBytes(StandardCharsets.UTF_8));
            entry(zip, "contact.json", json(Representations.contact(data.contact())));
            for (Interaction interaction : data.interactions()) {
                String dir = "interactions/" + interaction.id();
                entry(zip, dir + ".json", json(Representations.interaction(interaction)));
                List<String[]> objects = new ArrayList<>();
                if (interaction.rawMailKey() != null) {
                    objects.add(new String[] {interaction.rawMailKey(), dir + "/mail.eml"});
                }
                for (Interaction.Attachment attachment : interaction.attachments()) {
                    if (attachment.key() != null) {
                        objects.add(new String[] {attachment.key(), dir + "/attachments/" + attachment.n() + "-" + safe(attachment.filename())});
                    }
                }
                for (String[] object : objects) {
                    byte[] content = privacy.object(object[0]);
                    if (content == null) {
                        continue; // expired by the bucket's lifecycle rule: the parsed copy above is what is kept
                    }
                    objectBytes += content.length;
                    if (objectBytes > MAX_OBJECT_BYTES) {
                        throw CrmException.of(CrmException.Kind.VALIDATION, "The person's mails and attachments exceed "
                                + MAX_OBJECT_BYTES / 1_000_000 + " MB, more than one export can hold; see docs/privacy.md.");
                    }
                    entry(zip, object[1], content);
                }
            }
            entry(zip, "tasks.json", json(data.tasks().stream().map(Representations::task).toList()));
            entry(zip, "opportunities.json", json(data.opportunities().stream()
                    .map(o -> Representations.opportunity(o, labels, true)).toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A file name safe in a zip: no directories, no control characters. */
    static String safe(String filename) {
        String name = filename == null ? "file" : filename.replaceAll("[\\\\/\\p{Cntrl}:*?\"<>|]", "_");
        return name.isBlank() ? "file" : name.length() > 120 ? name.substring(0, 120) : name;
    }

    private static byte[] json(Object value) {
        return Json.write(value).getBytes(StandardCharsets.UTF_8);
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
