package app.integreat.crm.core;

import app.integreat.crm.mail.AttachmentSink;
import app.integreat.crm.store.MailFiles;
import java.io.IOException;
import java.io.InputStream;

/**
 * Keeps one mail's attachments in the mail bucket, each as an object of its own, within the per-file and
 * per-mail limits of {@link Limits}; beyond them a file is listed with the reason it was not kept. One per mail.
 */
final class AttachmentKeeper implements AttachmentSink {
    private final MailFiles files;
    private final String sesMessageId;
    private int kept;
    private long keptBytes;

    AttachmentKeeper(MailFiles files, String sesMessageId) {
        this.files = files;
        this.sesMessageId = sesMessageId;
    }

    @Override
    public Kept keep(int index, String filename, String mimeType, InputStream content) throws IOException {
        if (index >= Limits.ATTACHMENTS_LISTED) {
            return Kept.not("more than " + Limits.ATTACHMENTS_LISTED + " attachments");
        }
        if (kept >= Limits.ATTACHMENTS_KEPT) {
            return Kept.not("more than " + Limits.ATTACHMENTS_KEPT + " attachments are kept per mail");
        }
        long room = Limits.MAIL_ATTACHMENT_BYTES - keptBytes;
        long max = Math.min(Limits.ATTACHMENT_BYTES, room);
        String key = MailFiles.attachmentKey(sesMessageId, index);
        MailFiles.Upload upload;
        try {
            upload = files.put(key, mimeType == null ? "application/octet-stream" : mimeType, content, max);
        } catch (RuntimeException e) {
            // S3 failed, not the mail: the delivery is retried
            throw new StorageFailure("keeping an attachment failed", e);
        }
        if (!upload.kept()) {
            return Kept.not(max < Limits.ATTACHMENT_BYTES
                    ? "the mail's attachments together are larger than " + megabytes(Limits.MAIL_ATTACHMENT_BYTES)
                    : "larger than " + megabytes(Limits.ATTACHMENT_BYTES));
        }
        kept++;
        keptBytes += upload.bytes();
        return Kept.at(key);
    }

    private static String megabytes(long bytes) {
        return bytes / (1024 * 1024) + " MB";
    }
}
