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
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Opportunities. The record (pk OPPORTUNITY#id, sk OPPORTUNITY) sits on gsi1 PIPELINE and on its
 * owner's gsi2 partition, sorted as the board shows it (see {@link Keys#pipelineSk}); its notes and
 * stage history live in the details item next to it. Each linked account holds a copy (sk
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

    /** The record with its notes and full stage history: one Query. */
    public Optional<Opportunity> get(String id) {
        List<Map<String, AttributeValue>> items = table.queryFirst(Table.KeyQuery.partition(null, Keys.PK, Keys.opportunity(id))
                .withSk(Keys.SK, "begins_with", Keys.OPPORTUNITY_SK), 3);
        Snooze snooze = items.stream().filter(item -> Keys.SNOOZE_SK.equals(Attrs.string(item, Keys.SK))).findFirst()
                .map(SnoozeStore::snooze).orElse(null);
        return WithNotes.find(items, Keys.OPPORTUNITY_SK, Keys.OPPORTUNITY_DETAILS_SK)
                .map(found -> opportunity(found.record(), found.notes(), snooze));
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
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.put(recordItem(opportunity), Condition.notExists()));
        actions.add(writes.put(detailsItem(opportunity), Condition.notExists()));
        int firstAccount = actions.size();
        for (Opportunity.Account account : opportunity.accounts()) {
            actions.add(summary.linkAction(account.accountId(), open(opportunity), taskOf(reminder, account)));
        }
        int firstLock = actions.size();
        for (Opportunity.Account account : opportunity.accounts()) {
            actions.add(writes.put(lockItem(account.accountId(), opportunity), Condition.notExists()));
        }
        actions.addAll(copies(opportunity));
        actions.addAll(timeline.putActions(owners(opportunity), entry));
        actions.addAll(reminderActions(reminder));
        actions.addAll(nameItems(null, opportunity));
        actions.addAll(reports.actions(counts));
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
        actions.add(appendHistory(after.id(), change));
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

    /** Deletes the record, its details, copies, locks and summaries; the timeline keeps its lines. */
    public void delete(Opportunity opportunity, PipelineCounts counts) {
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(writes.delete(Keys.opportunity(opportunity.id()), Keys.OPPORTUNITY_SK, Condition.version(opportunity.version())));
        actions.add(writes.delete(Keys.opportunity(opportunity.id()), Keys.OPPORTUNITY_DETAILS_SK, Condition.NONE));
        actions.add(writes.delete(Keys.opportunity(opportunity.id()), Keys.SNOOZE_SK, Condition.NONE));
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
     * One Query per filter combination: an account's copies when {@code accountId} is given, else
     * the owner's gsi2 partition or the whole PIPELINE partition on gsi1, narrowed by a sort-key
     * condition for {@code open} and an open {@code stage}; the other filters skip items in the page.
     */
    public Page<Opportunity> list(Filter filter, PageRequest page) {
        Table.KeyQuery query;
        Predicate<Map<String, AttributeValue>> keep = item -> (filter.type() == null || filter.type().equals(Attrs.string(item, "type")))
                && (filter.stage() == null || filter.stage().equals(Attrs.string(item, "stage")));
        if (filter.accountId() != null) {
            query = Table.KeyQuery.partition(null, Keys.PK, Keys.account(filter.accountId()))
                    .withSk(Keys.SK, "begins_with", Keys.ACCOUNT_OPPORTUNITY_PREFIX);
            Predicate<Map<String, AttributeValue>> byAccount = keep;
            keep = item -> byAccount.test(item)
                    && (filter.ownerId() == null || filter.ownerId().equals(Attrs.string(item, "ownerId")))
                    && (filter.open() == null || filter.open() == (item.get("closedAt") == null));
            return table.queryPage(query, page, keep, item -> opportunity(item, null));
        }
        String index = filter.ownerId() == null ? Keys.GSI1 : Keys.GSI2;
        String skName = filter.ownerId() == null ? Keys.GSI1_SK : Keys.GSI2_SK;
        query = filter.ownerId() == null
                ? Table.KeyQuery.partition(index, Keys.GSI1_PK, Keys.PIPELINE)
                : Table.KeyQuery.partition(index, Keys.GSI2_PK, Keys.opportunitiesOfOwner(filter.ownerId()));
        Pipeline.Stage stage = filter.stage() == null ? null : pipeline.stage(filter.stage()).orElseThrow();
        if (stage != null && stage.open()) {
            if (Boolean.FALSE.equals(filter.open())) {
                return new Page<>(List.of(), null);
            }
            query = query.withSk(skName, "begins_with", Keys.openStageSk(stage.order()));
        } else if (stage != null || Boolean.FALSE.equals(filter.open())) {
            if (Boolean.TRUE.equals(filter.open())) {
                return new Page<>(List.of(), null);
            }
            query = query.withSk(skName, "begins_with", Keys.CLOSED_STAGES_PREFIX);
        } else if (Boolean.TRUE.equals(filter.open())) {
            query = query.withSk(skName, "begins_with", Keys.OPEN_STAGES_PREFIX);
        }
        return table.queryPage(query, page, keep, item -> opportunity(item, null));
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

    /** The board: every open opportunity and those closed since the cutoff, one Query on gsi1. */
    public List<Opportunity> board(Instant closedSince) {
        Table.KeyQuery query = Table.KeyQuery.partition(Keys.GSI1, Keys.GSI1_PK, Keys.PIPELINE)
                .withSk(Keys.GSI1_SK, ">=", Keys.closedSince(closedSince));
        return table.queryFirst(query, BOARD_MAX + 1).stream().map(item -> opportunity(item, null)).toList();
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
            actions.add(writes.put(item, Condition.NONE));
        }
        return actions;
    }

    /**
     * The name's word items in the shared search (gsi3), with a small copy (id, name, type, first
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

    /** The record and its details item as a create writes them (for bulk loads of imported history). */
    List<Map<String, AttributeValue>> recordAndDetails(Opportunity opportunity) {
        return List.of(recordItem(opportunity), detailsItem(opportunity));
    }

    private Map<String, AttributeValue> recordItem(Opportunity opportunity) {
        Map<String, AttributeValue> item = Items.withKeys(fields(opportunity), Keys.opportunity(opportunity.id()), Keys.OPPORTUNITY_SK);
        int order = pipeline.stage(opportunity.stage()).map(Pipeline.Stage::order).orElse(99);
        String sk = Keys.pipelineSk(order, opportunity.closedAt(), opportunity.id());
        item.put(Keys.GSI1_PK, Attrs.s(Keys.PIPELINE));
        item.put(Keys.GSI1_SK, Attrs.s(sk));
        item.put(Keys.GSI2_PK, Attrs.s(Keys.opportunitiesOfOwner(opportunity.ownerId())));
        item.put(Keys.GSI2_SK, Attrs.s(sk));
        return item;
    }

    private static Map<String, AttributeValue> lockItem(String accountId, Opportunity opportunity) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.openOpportunityLock(accountId, opportunity.type())));
        item.put(Keys.SK, Attrs.s(Keys.OPEN_OPPORTUNITY_LOCK_SK));
        item.put(Items.ENTITY, Attrs.s("OPEN_OPPORTUNITY"));
        item.put("opportunityId", Attrs.s(opportunity.id()));
        return item;
    }

    /** Notes and the whole history in the details item, so lists and copies stay small. */
    private static Map<String, AttributeValue> detailsItem(Opportunity opportunity) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.opportunity(opportunity.id())));
        item.put(Keys.SK, Attrs.s(Keys.OPPORTUNITY_DETAILS_SK));
        item.put(Items.ENTITY, Attrs.s("OPPORTUNITY_DETAILS"));
        Attrs.put(item, "notes", opportunity.notes());
        List<AttributeValue> history = new ArrayList<>();
        for (StageChange change : opportunity.history()) {
            history.add(change(change));
        }
        item.put("history", AttributeValue.builder().l(history).build());
        return item;
    }

    /** Appends without reading: the record's version condition in the same transaction orders the changes. */
    private TransactWriteItem appendHistory(String id, StageChange change) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(Table.key(Keys.opportunity(id), Keys.OPPORTUNITY_DETAILS_SK))
                .updateExpression("SET #history = list_append(if_not_exists(#history, :empty), :change)")
                .expressionAttributeNames(Map.of("#history", "history"))
                .expressionAttributeValues(Map.of(":empty", AttributeValue.builder().l(List.of()).build(),
                        ":change", AttributeValue.builder().l(List.of(change(change))).build()))
                .build()).build();
    }

    private TransactWriteItem setNotes(String id, String notes) {
        Map<String, AttributeValue> set = notes == null ? Map.of() : Map.of("notes", Attrs.s(notes));
        return writes.setFields(Keys.opportunity(id), Keys.OPPORTUNITY_DETAILS_SK, set,
                notes == null ? List.of("notes") : List.of(), Condition.NONE);
    }

    private static AttributeValue change(StageChange change) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("stage", Attrs.s(change.stage()));
        m.put("at", Attrs.s(change.at().toString()));
        Attrs.put(m, "by", change.by());
        Attrs.put(m, "lostReason", change.lostReason());
        return Attrs.map(m);
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
        item.put("createdAt", Attrs.s(o.createdAt().toString()));
        item.put("updatedAt", Attrs.s(o.updatedAt().toString()));
        item.put("version", Attrs.n(o.version()));
        return item;
    }

    /** A record or a copy of it; {@code details} (notes and history) only for the record itself. */
    static Opportunity opportunity(Map<String, AttributeValue> item, Map<String, AttributeValue> details) {
        return opportunity(item, details, null);
    }

    static Opportunity opportunity(Map<String, AttributeValue> item, Map<String, AttributeValue> details, Snooze snooze) {
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
        List<StageChange> history = new ArrayList<>();
        String notes = null;
        if (details != null) {
            notes = Attrs.string(details, "notes");
            AttributeValue changes = details.get("history");
            if (changes != null && changes.hasL()) {
                for (AttributeValue value : changes.l()) {
                    Map<String, AttributeValue> m = value.m();
                    history.add(new StageChange(Attrs.string(m, "stage"), Attrs.instant(m, "at"), Attrs.string(m, "by"),
                            Attrs.string(m, "lostReason")));
                }
            }
        }
        AttributeValue amount = item.get("amount");
        String expected = Attrs.string(item, "expectedCloseDate");
        return new Opportunity(Attrs.string(item, "id"), Attrs.string(item, "name"), Attrs.string(item, "type"), accounts,
                Attrs.string(item, "ownerId"), Attrs.string(item, "stage"), Attrs.instant(item, "stageSince"),
                Attrs.strings(item, "visited"), expected == null ? null : LocalDate.parse(expected),
                amount == null ? null : new BigDecimal(amount.n()), notes, Attrs.string(item, "lostReason"),
                Attrs.instant(item, "closedAt"), Attrs.string(item, "reminderTaskId"), history, snooze,
                Attrs.string(item, "createdBy"), Attrs.instant(item, "createdAt"), Attrs.instant(item, "updatedAt"),
                Attrs.number(item, "version"));
    }
}
