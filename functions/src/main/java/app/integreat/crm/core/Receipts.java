package app.integreat.crm.core;

import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.Member;
import app.integreat.crm.store.AccountStore;
import app.integreat.crm.store.ContactStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The short mail a member gets after BCC-ing or forwarding a mail: where it was logged, or that it
 * waits in the unresolved inbox and for which addresses, so that nobody has to check by hand.
 */
public final class Receipts {
    private final Mailer mailer;
    private final ContactStore contacts;
    private final AccountStore accounts;
    private final String appUrl;

    public Receipts(Mailer mailer, ContactStore contacts, AccountStore accounts, String appUrl) {
        this.mailer = mailer;
        this.contacts = contacts;
        this.accounts = accounts;
        this.appUrl = appUrl == null ? "" : appUrl;
    }

    public void logged(Member member, Interaction interaction) {
        if (mailer == null || !member.mailReceipts()) {
            return;
        }
        boolean german = !"en".equals(member.language());
        String subject = shown(interaction.subject(), german);
        StringBuilder text = new StringBuilder();
        if (interaction.unresolved()) {
            text.append(german
                    ? "Ihre Mail „" + subject + "“ wartet im Posteingang „Ungeklärt“: keine Adresse passt zu einem Kontakt.\n"
                    : "Your mail \"" + subject + "\" waits in the unresolved inbox: no address matches a contact.\n");
            text.append(german ? "Adressen: " : "Addresses: ").append(listed(interaction.unknownAddresses(), german)).append('\n');
            text.append(german ? "Legen Sie den Kontakt an oder ordnen Sie die Mail zu: " : "Create the contact or assign the mail: ")
                    .append(appUrl).append("#/unresolved\n");
        } else {
            text.append(german ? "Ihre Mail „" + subject + "“ wurde abgelegt bei:\n" : "Your mail \"" + subject + "\" was logged on:\n");
            for (String line : linkedRecords(interaction, german)) {
                text.append("- ").append(line).append('\n');
            }
            int records = interaction.contactIds().size() + interaction.accountIds().size() + interaction.opportunityIds().size();
            if (records > LISTED) {
                text.append(german ? "- und " + (records - LISTED) + " weitere\n" : "- and " + (records - LISTED) + " more\n");
            }
            if (!interaction.unknownAddresses().isEmpty()) {
                text.append(german ? "Ohne Kontakt: " : "Without a contact: ")
                        .append(listed(interaction.unknownAddresses(), german)).append('\n');
            }
            text.append(appUrl).append("#/interactions/").append(interaction.id()).append('\n');
        }
        text.append(german
                ? "\nDiese Bestätigung können Sie in Ihrem Profil abschalten.\n"
                : "\nYou can turn these receipts off in your profile.\n");
        try {
            mailer.send(member.email(), (german ? "Abgelegt: " : "Logged: ") + subject, text.toString());
        } catch (RuntimeException e) {
            // the mail is logged already; a lost receipt must not turn into a retry of the delivery
            System.out.println("{\"level\":\"WARN\",\"message\":\"receipt not sent\",\"error\":\"" + e.getClass().getName() + "\"}");
        }
    }

    /** Tells the member that a mail of theirs was not logged again: they had logged the same original before. */
    public void loggedAlready(Member member, Interaction interaction) {
        if (mailer == null || !member.mailReceipts()) {
            return;
        }
        boolean german = !"en".equals(member.language());
        String subject = shown(interaction.subject(), german);
        String text = german
                ? "Ihre Mail „" + subject + "“ war bereits abgelegt: Sie haben dieselbe Mail schon einmal weitergeleitet "
                        + "oder in BCC gesetzt. Sie wurde nicht ein zweites Mal abgelegt.\n"
                : "Your mail \"" + subject + "\" was logged already: you forwarded or BCC'd the same mail before. "
                        + "It was not logged a second time.\n";
        send(member, (german ? "Bereits abgelegt: " : "Logged already: ") + subject,
                text + appUrl + "#/interactions/" + interaction.id() + "\n");
    }

