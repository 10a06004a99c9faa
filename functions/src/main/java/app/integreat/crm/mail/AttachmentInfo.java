package app.integreat.crm.mail;

/**
 * An attachment as the parser saw it.
 *
 * @param filename      the file name, RFC 2231 and RFC 2047 decoded; null when the part has none
 * @param mimeType      the lower-case media type, e.g. {@code application/pdf}
 * @param sizeBytes     the decoded size (after base64 or quoted-printable)
 * @param contentId     the Content-ID without angle brackets, for inline images; null when absent
 * @param inline        true when the part is marked {@code Content-Disposition: inline}
 * @param sha256        hex SHA-256 of the decoded bytes; null when parsed without an {@link AttachmentSink}
 * @param reference     where the sink kept the bytes; null when not kept
 * @param notKeptReason why the sink did not keep them; null when kept or parsed without a sink
 * @param index         the number the sink got (see {@link AttachmentSink#keep}); -1 when parsed without a sink
 */
public record AttachmentInfo(String filename, String mimeType, long sizeBytes, String contentId, boolean inline,
                             String sha256, String reference, String notKeptReason, int index) {

    /** Metadata only, as a parse without a sink yields it. */
    public AttachmentInfo(String filename, String mimeType, long sizeBytes, String contentId, boolean inline) {
        this(filename, mimeType, sizeBytes, contentId, inline, null, null, null, -1);
    }
}
