package app.integreat.crm.importer;

import static app.integreat.crm.importer.RequiredColumns.*;

import app.integreat.crm.core.Limits;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.InteractionType;
import app.integreat.crm.model.StoredFile;
import app.integreat.crm.store.ImportStore.Imported;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Attachments and files (the latest version) go to S3 and are listed on their records; enhanced notes become NOTE interactions. */
final class FileImport {
    private final ImportRun run;
    private final ActivityImport activities;

    FileImport(ImportRun run, ActivityImport activities) {
        this.run = run;
        this.activities = activities;
    }

    void importAttachments(ExportFiles files) {
        run.batches(files, "Attachment", ATTACHMENT_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.bool("IsDeleted")) {
                run.report.skipped("Attachment", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            String[] record = run.record(row.id("ParentId"));
            if (record == null) {
                run.report.skipped("Attachment", id, "on no contact, organisation or opportunity the CRM has");
                return;
            }
            file("Attachment", id, previous, files.binary("Attachments", id).orElse(null), List.<String[]>of(record),
                    Text.truncate(row.required("Name"), Limits.NAME), row.get("ContentType"), run.orNow(row.instant("CreatedDate")));
        });
    }

    /** Files (the latest version of each) on the records they are linked to; enhanced notes become NOTE interactions. */
    void importContentVersions(ExportFiles files) {
        run.batches(files, "ContentVersion", CONTENT_VERSION_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.get("IsLatest") != null && !row.bool("IsLatest")) {
                run.report.skipped("ContentVersion", id, "an older version (only the latest is imported)");
                return;
            }
            List<String[]> records = new ArrayList<>();
            List<Interaction.Link> links = new ArrayList<>();
            for (String linked : run.documentLinks.getOrDefault(row.id("ContentDocumentId"), List.of())) {
                String[] record = run.record(linked);
                if (record != null) {
                    records.add(record);
                    for (Interaction.Link link : SalesforceId.prefix(linked).equals("003") ? run.links(linked, null) : run.links(null, linked)) {
                        ImportRun.addLink(links, link);
                    }
                }
            }
            ExportFiles.Binary binary = files.binary("ContentVersion", id).orElse(null);
            Instant created = run.orNow(row.instant("CreatedDate"));
            if ("SNOTE".equalsIgnoreCase(row.get("FileType"))) {
                String body = binary == null ? null : htmlText(binary, row);
                activities.interaction("ContentVersion", id, previous, InteractionType.NOTE, null, created,
                        Text.firstNonNull(row.get("Title"), "Notiz"), null, null, body, links, List.of(), run.member(row.id("OwnerId")), created);
                return;
            }
            if (records.isEmpty()) {
                run.report.skipped("ContentVersion", id, "linked to no contact, organisation or opportunity the CRM has");
                return;
            }
            String name = Text.firstNonNull(row.get("PathOnClient"), row.get("Title"), id);
            file("ContentVersion", id, previous, binary, records, Text.truncate(name.substring(name.lastIndexOf('/') + 1), Limits.NAME),
                    contentType(row.get("FileType")), created);
        });
    }

    private void file(String object, String id, Imported previous, ExportFiles.Binary binary, List<String[]> records, String name,
                      String contentType, Instant created) {
        if (binary == null) {
            run.report.skipped(object, id, "its content is not in the export (export with attachments and files included)");
            return;
        }
        String key = "files/" + records.get(0)[0].toLowerCase(Locale.ROOT) + "/" + records.get(0)[1] + "/" + id;
        String hash = Text.hash(name, contentType, binary.size(), records.stream().map(r -> r[0] + ":" + r[1]).toList());
        if (previous != null && previous.hash().equals(hash)) {
            run.report.unchanged(object);
            return;
        }
        if (!run.options.dryRun()) {
            // the bytes first: a run that stops between the two writes leaves an object the next run overwrites
            try (InputStream in = binary.open()) {
                run.services.s3().putObject(PutObjectRequest.builder().bucket(run.services.config().rawMailBucket()).key(key)
                        .contentType(contentType == null ? "application/octet-stream" : contentType).build(),
                        RequestBody.fromInputStream(in, binary.size()));
            } catch (IOException e) {
                throw CrmException.of(CrmException.Kind.CONFLICT, "its content cannot be read from the export: " + e.getMessage());
            }
            run.store.putFile(id, records, new StoredFile(id, name, contentType, binary.size(), key, id, created), hash, previous);
        }
        if (previous == null) {
            run.report.created(object);
        } else {
            run.report.updated(object);
        }
    }

    /** The text of an enhanced note (an HTML body, at most the notes' size). */
    private static String htmlText(ExportFiles.Binary binary, Row row) {
        try (InputStream in = binary.open()) {
            byte[] html = in.readNBytes(Limits.MAIL_BODY_BYTES);
            return org.jsoup.Jsoup.parse(new String(html, StandardCharsets.UTF_8)).wholeText().strip();
        } catch (IOException e) {
            throw CrmException.of(CrmException.Kind.CONFLICT, "the note's content cannot be read from the export: " + e.getMessage());
        }
    }

    private static String contentType(String fileType) {
        if (fileType == null) {
            return null;
        }
        return switch (fileType.toUpperCase(Locale.ROOT)) {
            case "PDF" -> "application/pdf";
            case "TEXT", "TXT" -> "text/plain";
            case "CSV" -> "text/csv";
            case "PNG" -> "image/png";
            case "JPG", "JPEG" -> "image/jpeg";
            case "WORD_X" -> "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            case "EXCEL_X" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case "POWER_POINT_X" -> "application/vnd.openxmlformats-officedocument.presentationml.presentation";
            default -> null;
        };
    }
}
