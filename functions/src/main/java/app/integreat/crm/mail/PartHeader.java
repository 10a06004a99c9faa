package app.integreat.crm.mail;

import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.stream.Field;

/** The MIME fields of one entity that decide whether it is body text or an attachment. */
final class PartHeader {
    private String contentType;
    private String contentDisposition;
    private String contentId;

    void add(Field field) {
        String name = field.getName().toLowerCase(Locale.ROOT);
        switch (name) {
            case "content-type" -> contentType = field.getBody();
            case "content-disposition" -> contentDisposition = field.getBody();
            case "content-id" -> contentId = field.getBody();
            default -> {
                // other fields do not matter for the part's role
            }
        }
    }

    String dispositionType() {
        if (contentDisposition == null) {
            return "";
        }
        int semicolon = contentDisposition.indexOf(';');
        String type = semicolon < 0 ? contentDisposition : contentDisposition.substring(0, semicolon);
        return type.strip().toLowerCase(Locale.ROOT);
    }

    boolean isAttachment() {
        return dispositionType().equals("attachment");
    }

    boolean isInline() {
        return dispositionType().equals("inline");
    }

    String contentTypeParam(String name) {
        return MimeParams.parse(contentType).get(name);
    }

    /** The file name from Content-Disposition, else from the Content-Type name parameter; null when none. */
    String filename() {
        String name = MimeParams.parse(contentDisposition).get("filename");
        if (name == null || name.isBlank()) {
            name = contentTypeParam("name");
        }
        if (name == null) {
            return null;
        }
        // non-standard but common: RFC 2047 encoded-words inside the quoted file name
        String decoded = HeaderText.decode(name);
        return decoded == null || decoded.isBlank() ? null : decoded;
    }

    String contentId() {
        String id = MailParser.messageId(contentId == null ? null : HeaderText.decode(contentId));
        return id == null || id.isBlank() ? null : id;
    }
}
