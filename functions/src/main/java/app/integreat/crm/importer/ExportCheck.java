package app.integreat.crm.importer;

import static app.integreat.crm.importer.RequiredColumns.*;

import app.integreat.crm.model.Account;
import app.integreat.crm.model.Contact;
import app.integreat.crm.model.Task;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.Pipeline;
import app.integreat.crm.model.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import app.integreat.crm.importer.ImportRun.AccountInfo;
import app.integreat.crm.importer.ImportRun.AccountKind;
import app.integreat.crm.importer.ImportRun.UserRow;
import app.integreat.crm.importer.ImportRun.HistoryRow;
import app.integreat.crm.importer.ImportRun.RoleRow;

/**
 * The check pass: reads every CSV once, collects what the apply pass needs to know of the export
 * (users, record types, accounts, affiliations, history, contact roles, mails, document links) and
 * every problem (file, line and field) and unmapped value, writing nothing.
 */
final class ExportCheck {
    private final ImportRun run;

    ExportCheck(ImportRun run) {
        this.run = run;
    }

    void check(ExportFiles files) {
        scan(files, "RecordType", RECORD_TYPE_REQUIRED, row -> run.recordTypes.put(row.id(), row.required("Name")));
        scan(files, "User", USER_REQUIRED, row -> run.users.put(row.id(), new UserRow(row.required("Email"),
                Text.name(row.get("FirstName"), row.get("LastName"), row.get("Email")),
                row.get("IsActive") == null || row.bool("IsActive"))));
        scan(files, "Account", ACCOUNT_REQUIRED, row -> {
            String id = row.id();
            AccountKind kind = row.bool("IsDeleted") ? AccountKind.DELETED : isHousehold(row) ? AccountKind.HOUSEHOLD : AccountKind.ORGANISATION;
            AccountInfo info = new AccountInfo(kind);
            info.name = row.required("Name");
            row.instant("CreatedDate");
            if (kind == AccountKind.ORGANISATION) {
                info.type = run.map.accountType(row.get("Type")).orElse(null);
                if (info.type == null) {
                    run.report.unmapped("accountTypes", row.get("Type"), "Account " + id);
                }
            }
            run.accounts.put(id, info);
        });
        scan(files, "npe5__Affiliation__c", AFFILIATION_REQUIRED, row -> {
            String contact = row.id("npe5__Contact__c");
            String organisation = row.id("npe5__Organization__c");
            requireKnown(files, row, "npe5__Organization__c", organisation, "Account", run.accounts.containsKey(organisation));
            boolean current = row.get("npe5__Status__c") == null || "Current".equalsIgnoreCase(row.get("npe5__Status__c"));
            if (contact != null && organisation != null && current && !row.bool("IsDeleted")) {
                // the primary affiliation wins over any other current one
                if (row.bool("npe5__Primary__c") || !run.affiliations.containsKey(contact)) {
                    run.affiliations.put(contact, organisation);
                }
            }
        });
        scan(files, "Contact", CONTACT_REQUIRED, row -> {
            String id = row.id();
            requireKnown(files, row, "AccountId", row.id("AccountId"), "Account", run.accounts.containsKey(row.id("AccountId")));
            String primary = row.id("npsp__Primary_Affiliation__c");
            requireKnown(files, row, "npsp__Primary_Affiliation__c", primary, "Account", run.accounts.containsKey(primary));
            run.contacts.put(id, null);
            run.contactNames.put(id, Text.name(row.get("FirstName"), row.required("LastName"), id));
            row.instant("CreatedDate");
        });
        scan(files, "Opportunity", OPPORTUNITY_REQUIRED, row -> {
            String id = row.id();
            row.required("Name");
            row.number("Amount");
            row.date("CloseDate");
            row.instant("CreatedDate");
            row.instant("LastModifiedDate");
            run.opportunityIds.add(id);
            requireKnown(files, row, "AccountId", row.id("AccountId"), "Account", run.accounts.containsKey(row.id("AccountId")));
            requireKnown(files, row, "OwnerId", row.id("OwnerId"), "User", run.users.containsKey(row.id("OwnerId")));
            String recordType = row.id("RecordTypeId");
            requireKnown(files, row, "RecordTypeId", recordType, "RecordType", run.recordTypes.containsKey(recordType));
            String typeName = recordType == null ? "" : run.recordTypes.getOrDefault(recordType, recordType);
            if (run.map.opportunityType(typeName).isEmpty()) {
                run.report.unmapped("opportunityTypes", typeName, "Opportunity " + id);
            }
            if (!row.bool("IsClosed")) {
                String stage = run.map.stage(row.required("StageName")).orElse(null);
                if (stage == null) {
                    run.report.unmapped("stages", row.get("StageName"), "Opportunity " + id);
                } else if (run.pipeline.stage(stage).map(Pipeline.Stage::closed).orElse(false)) {
                    run.report.unmapped("stages", row.get("StageName") + " (names a closed stage, but IsClosed is 0)", "Opportunity " + id);
                }
            }
        });
        scan(files, "OpportunityHistory", HISTORY_REQUIRED, row -> {
            String opportunity = row.id("OpportunityId");
            requireKnown(files, row, "OpportunityId", opportunity, "Opportunity", run.opportunityIds.contains(opportunity));
            String stageName = row.required("StageName");
            if (run.map.stage(stageName).isEmpty()) {
                run.report.unmapped("stages", stageName, "OpportunityHistory " + row.id());
            }
            run.history.computeIfAbsent(opportunity, o -> new ArrayList<>()).add(new HistoryRow(stageName, row.instant("CreatedDate"),
                    row.id("CreatedById"), row.file(), row.line()));
        });
        scan(files, "OpportunityContactRole", ROLE_REQUIRED, row -> {
            String opportunity = row.id("OpportunityId");
            String contact = row.id("ContactId");
            requireKnown(files, row, "OpportunityId", opportunity, "Opportunity", run.opportunityIds.contains(opportunity));
            requireKnown(files, row, "ContactId", contact, "Contact", run.contacts.containsKey(contact));
            run.contactRoles.computeIfAbsent(opportunity, o -> new ArrayList<>()).add(new RoleRow(contact, row.get("Role")));
        });
        scan(files, "EmailMessage", EMAIL_MESSAGE_REQUIRED, row -> {
            String id = row.id();
            run.emailMessageIds.add(id);
            String task = row.id("ActivityId");
            if (task != null) {
                run.messageOfTask.put(task, id);
            }
            requireRecord(files, row, "RelatedToId");
        });
        scan(files, "Task", ACTIVITY_REQUIRED, row -> {
            requireRecord(files, row, "WhoId");
            requireRecord(files, row, "WhatId");
            requireKnown(files, row, "OwnerId", row.id("OwnerId"), "User", run.users.containsKey(row.id("OwnerId")));
            String message = row.id("EmailMessageId");
            requireKnown(files, row, "EmailMessageId", message, "EmailMessage", run.emailMessageIds.contains(message));
            if (message != null) {
                run.messageOfTask.putIfAbsent(row.id(), message);
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
                run.documentLinks.computeIfAbsent(row.id("ContentDocumentId"), d -> new ArrayList<>()).add(linked);
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
            case "003" -> requireKnown(files, row, field, id, "Contact", run.contacts.containsKey(id));
            case "001" -> requireKnown(files, row, field, id, "Account", run.accounts.containsKey(id));
            case "006" -> requireKnown(files, row, field, id, "Opportunity", run.opportunityIds.contains(id));
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
                    run.totalRows++;
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
        if (run.problems.size() < 50) {
            run.problems.add(problem);
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
        String typeName = recordType == null ? null : run.recordTypes.get(recordType);
        return row.bool("npe01__SYSTEMIsIndividual__c")
                || "Household Account".equalsIgnoreCase(row.get("npe01__SYSTEM_AccountType__c"))
                || "Household Account".equalsIgnoreCase(typeName) || "HH_Account".equalsIgnoreCase(typeName);
    }
}
