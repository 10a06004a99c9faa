package app.integreat.crm.mail;

import app.integreat.crm.model.EmailAddress;

/**
 * One mailbox as written in a header or a forwarded block.
 *
 * @param name  the display name, decoded and without quotes; null when none was given
 * @param email the address normalized like {@link EmailAddress#normalize} (trimmed, lower case, NFC);
 *              null when the text named a person only or the address was not plausible
 */
public record MailAddress(String name, String email) {

    /** A mailbox from raw parts: blank names become null, the address is normalized. */
    public static MailAddress of(String name, String email) {
        String address = EmailAddress.normalize(email);
        String display = name == null ? null : name.strip();
        if (display != null && (display.isEmpty() || display.equalsIgnoreCase(email == null ? "" : email.strip()))) {
            // "a@b.de <a@b.de>" carries no name
            display = null;
        }
        return new MailAddress(display, address);
    }
}
