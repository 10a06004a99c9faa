package app.integreat.crm.importer;

import static app.integreat.crm.importer.RequiredColumns.*;

import app.integreat.crm.core.Limits;
import app.integreat.crm.model.Account;
import app.integreat.crm.model.AccountType;
import app.integreat.crm.model.Contact;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.TimelineEntry;
import app.integreat.crm.store.ImportStore.Imported;
import app.integreat.crm.store.OpportunityStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.integreat.crm.importer.ImportRun.AccountInfo;
import app.integreat.crm.importer.ImportRun.HistoryRow;
import app.integreat.crm.importer.ImportRun.RoleRow;

/** Opportunities on their municipality with their stage history; contact roles as lines of the notes. */
final class OpportunityImport {
    static final String LOST_REASON_PLACEHOLDER = "Kein Grund in Salesforce angegeben (imported without a lost reason)";

    private final ImportRun run;

    OpportunityImport(ImportRun run) {
        this.run = run;
    }

    void importOpportunities(ExportFiles files) {
        run.batches(files, "Opportunity", OPPORTUNITY_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.bool("IsDeleted")) {
                run.report.skipped("Opportunity", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            AccountInfo account = run.organisation(row.id("AccountId"));
            if (account == null) {
                run.report.skipped("Opportunity", id, "its account is not an imported organisation");
                return;
            }
            if (account.type != AccountType.MUNICIPALITY) {
                run.report.skipped("Opportunity", id, "its account is not a municipality (opportunities link municipalities)");
                return;
            }
            String recordType = row.id("RecordTypeId");
            String type = run.map.opportunityType(recordType == null ? "" : run.recordTypes.getOrDefault(recordType, recordType)).orElseThrow();
            boolean closed = row.bool("IsClosed");
            String stage = closed ? (row.bool("IsWon") ? "CLOSED_WON" : "CLOSED_LOST") : run.map.stage(row.get("StageName")).orElseThrow();
            String owner = run.member(row.id("OwnerId"));
            if (owner == null || !closed && !run.memberActive.getOrDefault(row.id("OwnerId"), false)) {
                // open work of an inactive (or unknown) user goes to the member running the import
                run.report.note("open opportunity of an inactive or unknown user, now owned by " + run.reassignTarget.email(), id);
                owner = run.reassignTarget.id();
            }
            String lostReason = "CLOSED_LOST".equals(stage) ? Text.firstNonNull(row.get("npsp__Closed_Lost_Reason__c"),
                    row.get("Description"), LOST_REASON_PLACEHOLDER) : null;
            lostReason = Text.truncate(lostReason, Limits.SHORT_TEXT);
            Instant created = run.orNow(row.instant("CreatedDate"));
            List<Opportunity.StageChange> changes = stageChanges(id, stage, created, run.member(row.id("CreatedById")), lostReason,
                    row.instant("LastModifiedDate"));
            List<String> visited = changes.stream().map(Opportunity.StageChange::stage).distinct().toList();
            Instant stageSince = changes.get(changes.size() - 1).at();
            String notes = run.notes("Opportunity", id, opportunityNotes(row, id));
            BigDecimal amount = row.number("Amount");
            LocalDate closeDate = row.date("CloseDate");
            String name = Text.truncate(row.required("Name"), Limits.NAME);
            if ("SPLIT".equals(type)) {
                run.report.note("a Split with one account in Salesforce: add its other municipalities in the CRM", id);
            }
            String hash = Text.hash(name, type, account.crmId, owner, stage, changes, closeDate, amount, notes, lostReason);
            String createdBy = run.member(row.id("CreatedById"));
            List<Opportunity.Account> linked = List.of(new Opportunity.Account(account.crmId, account.name, null));
            if (previous == null) {
                Opportunity opportunity = new Opportunity(run.newId(id), name, type, linked, owner, stage, stageSince, visited,
                        closeDate, amount, notes, lostReason, closed ? stageSince : null, null, changes, changes.size(), null,
                        createdBy == null ? owner : createdBy, created, run.services.clock().instant(), 1, id);
                if (!closed && !run.openInRun.add(account.crmId + "#" + type)) {
                    throw CrmException.of(CrmException.Kind.CONFLICT, "another open opportunity of this type for the same"
                            + " municipality comes first in the export; one open opportunity per municipality and type");
                }
                run.opportunityCrm.put(id, new String[] {opportunity.id(), account.crmId});
                if (!run.options.dryRun()) {
                    write(id, null, opportunity, hash, null);
                } else if (!closed) {
                    run.opportunityStore.openOpportunity(account.crmId, type).ifPresent(holder -> {
                        throw CrmException.of(CrmException.Kind.CONFLICT, "the municipality has an open opportunity of this type ("
                                + holder + ") already; one open opportunity per municipality and type");
                    });
                }
                run.report.created("Opportunity");
                return;
            }
            run.opportunityCrm.put(id, new String[] {previous.crmId(), account.crmId});
            if (previous.hash().equals(hash)) {
                run.report.unchanged("Opportunity");
                return;
            }
            Opportunity current = run.opportunityStore.get(previous.crmId()).orElse(null);
            if (!run.changeable("Opportunity", id, current == null ? null : current.version(), previous)) {
                return;
            }
            if (!current.accountIds().equals(List.of(account.crmId))) {
                run.report.conflict("Opportunity", id, "its municipalities differ in the CRM; the CRM's are kept");
                return;
            }
            Opportunity updated = new Opportunity(current.id(), name, type.equals(current.type()) ? type : current.type(),
                    current.accounts(), owner, stage, stageSince, visited, closeDate, amount, notes, lostReason,
                    closed ? stageSince : null, current.reminderTaskId(), changes, changes.size(), current.snooze(),
                    current.createdBy(), current.createdAt(),
                    run.services.clock().instant(), current.version() + 1, id);
            if (!run.options.dryRun()) {
                write(id, current, updated, hash, previous);
            }
            run.report.updated("Opportunity");
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
            run.store.putOpportunity(salesforceId, before, after, entries, hash, previous);
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
        List<HistoryRow> rows = new ArrayList<>(run.history.getOrDefault(id, List.of()));
        rows.sort(Comparator.comparing(HistoryRow::at, Comparator.nullsFirst(Comparator.naturalOrder())));
        List<Opportunity.StageChange> changes = new ArrayList<>();
        for (HistoryRow row : rows) {
            String key = run.map.stage(row.stageName()).orElseThrow();
            if (!changes.isEmpty() && changes.get(changes.size() - 1).stage().equals(key)) {
                continue;
            }
            Instant at = row.at() == null ? created : row.at();
            changes.add(new Opportunity.StageChange(key, at, run.member(row.byUser()), null));
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
        for (RoleRow role : run.contactRoles.getOrDefault(id, List.of())) {
            lines.add("Kontaktrolle / Contact role: " + run.contactNames.getOrDefault(role.contactId(), role.contactId())
                    + (role.role() == null ? "" : " (" + role.role() + ")") + " [" + role.contactId() + "]");
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }
}
