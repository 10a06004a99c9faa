package app.integreat.crm.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/**
 * The mail bucket's objects: raw mails (under {@code mail/}, written by SES, expired by the bucket's lifecycle
 * rule) and the attachments kept from them (under {@code attachments/<SES message id>/<n>}, which no lifecycle
 * rule touches: they live as long as their interaction). The only code that knows these keys.
 */
public final class MailFiles {
    private static final String ATTACHMENTS = "attachments/";

    /** How an upload ended: the bytes written, or over the limit (nothing kept). */
    public record Upload(boolean kept, long bytes) {
    }

    private final Supplier<S3Client> s3;
    private final Supplier<S3Presigner> presigner;
    private final String bucket;

    public MailFiles(Supplier<S3Client> s3, Supplier<S3Presigner> presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    /** The key of attachment {@code n} of a delivery: the same on every retry, so a retry overwrites. */
    public static String attachmentKey(String sesMessageId, int n) {
        return ATTACHMENTS + sesMessageId + "/" + n;
    }

    /**
     * Streams one file into the bucket with one PutObject of known length. The file passes through a buffer
     * that grows with it up to {@code maxBytes} (so memory is bounded by the per-file limit, never by the mail);
     * a file that grows past it is not kept and reading stops there (the caller reads the rest).
     */
    public Upload put(String key, String contentType, InputStream in, long maxBytes) throws IOException {
        Buffer buffer = new Buffer();
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(chunk)) >= 0) {
            total += n;
            if (total > maxBytes) {
                return new Upload(false, total);
            }
            buffer.write(chunk, 0, n);
        }
        s3.get().putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
                        .contentLength(total).build(),
                RequestBody.fromInputStream(buffer.asInputStream(), total));
        return new Upload(true, total);
    }

    /** A byte buffer read back without a copy. */
    private static final class Buffer extends java.io.ByteArrayOutputStream {
        InputStream asInputStream() {
            return new java.io.ByteArrayInputStream(buf, 0, count);
        }
    }

    /** Streams an object (a raw mail to parse again). */
    public InputStream open(String key) {
        return s3.get().getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
    }

    /** One page of raw mails: the keys older than asked for, and where the next page starts (null: the end). */
    public record RawMailPage(List<String> olderKeys, String next) {
    }

    /**
     * One ListObjectsV2 page (at most 1,000 keys) of {@code mail/} after {@code startAfter} (null: from the
     * start), with the keys of objects stored before {@code before}.
     */
    public RawMailPage rawMailPage(String startAfter, java.time.Instant before) {
        var request = software.amazon.awssdk.services.s3.model.ListObjectsV2Request.builder().bucket(bucket)
                .prefix(RAW_MAIL_PREFIX).maxKeys(1000);
        if (startAfter != null) {
            request.startAfter(startAfter);
        }
        software.amazon.awssdk.services.s3.model.ListObjectsV2Response page;
        try {
            page = s3.get().listObjectsV2(request.build());
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
            // an emulator's CRM that never received mail has no bucket yet: nothing to expire
            return new RawMailPage(List.of(), null);
        }
        List<String> older = page.contents().stream().filter(o -> o.lastModified().isBefore(before))
                .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
        String last = page.contents().isEmpty() ? null : page.contents().get(page.contents().size() - 1).key();
        return new RawMailPage(older, Boolean.TRUE.equals(page.isTruncated()) ? last : null);
    }

    /** Where SES's S3 action stores raw mails. */
    static final String RAW_MAIL_PREFIX = "mail/";

    /** Deletes objects (attachments of a discarded mail, a deleted quarantined raw mail); a missing one is fine. */
    public void delete(List<String> keys) {
        for (String key : keys) {
            s3.get().deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
        }
    }

    /**
     * A short-lived link that downloads the object; with a file name, under that name
     * ({@code Content-Disposition: attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>}).
     * Presigning is local computation, no request.
     */
    public String presign(String key, String contentType, String filename, Duration lifetime) {
        GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key).responseContentType(contentType);
        if (filename != null) {
            get.responseContentDisposition(contentDisposition(filename));
        }
        return presigner.get().presignGetObject(GetObjectPresignRequest.builder().signatureDuration(lifetime)
                .getObjectRequest(get.build()).build()).url().toString();
    }

    /** RFC 6266 with RFC 5987's encoding for the real name and an ASCII stand-in for old clients. */
    static String contentDisposition(String filename) {
        StringBuilder ascii = new StringBuilder();
        for (char c : filename.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20")
                .replace("*", "%2A").replace("%7E", "~");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
