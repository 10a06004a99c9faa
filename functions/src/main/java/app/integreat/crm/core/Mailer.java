package app.integreat.crm.core;

/** Sends the CRM's own plain-text mails (receipts of logged mail, reminders). */
public interface Mailer {
    void send(String to, String subject, String text);
}
