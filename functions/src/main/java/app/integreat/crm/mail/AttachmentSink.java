package app.integreat.crm.mail;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where the parser hands each attachment's decoded bytes while it streams the mail, so that a file is kept
 * without the mail ever being held whole. The parser counts and hashes the bytes itself and reads whatever
 * the sink leaves unread, so a sink may stop early (a file over its limit).
 */
@FunctionalInterface
public interface AttachmentSink {

    /**
     * Keeps one attachment.
     *
     * @param index    the attachment's number in the mail, from 0, counting those of attached messages too
     * @param filename the file name, or null
     * @param mimeType the lower-case media type
     * @param content  the decoded bytes; the sink must not close it
     * @return where the bytes went, or why they were not kept
     */
    Kept keep(int index, String filename, String mimeType, InputStream content) throws IOException;

    /** A sink's storage failed (not the mail): the parser lets it through, so that the delivery is retried. */
    final class StorageFailure extends RuntimeException {
        public StorageFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Either {@code reference} (where the bytes are) or {@code notKeptReason} is set. */
    record Kept(String reference, String notKeptReason) {
        public static Kept at(String reference) {
            return new Kept(reference, null);
        }

        public static Kept not(String reason) {
            return new Kept(null, reason);
        }
    }
}
