package app.integreat.crm.importer;

import app.integreat.crm.Services;
import app.integreat.crm.core.Limits;
import app.integreat.crm.model.Account;
import app.integreat.crm.model.AccountType;
import app.integreat.crm.model.Address;
import app.integreat.crm.model.Contact;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.EmailAddress;
import app.integreat.crm.model.Direction;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.InteractionType;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Task;
import app.integreat.crm.model.TaskStatus;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.Pipeline;
import app.integreat.crm.model.Role;
import app.integreat.crm.model.StoredFile;
import app.integreat.crm.model.TimelineEntry;
import app.integreat.crm.store.AccountStore;
import app.integreat.crm.store.ContactStore;
import app.integreat.crm.store.FollowUpStore;
import app.integreat.crm.store.ImportStore;
import app.integreat.crm.store.ImportStore.Imported;
import app.integreat.crm.store.InteractionStore;
import app.integreat.crm.store.TaskStore;
import app.integreat.crm.store.MemberStore;
import app.integreat.crm.store.OpportunityStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Imports a Salesforce (NPSP) export into the CRM. First a check pass reads every CSV once and
 * refuses bad input (naming file, line and field) and values without a mapping; nothing is written
 * then. The apply pass streams the CSVs again, 100 rows at a time (one BatchGetItem for their lookup
 * items), and writes each record in its own transaction with its lookup item {@code SF#<id>}, so a
 * second run finds everything unchanged, a newer export updates what changed, and a record changed
 * in the CRM since it was imported is reported as a conflict instead of being overwritten. A dry run
 * does all of this except the writes.
 */
public final class SalesforceImport {
    static final int BATCH = 100;
    static final String LOST_REASON_PLACEHOLDER = "Kein Grund in Salesforce angegeben (imported without a lost reason)";

    public record Options(boolean dryRun, String reassignTo, Path mapFile, PrintStream progress) {
    }

    /** The check pass found values --map must map: the report lists them. */
    public static final class Unmapped extends RuntimeException {
        public final transient Report report;

        Unmapped(Report report) {
            super(report.unmappedText(), null, false, false);
            this.report = report;
        }
    }

    /** The check pass found bad input: nothing was written. */
    public static final class BadInput extends RuntimeException {
        public final List<ImportProblem> problems;

        BadInput(List<ImportProblem> problems) {
            super(problems.get(0).describe(), null, false, false);
            this.problems = List.copyOf(problems);
        }
    }

    private record UserRow(String email, String name, boolean active) {
    }

    private enum AccountKind { ORGANISATION, HOUSEHOLD, DELETED }

    private static final class AccountInfo {
        final AccountKind kind;
        AccountType type;
        String name;
        String crmId;

        AccountInfo(AccountKind kind) {
            this.kind = kind;
        }
    }

    private record HistoryRow(String stageName, Instant at, String byUser, String file, long line) {
    }

    private record RoleRow(String contactId, String role) {
    }

    private record EmailTask(String taskId, String whoId, String whatId, String ownerId, String subject, Instant at) {
    }

    private final Services services;
    private final Options options;
    private final Pipeline pipeline;
    private final ImportStore store;
    private final AccountStore accountStore;
    private final ContactStore contactStore;
    private final MemberStore memberStore;
    private final OpportunityStore opportunityStore;
    private final TaskStore taskStore;
    private final InteractionStore interactionStore;
    private ImportMap map;
    private Report report;
    private Progress progress;

    private final Map<String, UserRow> users = new HashMap<>();
    private final Map<String, String> recordTypes = new HashMap<>();
    private final Map<String, AccountInfo> accounts = new HashMap<>();
    private final Map<String, String> contacts = new HashMap<>();
    private final Map<String, String> contactNames = new HashMap<>();
    private final Map<String, String> affiliations = new HashMap<>();
    private final Set<String> opportunityIds = new HashSet<>();
    private final Map<String, List<HistoryRow>> history = new HashMap<>();
    private final Map<String, List<RoleRow>> contactRoles = new HashMap<>();
    /** Salesforce user → member id, and whether that member is active. */
    private final Map<String, String> members = new HashMap<>();
    private final Map<String, Boolean> memberActive = new HashMap<>();
    /** The team's addresses: never counterparts of a mail. */
    private final Set<String> memberEmails = new HashSet<>();
    /** Addresses claimed by contacts of this run, so that two Salesforce contacts never share one. */
    private final Map<String, String> claimedEmails = new HashMap<>();
    /** Addresses of mails looked up among the CRM's contacts: {contactId, accountId}. */
    private final Map<String, String[]> crmAddresses = new HashMap<>();
    private final List<ImportProblem> problems = new ArrayList<>();
    /** Municipality and type of each open opportunity of this run ("accountId#type"). */
    private final Set<String> openInRun = new HashSet<>();
    private final Set<String> emailMessageIds = new HashSet<>();
    /** Task → its EmailMessage: the two are one mail and become one interaction. */
    private final Map<String, String> messageOfTask = new HashMap<>();
    /** EmailMessage → what its task says about it (who, what, owner), kept until the message is read. */
    private final Map<String, EmailTask> taskOfMessage = new HashMap<>();
    /** Salesforce contact → its CRM account (null: none); opportunity → its CRM id and account. */
    private final Map<String, String> contactAccount = new HashMap<>();
    private final Map<String, String[]> opportunityCrm = new HashMap<>();
    /** Per CRM account the latest imported interaction, written once at the end. */
    private final Map<String, Instant> lastInteraction = new HashMap<>();
    /** ContentDocument → the contacts, accounts and opportunities it is linked to. */
    private final Map<String, List<String>> documentLinks = new HashMap<>();
    private Member reassignTarget;
    private long totalRows;

    public SalesforceImport(Services services, Pipeline pipeline, Options options) {
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

    /**
     * Checks, then (unless a dry run) imports. Throws {@link BadInput} or {@link Unmapped} from the
     * check pass, before anything is written.
     */
    public Report run(List<Path> inputs) {
        map = ImportMap.defaults(pipeline);
        if (options.mapFile() != null) {
            map = map.with(options.mapFile());
        }
        report = new Report(options.dryRun());
        try (ExportFiles files = ExportFiles.open(inputs)) {
            files.formats().forEach((path, format) -> report.input(path, format.name()));
            check(files);
            if (!problems.isEmpty()) {
                throw new BadInput(problems);
            }
            if (report.hasUnmapped()) {
                throw new Unmapped(report);
            }
            report = new Report(options.dryRun());
            files.formats().forEach((path, format) -> report.input(path, format.name()));
            resolveReassignTarget();
            progress = new Progress(options.progress(), services.clock(), totalRows);
            importUsers(files);
            importAccounts(files);
            importContacts(files);
            importOpportunities(files);
            importTasks(files);
            importEmailMessages(files);
            importEvents(files);
            importNotes(files);
            importAttachments(files);
            importContentVersions(files);
            if (!options.dryRun()) {
                lastInteraction.forEach(store::touchInteraction);
                // one entry per run: who ran it (the member open work goes to), no records named
                services.audit().record(reassignTarget.id(), app.integreat.crm.model.AuditEntry.IMPORT_RUN, "IMPORT",
                        services.ids().next(), "salesforce");
            }
            return report;
        }
    }

    // ---------------------------------------------------------------- the check pass

    private static final List<String> USER_REQUIRED = List.of("Id", "Email");
    private static final List<String> RECORD_TYPE_REQUIRED = List.of("Id", "Name");
    private static final List<String> ACCOUNT_REQUIRED = List.of("Id", "Name");
    private static final List<String> AFFILIATION_REQUIRED = List.of("Id", "npe5__Contact__c", "npe5__Organization__c");
    private static final List<String> CONTACT_REQUIRED = List.of("Id", "LastName");
    private static final List<String> OPPORTUNITY_REQUIRED = List.of("Id", "Name", "AccountId", "StageName");
    private static final List<String> HISTORY_REQUIRED = List.of("Id", "OpportunityId", "StageName", "CreatedDate");
    private static final List<String> ROLE_REQUIRED = List.of("Id", "OpportunityId", "ContactId");
    private static final List<String> EMAIL_MESSAGE_REQUIRED = List.of("Id");
    private static final List<String> ACTIVITY_REQUIRED = List.of("Id", "Subject");
    private static final List<String> NOTE_REQUIRED = List.of("Id", "ParentId");

    private void check(ExportFiles files) {
        scan(files, "RecordType", RECORD_TYPE_REQUIRED, row -> recordTypes.put(row.id(), row.required("Name")));
        scan(files, "User", USER_REQUIRED, row -> users.put(row.id(), new UserRow(row.required("Email"),
                name(row.get("FirstName"), row.get("LastName"), row.get("Email")),
                row.get("IsActive") == null || row.bool("IsActive"))));
        scan(files, "Account", ACCOUNT_REQUIRED, row -> {
            String id = row.id();
            AccountKind kind = row.bool("IsDeleted") ? AccountKind.DELETED : isHousehold(row) ? AccountKind.HOUSEHOLD : AccountKind.ORGANISATION;
            AccountInfo info = new AccountInfo(kind);
            info.name = row.required("Name");
            row.instant("CreatedDate");
            if (kind == AccountKind.ORGANISATION) {
                info.type = map.accountType(row.get("Type")).orElse(null);
                if (info.type == null) {
                    report.unmapped("accountTypes", row.get("Type"), "Account " + id);
                }
            }
            accounts.put(id, info);
        });
        scan(files, "npe5__Affiliation__c", AFFILIATION_REQUIRED, row -> {
            String contact = row.id("npe5__Contact__c");
            String organisation = row.id("npe5__Organization__c");
            requireKnown(files, row, "npe5__Organization__c", organisation, "Account", accounts.containsKey(organisation));
            boolean current = row.get("npe5__Status__c") == null || "Current".equalsIgnoreCase(row.get("npe5__Status__c"));
            if (contact != null && organisation != null && current && !row.bool("IsDeleted")) {
                // the primary affiliation wins over any other current one
                if (row.bool("npe5__Primary__c") || !affiliations.containsKey(contact)) {
                    affiliations.put(contact, organisation);
                }
            }
        });
        scan(files, "Contact", CONTACT_REQUIRED, row -> {
            String id = row.id();
            requireKnown(files, row, "AccountId", row.id("AccountId"), "Account", accounts.containsKey(row.id("AccountId")));
            String primary = row.id("npsp__Primary_Affiliation__c");
            requireKnown(files, row, "npsp__Primary_Affiliation__c", primary, "Account", accounts.containsKey(primary));
            contacts.put(id, null);
            contactNames.put(id, name(row.get("FirstName"), row.required("LastName"), id));
            row.instant("CreatedDate");
        });
        scan(files, "Opportunity", OPPORTUNITY_REQUIRED, row -> {
            String id = row.id();
            row.required("Name");
            row.number("Amount");
            row.date("CloseDate");
            row.instant("CreatedDate");
            row.instant("LastModifiedDate");
            opportunityIds.add(id);
            requireKnown(files, row, "AccountId", row.id("AccountId"), "Account", accounts.containsKey(row.id("AccountId")));
            requireKnown(files, row, "OwnerId", row.id("OwnerId"), "User", users.containsKey(row.id("OwnerId")));
            String recordType = row.id("RecordTypeId");
            requireKnown(files, row, "RecordTypeId", recordType, "RecordType", recordTypes.containsKey(recordType));
            String typeName = recordType == null ? "" : recordTypes.getOrDefault(recordType, recordType);
            if (map.opportunityType(typeName).isEmpty()) {
                report.unmapped("opportunityTypes", typeName, "Opportunity " + id);
            }
            if (!row.bool("IsClosed")) {
                String stage = map.stage(row.required("StageName")).orElse(null);
                if (stage == null) {
                    report.unmapped("stages", row.get("StageName"), "Opportunity " + id);
                } else if (pipeline.stage(stage).map(Pipeline.Stage::closed).orElse(false)) {
                    report.unmapped("stages", row.get("StageName") + " (names a closed stage, but IsClosed is 0)", "Opportunity " + id);
                }
            }
        });
        scan(files, "OpportunityHistory", HISTORY_REQUIRED, row -> {
            String opportunity = row.id("OpportunityId");
            requireKnown(files, row, "OpportunityId", opportunity, "Opportunity", opportunityIds.contains(opportunity));
            String stageName = row.required("StageName");
            if (map.stage(stageName).isEmpty()) {
                report.unmapped("stages", stageName, "OpportunityHistory " + row.id());
            }
            history.computeIfAbsent(opportunity, o -> new ArrayList<>()).add(new HistoryRow(stageName, row.instant("CreatedDate"),
                    row.id("CreatedById"), row.file(), row.line()));
        });
        scan(files, "OpportunityContactRole", ROLE_REQUIRED, row -> {
            String opportunity = row.id("OpportunityId");
            String contact = row.id("ContactId");
            requireKnown(files, row, "OpportunityId", opportunity, "Opportunity", opportunityIds.contains(opportunity));
            requireKnown(files, row, "ContactId", contact, "Contact", contacts.containsKey(contact));
            contactRoles.computeIfAbsent(opportunity, o -> new ArrayList<>()).add(new RoleRow(contact, row.get("Role")));
        });
        scan(files, "EmailMessage", EMAIL_MESSAGE_REQUIRED, row -> {
            String id = row.id();
            emailMessageIds.add(id);
            String task = row.id("ActivityId");
            if (task != null) {
                messageOfTask.put(task, id);
            }
            requireRecord(files, row, "RelatedToId");
        });
        scan(files, "Task", ACTIVITY_REQUIRED, row -> {
            requireRecord(files, row, "WhoId");
            requireRecord(files, row, "WhatId");
            requireKnown(files, row, "OwnerId", row.id("OwnerId"), "User", users.containsKey(row.id("OwnerId")));
            String message = row.id("EmailMessageId");
            requireKnown(files, row, "EmailMessageId", message, "EmailMessage", emailMessageIds.contains(message));
            if (message != null) {
                messageOfTask.putIfAbsent(row.id(), message);
            }
            row.instant("CompletedDateTime");
            row.date("ActivityDate");
        });
        scan(files, "Event", ACTIVITY_REQUIRED, row -> {
            requireRecord(files, row, "WhoId");
            requireRecord(files, row, "WhatId");
            row.instant("ActivityDateTime");
        });
        scan(files, "Note", NOTE_REQUIRED, row -> requireRecord(files, row, "ParentId"));
        scan(files, "Attachment", ATTACHMENT_REQUIRED, row -> requireRecord(files, row, "ParentId"));
        scan(files, "ContentDocumentLink", DOCUMENT_LINK_REQUIRED, row -> {
            String linked = row.id("LinkedEntityId");
            if (linked != null && List.of("001", "003", "006").contains(SalesforceId.prefix(linked))) {
                requireRecord(files, row, "LinkedEntityId");
                documentLinks.computeIfAbsent(row.id("ContentDocumentId"), d -> new ArrayList<>()).add(linked);
            }
        });
        scan(files, "ContentVersion", CONTENT_VERSION_REQUIRED, row -> row.instant("CreatedDate"));
    }

    /** A lookup to a contact, account or opportunity (by the id's prefix) must point at a row of the export. */
    private void requireRecord(ExportFiles files, Row row, String field) {
        String id = row.id(field);
        if (id == null) {
            return;
        }
        switch (SalesforceId.prefix(id)) {
            case "003" -> requireKnown(files, row, field, id, "Contact", contacts.containsKey(id));
            case "001" -> requireKnown(files, row, field, id, "Account", accounts.containsKey(id));
            case "006" -> requireKnown(files, row, field, id, "Opportunity", opportunityIds.contains(id));
            default -> {
                // a lead, a campaign, …: not imported, the link is left out
            }
        }
    }

    /** Reads every row of an object's CSVs once; a row's problem is collected and the scan goes on. */
    private void scan(ExportFiles files, String object, List<String> required, java.util.function.Consumer<Row> check) {
        for (CsvSource source : files.csvs(object)) {
            try (CsvRows rows = CsvRows.open(source, required)) {
                while (rows.hasNext()) {
                    Row row = rows.next();
                    totalRows++;
                    try {
                        check.accept(row);
                    } catch (ImportProblem problem) {
                        addProblem(problem);
                    }
                }
            } catch (ImportProblem problem) {
                // the file itself is broken (encoding, quotes, header): its later rows cannot be trusted
                addProblem(problem);
            }
        }
    }

    private void addProblem(ImportProblem problem) {
        if (problems.size() < 50) {
            problems.add(problem);
        }
    }

    /** A reference to a record of an object that the export holds must point at one of its rows. */
    private static void requireKnown(ExportFiles files, Row row, String field, String id, String object, boolean known) {
        if (id != null && files.has(object) && !known) {
            throw row.problem(field, "refers to " + object + " " + id + ", which is not in the export");
        }
    }

    private boolean isHousehold(Row row) {
        String recordType = row.id("RecordTypeId");
        String typeName = recordType == null ? null : recordTypes.get(recordType);
        return row.bool("npe01__SYSTEMIsIndividual__c")
                || "Household Account".equalsIgnoreCase(row.get("npe01__SYSTEM_AccountType__c"))
                || "Household Account".equalsIgnoreCase(typeName) || "HH_Account".equalsIgnoreCase(typeName);
    }

    // ---------------------------------------------------------------- the apply pass

    /** Streams an object's rows 100 at a time with their lookup items. */
    private void batches(ExportFiles files, String object, List<String> required, BiConsumer<Row, Imported> each) {
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

    private void flush(String object, List<Row> batch, BiConsumer<Row, Imported> each) {
        if (batch.isEmpty()) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Row row : batch) {
            ids.add(row.id());
        }
        Map<String, Imported> imported = store.lookup(ids);
        Set<String> erased = store.erased(ids);
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

    private void resolveReassignTarget() {
        String email = options.reassignTo() != null ? options.reassignTo() : services.config().adminEmail();
        String normalized = EmailAddress.normalize(email);
        if (normalized == null) {
            throw new BadInput(List.of(new ImportProblem("--reassign-to", 0, null, "is not an email address: " + email)));
        }
        reassignTarget = memberStore.byEmail(normalized).orElse(null);
        if (reassignTarget == null && normalized.equals(EmailAddress.normalize(services.config().adminEmail()))) {
            // the admin running the import, as at their first sign-in (a dry run only pretends)
            Instant now = services.clock().instant();
            reassignTarget = options.dryRun() ? new Member("dry-run-admin", normalized, normalized, Role.ADMIN, true, "de", true,
                    Member.DEFAULT_FOLLOW_UP_DAYS, now, now, 1)
                    : services.members().resolveCaller(normalized);
        }
        if (reassignTarget == null || !reassignTarget.active()) {
            throw new BadInput(List.of(new ImportProblem("--reassign-to", 0, null,
                    email + " is not an active member of the CRM; open work of inactive users goes to that member")));
        }
    }

    private String now() {
        return services.clock().instant().toString();
    }

    private String newId(String salesforceId) {
        return options.dryRun() ? "dry-run-" + salesforceId : services.ids().next();
    }

    // ---- users → members

    private void importUsers(ExportFiles files) {
        batches(files, "User", USER_REQUIRED, (row, previous) -> {
            String id = row.id();
            UserRow user = users.get(id);
            String email = EmailAddress.normalize(user.email());
            if (email == null) {
                report.skipped("User", id, "no valid email address");
                return;
            }
            memberEmails.add(email);
            String hash = hash(email, user.name(), user.active());
            if (previous != null) {
                members.put(id, previous.crmId());
                Member member = memberStore.byId(previous.crmId()).orElse(null);
                memberActive.put(id, member != null && member.active());
                report.unchanged("User");
                return;
            }
            // the member running the import exists (a dry run only pretends so)
            Member existing = email.equals(reassignTarget.email()) ? reassignTarget : memberStore.byEmail(email).orElse(null);
            if (existing != null) {
                members.put(id, existing.id());
                memberActive.put(id, existing.active());
                if (!options.dryRun()) {
                    store.linkMember(id, existing, hash, null);
                }
                report.skipped("User", id, "an existing member with this email is reused");
                return;
            }
            Instant at = services.clock().instant();
            // nobody becomes admin by import; inactive users come as deactivated members, so history keeps its authors
            Member member = new Member(newId(id), email, truncate(user.name(), Limits.NAME), Role.MEMBER, user.active(), "de",
                    true, Member.DEFAULT_FOLLOW_UP_DAYS, at, at, 1);
            if (!options.dryRun() && !store.createMember(id, member, hash)) {
                member = memberStore.byEmail(email).orElseThrow();
            }
            members.put(id, member.id());
            memberActive.put(id, member.active());
            report.created("User");
        });
    }

    /** The member of a Salesforce user, or null when the user is not in the export. */
    private String member(String userId) {
        return userId == null ? null : members.get(userId);
    }

    // ---- accounts

    private void importAccounts(ExportFiles files) {
        batches(files, "Account", ACCOUNT_REQUIRED, (row, previous) -> {
            String id = row.id();
            AccountInfo info = accounts.get(id);
            if (info.kind == AccountKind.DELETED) {
                report.skipped("Account", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            if (info.kind == AccountKind.HOUSEHOLD) {
                report.skipped("Account", id, "an NPSP household account, not an organisation (its contacts come without it or with their affiliation)");
                return;
            }
            Address address = new Address(truncate(row.get("BillingStreet"), Limits.SHORT_TEXT),
                    truncate(row.get("BillingPostalCode"), Limits.POSTAL_CODE), truncate(row.get("BillingCity"), Limits.SHORT_TEXT),
                    truncate(row.get("BillingState"), Limits.SHORT_TEXT), truncate(row.get("BillingCountry"), Limits.SHORT_TEXT));
            String name = truncate(info.name, Limits.NAME);
            String website = truncate(row.get("Website"), Limits.URL);
            String phone = truncate(row.get("Phone"), Limits.PHONE);
            String notes = notes("Account", id, row.get("Description"));
            String hash = hash(name, info.type, website, phone, address.street(), address.postalCode(), address.city(),
                    address.state(), address.country(), notes);
            Instant created = orNow(row.instant("CreatedDate"));
            if (previous == null) {
                Account account = new Account(newId(id), name, info.type, website, phone, address.isEmpty() ? null : address,
                        List.of(), notes, created, services.clock().instant(), 1, id);
                if (!options.dryRun()) {
                    store.createAccount(id, account, hash);
                }
                info.crmId = account.id();
                report.created("Account");
                return;
            }
            info.crmId = previous.crmId();
            if (previous.hash().equals(hash)) {
                report.unchanged("Account");
                return;
            }
            Account current = accountStore.get(previous.crmId()).orElse(null);
            if (!changeable("Account", id, current == null ? null : current.version(), previous)) {
                return;
            }
            info.type = current.type();
            Account updated = new Account(current.id(), name, info.type, website, phone, address.isEmpty() ? null : address,
                    current.emailDomains(), notes, current.createdAt(), services.clock().instant(), current.version() + 1, id);
            if (!options.dryRun()) {
                store.updateAccount(id, current, updated, hash, previous);
            }
            report.updated("Account");
        });
    }

    /** Whether an imported record may be updated: it still exists and nobody changed it in the CRM since. */
    private boolean changeable(String object, String salesforceId, Long currentVersion, Imported previous) {
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
    private AccountInfo organisation(String accountId) {
        AccountInfo info = accountId == null ? null : accounts.get(accountId);
        return info != null && info.kind == AccountKind.ORGANISATION && info.crmId != null ? info : null;
    }

    // ---- contacts

    private void importContacts(ExportFiles files) {
        batches(files, "Contact", CONTACT_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.bool("IsDeleted")) {
                report.skipped("Contact", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            AccountInfo organisation = organisation(row.id("AccountId"));
            if (organisation == null) {
                // NPSP keeps people in households: their organisation is the primary (or a current) affiliation
                organisation = organisation(row.id("npsp__Primary_Affiliation__c"));
            }
            if (organisation == null) {
                organisation = organisation(affiliations.get(id));
            }
            List<String> emails = emails(row, id);
            List<String> phones = new ArrayList<>();
            for (String field : List.of("Phone", "MobilePhone", "npe01__WorkPhone__c", "HomePhone", "OtherPhone")) {
                String phone = truncate(row.get(field), Limits.PHONE);
                if (phone != null && !phones.contains(phone) && phones.size() < Limits.PHONES_PER_CONTACT) {
                    phones.add(phone);
                }
            }
            String firstName = truncate(row.get("FirstName"), Limits.NAME);
            String lastName = truncate(row.required("LastName"), Limits.NAME);
            String title = truncate(row.get("Title"), Limits.SHORT_TEXT);
            String notes = notes("Contact", id, contactNotes(row));
            String accountId = organisation == null ? null : organisation.crmId;
            contactAccount.put(id, accountId);
            String hash = hash(firstName, lastName, emails, phones, title, accountId, notes);
            if (previous == null) {
                Instant created = orNow(row.instant("CreatedDate"));
                Contact contact = new Contact(newId(id), firstName, lastName, emails, phones, title, accountId, notes, created,
                        services.clock().instant(), 1, id);
                contact = withoutTakenAddresses(contact, id);
                if (!options.dryRun()) {
                    store.createContact(id, contact, hash);
                }
                contacts.put(id, contact.id());
                report.created("Contact");
                return;
            }
            contacts.put(id, previous.crmId());
            if (previous.hash().equals(hash)) {
                emails.forEach(email -> claimedEmails.putIfAbsent(email, id));
                report.unchanged("Contact");
                return;
            }
            Contact current = contactStore.get(previous.crmId()).orElse(null);
            if (!changeable("Contact", id, current == null ? null : current.version(), previous)) {
                return;
            }
            Contact updated = new Contact(current.id(), firstName, lastName, emails, phones, title, accountId, notes,
                    current.createdAt(), services.clock().instant(), current.version() + 1, id);
            updated = withoutTakenAddresses(updated, id);
            if (!options.dryRun()) {
                store.updateContact(id, current, updated, hash, previous);
            }
            report.updated("Contact");
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
                report.skipped("Contact address", id, "not an email address (" + field + ")");
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
            String holder = claimedEmails.putIfAbsent(email, salesforceId);
            if (holder != null && !holder.equals(salesforceId)) {
                report.skipped("Contact address", salesforceId, "the address is also on contact " + holder + " of the export; kept there");
                continue;
            }
            Contact owner = holder == null ? contactStore.byEmail(email).orElse(null) : null;
            if (owner != null && !owner.id().equals(contact.id())) {
                report.skipped("Contact address", salesforceId, "the address belongs to a contact of the CRM (" + owner.id() + ")");
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
        String mailing = String.join(", ", nonNull(row.get("MailingStreet"),
                String.join(" ", nonNull(row.get("MailingPostalCode"), row.get("MailingCity"))), row.get("MailingState"),
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

    // ---- opportunities

    private void importOpportunities(ExportFiles files) {
        batches(files, "Opportunity", OPPORTUNITY_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.bool("IsDeleted")) {
                report.skipped("Opportunity", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            AccountInfo account = organisation(row.id("AccountId"));
            if (account == null) {
                report.skipped("Opportunity", id, "its account is not an imported organisation");
                return;
            }
            if (account.type != AccountType.MUNICIPALITY) {
                report.skipped("Opportunity", id, "its account is not a municipality (opportunities link municipalities)");
                return;
            }
            String recordType = row.id("RecordTypeId");
            String type = map.opportunityType(recordType == null ? "" : recordTypes.getOrDefault(recordType, recordType)).orElseThrow();
            boolean closed = row.bool("IsClosed");
            String stage = closed ? (row.bool("IsWon") ? "CLOSED_WON" : "CLOSED_LOST") : map.stage(row.get("StageName")).orElseThrow();
            String owner = member(row.id("OwnerId"));
            if (owner == null || !closed && !memberActive.getOrDefault(row.id("OwnerId"), false)) {
                // open work of an inactive (or unknown) user goes to the member running the import
                report.note("open opportunity of an inactive or unknown user, now owned by " + reassignTarget.email(), id);
                owner = reassignTarget.id();
            }
            String lostReason = "CLOSED_LOST".equals(stage) ? firstNonNull(row.get("npsp__Closed_Lost_Reason__c"),
                    row.get("Description"), LOST_REASON_PLACEHOLDER) : null;
            lostReason = truncate(lostReason, Limits.SHORT_TEXT);
            Instant created = orNow(row.instant("CreatedDate"));
            List<Opportunity.StageChange> changes = stageChanges(id, stage, created, member(row.id("CreatedById")), lostReason,
                    row.instant("LastModifiedDate"));
            List<String> visited = changes.stream().map(Opportunity.StageChange::stage).distinct().toList();
            Instant stageSince = changes.get(changes.size() - 1).at();
            String notes = notes("Opportunity", id, opportunityNotes(row, id));
            BigDecimal amount = row.number("Amount");
            LocalDate closeDate = row.date("CloseDate");
            String name = truncate(row.required("Name"), Limits.NAME);
            if ("SPLIT".equals(type)) {
                report.note("a Split with one account in Salesforce: add its other municipalities in the CRM", id);
            }
            String hash = hash(name, type, account.crmId, owner, stage, changes, closeDate, amount, notes, lostReason);
            String createdBy = member(row.id("CreatedById"));
            List<Opportunity.Account> linked = List.of(new Opportunity.Account(account.crmId, account.name, null));
            if (previous == null) {
                Opportunity opportunity = new Opportunity(newId(id), name, type, linked, owner, stage, stageSince, visited,
                        closeDate, amount, notes, lostReason, closed ? stageSince : null, null, changes, changes.size(), null,
                        createdBy == null ? owner : createdBy, created, services.clock().instant(), 1, id);
                if (!closed && !openInRun.add(account.crmId + "#" + type)) {
                    throw CrmException.of(CrmException.Kind.CONFLICT, "another open opportunity of this type for the same"
                            + " municipality comes first in the export; one open opportunity per municipality and type");
                }
                opportunityCrm.put(id, new String[] {opportunity.id(), account.crmId});
                if (!options.dryRun()) {
                    write(id, null, opportunity, hash, null);
                } else if (!closed) {
                    opportunityStore.openOpportunity(account.crmId, type).ifPresent(holder -> {
                        throw CrmException.of(CrmException.Kind.CONFLICT, "the municipality has an open opportunity of this type ("
                                + holder + ") already; one open opportunity per municipality and type");
                    });
                }
                report.created("Opportunity");
                return;
            }
            opportunityCrm.put(id, new String[] {previous.crmId(), account.crmId});
            if (previous.hash().equals(hash)) {
                report.unchanged("Opportunity");
                return;
            }
            Opportunity current = opportunityStore.get(previous.crmId()).orElse(null);
            if (!changeable("Opportunity", id, current == null ? null : current.version(), previous)) {
                return;
            }
            if (!current.accountIds().equals(List.of(account.crmId))) {
                report.conflict("Opportunity", id, "its municipalities differ in the CRM; the CRM's are kept");
                return;
            }
            Opportunity updated = new Opportunity(current.id(), name, type.equals(current.type()) ? type : current.type(),
                    current.accounts(), owner, stage, stageSince, visited, closeDate, amount, notes, lostReason,
                    closed ? stageSince : null, current.reminderTaskId(), changes, changes.size(), current.snooze(),
                    current.createdBy(), current.createdAt(),
                    services.clock().instant(), current.version() + 1, id);
            if (!options.dryRun()) {
                write(id, current, updated, hash, previous);
            }
            report.updated("Opportunity");
        });
    }

    private void write(String salesforceId, Opportunity before, Opportunity after, String hash, Imported previous) {
        List<TimelineEntry> entries = new ArrayList<>();
        String from = null;
        for (Opportunity.StageChange change : after.history()) {
            Map<String, String> details = new HashMap<>();
            details.put("opportunityId", after.id());
            details.put("opportunityType", after.type());
            details.put("salesforceId", salesforceId);
            if (from != null) {
                details.put("from", from);
            }
            entries.add(new TimelineEntry(TimelineEntry.STAGE_CHANGE, after.id(), change.at(), change.stage(), after.name(),
                    change.lostReason(), change.by(), details));
            from = change.stage();
        }
        try {
            store.putOpportunity(salesforceId, before, after, entries, hash, previous);
        } catch (OpportunityStore.Refused refused) {
            String reason = refused.refusal instanceof OpportunityStore.OpenOneExists open
                    ? "the municipality has an open opportunity of this type (" + open.opportunityId() + ") already; one open opportunity per municipality and type"
                    : "its account is not a municipality";
            throw CrmException.of(CrmException.Kind.CONFLICT, reason);
        }
    }

    /**
     * The stage history from OpportunityHistory (one row per change, amount-only changes collapsed),
     * ending in the current stage: imported history is fact, so no workflow rule is applied to it.
     */
    private List<Opportunity.StageChange> stageChanges(String id, String stage, Instant created, String createdBy,
                                                       String lostReason, Instant lastModified) {
        List<HistoryRow> rows = new ArrayList<>(history.getOrDefault(id, List.of()));
        rows.sort(Comparator.comparing(HistoryRow::at, Comparator.nullsFirst(Comparator.naturalOrder())));
        List<Opportunity.StageChange> changes = new ArrayList<>();
        for (HistoryRow row : rows) {
            String key = map.stage(row.stageName()).orElseThrow();
            if (!changes.isEmpty() && changes.get(changes.size() - 1).stage().equals(key)) {
                continue;
            }
            Instant at = row.at() == null ? created : row.at();
            changes.add(new Opportunity.StageChange(key, at, member(row.byUser()), null));
        }
        if (changes.isEmpty()) {
            changes.add(new Opportunity.StageChange(stage, created, createdBy, null));
        } else if (!changes.get(changes.size() - 1).stage().equals(stage)) {
            Instant last = changes.get(changes.size() - 1).at();
            Instant at = lastModified != null && lastModified.isAfter(last) ? lastModified : last;
            changes.add(new Opportunity.StageChange(stage, at, null, null));
        }
        if (lostReason != null) {
            Opportunity.StageChange last = changes.remove(changes.size() - 1);
            changes.add(new Opportunity.StageChange(last.stage(), last.at(), last.by(), lostReason));
        }
        return changes;
    }

    /** Description, next step and the contact roles (the CRM keeps them as text on the opportunity). */
    private String opportunityNotes(Row row, String id) {
        List<String> lines = new ArrayList<>();
        if (row.get("Description") != null) {
            lines.add(row.get("Description"));
        }
        if (row.get("NextStep") != null) {
            lines.add("Nächster Schritt / Next step: " + row.get("NextStep"));
        }
        for (RoleRow role : contactRoles.getOrDefault(id, List.of())) {
            lines.add("Kontaktrolle / Contact role: " + contactNames.getOrDefault(role.contactId(), role.contactId())
                    + (role.role() == null ? "" : " (" + role.role() + ")") + " [" + role.contactId() + "]");
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    // ---- tasks, mails, events, notes

    private static final String EMAIL_PREFIX_EN = "email:";
    private static final String EMAIL_PREFIX_DE = "e-mail:";

    private void importTasks(ExportFiles files) {
        batches(files, "Task", ACTIVITY_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.bool("IsDeleted")) {
                report.skipped("Task", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            String subject = row.get("Subject");
            boolean email = row.id("EmailMessageId") != null || "Email".equalsIgnoreCase(row.get("Type"))
                    || "2".equals(row.get("ActivityOriginType")) || subject != null
                    && (subject.toLowerCase(Locale.ROOT).startsWith(EMAIL_PREFIX_EN) || subject.toLowerCase(Locale.ROOT).startsWith(EMAIL_PREFIX_DE));
            Instant created = orNow(row.instant("CreatedDate"));
            String message = messageOfTask.get(id);
            if (email && message != null) {
                // one mail: the EmailMessage brings participants and body, the task its links
                taskOfMessage.put(message, new EmailTask(id, row.id("WhoId"), row.id("WhatId"), row.id("OwnerId"),
                        emailSubject(subject), created));
                report.skipped("Task", id, "one interaction with its EmailMessage (counted there)");
                return;
            }
            List<Interaction.Link> links = links(row.id("WhoId"), row.id("WhatId"));
            Instant done = firstNonNullInstant(row.instant("CompletedDateTime"), atStartOfDay(row.date("ActivityDate")), created);
            if (email) {
                EmailDescription mail = EmailDescription.parse(row.get("Description"));
                List<Interaction.Participant> participants = participants(mail.to(), mail.cc(), mail.bcc(), null, null);
                interaction("Task", id, previous, InteractionType.EMAIL, Direction.OUTBOUND, done,
                        firstNonNull(mail.subject(), emailSubject(subject)), null, null, mail.body(), links, participants,
                        member(row.id("OwnerId")), created);
                return;
            }
            boolean open = !row.bool("IsClosed") && !"Completed".equalsIgnoreCase(row.get("Status"));
            boolean call = "Call".equalsIgnoreCase(row.get("Type")) || row.get("CallType") != null
                    || row.get("CallDurationInSeconds") != null || "5".equals(row.get("ActivityOriginType"));
            if (!open && call) {
                String summary = row.get("Description");
                BigDecimal seconds = row.number("CallDurationInSeconds");
                if (seconds != null && seconds.signum() > 0) {
                    long minutes = Math.max(1, Math.round(seconds.doubleValue() / 60));
                    summary = (summary == null ? "" : summary + "\n") + "Dauer / Duration: " + minutes + " min";
                }
                interaction("Task", id, previous, InteractionType.CALL, directionOfCall(row.get("CallType")), done, subject,
                        truncate(summary, Limits.NOTES), truncate(row.get("CallDisposition"), Limits.SHORT_TEXT), null, links,
                        List.of(), member(row.id("OwnerId")), created);
                return;
            }
            task(row, id, previous, open, links, created, done);
        });
    }

    private void task(Row row, String id, Imported previous, boolean open, List<Interaction.Link> links, Instant created, Instant done) {
        String assignee = member(row.id("OwnerId"));
        if (assignee == null || open && !memberActive.getOrDefault(row.id("OwnerId"), false)) {
            report.note("open task of an inactive or unknown user, now assigned to " + reassignTarget.email(), id);
            assignee = reassignTarget.id();
        }
        if (!open && assignee == null) {
            assignee = reassignTarget.id();
        }
        String accountId = links.stream().map(Interaction.Link::accountId).filter(Objects::nonNull).findFirst().orElse(null);
        String contactId = links.stream().map(Interaction.Link::contactId).filter(Objects::nonNull).findFirst().orElse(null);
        String opportunityId = links.stream().map(Interaction.Link::opportunityId).filter(Objects::nonNull).findFirst().orElse(null);
        String title = truncate(firstNonNull(row.get("Subject"), "Aufgabe aus Salesforce"), Limits.NAME);
        LocalDate due = row.date("ActivityDate") != null ? row.date("ActivityDate") : LocalDate.ofInstant(created, java.time.ZoneOffset.UTC);
        String description = truncate(row.get("Description"), Limits.NOTES);
        TaskStatus status = open ? TaskStatus.OPEN : TaskStatus.DONE;
        Instant completedAt = open ? null : done;
        String hash = hash(title, description, due, assignee, status, accountId, contactId, opportunityId, completedAt);
        if (previous == null) {
            Task task = new Task(newId(id), title, description, due, assignee, status, accountId, contactId, opportunityId,
                    member(row.id("CreatedById")), completedAt, null, null, null, null, null, null, created,
                    services.clock().instant(), 1, id);
            if (!options.dryRun()) {
                store.createTask(id, task, hash);
            }
            report.created("Task");
            return;
        }
        if (previous.hash().equals(hash)) {
            report.unchanged("Task");
            return;
        }
        Task current = taskStore.get(previous.crmId()).orElse(null);
        if (!changeable("Task", id, current == null ? null : current.version(), previous)) {
            return;
        }
        Task updated = new Task(current.id(), title, description, due, assignee, status, accountId, contactId, opportunityId,
                current.createdBy(), completedAt, current.handedOverFrom(), current.handedOverAt(), current.recurrence(),
                current.origin(), current.interactionId(), current.nextTaskId(), current.createdAt(),
                services.clock().instant(), current.version() + 1, id);
        if (!options.dryRun()) {
            store.updateTask(id, current, updated, hash, previous);
        }
        report.updated("Task");
    }

    private void importEmailMessages(ExportFiles files) {
        batches(files, "EmailMessage", EMAIL_MESSAGE_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.bool("IsDeleted")) {
                report.skipped("EmailMessage", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            EmailTask task = taskOfMessage.get(id);
            List<Interaction.Link> links = task == null ? links(null, row.id("RelatedToId")) : links(task.whoId(), task.whatId());
            boolean incoming = row.bool("Incoming");
            List<Interaction.Participant> participants = participants(EmailDescription.addresses(row.get("ToAddress")),
                    EmailDescription.addresses(row.get("CcAddress")), EmailDescription.addresses(row.get("BccAddress")),
                    incoming ? row.get("FromAddress") : null, row.get("FromName"));
            String body = row.get("TextBody");
            if (body == null && row.get("HtmlBody") != null) {
                body = org.jsoup.Jsoup.parse(row.get("HtmlBody")).wholeText().strip();
            }
            Instant at = firstNonNullInstant(row.instant("MessageDate"), task == null ? null : task.at(), row.instant("CreatedDate"));
            String subject = firstNonNull(row.get("Subject"), task == null ? null : task.subject());
            String author = task != null ? member(task.ownerId()) : member(row.id("CreatedById"));
            interaction("EmailMessage", id, previous, InteractionType.EMAIL, incoming ? Direction.INBOUND : Direction.OUTBOUND,
                    orNow(at), subject, null, null, body, links, participants, incoming ? null : author, orNow(row.instant("CreatedDate")));
        });
    }

    private void importEvents(ExportFiles files) {
        batches(files, "Event", ACTIVITY_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.bool("IsDeleted")) {
                report.skipped("Event", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            List<String> lines = nonNull(row.get("Description"));
            if (row.get("Location") != null) {
                lines.add("Ort / Location: " + row.get("Location"));
            }
            if (row.bool("IsAllDayEvent")) {
                lines.add("Ganztägig / All day");
            } else if (row.get("DurationInMinutes") != null) {
                lines.add("Dauer / Duration: " + row.get("DurationInMinutes") + " min");
            }
            Instant created = orNow(row.instant("CreatedDate"));
            Instant at = firstNonNullInstant(row.instant("ActivityDateTime"), atStartOfDay(row.date("ActivityDate")), created);
            interaction("Event", id, previous, InteractionType.MEETING, null, at, row.get("Subject"),
                    truncate(lines.isEmpty() ? null : String.join("\n", lines), Limits.NOTES), null, null,
                    links(row.id("WhoId"), row.id("WhatId")), List.of(), member(row.id("OwnerId")), created);
        });
    }

    private void importNotes(ExportFiles files) {
        batches(files, "Note", NOTE_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.bool("IsDeleted")) {
                report.skipped("Note", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            String parent = row.id("ParentId");
            List<Interaction.Link> links = SalesforceId.prefix(parent).equals("003") ? links(parent, null) : links(null, parent);
            Instant created = orNow(row.instant("CreatedDate"));
            interaction("Note", id, previous, InteractionType.NOTE, null, created, firstNonNull(row.get("Title"), "Notiz"), null,
                    null, row.get("Body"), links, List.of(), member(row.id("OwnerId")), created);
        });
    }

    /**
     * Writes (or updates) an imported interaction. One without any record is an unresolved mail
     * (or, not a mail, skipped: a note on nothing the CRM has).
     */
    private void interaction(String object, String id, Imported previous, InteractionType type, Direction direction, Instant at,
                             String subject, String summary, String outcome, String body, List<Interaction.Link> links,
                             List<Interaction.Participant> participants, String authorId, Instant created) {
        if (links.isEmpty() && type != InteractionType.EMAIL) {
            report.skipped(object, id, "linked to no contact, organisation or opportunity the CRM has");
            return;
        }
        if (links.isEmpty()) {
            // a mail on no record whose counterpart is a contact: logged on that contact, as the inbound mail does
            links = new ArrayList<>();
            for (Interaction.Participant participant : participants) {
                if (participant.contactId() != null) {
                    addLink(links, Interaction.Link.contact(participant.contactId(), Interaction.LinkReason.CONTACT_ADDRESS, participant.email()));
                    String account = knownAddress(participant.email())[1];
                    if (account != null) {
                        addLink(links, Interaction.Link.account(account, Interaction.LinkReason.CONTACT_ACCOUNT, participant.email()));
                    }
                }
            }
        }
        if (links.size() > Limits.LINKS_PER_INTERACTION) {
            links = links.subList(0, Limits.LINKS_PER_INTERACTION);
        }
        boolean unresolved = links.isEmpty();
        if (unresolved && participants.stream().allMatch(p -> p.email() == null)) {
            report.skipped(object, id, "a mail on no record and with no address to wait for");
            return;
        }
        String storedBody = body == null ? null : cutToUtf8Bytes(body, Limits.MAIL_BODY_BYTES);
        boolean truncated = body != null && storedBody.length() < body.length();
        String shownSubject = truncate(type == InteractionType.EMAIL ? emailSubject(subject) : subject, Limits.SUBJECT);
        String hash = hash(type, direction, at, shownSubject, summary, outcome, storedBody, links, participants, authorId);
        if (unresolved) {
            report.note("mail on no record: in the unresolved inbox, linked when a contact gets one of its addresses", id);
        }
        // an imported mail has its text (HtmlBody already made text: the mail layer's sanitiser is not the importer's),
        // but no forwarder's note, HTML or thread: only the preview lists show
        Interaction.Email email = type == InteractionType.EMAIL && storedBody != null
                ? new Interaction.Email(null, null, null, null, truncate(storedBody, Limits.PREVIEW), List.of()) : null;
        if (previous == null) {
            Interaction interaction = new Interaction(newId(id), type, direction, at, shownSubject, summary, outcome, null,
                    storedBody, truncated, links, participants, List.of(), authorId, null, null, unresolved, created,
                    services.clock().instant(), 1, email, id);
            if (!options.dryRun()) {
                store.createInteraction(id, interaction, hash);
            }
            interaction.accountIds().forEach(account -> lastInteraction.merge(account, at, (a, b) -> a.isAfter(b) ? a : b));
            report.created(object);
            return;
        }
        if (previous.hash().equals(hash)) {
            report.unchanged(object);
            return;
        }
        Interaction current = interactionStore.get(previous.crmId()).orElse(null);
        if (!changeable(object, id, current == null ? null : current.version(), previous)) {
            return;
        }
        Interaction updated = new Interaction(current.id(), type, direction, at, shownSubject, summary, outcome,
                current.nextSteps(), storedBody, truncated, links, participants, current.attachments(), authorId,
                current.messageId(), current.rawMailKey(), unresolved, current.createdAt(), services.clock().instant(),
                current.version() + 1, email, id);
        if (!options.dryRun()) {
            store.updateInteraction(id, current, updated, hash, previous);
        }
        updated.accountIds().forEach(account -> lastInteraction.merge(account, at, (a, b) -> a.isAfter(b) ? a : b));
        report.updated(object);
    }

    /** The CRM records a Salesforce WhoId (contact) and WhatId (account or opportunity) stand for. */
    private List<Interaction.Link> links(String whoId, String whatId) {
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

    private static void addLink(List<Interaction.Link> links, Interaction.Link link) {
        if (links.stream().noneMatch(link::sameRecordAs)) {
            links.add(link);
        }
    }

    /**
     * The counterparts of a mail (members are not counterparts), each with the contact its address
     * belongs to when this run imported one; an unknown address waits for its contact.
     */
    private List<Interaction.Participant> participants(List<String> to, List<String> cc, List<String> bcc, String from,
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

    private Interaction.Participant participant(String address, String name, String role) {
        String[] known = knownAddress(address);
        return new Interaction.Participant(address, name, role, known == null ? null : known[0], null);
    }

    /** The CRM contact (and its account) an address belongs to: one of this run's, or one GetItem, remembered. */
    private String[] knownAddress(String address) {
        String salesforceContact = claimedEmails.get(address);
        if (salesforceContact != null && contacts.get(salesforceContact) != null) {
            return new String[] {contacts.get(salesforceContact), contactAccount.get(salesforceContact)};
        }
        String[] found = crmAddresses.computeIfAbsent(address, a -> contactStore.byEmail(a)
                .map(contact -> new String[] {contact.id(), contact.accountId()}).orElse(NO_CONTACT));
        return found[0] == null ? null : found;
    }

    private static final String[] NO_CONTACT = {null, null};

    private static Direction directionOfCall(String callType) {
        if ("Inbound".equalsIgnoreCase(callType)) {
            return Direction.INBOUND;
        }
        return "Outbound".equalsIgnoreCase(callType) ? Direction.OUTBOUND : null;
    }

    /** The subject without the "Email: " prefix Salesforce puts on logged mails. */
    private static String emailSubject(String subject) {
        if (subject == null) {
            return null;
        }
        String lower = subject.toLowerCase(Locale.ROOT);
        if (lower.startsWith(EMAIL_PREFIX_EN)) {
            return subject.substring(EMAIL_PREFIX_EN.length()).strip();
        }
        if (lower.startsWith(EMAIL_PREFIX_DE)) {
            return subject.substring(EMAIL_PREFIX_DE.length()).strip();
        }
        return subject;
    }

    private static Instant atStartOfDay(LocalDate date) {
        return date == null ? null : date.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    private static Instant firstNonNullInstant(Instant... values) {
        for (Instant value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String cutToUtf8Bytes(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    // ---- attachments and files

    private static final List<String> ATTACHMENT_REQUIRED = List.of("Id", "ParentId", "Name");
    private static final List<String> CONTENT_VERSION_REQUIRED = List.of("Id", "ContentDocumentId");
    private static final List<String> DOCUMENT_LINK_REQUIRED = List.of("ContentDocumentId", "LinkedEntityId");

    /** The CRM record ({kind, id}) a Salesforce record id stands for, or null. */
    private String[] record(String salesforceId) {
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

    private void importAttachments(ExportFiles files) {
        batches(files, "Attachment", ATTACHMENT_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.bool("IsDeleted")) {
                report.skipped("Attachment", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            String[] record = record(row.id("ParentId"));
            if (record == null) {
                report.skipped("Attachment", id, "on no contact, organisation or opportunity the CRM has");
                return;
            }
            file("Attachment", id, previous, files.binary("Attachments", id).orElse(null), List.<String[]>of(record),
                    truncate(row.required("Name"), Limits.NAME), row.get("ContentType"), orNow(row.instant("CreatedDate")));
        });
    }

    /** Files (the latest version of each) on the records they are linked to; enhanced notes become NOTE interactions. */
    private void importContentVersions(ExportFiles files) {
        batches(files, "ContentVersion", CONTENT_VERSION_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.get("IsLatest") != null && !row.bool("IsLatest")) {
                report.skipped("ContentVersion", id, "an older version (only the latest is imported)");
                return;
            }
            List<String[]> records = new ArrayList<>();
            List<Interaction.Link> links = new ArrayList<>();
            for (String linked : documentLinks.getOrDefault(row.id("ContentDocumentId"), List.of())) {
                String[] record = record(linked);
                if (record != null) {
                    records.add(record);
                    for (Interaction.Link link : SalesforceId.prefix(linked).equals("003") ? links(linked, null) : links(null, linked)) {
                        addLink(links, link);
                    }
                }
            }
            ExportFiles.Binary binary = files.binary("ContentVersion", id).orElse(null);
            Instant created = orNow(row.instant("CreatedDate"));
            if ("SNOTE".equalsIgnoreCase(row.get("FileType"))) {
                String body = binary == null ? null : htmlText(binary, row);
                interaction("ContentVersion", id, previous, InteractionType.NOTE, null, created,
                        firstNonNull(row.get("Title"), "Notiz"), null, null, body, links, List.of(), member(row.id("OwnerId")), created);
                return;
            }
            if (records.isEmpty()) {
                report.skipped("ContentVersion", id, "linked to no contact, organisation or opportunity the CRM has");
                return;
            }
            String name = firstNonNull(row.get("PathOnClient"), row.get("Title"), id);
            file("ContentVersion", id, previous, binary, records, truncate(name.substring(name.lastIndexOf('/') + 1), Limits.NAME),
                    contentType(row.get("FileType")), created);
        });
    }

    private void file(String object, String id, Imported previous, ExportFiles.Binary binary, List<String[]> records, String name,
                      String contentType, Instant created) {
        if (binary == null) {
            report.skipped(object, id, "its content is not in the export (export with attachments and files included)");
            return;
        }
        String key = "files/" + records.get(0)[0].toLowerCase(Locale.ROOT) + "/" + records.get(0)[1] + "/" + id;
        String hash = hash(name, contentType, binary.size(), records.stream().map(r -> r[0] + ":" + r[1]).toList());
        if (previous != null && previous.hash().equals(hash)) {
            report.unchanged(object);
            return;
        }
        if (!options.dryRun()) {
            // the bytes first: a run that stops between the two writes leaves an object the next run overwrites
            try (InputStream in = binary.open()) {
                services.s3().putObject(PutObjectRequest.builder().bucket(services.config().rawMailBucket()).key(key)
                        .contentType(contentType == null ? "application/octet-stream" : contentType).build(),
                        RequestBody.fromInputStream(in, binary.size()));
            } catch (IOException e) {
                throw CrmException.of(CrmException.Kind.CONFLICT, "its content cannot be read from the export: " + e.getMessage());
            }
            store.putFile(id, records, new StoredFile(id, name, contentType, binary.size(), key, id, created), hash, previous);
        }
        if (previous == null) {
            report.created(object);
        } else {
            report.updated(object);
        }
    }

    /** The text of an enhanced note (an HTML body, at most the notes' size). */
    private static String htmlText(ExportFiles.Binary binary, Row row) {
        try (InputStream in = binary.open()) {
            byte[] html = in.readNBytes(Limits.MAIL_BODY_BYTES);
            return org.jsoup.Jsoup.parse(new String(html, StandardCharsets.UTF_8)).wholeText().strip();
        } catch (IOException e) {
            throw CrmException.of(CrmException.Kind.CONFLICT, "the note's content cannot be read from the export: " + e.getMessage());
        }
    }

    private static String contentType(String fileType) {
        if (fileType == null) {
            return null;
        }
        return switch (fileType.toUpperCase(Locale.ROOT)) {
            case "PDF" -> "application/pdf";
            case "TEXT", "TXT" -> "text/plain";
            case "CSV" -> "text/csv";
            case "PNG" -> "image/png";
            case "JPG", "JPEG" -> "image/jpeg";
            case "WORD_X" -> "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            case "EXCEL_X" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case "POWER_POINT_X" -> "application/vnd.openxmlformats-officedocument.presentationml.presentation";
            default -> null;
        };
    }

    // ---- helpers

    private String notes(String object, String salesforceId, String text) {
        if (text != null && text.length() > Limits.NOTES) {
            report.note(object + " text longer than " + Limits.NOTES + " characters, cut", salesforceId);
            return text.substring(0, Limits.NOTES - 1) + "…";
        }
        return text;
    }

    private Instant orNow(Instant at) {
        return at == null ? services.clock().instant() : at;
    }

    private static String truncate(String value, int max) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.length() <= max ? trimmed : trimmed.substring(0, max - 1) + "…";
    }

    private static String name(String first, String last, String fallback) {
        String name = String.join(" ", nonNull(first, last)).trim();
        return name.isEmpty() ? fallback : name;
    }

    private static List<String> nonNull(String... values) {
        List<String> present = new ArrayList<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                present.add(value.trim());
            }
        }
        return present;
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** The hash of the mapped source fields: equal hashes mean the record would not change. */
    static String hash(Object... fields) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Object field : fields) {
                digest.update(String.valueOf(field).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0x1f);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
