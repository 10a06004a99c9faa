package app.integreat.crm;

import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/**
 * Exports too large for a Lambda answer: written to the export bucket under a random key (the
 * bucket's lifecycle deletes them after a day) and handed out as a presigned link of 5 minutes.
 */
public final class S3Exports {
    public static final Duration LINK_LIFETIME = Duration.ofMinutes(5);
    static final String PREFIX = "exports/";

    private S3Exports() {
    }

    /** Stores the file and returns the link to it. */
    public static String put(Services services, String filename, String contentType, byte[] content) {
        String bucket = services.config().exportBucket();
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException("EXPORT_BUCKET is not set");
        }
        String key = PREFIX + UUID.randomUUID() + "/" + filename;
        String disposition = "attachment; filename=\"" + filename + "\"";
        services.s3().putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
                .contentDisposition(disposition).build(), RequestBody.fromBytes(content));
        return services.s3Presigner().presignGetObject(GetObjectPresignRequest.builder()
                .signatureDuration(LINK_LIFETIME)
                .getObjectRequest(GetObjectRequest.builder().bucket(bucket).key(key)
                        .responseContentType(contentType).responseContentDisposition(disposition).build())
                .build()).url().toString();
    }
}
