package app.integreat.crm.mail;

/** The input is not a mail message at all; the message is a reason a person can read. */
public class MailParseException extends Exception {

    public MailParseException(String reason) {
        super(reason);
    }

    public MailParseException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
