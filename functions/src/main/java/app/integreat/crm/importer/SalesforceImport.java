package app.integreat.crm.importer;

import app.integreat.crm.Services;
import app.integreat.crm.model.Pipeline;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Imports a Salesforce (NPSP) export into the CRM. First a check pass reads every CSV once and
 * refuses bad input (naming file, line and field) and values without a mapping; nothing is written
 * then. The apply pass streams the CSVs again, 100 rows at a time (one BatchGetItem for their lookup
 * items), and writes each record in its own transaction with its lookup item {@code SF#<id>}, so a
 * second run finds everything unchanged, a newer export updates what changed, and a record changed
 * in the CRM since it was imported is reported as a conflict instead of being overwritten. A dry run
 * does all of this except the writes.
 *
 * <p>The phases, in the order the records refer to each other: {@link ExportCheck} (the
 * check pass), then {@link MemberImport}, {@link AccountImport}, {@link ContactImport},
 * {@link OpportunityImport}, {@link ActivityImport} and {@link FileImport}, which share one
 * {@link ImportRun}.
 */
public final class SalesforceImport {
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

    private final ImportRun run;

    public SalesforceImport(Services services, Pipeline pipeline, Options options) {
        this.run = new ImportRun(services, pipeline, options);
    }

    /**
     * Checks, then (unless a dry run) imports. Throws {@link BadInput} or {@link Unmapped} from the
     * check pass, before anything is written.
     */
    public Report run(List<Path> inputs) {
        run.map = ImportMap.defaults(run.pipeline);
        if (run.options.mapFile() != null) {
            run.map = run.map.with(run.options.mapFile());
        }
        run.report = new Report(run.options.dryRun());
        try (ExportFiles files = ExportFiles.open(inputs)) {
            files.formats().forEach((path, format) -> run.report.input(path, format.name()));
            new ExportCheck(run).check(files);
            if (!run.problems.isEmpty()) {
                throw new BadInput(run.problems);
            }
            if (run.report.hasUnmapped()) {
                throw new Unmapped(run.report);
            }
            run.report = new Report(run.options.dryRun());
            files.formats().forEach((path, format) -> run.report.input(path, format.name()));
            MemberImport members = new MemberImport(run);
            members.resolveReassignTarget();
            run.progress = new Progress(run.options.progress(), run.services.clock(), run.totalRows);
            members.importUsers(files);
            new AccountImport(run).importAccounts(files);
            new ContactImport(run).importContacts(files);
            new OpportunityImport(run).importOpportunities(files);
            ActivityImport activities = new ActivityImport(run);
            activities.importTasks(files);
            activities.importEmailMessages(files);
            activities.importEvents(files);
            activities.importNotes(files);
            FileImport fileImport = new FileImport(run, activities);
            fileImport.importAttachments(files);
            fileImport.importContentVersions(files);
            if (!run.options.dryRun()) {
                run.lastInteraction.forEach(run.store::touchInteraction);
                if (run.report.counts("Opportunity").read() > 0) {
                    // the counters replayed from every history (the CRM's own too): imported history counts as
                    // lived history, and a run that stopped before this point gets them on its rerun
                    run.report.pipelineReportRebuilt(run.services.reports().rebuild());
                }
                // one entry per run: who ran it (the member open work goes to), no records named
                run.services.audit().record(run.reassignTarget.id(), app.integreat.crm.model.AuditEntry.IMPORT_RUN, "IMPORT",
                        run.services.ids().next(), "salesforce");
            }
            return run.report;
        }
    }
}
