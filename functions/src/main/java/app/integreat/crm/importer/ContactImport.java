package app.integreat.crm.importer;

import static app.integreat.crm.importer.RequiredColumns.*;

import app.integreat.crm.core.Limits;
import app.integreat.crm.model.Contact;
import app.integreat.crm.model.EmailAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import app.integreat.crm.importer.ImportRun.AccountInfo;

/** Salesforce contacts become contacts: every address, the organisation of a household member's affiliation. */
final class ContactImport {
    private final ImportRun run;

    ContactImport(ImportRun run) {
        this.run = run;
    }

    void importContacts(ExportFiles files) {
        run.batches(files, "Contact", CONTACT_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.bool("IsDeleted")) {
                run.report.skipped("Contact", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            AccountInfo organisation = run.organisation(row.id("AccountId"));
            if (organisation == null) {
                // NPSP keeps people in households: their organisation is the primary (or a current) affiliation
                organisation = run.organisation(row.id("npsp__Primary_Affiliation__c"));
            }
            if (organisation == null) {
                organisation = run.organisation(run.affiliations.get(id));
            }
            List<String> emails = emails(row, id);
            List<String> phones = new ArrayList<>();
            for (String field : List.of("Phone", "MobilePhone", "npe01__WorkPhone__c", "HomePhone", "OtherPhone")) {
                String phone = Text.truncate(row.get(field), Limits.PHONE);
                if (phone != null && !phones.contains(phone) && phones.size() < Limits.PHONES_PER_CONTACT) {
                    phones.add(phone);
                }
            }
            String firstName = Text.truncate(row.get("FirstName"), Limits.NAME);
            String lastName = Text.truncate(row.required("LastName"), Limits.NAME);
            String title = Text.truncate(row.get("Title"), Limits.SHORT_TEXT);
            String notes = run.notes("Contact", id, contactNotes(row));
            String accountId = organisation == null ? null : organisation.crmId;
            run.contactAccount.put(id, accountId);
            String hash = Text.hash(firstName, lastName, emails, phones, title, accountId, notes);
            if (previous == null) {
                Instant created = run.orNow(row.instant("CreatedDate"));
                Contact contact = new Contact(run.newId(id), firstName, lastName, emails, phones, title, accountId, notes, created,
                        run.services.clock().instant(), 1, id);
                contact = withoutTakenAddresses(contact, id);
                if (!run.options.dryRun()) {
                    run.store.createContact(id, contact, hash);
                }
                run.contacts.put(id, contact.id());
                run.report.created("Contact");
                return;
            }
            String keptId = run.mergedContacts.get(previous.crmId());
            if (keptId != null) {
                // its activities and files of this and later runs belong to the kept contact, which the import leaves as it is
                run.contacts.put(id, keptId);
                run.report.skipped("Contact", id, "merged into contact " + keptId + " in the CRM; the kept contact is not changed");
                return;
            }
            run.contacts.put(id, previous.crmId());
            if (previous.hash().equals(hash)) {
                emails.forEach(email -> run.claimedEmails.putIfAbsent(email, id));
                run.report.unchanged("Contact");
                return;
            }
            Contact current = run.contactStore.get(previous.crmId()).orElse(null);
            if (!run.changeable("Contact", id, current == null ? null : current.version(), previous)) {
                return;
            }
            Contact updated = new Contact(current.id(), firstName, lastName, emails, phones, title, accountId, notes,
                    current.createdAt(), run.services.clock().instant(), current.version() + 1, id);
            updated = withoutTakenAddresses(updated, id);
            if (!run.options.dryRun()) {
                run.store.updateContact(id, current, updated, hash, previous);
            }
            run.report.updated("Contact");
        });
    }

    /** Every address of the contact, the preferred one first (NPSP's Personal / Work / Alternate). */
    private List<String> emails(Row row, String id) {
        String preferred = switch (Objects.requireNonNullElse(row.get("npe01__Preferred_Email__c"), "").trim().toLowerCase(Locale.ROOT)) {
            case "personal", "home" -> "npe01__HomeEmail__c";
            case "work" -> "npe01__WorkEmail__c";
            case "alternate" -> "npe01__AlternateEmail__c";
            default -> "Email";
        };
        List<String> emails = new ArrayList<>();
        for (String field : List.of(preferred, "Email", "npe01__HomeEmail__c", "npe01__WorkEmail__c", "npe01__AlternateEmail__c")) {
            String value = row.get(field);
            if (value == null) {
                continue;
            }
            String email = EmailAddress.normalize(value);
            if (email == null) {
                run.report.skipped("Contact address", id, "not an email address (" + field + ")");
            } else if (!emails.contains(email) && emails.size() < Limits.EMAILS_PER_CONTACT) {
                emails.add(email);
            }
        }
        return emails;
    }

    /**
     * Leaves out addresses another contact has: one of this run (two Salesforce contacts with one
     * address) or one made in the CRM. Each is reported; the contact comes without it.
     */
    private Contact withoutTakenAddresses(Contact contact, String salesforceId) {
        List<String> kept = new ArrayList<>();
        for (String email : contact.emails()) {
            String holder = run.claimedEmails.putIfAbsent(email, salesforceId);
            if (holder != null && !holder.equals(salesforceId)) {
                run.report.skipped("Contact address", salesforceId, "the address is also on contact " + holder + " of the export; kept there");
                continue;
            }
            Contact owner = holder == null ? run.contactStore.byEmail(email).orElse(null) : null;
            if (owner != null && !owner.id().equals(contact.id())) {
                run.report.skipped("Contact address", salesforceId, "the address belongs to a contact of the CRM (" + owner.id() + ")");
                continue;
            }
            kept.add(email);
        }
        if (kept.size() == contact.emails().size()) {
            return contact;
        }
        return new Contact(contact.id(), contact.firstName(), contact.lastName(), kept, contact.phones(), contact.title(),
                contact.accountId(), contact.notes(), contact.createdAt(), contact.updatedAt(), contact.version(), contact.salesforceId());
    }

    /** The description, then what the CRM has no field for: department, mailing address, opt-outs. */
    private static String contactNotes(Row row) {
        List<String> lines = new ArrayList<>();
        if (row.get("Description") != null) {
            lines.add(row.get("Description"));
        }
        if (row.get("Department") != null) {
            lines.add("Abteilung / Department: " + row.get("Department"));
        }
        String mailing = String.join(", ", Text.nonNull(row.get("MailingStreet"),
                String.join(" ", Text.nonNull(row.get("MailingPostalCode"), row.get("MailingCity"))), row.get("MailingState"),
                row.get("MailingCountry")));
        if (!mailing.isBlank()) {
            lines.add("Postanschrift / Mailing address: " + mailing.replace('\n', ' '));
        }
        if (row.bool("HasOptedOutOfEmail")) {
            lines.add("Keine E-Mails (in Salesforce abgemeldet) / Opted out of email");
        }
        if (row.bool("DoNotCall")) {
            lines.add("Nicht anrufen / Do not call");
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }
}