    /**
     * Tells the member that a mail in their name arrived that SES could not verify, with the link to confirm it.
     * Always sent (also with receipts turned off): it may be somebody else writing in their name.
     */
    public void held(Member member, app.integreat.crm.model.HeldMail mail) {
        long days = java.time.Duration.between(mail.receivedAt(), mail.confirmBy()).toDays();
        boolean german = !"en".equals(member.language());
        String subject = shown(mail.subject(), german);
        String link = appUrl + "#/pending-mails/" + mail.id();
        String text = german
                ? "Eine Mail in Ihrem Namen („" + subject + "“, von " + mail.from() + ") ist angekommen, aber ihr Absender "
                        + "ließ sich nicht bestätigen (DMARC " + mail.dmarcVerdict() + "). Sie ist noch nicht abgelegt.\n"
                        + "Wenn Sie sie geschickt haben, bestätigen Sie sie hier; sonst verwerfen Sie sie:\n" + link + "\n"
                        + "Ohne Bestätigung geht sie nach " + days + " Tagen in die Quarantäne.\n"
                : "A mail in your name (\"" + subject + "\", from " + mail.from() + ") arrived, but its sender could not be "
                        + "verified (DMARC " + mail.dmarcVerdict() + "). It has not been logged.\n"
                        + "If you sent it, confirm it here; otherwise drop it:\n" + link + "\n"
                        + "Unconfirmed, it moves to the quarantine after " + days + " days.\n";
        send(member, (german ? "Bitte bestätigen: " : "Please confirm: ") + subject, text);
    }

    /** Tells the member why their mail was not logged (a mail only between members). */
    public void notLogged(Member member, String mailSubject, String reason) {
        if (mailer == null || !member.mailReceipts()) {
            return;
        }
        boolean german = !"en".equals(member.language());
        String subject = shown(mailSubject, german);
        String text = german
                ? "Ihre Mail „" + subject + "“ wurde nicht abgelegt: sie ging nur an Mitglieder des Teams, an niemanden außerhalb, "
                        + "und an keine Plus-Adresse einer Organisation oder Verkaufschance.\n"
                : "Your mail \"" + subject + "\" was not logged: it went only to members of the team, to nobody outside, "
                        + "and to no plus address of an account or opportunity.\n";
        send(member, (german ? "Nicht abgelegt: " : "Not logged: ") + subject,
                text + (german ? "Grund: " : "Reason: ") + reason + "\n");
    }

    private static String shown(String subject, boolean german) {
        return subject == null || subject.isBlank() ? (german ? "(ohne Betreff)" : "(no subject)") : subject;
    }

    private void send(Member member, String subject, String text) {
        if (mailer == null) {
            return;
        }
        try {
            mailer.send(member.email(), subject, text);
        } catch (RuntimeException e) {
            // the mail's outcome is stored already; a lost notice must not turn into a retry of the delivery
            System.out.println("{\"level\":\"WARN\",\"message\":\"receipt not sent\",\"error\":\"" + e.getClass().getName() + "\"}");
        }
    }

    /**
     * Records and addresses a receipt names: a mail to a long list is logged on many, and each record named costs
     * a GetItem; the receipt names the first ones and counts the rest, the mail's page has them all.
     */
    static final int LISTED = 20;

    private static String listed(java.util.Collection<String> addresses, boolean german) {
        String shown = String.join(", ", addresses.stream().limit(LISTED).toList());
        return addresses.size() <= LISTED ? shown
                : shown + (german ? " und " + (addresses.size() - LISTED) + " weitere" : " and " + (addresses.size() - LISTED) + " more");
    }

    private List<String> linkedRecords(Interaction interaction, boolean german) {
        List<String> lines = new ArrayList<>();
        // opportunities and accounts first: a mail to a long list names few of them and many contacts
        for (String opportunityId : interaction.opportunityIds().stream().limit(LISTED).toList()) {
            lines.add((german ? "Verkaufschance " : "Opportunity ") + opportunityId);
        }
        for (String accountId : interaction.accountIds().stream().limit(LISTED - lines.size()).toList()) {
            accounts.get(accountId).ifPresent(a -> lines.add((german ? "Organisation " : "Account ") + a.name()));
        }
        for (String contactId : interaction.contactIds().stream().limit(LISTED - lines.size()).toList()) {
            contacts.get(contactId).ifPresent(c -> lines.add((german ? "Kontakt " : "Contact ") + c.displayName()));
        }
        return lines;
    }
}
