package app.integreat.crm.importer;

import static app.integreat.crm.importer.RequiredColumns.*;

import app.integreat.crm.core.Limits;
import app.integreat.crm.model.Account;
import app.integreat.crm.model.Address;
import java.time.Instant;
import java.util.List;

import app.integreat.crm.importer.ImportRun.AccountInfo;
import app.integreat.crm.importer.ImportRun.AccountKind;

/** Salesforce accounts that are organisations become accounts; households and deleted ones are skipped. */
final class AccountImport {
    private final ImportRun run;

    AccountImport(ImportRun run) {
        this.run = run;
    }

    void importAccounts(ExportFiles files) {
        run.batches(files, "Account", ACCOUNT_REQUIRED, (row, previous) -> {
            String id = row.id();
            AccountInfo info = run.accounts.get(id);
            if (info.kind == AccountKind.DELETED) {
                run.report.skipped("Account", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            if (info.kind == AccountKind.HOUSEHOLD) {
                run.report.skipped("Account", id, "an NPSP household account, not an organisation (its contacts come without it or with their affiliation)");
                return;
            }
            Address address = new Address(Text.truncate(row.get("BillingStreet"), Limits.SHORT_TEXT),
                    Text.truncate(row.get("BillingPostalCode"), Limits.POSTAL_CODE), Text.truncate(row.get("BillingCity"), Limits.SHORT_TEXT),
                    Text.truncate(row.get("BillingState"), Limits.SHORT_TEXT), Text.truncate(row.get("BillingCountry"), Limits.SHORT_TEXT));
            String name = Text.truncate(info.name, Limits.NAME);
            String website = Text.truncate(row.get("Website"), Limits.URL);
            String phone = Text.truncate(row.get("Phone"), Limits.PHONE);
            String notes = run.notes("Account", id, row.get("Description"));
            String hash = Text.hash(name, info.type, website, phone, address.street(), address.postalCode(), address.city(),
                    address.state(), address.country(), notes);
            Instant created = run.orNow(row.instant("CreatedDate"));
            if (previous == null) {
                Account account = new Account(run.newId(id), name, info.type, website, phone, address.isEmpty() ? null : address,
                        List.of(), notes, created, run.services.clock().instant(), 1, id);
                if (!run.options.dryRun()) {
                    run.store.createAccount(id, account, hash);
                }
                info.crmId = account.id();
                run.report.created("Account");
                return;
            }
            String keptId = run.mergedAccounts.get(previous.crmId());
            if (keptId != null) {
                // its contacts, opportunities and activities of this and later runs belong to the kept account, left as it is
                info.crmId = keptId;
                run.report.skipped("Account", id, "merged into account " + keptId + " in the CRM; the kept account is not changed");
                return;
            }
            info.crmId = previous.crmId();
            if (previous.hash().equals(hash)) {
                run.report.unchanged("Account");
                return;
            }
            Account current = run.accountStore.get(previous.crmId()).orElse(null);
            if (!run.changeable("Account", id, current == null ? null : current.version(), previous)) {
                return;
            }
            info.type = current.type();
            Account updated = new Account(current.id(), name, info.type, website, phone, address.isEmpty() ? null : address,
                    current.emailDomains(), notes, current.createdAt(), run.services.clock().instant(), current.version() + 1, id);
            if (!run.options.dryRun()) {
                run.store.updateAccount(id, current, updated, hash, previous);
            }
            run.report.updated("Account");
        });
    }
}
