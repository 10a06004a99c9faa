package app.integreat.crm.store;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.MunicipalityStatus.OpenOpportunity;
import app.integreat.crm.model.MunicipalityStatus.OpenTask;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.Snooze;
import app.integreat.crm.model.Opportunity.StageChange;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.Pipeline;
import app.integreat.crm.model.PipelineCounts;
import app.integreat.crm.model.Task;
import app.integreat.crm.model.TaskStatus;
import app.integreat.crm.model.TimelineEntry;
import app.integreat.crm.store.Writes.Condition;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Opportunities. The record (pk OPPORTUNITY#id, sk OPPORTUNITY) and its account copies sit in the
 * list of every filter combination, gsi1 to gsi8 (see {@link Keys#opportunityList}), sorted as the
 * board shows them (see {@link Keys#pipelineSk}); its notes live in the details item next to it, each
 * stage change in an item of its own (HISTORY#n). Each linked account holds a copy (sk
 * ACCOUNTOPP#id, on its detail page), a summary on its account item ({@link AccountSummary}) and,
 * while the opportunity is open, a lock item per type that makes a second open one impossible.
 * Every change writes all of these, and the history entry, in one transaction.
 */
public final class OpportunityStore {
    static final String ENTITY = "OPPORTUNITY";
    static final String LINK_ENTITY = "ACCOUNT_OPPORTUNITY";
    /** Far more than a team's board holds; the answer says when it was cut. */
    public static final int BOARD_MAX = 2000;

    private final Table table;
    private final Writes writes;
    private final Pipeline pipeline;
    private final Timeline timeline;
    private final TaskStore tasks;
    private final AccountSummary summary;
    private final ReportStore reports;

    public OpportunityStore(Table table, Pipeline pipeline) {
        this.table = table;
        this.writes = new Writes(table.name());
        this.pipeline = pipeline;
        this.timeline = new Timeline(table);
        this.tasks = new TaskStore(table);
        this.summary = new AccountSummary(table);
        this.reports = new ReportStore(table);
    }

    /**
     * The record with its notes and its latest stage changes: one Query, backwards over the
     * opportunity's collection ({@code OPPORTUNITYDETAILS}, {@code OPPORTUNITY}, then the history
     * items, newest first, which sort before both).
     */
    public Optional<Opportunity> get(String id) {
        Table.KeyQuery query = new Table.KeyQuery(null, Keys.PK, Keys.opportunity(id), null, null, null, true);
        Map<String, AttributeValue> record = null;
        Map<String, AttributeValue> details = null;
        Snooze snooze = null;
        List<StageChange> history = new ArrayList<>();
        // backwards: OPPORTUNITYSNOOZE, OPPORTUNITYDETAILS, OPPORTUNITY, then the newest HISTORY# items
        for (Map<String, AttributeValue> item : table.queryFirst(query, 3 + Opportunity.HISTORY_SHOWN)) {
            String sk = Attrs.string(item, Keys.SK);
            if (Keys.SNOOZE_SK.equals(sk)) {
                snooze = SnoozeStore.snooze(item);
            } else if (Keys.OPPORTUNITY_SK.equals(sk)) {
                record = item;
            } else if (Keys.OPPORTUNITY_DETAILS_SK.equals(sk)) {
                details = item;
            } else if (sk.startsWith(Keys.OPPORTUNITY_HISTORY_PREFIX) && history.size() < Opportunity.HISTORY_SHOWN) {
                history.add(0, stageChange(item));
            }
        }
        return record == null ? Optional.empty() : Optional.of(opportunity(record, details, history, snooze));
    }

    /**
     * Its stage changes, newest first, a page per Query; empty when there is no such opportunity
     * (every opportunity has at least the change that created it).
     */
    public Optional<Page<StageChange>> history(String id, PageRequest page) {
        Table.KeyQuery query = new Table.KeyQuery(null, Keys.PK, Keys.opportunity(id), Keys.SK, "begins_with",
                Keys.OPPORTUNITY_HISTORY_PREFIX, true);
        Page<StageChange> changes = table.queryPage(query, page, OpportunityStore::stageChange);
        return changes.items().isEmpty() && page.cursor() == null ? Optional.empty() : Optional.of(changes);
    }

    /** The id of the open opportunity of this type for the account, if there is one: one GetItem. */
    public Optional<String> openOpportunity(String accountId, String type) {
        return table.get(Keys.openOpportunityLock(accountId, type), Keys.OPEN_OPPORTUNITY_LOCK_SK)
                .map(item -> Attrs.string(item, "opportunityId"));
    }

    /** Whether the task exists and is still open: one GetItem. */
    public boolean taskIsOpen(String taskId) {
        return taskId != null && tasks.get(taskId).map(task -> task.status() == TaskStatus.OPEN).orElse(false);
    }

    /** What a refused write ran into. */
    public sealed interface Refusal {
    }

    /** Another opportunity of the type is open for the account. */
    public record OpenOneExists(String accountId, String opportunityId) implements Refusal {
    }

    /** The account does not exist or is no municipality. */
    public record NotAMunicipality(int index, String accountId) implements Refusal {
    }

    /** Thrown with what a create, stage change or reopen ran into; the service words the answer. */
    public static final class Refused extends RuntimeException {
        public final Refusal refusal;

        Refused(Refusal refusal) {
            super(refusal.toString(), null, false, false);
            this.refusal = refusal;
        }
    }

    /**
     * Creates the opportunity with its first history entry, the copies in its accounts, their
     * summaries and locks and timeline lines, the follow-up task if its stage creates one, and the
     * report's counts.
     */
    public void create(Opportunity opportunity, TimelineEntry entry, Task reminder, PipelineCounts counts) {
        List<TransactWriteItem> actions = createActions(opportunity, entry, reminder);
        actions.addAll(reports.actions(counts));
        int firstAccount = 3;
        int firstLock = firstAccount + opportunity.accounts().size();
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            for (int i = 0; i < opportunity.accounts().size(); i++) {
                if (e.failed(firstAccount + i)) {
                    throw new Refused(new NotAMunicipality(i, opportunity.accounts().get(i).accountId()));
                }
            }
            throw lockRefusal(e, firstLock, opportunity);
        }
    }

    /** The actions of {@link #create}: record, details, first history item, then per account summary, lock, copy. */
    List<TransactWriteItem> createActions(Opportunity opportunity, TimelineEntry entry, Task reminder) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(recordItem(opportunity), Condition.notExists()));
        actions.add(writes.put(detailsItem(opportunity), Condition.notExists()));
        actions.add(writes.put(historyItem(opportunity.id(), 1, opportunity.history().get(0)), Condition.notExists()));
        for (Opportunity.Account account : opportunity.accounts()) {
            actions.add(summary.linkAction(account.accountId(), open(opportunity), taskOf(reminder, account)));
        }
        for (Opportunity.Account account : opportunity.accounts()) {
            actions.add(writes.put(lockItem(account.accountId(), opportunity), Condition.notExists()));
        }
        actions.addAll(copies(opportunity));
        actions.addAll(timeline.putActions(owners(opportunity), entry));
        actions.addAll(reminderActions(reminder));
        actions.addAll(nameItems(null, opportunity));
        return actions;
    }

    /** Puts of the history items after the first (imported history in a bulk load; a create writes the first). */
    List<TransactWriteItem> laterHistoryActions(Opportunity opportunity) {
        List<TransactWriteItem> actions = new ArrayList<>();
        for (int n = 2; n <= opportunity.history().size(); n++) {
            actions.add(writes.put(historyItem(opportunity.id(), n, opportunity.history().get(n - 1)), Condition.notExists()));
        }
        return actions;
    }

    /**
     * Moves the opportunity as it was read ({@code before}, its version the condition) to the stage
     * of {@code after}, appending the change to its history: a concurrent change makes this fail
     * as a whole (412), so each successful change is recorded exactly once. The report's counts
     * are added in the same transaction; when a lost reason finds its month full, the change is
     * made again with the reason counted as "other".
     */
    public void changeStage(Opportunity before, Opportunity after, StageChange change, TimelineEntry entry, Task reminder,
                            PipelineCounts counts) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(recordItem(after), Condition.version(before.version())));
        // numbered by the record's count, whose version condition orders concurrent changes
        actions.add(writes.put(historyItem(after.id(), after.stageChanges(), change), Condition.notExists()));
        int firstLock = -1;
        if (before.isOpen() && !after.isOpen()) {
            for (Opportunity.Account account : after.accounts()) {
                actions.add(writes.delete(Keys.openOpportunityLock(account.accountId(), after.type()),
                        Keys.OPEN_OPPORTUNITY_LOCK_SK, Condition.attributeEquals("opportunityId", after.id())));
                actions.add(summary.closedAction(account.accountId(), after.id(), after.stage(), change.at()));
            }
        } else if (!before.isOpen() && after.isOpen()) {
            firstLock = actions.size();
            for (Opportunity.Account account : after.accounts()) {
                actions.add(writes.put(lockItem(account.accountId(), after), Condition.notExists()));
            }
            for (Opportunity.Account account : after.accounts()) {
                actions.add(summary.openAction(account.accountId(), open(after), taskOf(reminder, account)));
            }
        } else if (after.isOpen()) {
            for (Opportunity.Account account : after.accounts()) {
                actions.add(summary.openAction(account.accountId(), open(after), taskOf(reminder, account)));
            }
        } else {
            // closed to closed (reopen: true, straight to the other outcome)
            for (Opportunity.Account account : after.accounts()) {
                actions.add(summary.closedAction(account.accountId(), after.id(), after.stage(), change.at()));
            }
        }
        actions.addAll(copies(after));
        actions.addAll(timeline.putActions(owners(after), entry));
        actions.addAll(reminderActions(reminder));
        int firstCount = actions.size();
        List<TransactWriteItem> countActions = reports.actions(counts);
        actions.addAll(countActions);
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (e.failed(0)) {
                throw staleOrGone(after.id());
            }
            if (ReportStore.reasonRefused(e, firstCount, countActions.size())) {
                changeStage(before, after, change, entry, reminder, counts.withReasonsAsOther());
                return;
            }
            if (firstLock >= 0) {
                throw lockRefusal(e, firstLock, after);
            }
            throw new IllegalStateException("stage change refused by " + e.reasons);
        }
    }

    /**
     * Writes an imported opportunity as the export has it, new ({@code before} null) or replacing
     * {@code before} (its version the condition), with its whole history, one timeline line per
     * change and the import's {@code lookup} item, in one transaction. Imported history is fact: no
     * workflow rule applies and no follow-up task is made, but the invariants hold (municipality
     * accounts, one open opportunity per municipality and type, summaries, copies, search items).
     * Its accounts are the same before and after. The report's counters are not touched: the import
     * rebuilds them from every history at its end ({@code ReportService#rebuild}).
     */
    void writeImported(Opportunity before, Opportunity after, List<TimelineEntry> entries, TransactWriteItem lookup) {
        // the history first, in transactions of its own (a long one would not fit the record's): each change is
        // an item keyed by its number, harmless without the record, so a rerun after a failure rewrites the same
        List<TransactWriteItem> history = new ArrayList<>();
        for (int n = 1; n <= after.history().size(); n++) {
            history.add(writes.put(historyItem(after.id(), n, after.history().get(n - 1)), Condition.NONE));
        }
        for (int n = after.history().size() + 1; before != null && n <= before.stageChanges(); n++) {
            history.add(writes.delete(Keys.opportunity(after.id()), Keys.opportunityHistorySk(n), Condition.NONE));
        }
        for (int i = 0; i < history.size(); i += Table.MAX_TRANSACTION_ACTIONS) {
            table.transact(history.subList(i, Math.min(i + Table.MAX_TRANSACTION_ACTIONS, history.size())));
        }
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(recordItem(after), before == null ? Condition.notExists() : Condition.version(before.version())));
        actions.add(writes.put(detailsItem(after), Condition.NONE));
        int firstAccount = actions.size();
        for (Opportunity.Account account : after.accounts()) {
            String accountId = account.accountId();
            if (before == null) {
                actions.add(after.isOpen() ? summary.linkAction(accountId, open(after), null)
                        : summary.linkClosedAction(accountId, after.id(), after.stage(), after.closedAt()));
            } else {
                actions.add(after.isOpen() ? summary.openAction(accountId, open(after), null)
                        : summary.closedAction(accountId, after.id(), after.stage(), after.closedAt()));
            }
        }
        int firstLock = actions.size();
        boolean wasOpen = before != null && before.isOpen();
        for (Opportunity.Account account : after.accounts()) {
            if (after.isOpen() && !wasOpen) {
                actions.add(writes.put(lockItem(account.accountId(), after), Condition.notExists()));
            } else if (!after.isOpen() && wasOpen) {
                actions.add(writes.delete(Keys.openOpportunityLock(account.accountId(), after.type()),
                        Keys.OPEN_OPPORTUNITY_LOCK_SK, Condition.attributeEquals("opportunityId", after.id())));
            }
        }
        actions.addAll(copies(after));
        if (before == null || !before.name().equals(after.name())) {
            // found by GET /search as a created one is
            actions.addAll(nameItems(before, after));
        }
        for (TimelineEntry entry : entries) {
            actions.addAll(timeline.putActions(owners(after), entry));
        }
        actions.add(lookup);
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            if (e.failed(0)) {
                throw before == null ? CrmException.of(CrmException.Kind.CONFLICT, "The opportunity exists already.")
                        : staleOrGone(after.id());
            }
            if (before == null) {
                for (int i = 0; i < after.accounts().size(); i++) {
                    if (e.failed(firstAccount + i)) {
                        throw new Refused(new NotAMunicipality(i, after.accounts().get(i).accountId()));
                    }
                }
            }
            if (after.isOpen() && !wasOpen) {
                throw lockRefusal(e, firstLock, after);
            }
            throw CrmException.of(CrmException.Kind.CONFLICT, "The import's record of this opportunity changed meanwhile.");
        }
    }

    /** A change of the record's own fields (name, owner, dates, amount, notes), under its version. */
    public void update(Opportunity before, Opportunity after) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(recordItem(after), Condition.version(before.version())));
        if (!java.util.Objects.equals(before.notes(), after.notes())) {
            actions.add(setNotes(after.id(), after.notes()));
        }
        actions.addAll(copies(after));
        if (!before.name().equals(after.name())) {
            actions.addAll(nameItems(before, after));
        }
        if (after.isOpen() && !before.name().equals(after.name())) {
            for (Opportunity.Account account : after.accounts()) {
                actions.add(summary.openAction(account.accountId(), open(after), null));
            }
        }
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            throw staleOrGone(after.id());
        }
    }

    /**
     * The actions that move the opportunity as read ({@code before}, its version the condition) from account
     * {@code leaving} to {@code coming} (a merge of accounts, and its undo): the copy, the summaries and, while it is
     * open, the lock of its type, which {@code coming} must not hold for another one. Its timeline lines move with
     * the leaving account's timeline; the report counts stages, not accounts, and does not change.
     */
    List<TransactWriteItem> accountChangeActions(Opportunity before, Opportunity after, String leaving, String coming) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(recordItem(after), Condition.version(before.version())));
        actions.add(writes.delete(Keys.account(leaving), Keys.accountOpportunitySk(after.id()), Condition.NONE));
        actions.add(summary.unlinkAction(leaving, after.id()));
        // a closed one counts on the coming account without making its outcome the account's latest
        actions.add(summary.linkAction(coming, open(after), null));
        if (after.isOpen()) {
            actions.add(writes.delete(Keys.openOpportunityLock(leaving, after.type()), Keys.OPEN_OPPORTUNITY_LOCK_SK,
                    Condition.attributeEquals("opportunityId", after.id())));
            actions.add(writes.put(lockItem(coming, after), Condition.notExists()));
        }
        actions.addAll(copies(after));
        return actions;
    }

    /**
     * An opportunity with more stage changes than this is closed, not deleted: its delete is one
     * transaction over the record, its details, its snooze, its history items, per account (at most
     * 20) copy, summary and lock, its search items (at most 4) and the report's open count (1):
     * 3 + 30 + 60 + 4 + 1 = 98, below DynamoDB's 100 actions.
     */
    public static final int DELETABLE_STAGE_CHANGES = 30;

    /** Deletes the record, its details and history, copies, locks and summaries; the timeline keeps its lines. */
    public void delete(Opportunity opportunity, PipelineCounts counts) {
        if (opportunity.stageChanges() > DELETABLE_STAGE_CHANGES) {
            throw CrmException.of(CrmException.Kind.CONFLICT, "The opportunity has " + opportunity.stageChanges()
                    + " stage changes; one with more than " + DELETABLE_STAGE_CHANGES
                    + " keeps its history and cannot be deleted. Close it instead.");
        }
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.delete(Keys.opportunity(opportunity.id()), Keys.OPPORTUNITY_SK, Condition.version(opportunity.version())));
        actions.add(writes.delete(Keys.opportunity(opportunity.id()), Keys.OPPORTUNITY_DETAILS_SK, Condition.NONE));
        actions.add(writes.delete(Keys.opportunity(opportunity.id()), Keys.SNOOZE_SK, Condition.NONE));
        // the record's count numbers them, so their keys are known without a read
        for (int n = 1; n <= opportunity.stageChanges(); n++) {
            actions.add(writes.delete(Keys.opportunity(opportunity.id()), Keys.opportunityHistorySk(n), Condition.NONE));
        }
        for (Opportunity.Account account : opportunity.accounts()) {
            actions.add(writes.delete(Keys.account(account.accountId()), Keys.accountOpportunitySk(opportunity.id()), Condition.NONE));
            actions.add(summary.unlinkAction(account.accountId(), opportunity.id()));
            if (opportunity.isOpen()) {
                actions.add(writes.delete(Keys.openOpportunityLock(account.accountId(), opportunity.type()),
                        Keys.OPEN_OPPORTUNITY_LOCK_SK, Condition.attributeEquals("opportunityId", opportunity.id())));
            }
        }
        actions.addAll(nameItems(opportunity, null));
        actions.addAll(reports.actions(counts));
        try {
            table.transact(actions);
        } catch (Table.TransactionFailed e) {
            throw staleOrGone(opportunity.id());
        }
    }

    /** Filters of the list; null means "any". */
    public record Filter(String stage, String type, String accountId, String ownerId, Boolean open) {
    }

    /**
     * One Query per filter combination, on the partition of exactly that combination (see
     * {@link Keys#opportunityList}): the stage, or {@code open}, as a sort-key prefix. Closed ones
     * by closing time first, then open ones by stage order.
     */
    /** The one empty page of a filter that contradicts itself (an open stage, open=false): it never gave out a cursor. */
    private static Page<Opportunity> nothing(PageRequest page) {
        if (page.cursor() != null) {
            throw CrmException.badParameter("cursor", "is not a cursor this list gave out");
        }
        return new Page<>(List.of(), null);
    }

    public Page<Opportunity> list(Filter filter, PageRequest page) {
        Pipeline.Stage stage = filter.stage() == null ? null : pipeline.stage(filter.stage()).orElseThrow();
        if (stage != null && filter.open() != null && filter.open() != stage.open()) {
            return nothing(page);
        }
        int index = Keys.opportunityListIndex(filter.type() != null, filter.ownerId() != null, stage != null);
        Table.KeyQuery query = Table.KeyQuery.partition(Keys.gsi(index), Keys.gsiPk(index),
                Keys.opportunityList(filter.accountId(), filter.type(), filter.ownerId(), filter.stage()));
        if (stage == null && filter.open() != null) {
            query = query.withSk(Keys.gsiSk(index), "begins_with", filter.open() ? Keys.OPEN_STAGES_PREFIX : Keys.CLOSED_STAGES_PREFIX);
        }
        return table.queryPage(query, page, item -> opportunity(item, null));
    }

    /** What the board read: the opportunities, and whether there were more than one read holds. */
    public record BoardRead(List<Opportunity> opportunities, boolean truncated) {
    }

    /**
     * Every opportunity with its history, page by page through the PIPELINE partition (one Query per
     * 200, one per opportunity for its history). For the report rebuild, never for a request.
     */
    public int forEachWithHistory(java.util.function.Consumer<Opportunity> action) {
        int seen = 0;
        String cursor = null;
        do {
            Page<Opportunity> page = list(new Filter(null, null, null, null, null), new PageRequest(PageRequest.MAX_LIMIT, cursor));
            for (Opportunity listed : page.items()) {
                Optional<Opportunity> full = get(listed.id());
                if (full.isPresent()) {
                    action.accept(full.get());
                    seen++;
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return seen;
    }

    /**
     * The board: every open opportunity and those closed since the cutoff, one Query on gsi1 (at most
     * {@link #BOARD_MAX}, and at most DynamoDB's 1 MB per request).
     */
    public BoardRead board(Instant closedSince) {
        Table.KeyQuery query = Table.KeyQuery.partition(Keys.GSI1, Keys.GSI1_PK, Keys.PIPELINE)
                .withSk(Keys.GSI1_SK, ">=", Keys.closedSince(closedSince));
        Table.Range range = table.queryRange(query, BOARD_MAX);
        return new BoardRead(range.items().stream().map(item -> opportunity(item, null)).toList(), range.more());
    }

    /** The opportunities linked to an account, as its detail page lists them (copies from its collection). */
    static boolean isLink(Map<String, AttributeValue> item) {
        return LINK_ENTITY.equals(Items.entity(item));
    }

    static Opportunity link(Map<String, AttributeValue> item) {
        return opportunity(item, null);
    }

    // ---- helpers

    private RuntimeException staleOrGone(String id) {
        if (table.get(Keys.opportunity(id), Keys.OPPORTUNITY_SK).isEmpty()) {
            return CrmException.notFound("Opportunity", id);
        }
        return CrmException.stale("opportunity");
    }

    private RuntimeException lockRefusal(Table.TransactionFailed e, int firstLock, Opportunity opportunity) {
        for (int i = 0; i < opportunity.accounts().size(); i++) {
            if (e.failed(firstLock + i)) {
                String accountId = opportunity.accounts().get(i).accountId();
                String holder = openOpportunity(accountId, opportunity.type()).orElse(null);
                return new Refused(new OpenOneExists(accountId, holder));
            }
        }
        return new IllegalStateException("opportunity write refused by " + e.reasons);
    }

    /** The task and its timeline line; its due date joins its account's summary update (see {@link #taskOf}). */
    private List<TransactWriteItem> reminderActions(Task reminder) {
        // the reminder's due date joins the account summary update of this transaction (taskOf)
        return reminder == null ? List.of() : tasks.createActions(reminder, false);
    }

    /** The follow-up task as the summary of its account records it, for that account only. */
    private static OpenTask taskOf(Task reminder, Opportunity.Account account) {
        return reminder != null && account.accountId().equals(reminder.accountId())
                ? new OpenTask(reminder.id(), reminder.dueDate()) : null;
    }

    private static List<String> owners(Opportunity opportunity) {
        return opportunity.accounts().stream().map(account -> Timeline.ofAccount(account.accountId())).toList();
    }

    private static OpenOpportunity open(Opportunity opportunity) {
        return opportunity.isOpen()
                ? new OpenOpportunity(opportunity.id(), opportunity.name(), opportunity.type(), opportunity.stage(), opportunity.stageSince())
                : null;
    }

    private List<TransactWriteItem> copies(Opportunity opportunity) {
        List<TransactWriteItem> actions = new ArrayList<>();
        for (Opportunity.Account account : opportunity.accounts()) {
            Map<String, AttributeValue> item = Items.withKeys(fields(opportunity), Keys.account(account.accountId()),
                    Keys.accountOpportunitySk(opportunity.id()));
            item.put(Items.ENTITY, Attrs.s(LINK_ENTITY));
            putListKeys(item, account.accountId(), opportunity);
            actions.add(writes.put(item, Condition.NONE));
        }
        return actions;
    }

    /**
     * The name's word items in the shared search (gsi9), with a small copy (id, name, type, first
     * account, where the page opens it): stage
     * changes do not touch them, which keeps the stage change's transaction as it was.
     */
    private List<TransactWriteItem> nameItems(Opportunity before, Opportunity after) {
        Opportunity current = after != null ? after : before;
        Map<String, AttributeValue> fields = new HashMap<>();
        if (after != null) {
            fields.put(Items.ENTITY, Attrs.s(ENTITY));
            fields.put("id", Attrs.s(after.id()));
            fields.put("name", Attrs.s(after.name()));
            fields.put("type", Attrs.s(after.type()));
            fields.put("accountId", Attrs.s(after.accounts().get(0).accountId()));
        }
        return NameIndex.actions(writes, "NAME#", Keys.opportunity(current.id()), current.id(), searchWords(before),
                searchWords(after), fields, new NameIndex.Partitions(null, null));
    }

    /**
     * At most the first 4 words: a SPLIT create with 20 accounts and its follow-up task is about 90
     * actions, and a transaction holds 100.
     */
    private static List<String> searchWords(Opportunity opportunity) {
        if (opportunity == null) {
            return List.of();
        }
        List<String> suffixes = NameIndex.suffixes(opportunity.name());
        return suffixes.subList(0, Math.min(SEARCH_WORDS, suffixes.size()));
    }

    static final int SEARCH_WORDS = 4;


    private Map<String, AttributeValue> recordItem(Opportunity opportunity) {
        Map<String, AttributeValue> item = Items.withKeys(fields(opportunity), Keys.opportunity(opportunity.id()), Keys.OPPORTUNITY_SK);
        putListKeys(item, null, opportunity);
        return item;
    }

    /**
     * The item's place in the list of every filter combination (gsi1 to gsi8), rewritten with every
     * Put of the record or copy, so that the keys follow each change in its own transaction.
     */
    private void putListKeys(Map<String, AttributeValue> item, String accountId, Opportunity opportunity) {
        int order = pipeline.stage(opportunity.stage()).map(Pipeline.Stage::order).orElse(99);
        AttributeValue sk = Attrs.s(Keys.pipelineSk(order, opportunity.closedAt(), opportunity.id()));
        for (int combination = 0; combination < 8; combination++) {
            boolean type = (combination & 1) != 0;
            boolean owner = (combination & 2) != 0;
            boolean stage = (combination & 4) != 0;
            int index = Keys.opportunityListIndex(type, owner, stage);
            item.put(Keys.gsiPk(index), Attrs.s(Keys.opportunityList(accountId, type ? opportunity.type() : null,
                    owner ? opportunity.ownerId() : null, stage ? opportunity.stage() : null)));
            item.put(Keys.gsiSk(index), sk);
        }
    }

    private static Map<String, AttributeValue> lockItem(String accountId, Opportunity opportunity) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.openOpportunityLock(accountId, opportunity.type())));
        item.put(Keys.SK, Attrs.s(Keys.OPEN_OPPORTUNITY_LOCK_SK));
        item.put(Items.ENTITY, Attrs.s("OPEN_OPPORTUNITY"));
        item.put("opportunityId", Attrs.s(opportunity.id()));
        return item;
    }

    /** The notes in the details item, so that lists and copies stay small. */
    private static Map<String, AttributeValue> detailsItem(Opportunity opportunity) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.opportunity(opportunity.id())));
        item.put(Keys.SK, Attrs.s(Keys.OPPORTUNITY_DETAILS_SK));
        item.put(Items.ENTITY, Attrs.s("OPPORTUNITY_DETAILS"));
        Attrs.put(item, "notes", opportunity.notes());
        return item;
    }

    /** Stage change number {@code n} (1 = the creation): an item of its own in the opportunity's collection. */
    private static Map<String, AttributeValue> historyItem(String id, int n, StageChange change) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.opportunity(id)));
        item.put(Keys.SK, Attrs.s(Keys.opportunityHistorySk(n)));
        item.put(Items.ENTITY, Attrs.s("OPPORTUNITY_HISTORY"));
        item.put("stage", Attrs.s(change.stage()));
        item.put("at", Attrs.s(change.at().toString()));
        Attrs.put(item, "by", change.by());
        Attrs.put(item, "lostReason", change.lostReason());
        return item;
    }

    private static StageChange stageChange(Map<String, AttributeValue> item) {
        return new StageChange(Attrs.string(item, "stage"), Attrs.instant(item, "at"), Attrs.string(item, "by"),
                Attrs.string(item, "lostReason"));
    }

    private TransactWriteItem setNotes(String id, String notes) {
        Map<String, AttributeValue> set = notes == null ? Map.of() : Map.of("notes", Attrs.s(notes));
        return writes.setFields(Keys.opportunity(id), Keys.OPPORTUNITY_DETAILS_SK, set,
                notes == null ? List.of("notes") : List.of(), Condition.NONE);
    }

    static Map<String, AttributeValue> fields(Opportunity o) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Items.ENTITY, Attrs.s(ENTITY));
        item.put("id", Attrs.s(o.id()));
        item.put("name", Attrs.s(o.name()));
        item.put("type", Attrs.s(o.type()));
        List<AttributeValue> accounts = new ArrayList<>();
        for (Opportunity.Account account : o.accounts()) {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put("accountId", Attrs.s(account.accountId()));
            Attrs.put(m, "name", account.name());
            if (account.share() != null) {
                m.put("share", AttributeValue.builder().n(account.share().toPlainString()).build());
            }
            accounts.add(Attrs.map(m));
        }
        item.put("accounts", AttributeValue.builder().l(accounts).build());
        item.put("ownerId", Attrs.s(o.ownerId()));
        item.put("stage", Attrs.s(o.stage()));
        item.put("stageSince", Attrs.s(o.stageSince().toString()));
        item.put("visited", Attrs.list(o.visited()));
        Attrs.put(item, "expectedCloseDate", o.expectedCloseDate() == null ? null : o.expectedCloseDate().toString());
        if (o.amount() != null) {
            item.put("amount", AttributeValue.builder().n(o.amount().toPlainString()).build());
        }
        Attrs.put(item, "lostReason", o.lostReason());
        Attrs.put(item, "closedAt", o.closedAt() == null ? null : o.closedAt().toString());
        Attrs.put(item, "reminderTaskId", o.reminderTaskId());
        Attrs.put(item, "createdBy", o.createdBy());
        Attrs.put(item, Items.SALESFORCE_ID, o.salesforceId());
        item.put("createdAt", Attrs.s(o.createdAt().toString()));
        item.put("updatedAt", Attrs.s(o.updatedAt().toString()));
        item.put("stageChanges", Attrs.n(o.stageChanges()));
        item.put("version", Attrs.n(o.version()));
        return item;
    }

    /** A record or a copy of it; {@code details} (notes), the history and the snooze only for the record itself. */
    static Opportunity opportunity(Map<String, AttributeValue> item, Map<String, AttributeValue> details) {
        return opportunity(item, details, List.of(), null);
    }

    static Opportunity opportunity(Map<String, AttributeValue> item, Map<String, AttributeValue> details,
                                   List<StageChange> history, Snooze snooze) {
        List<Opportunity.Account> accounts = new ArrayList<>();
        AttributeValue stored = item.get("accounts");
        if (stored != null && stored.hasL()) {
            for (AttributeValue value : stored.l()) {
                Map<String, AttributeValue> m = value.m();
                AttributeValue share = m.get("share");
                accounts.add(new Opportunity.Account(Attrs.string(m, "accountId"), Attrs.string(m, "name"),
                        share == null ? null : new BigDecimal(share.n())));
            }
        }
        String notes = details == null ? null : Attrs.string(details, "notes");
        AttributeValue amount = item.get("amount");
        String expected = Attrs.string(item, "expectedCloseDate");
        return new Opportunity(Attrs.string(item, "id"), Attrs.string(item, "name"), Attrs.string(item, "type"), accounts,
                Attrs.string(item, "ownerId"), Attrs.string(item, "stage"), Attrs.instant(item, "stageSince"),
                Attrs.strings(item, "visited"), expected == null ? null : LocalDate.parse(expected),
                amount == null ? null : new BigDecimal(amount.n()), notes, Attrs.string(item, "lostReason"),
                Attrs.instant(item, "closedAt"), Attrs.string(item, "reminderTaskId"), history,
                (int) Attrs.number(item, "stageChanges"), snooze, Attrs.string(item, "createdBy"), Attrs.instant(item, "createdAt"), Attrs.instant(item, "updatedAt"),
                Attrs.number(item, "version"), Attrs.string(item, Items.SALESFORCE_ID));
    }
}
