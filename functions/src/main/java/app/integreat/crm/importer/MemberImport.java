package app.integreat.crm.importer;

import static app.integreat.crm.importer.RequiredColumns.*;

import app.integreat.crm.core.Limits;
import app.integreat.crm.model.EmailAddress;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Role;
import java.time.Instant;
import java.util.List;
import app.integreat.crm.importer.SalesforceImport.BadInput;

import app.integreat.crm.importer.ImportRun.UserRow;

/** Salesforce users become members, matched by email; and who gets the open work of users who left. */
final class MemberImport {
    private final ImportRun run;

    MemberImport(ImportRun run) {
        this.run = run;
    }

    void resolveReassignTarget() {
        String email = run.options.reassignTo() != null ? run.options.reassignTo() : run.services.config().adminEmail();
        String normalized = EmailAddress.normalize(email);
        if (normalized == null) {
            throw new BadInput(List.of(new ImportProblem("--reassign-to", 0, null, "is not an email address: " + email)));
        }
        run.reassignTarget = run.memberStore.byEmail(normalized).orElse(null);
        if (run.reassignTarget == null && normalized.equals(EmailAddress.normalize(run.services.config().adminEmail()))) {
            // the admin running the import, as at their first sign-in (a dry run only pretends)
            Instant now = run.services.clock().instant();
            run.reassignTarget = run.options.dryRun() ? new Member("dry-run-admin", normalized, normalized, Role.ADMIN, true, "de", true,
                    Member.DEFAULT_FOLLOW_UP_DAYS, now, now, 1)
                    : run.services.members().resolveCaller(normalized);
        }
        if (run.reassignTarget == null || !run.reassignTarget.active()) {
            throw new BadInput(List.of(new ImportProblem("--reassign-to", 0, null,
                    email + " is not an active member of the CRM; open work of inactive users goes to that member")));
        }
    }

    void importUsers(ExportFiles files) {
        run.batches(files, "User", USER_REQUIRED, (row, previous) -> {
            String id = row.id();
            UserRow user = run.users.get(id);
            String email = EmailAddress.normalize(user.email());
            if (email == null) {
                run.report.skipped("User", id, "no valid email address");
                return;
            }
            run.memberEmails.add(email);
            String hash = Text.hash(email, user.name(), user.active());
            if (previous != null) {
                run.members.put(id, previous.crmId());
                Member member = run.memberStore.byId(previous.crmId()).orElse(null);
                run.memberActive.put(id, member != null && member.active());
                run.report.unchanged("User");
                return;
            }
            // the member running the import exists (a dry run only pretends so)
            Member existing = email.equals(run.reassignTarget.email()) ? run.reassignTarget : run.memberStore.byEmail(email).orElse(null);
            if (existing != null) {
                run.members.put(id, existing.id());
                run.memberActive.put(id, existing.active());
                if (!run.options.dryRun()) {
                    run.store.linkMember(id, existing, hash, null);
                }
                run.report.skipped("User", id, "an existing member with this email is reused");
                return;
            }
            Instant at = run.services.clock().instant();
            // nobody becomes admin by import; inactive users come as deactivated members, so history keeps its authors
            Member member = new Member(run.newId(id), email, Text.truncate(user.name(), Limits.NAME), Role.MEMBER, user.active(), "de",
                    true, Member.DEFAULT_FOLLOW_UP_DAYS, at, at, 1);
            if (!run.options.dryRun() && !run.store.createMember(id, member, hash)) {
                member = run.memberStore.byEmail(email).orElseThrow();
            }
            run.members.put(id, member.id());
            run.memberActive.put(id, member.active());
            run.report.created("User");
        });
    }
}
