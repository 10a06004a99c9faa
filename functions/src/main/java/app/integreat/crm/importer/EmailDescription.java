package app.integreat.crm.importer;

import app.integreat.crm.model.EmailAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The description of a Salesforce email task ("Email to Salesforce", logged mails): header lines
 * {@code To: … CC: … BCC: … Attachment: … Subject: …} and then {@code Body:} with the text. A
 * description without them is all body. One pass over the text, no regular expression.
 */
record EmailDescription(List<String> to, List<String> cc, List<String> bcc, String subject, String body) {

    static EmailDescription parse(String description) {
        List<String> to = new ArrayList<>();
        List<String> cc = new ArrayList<>();
        List<String> bcc = new ArrayList<>();
        String subject = null;
        if (description == null) {
            return new EmailDescription(to, cc, bcc, null, null);
        }
        String text = description.replace("\r\n", "\n");
        int position = 0;
        boolean sawHeader = false;
        while (position < text.length()) {
            int end = text.indexOf('\n', position);
            String line = text.substring(position, end < 0 ? text.length() : end);
            int colon = line.indexOf(':');
            String label = colon < 0 ? "" : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : line.substring(colon + 1).trim();
            switch (label) {
                case "to", "an" -> to.addAll(addresses(value));
                case "cc" -> cc.addAll(addresses(value));
                case "bcc" -> bcc.addAll(addresses(value));
                case "subject", "betreff" -> subject = value.isEmpty() ? null : value;
                case "attachment", "attachments", "anhang" -> {
                    // names only; the files are not in the export
                }
                case "body", "text", "nachricht" -> {
                    String rest = value + (end < 0 ? "" : "\n" + text.substring(end + 1));
                    return new EmailDescription(to, cc, bcc, subject, rest.strip().isEmpty() ? null : rest.strip());
                }
                default -> {
                    // not a header line: the description has no (more) headers, all of it is the body
                    return new EmailDescription(to, cc, bcc, subject, sawHeader ? text.substring(position).strip() : text.strip());
                }
            }
            sawHeader = true;
            position = end < 0 ? text.length() : end + 1;
        }
        return new EmailDescription(to, cc, bcc, subject, null);
    }

    /** Addresses separated by ";" or ",", each bare or as "Name <address>". */
    static List<String> addresses(String value) {
        List<String> addresses = new ArrayList<>();
        if (value == null) {
            return addresses;
        }
        for (String part : value.split("[;,]")) {
            int open = part.indexOf('<');
            int close = part.indexOf('>', open + 1);
            String candidate = open >= 0 && close > open ? part.substring(open + 1, close) : part;
            String address = EmailAddress.normalize(candidate);
            if (address != null && !addresses.contains(address)) {
                addresses.add(address);
            }
        }
        return addresses;
    }
}
