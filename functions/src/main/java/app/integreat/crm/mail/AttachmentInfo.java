package app.integreat.crm.mail;

/**
 * What the CRM keeps about an attachment: its metadata, never its bytes.
 *
 * @param filename  the file name, RFC 2231 and RFC 2047 decoded; null when the part has none
 * @param mimeType  the lower-case media type, e.g. {@code application/pdf}
 * @param sizeBytes the decoded size (after base64 or quoted-printable)
 * @param contentId the Content-ID without angle brackets, for inline images; null when absent
 * @param inline    true when the part is marked {@code Content-Disposition: inline}
 */
public record AttachmentInfo(String filename, String mimeType, long sizeBytes, String contentId, boolean inline) {
}
