package app.integreat.crm.api;

import app.integreat.crm.Services;
import app.integreat.crm.model.StoredFile;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/** The files of a record, each with a download link that lives five minutes (files hold personal data). */
final class Files {
    static final Duration LINK_LIFETIME = Duration.ofMinutes(5);

    private Files() {
    }

    static Response list(Services services, List<StoredFile> files) {
        List<Map<String, Object>> items = files.stream().map(file -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", file.id());
            json.put("name", file.name());
            if (file.contentType() != null) {
                json.put("contentType", file.contentType());
            }
            json.put("size", file.size());
            if (file.salesforceId() != null) {
                json.put("salesforceId", file.salesforceId());
            }
            json.put("createdAt", file.createdAt().toString());
            json.put("url", link(services, file));
            return json;
        }).toList();
        return Response.ok(Map.of("items", items, "linkExpiresInSeconds", LINK_LIFETIME.toSeconds()));
    }

    private static String link(Services services, StoredFile file) {
        // the name is sent as a download name; quotes and line breaks in it are left out
        String name = file.name().replaceAll("[\"\\r\\n\\\\]", "_");
        return services.s3Presigner().presignGetObject(GetObjectPresignRequest.builder()
                .signatureDuration(LINK_LIFETIME)
                .getObjectRequest(GetObjectRequest.builder().bucket(services.config().rawMailBucket()).key(file.key())
                        .responseContentDisposition("attachment; filename=\"" + name + "\"")
                        .responseContentType(file.contentType() == null ? "application/octet-stream" : file.contentType()).build())
                .build()).url().toString();
    }
}
