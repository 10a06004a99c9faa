package app.integreat.crm.importer;

import app.integreat.crm.Services;
import app.integreat.crm.core.Limits;
import app.integreat.crm.model.AccountType;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.EmailAddress;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Task;
import app.integreat.crm.model.Pipeline;
import app.integreat.crm.store.AccountStore;
import app.integreat.crm.store.ContactStore;
import app.integreat.crm.store.FollowUpStore;
import app.integreat.crm.store.ImportStore;
import app.integreat.crm.store.ImportStore.Imported;
import app.integreat.crm.store.InteractionStore;
import app.integreat.crm.store.TaskStore;
import app.integreat.crm.store.MemberStore;
import app.integreat.crm.store.OpportunityStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import app.integreat.crm.importer.SalesforceImport.Options;

/**
 * What the phases of one import share: the services and stores, the options and the map, the report,
 * what the check pass learned of the export, and what the apply pass resolved so far (Salesforce id →
 * CRM id); and the steps every phase takes (batches with their lookup items, links, participants).
 */
final class ImportRun {
    static final int BATCH = 100;

    record UserRow(String email, String name, boolean active) {
    }

    enum AccountKind { ORGANISATION, HOUSEHOLD, DELETED }

    static final class AccountInfo {
        final AccountKind kind;
        AccountType type;
        String name;
        String crmId;

        AccountInfo(AccountKind kind) {
            this.kind = kind;
        }
    }

    record HistoryRow(String stageName, Instant at, String byUser, String file, long line) {
    }

    record RoleRow(String contactId, String role) {
    }

    record EmailTask(String taskId, String whoId, String whatId, String ownerId, String subject, Instant at) {
    }

    final Services services;
    final Options options;
    final Pipeline pipeline;
    final ImportStore store;
    final AccountStore accountStore;
    final ContactStore contactStore;
    final MemberStore memberStore;
    final OpportunityStore opportunityStore;
    final TaskStore taskStore;
    final InteractionStore interactionStore;
    ImportMap map;
    Report report;
    Progress progress;

    final Map<String, UserRow> users = new HashMap<>();
    final Map<String, String> recordTypes = new HashMap<>();
    final Map<String, AccountInfo> accounts = new HashMap<>();
    final Map<String, String> contacts = new HashMap<>();
    /** Contacts of earlier runs that a merge in the CRM took away: their id to the kept contact's. */
    final Map<String, String> mergedContacts = new HashMap<>();
    /** Accounts of the lookup that a merge took away in the CRM: merged-away id to kept id. */
    final Map<String, String> mergedAccounts = new HashMap<>();
    final Map<String, String> contactNames = new HashMap<>();
    final Map<String, String> affiliations = new HashMap<>();
    final Set<String> opportunityIds = new HashSet<>();
    final Map<String, List<HistoryRow>> history = new HashMap<>();
    final Map<String, List<RoleRow>> contactRoles = new HashMap<>();
    /** Salesforce user → member id, and whether that member is active. */
    final Map<String, String> members = new HashMap<>();
    final Map<String, Boolean> memberActive = new HashMap<>();
    /** The team's addresses: never counterparts of a mail. */
    final Set<String> memberEmails = new HashSet<>();
    /** Addresses claimed by contacts of this run, so that two Salesforce contacts never share one. */
    final Map<String, String> claimedEmails = new HashMap<>();
    /** Addresses of mails looked up among the CRM's contacts: {contactId, accountId}. */
    final Map<String, String[]> crmAddresses = new HashMap<>();
    final List<ImportProblem> problems = new ArrayList<>();
    /** Municipality and type of each open opportunity of this run ("accountId#type"). */
    final Set<String> openInRun = new HashSet<>();
    final Set<String> emailMessageIds = new HashSet<>();
    /** Task → its EmailMessage: the two are one mail and become one interaction. */
    final Map<String, String> messageOfTask = new HashMap<>();
    /** EmailMessage → what its task says about it (who, what, owner), kept until the message is read. */
    final Map<String, EmailTask> taskOfMessage = new HashMap<>();
    /** Salesforce contact → its CRM account (null: none); opportunity → its CRM id and account. */
    final Map<String, String> contactAccount = new HashMap<>();
    final Map<String, String[]> opportunityCrm = new HashMap<>();
    /** Per CRM account the latest imported interaction, written once at the end. */
    final Map<String, Instant> lastInteraction = new HashMap<>();
    /** ContentDocument → the contacts, accounts and opportunities it is linked to. */
    final Map<String, List<String>> documentLinks = new HashMap<>();
    Member reassignTarget;
    long totalRows;

    ImportRun(Services services, Pipeline pipeline, Options options) {
        this.services = services;
        this.options = options;
        this.pipeline = pipeline;
        this.store = new ImportStore(services.table(), pipeline);
        this.accountStore = new AccountStore(services.table());
        this.contactStore = new ContactStore(services.table());
        this.memberStore = new MemberStore(services.table());
        this.opportunityStore = new OpportunityStore(services.table(), pipeline);
        this.taskStore = new TaskStore(services.table());
        this.interactionStore = new InteractionStore(services.table(), taskStore, new FollowUpStore(services.table(), taskStore));
    }

    // ---------------------------------------------------------------- the apply pass

    /** Streams an object's rows 100 at a time with their lookup items. */
    void batches(ExportFiles files, String object, List<String> required, BiConsumer<Row, Imported> each) {
        for (CsvSource source : files.csvs(object)) {
            try (CsvRows rows = CsvRows.open(source, required)) {
                List<Row> batch = new ArrayList<>(BATCH);
                while (rows.hasNext()) {
                    batch.add(rows.next());
                    if (batch.size() == BATCH) {
                        flush(object, batch, each);
                    }
                }
                flush(object, batch, each);
            }
        }
    }

    void flush(String object, List<Row> batch, BiConsumer<Row, Imported> each) {
        if (batch.isEmpty()) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Row row : batch) {
            ids.add(row.id());
        }
        Map<String, Imported> imported = store.lookup(ids);
        Set<String> erased = store.erased(ids);
        if ("Contact".equals(object)) {
            mergedContacts.putAll(store.mergedContacts(imported.values().stream().map(Imported::crmId).toList()));
        } else if ("Account".equals(object)) {
            mergedAccounts.putAll(store.mergedAccounts(imported.values().stream().map(Imported::crmId).toList()));
        }
        for (Row row : batch) {
            report.read(object);
            progress.row(object);
            if (erased.contains(row.id())) {
                // its tombstone: the person was erased under Art. 17 and must not come back
                report.skipped(object, row.id(), "erased under Art. 17 GDPR; never imported again");
                continue;
            }
            try {
                each.accept(row, imported.get(row.id()));
            } catch (CrmException e) {
                report.conflict(object, row.id(), e.getMessage());
            } catch (ImportProblem problem) {
                // the check pass reads every value the import uses; this is only a safety net for one row
                report.skipped(object, row.id(), problem.describe());
            }
        }
        batch.clear();
    }

    String now() {
        return services.clock().instant().toString();
    }

    String newId(String salesforceId) {
        return options.dryRun() ? "dry-run-" + salesforceId : services.ids().next();
    }

    /** The member of a Salesforce user, or null when the user is not in the export. */
    String member(String userId) {
        return userId == null ? null : members.get(userId);
    }

    /** Whether an imported record may be updated: it still exists and nobody changed it in the CRM since. */
    boolean changeable(String object, String salesforceId, Long currentVersion, Imported previous) {
        if (currentVersion == null) {
            report.conflict(object, salesforceId, "deleted in the CRM since it was imported; not imported again");
            return false;
        }
        if (currentVersion != previous.version()) {
            report.conflict(object, salesforceId, "changed in the CRM since it was imported (version " + currentVersion
                    + ", imported as " + previous.version() + "); the CRM's version is kept");
            return false;
        }
        return true;
    }

    /** The CRM account of a Salesforce account that is an imported organisation, else null. */
    AccountInfo organisation(String accountId) {
        AccountInfo info = accountId == null ? null : accounts.get(accountId);
        return info != null && info.kind == AccountKind.ORGANISATION && info.crmId != null ? info : null;
    }

    /** The CRM records a Salesforce WhoId (contact) and WhatId (account or opportunity) stand for. */
    List<Interaction.Link> links(String whoId, String whatId) {
        List<Interaction.Link> links = new ArrayList<>();
        if (whoId != null && contacts.get(whoId) != null) {
            links.add(Interaction.Link.contact(contacts.get(whoId), Interaction.LinkReason.MANUAL, null));
            String account = contactAccount.get(whoId);
            if (account != null) {
                links.add(Interaction.Link.account(account, Interaction.LinkReason.CONTACT_ACCOUNT, null));
            }
        }
        if (whatId != null) {
            AccountInfo account = organisation(whatId);
            String[] opportunity = opportunityCrm.get(whatId);
            if (account != null) {
                addLink(links, Interaction.Link.account(account.crmId, Interaction.LinkReason.MANUAL, null));
            } else if (opportunity != null) {
                links.add(Interaction.Link.opportunity(opportunity[0], Interaction.LinkReason.MANUAL, null));
                addLink(links, Interaction.Link.account(opportunity[1], Interaction.LinkReason.MANUAL, null));
            }
        }
        return links;
    }

    static void addLink(List<Interaction.Link> links, Interaction.Link link) {
        if (links.stream().noneMatch(link::sameRecordAs)) {
            links.add(link);
        }
    }

    /**
     * The counterparts of a mail (members are not counterparts), each with the contact its address
     * belongs to when this run imported one; an unknown address waits for its contact.
     */
    List<Interaction.Participant> participants(List<String> to, List<String> cc, List<String> bcc, String from,
                                                       String fromName) {
        Map<String, Interaction.Participant> participants = new java.util.LinkedHashMap<>();
        String sender = EmailAddress.normalize(from);
        if (sender != null) {
            participants.put(sender, participant(sender, fromName, "FROM"));
        }
        for (String address : to) {
            participants.putIfAbsent(address, participant(address, null, "TO"));
        }
        for (String address : cc) {
            participants.putIfAbsent(address, participant(address, null, "CC"));
        }
        for (String address : bcc) {
            participants.putIfAbsent(address, participant(address, null, "BCC"));
        }
        participants.keySet().removeIf(memberEmails::contains);
        return participants.values().stream().limit(50).toList();
    }

    Interaction.Participant participant(String address, String name, String role) {
        String[] known = knownAddress(address);
        return new Interaction.Participant(address, name, role, known == null ? null : known[0], null);
    }

    /** The CRM contact (and its account) an address belongs to: one of this run's, or one GetItem, remembered. */
    String[] knownAddress(String address) {
        String salesforceContact = claimedEmails.get(address);
        if (salesforceContact != null && contacts.get(salesforceContact) != null) {
            return new String[] {contacts.get(salesforceContact), contactAccount.get(salesforceContact)};
        }
        String[] found = crmAddresses.computeIfAbsent(address, a -> contactStore.byEmail(a)
                .map(contact -> new String[] {contact.id(), contact.accountId()}).orElse(NO_CONTACT));
        return found[0] == null ? null : found;
    }

    static final String[] NO_CONTACT = {null, null};

    /** The CRM record ({kind, id}) a Salesforce record id stands for, or null. */
    String[] record(String salesforceId) {
        if (salesforceId == null) {
            return null;
        }
        switch (SalesforceId.prefix(salesforceId)) {
            case "003" -> {
                String contact = contacts.get(salesforceId);
                return contact == null ? null : new String[] {"CONTACT", contact};
            }
            case "001" -> {
                AccountInfo account = organisation(salesforceId);
                return account == null ? null : new String[] {"ACCOUNT", account.crmId};
            }
            case "006" -> {
                String[] opportunity = opportunityCrm.get(salesforceId);
                return opportunity == null ? null : new String[] {"OPPORTUNITY", opportunity[0]};
            }
            default -> {
                return null;
            }
        }
    }

    // ---- helpers

    String notes(String object, String salesforceId, String text) {
        if (text != null && text.length() > Limits.NOTES) {
            report.note(object + " text longer than " + Limits.NOTES + " characters, cut", salesforceId);
            return text.substring(0, Limits.NOTES - 1) + "…";
        }
        return text;
    }

    Instant orNow(Instant at) {
        return at == null ? services.clock().instant() : at;
    }
}
