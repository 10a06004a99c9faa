package app.integreat.crm.core;

import app.integreat.crm.model.Account;
import app.integreat.crm.model.AccountType;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.MunicipalityStatus;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.Task;
import app.integreat.crm.model.TimelineEntry;
import app.integreat.crm.model.Pipeline;
import app.integreat.crm.model.Opportunity.StageChange;
import app.integreat.crm.store.AccountStore;
import app.integreat.crm.store.AccountSummary;
import app.integreat.crm.store.MemberStore;
import app.integreat.crm.store.OpportunityStore;
import app.integreat.crm.store.SnoozeStore;
import app.integreat.crm.model.Snooze;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opportunities and the pipeline: the stage rules of {@link Pipeline}, validation, and the
 * follow-up task of a stage. The store makes each change, with its history entry, one transaction.
 */
public final class OpportunityService {
    /** Dates (due dates, days in stage) are counted in the team's time zone. */
    static final ZoneId TEAM_ZONE = ZoneId.of("Europe/Berlin");
    static final int LOST_REASON = 1000;
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
    static final BigDecimal HUNDRED = new BigDecimal("100");
    private static final String[] READ_ONLY = {"createdAt", "updatedAt", "version", "history", "stageChanges", "stageLabel", "typeLabel",
            "stageSince", "daysInStage", "open", "closedAt", "reminderTaskId", "createdBy", "lostReason"};

    /** A snooze's reason becomes the title "Wiedervorlage: <reason>" of a task (200 characters). */
    static final int SNOOZE_REASON = 180;
    /** Snoozes reach at most this far ahead. */
    static final int MAX_SNOOZE_DAYS = 3 * 366;

    private final OpportunityStore opportunities;
    private final SnoozeStore snoozes;
    private final AccountStore accounts;
    private final MemberStore members;
    private final AccountSummary summaries;
    private final Pipeline pipeline;
    private final Clock clock;
    private final Ids ids;
    private final PipelineEvents events;

    public OpportunityService(OpportunityStore opportunities, SnoozeStore snoozes, AccountStore accounts, MemberStore members,
                              AccountSummary summaries, Pipeline pipeline, Clock clock, Ids ids) {
        this.opportunities = opportunities;
        this.snoozes = snoozes;
        this.accounts = accounts;
        this.members = members;
        this.summaries = summaries;
        this.pipeline = pipeline;
        this.clock = clock;
        this.ids = ids;
        this.events = new PipelineEvents(pipeline);
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public Clock clock() {
        return clock;
    }

    public Opportunity get(String id) {
        return opportunities.get(id).orElseThrow(() -> CrmException.notFound("Opportunity", id));
    }

    /** Every stage change of the opportunity, newest first, paginated. */
    public Page<StageChange> history(String id, PageRequest page) {
        return opportunities.history(id, page).orElseThrow(() -> CrmException.notFound("Opportunity", id));
    }

    public Opportunity create(Member caller, Map<String, Object> body) {
        Input in = Input.of(body);
        String name = in.text("name", Limits.NAME, true);
        String typeKey = key(in, "type", pipeline.typeKeys(), true);
        Pipeline.Type type = typeKey == null ? null : pipeline.type(typeKey).orElseThrow();
        List<LinkInput> links = links(in, type);
        String ownerId = in.text("ownerId", 40, true);
        String stageKey = key(in, "stage", pipeline.stageKeys(), false);
        LocalDate expectedCloseDate = in.date("expectedCloseDate", false);
        BigDecimal amount = in.decimal("amount", BigDecimal.ZERO, MAX_AMOUNT, 2);
        String notes = in.text("notes", Limits.NOTES, false);
        Pipeline.Stage stage = stageKey == null ? pipeline.initialStage() : pipeline.stage(stageKey).orElseThrow();
        if (stage.closed()) {
            in.error("stage", "must be an open stage: a new opportunity is opened, then closed with POST /opportunities/{id}/stage");
        }
        in.finish();
        requireActiveMember(ownerId);
        List<Opportunity.Account> linked = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            LinkInput link = links.get(i);
            Account account = accounts.get(link.accountId()).orElse(null);
            if (account == null || account.type() != AccountType.MUNICIPALITY) {
                throw notAMunicipality(i, link.accountId(), account == null);
            }
            linked.add(new Opportunity.Account(account.id(), account.name(), link.share()));
        }
        Instant now = clock.instant();
        String id = ids.next();
        StageChange first = new StageChange(stage.key(), now, caller.id(), null);
        Task reminder = stage.createsTask() == null ? null : reminder(stage, id, name, ownerId, linked, caller, now);
        Opportunity opportunity = new Opportunity(id, name, typeKey, linked, ownerId, stage.key(), now, List.of(stage.key()),
                expectedCloseDate, amount, notes, null, null, reminder == null ? null : reminder.id(), List.of(first),
                1, null, caller.id(), now, now, 1, null);
        try {
            opportunities.create(opportunity, timelineEntry(opportunity, null, first), reminder,
                    events.created(typeKey, stage.key(), now));
        } catch (OpportunityStore.Refused refused) {
            throw refusal(refused.refusal, type);
        }
        return opportunity;
    }

    /** Changes the stage under the rules of the pipeline definition; a refused change is a 409 that says why. */
    public Opportunity changeStage(Member caller, String id, long expectedVersion, Map<String, Object> body) {
        Opportunity current = get(id);
        if (current.version() != expectedVersion) {
            throw CrmException.stale("opportunity");
        }
        Input in = Input.of(body);
        String stageKey = key(in, "stage", pipeline.stageKeys(), true);
        String lostReason = in.text("lostReason", LOST_REASON, false);
        Boolean reopen = in.bool("reopen", false);
        Pipeline.Stage to = stageKey == null ? null : pipeline.stage(stageKey).orElseThrow();
        String reason = null;
        if (to != null && to.requiresField() != null) {
            reason = to.requiresField().equals("lostReason") ? lostReason : in.text(to.requiresField(), LOST_REASON, false);
            if (reason == null) {
                in.error(to.requiresField(), "is required to move the opportunity to " + to.key());
            }
        } else if (lostReason != null) {
            in.error("lostReason", "only goes with a stage that asks for a reason, such as a lost one");
        }
        in.finish();
        Pipeline.Stage from = pipeline.stage(current.stage())
                .orElseThrow(() -> new IllegalStateException("stage " + current.stage() + " is not in the pipeline definition"));
        pipeline.refusal(from, new HashSet<>(current.visited()), to, Boolean.TRUE.equals(reopen)).ifPresent(why -> {
            throw CrmException.of(CrmException.Kind.CONFLICT, why);
        });
        Instant now = clock.instant();
        StageChange change = new StageChange(to.key(), now, caller.id(), to.lost() ? reason : null);
        Task reminder = null;
        String reminderTaskId = current.reminderTaskId();
        if (to.createsTask() != null && !opportunities.taskIsOpen(current.reminderTaskId())) {
            // the owner may have left the team meanwhile: then the member who moved the stage reminds
            String assignee = members.byId(current.ownerId()).filter(Member::active).map(Member::id).orElse(caller.id());
            reminder = reminder(to, id, current.name(), assignee, current.accounts(), caller, now);
            reminderTaskId = reminder.id();
        }
        Set<String> visited = new LinkedHashSet<>(current.visited());
        visited.add(to.key());
        List<StageChange> history = new ArrayList<>(current.history());
        history.add(change);
        if (history.size() > Opportunity.HISTORY_SHOWN) {
            history.remove(0);
        }
        Opportunity updated = new Opportunity(id, current.name(), current.type(), current.accounts(), current.ownerId(),
                to.key(), now, List.copyOf(visited), current.expectedCloseDate(), current.amount(), current.notes(),
                to.closed() ? change.lostReason() : null, to.closed() ? now : null, reminderTaskId, history,
                current.stageChanges() + 1, current.snooze(), current.createdBy(), current.createdAt(), now, current.version() + 1,
                current.salesforceId());
        try {
            opportunities.changeStage(current, updated, change, timelineEntry(updated, from.key(), change), reminder,
                    events.changed(current.type(), current.createdAt(), current.stage(), current.stageSince(), current.visited(),
                            to.key(), now, change.lostReason()));
        } catch (OpportunityStore.Refused refused) {
            throw refusal(refused.refusal, pipeline.type(current.type()).orElse(null));
        }
        return updated;
    }

    /** Name, owner, expected close date, amount and notes; type, accounts and stage have their own rules. */
    public Opportunity update(String id, long expectedVersion, Map<String, Object> body) {
        Opportunity current = get(id);
        if (current.version() != expectedVersion) {
            throw CrmException.stale("opportunity");
        }
        Input in = Input.of(body).ignoring(READ_ONLY);
        in.readOnly("id", current.id());
        in.readOnly("type", current.type());
        in.ignoring("stage");
        if (in.has("stage") && !current.stage().equals(body.get("stage"))) {
            in.error("stage", "changes only with POST /opportunities/{id}/stage, which applies the pipeline's rules");
        }
        if (in.has("accounts") || in.has("accountIds")) {
            in.ignoring("accounts", "accountIds");
            // the copies sent back carry names; compare only the ids
            Object sent = body.containsKey("accountIds") ? body.get("accountIds") : accountIdsOf(body.get("accounts"));
            if (!current.accountIds().equals(sent)) {
                in.error(body.containsKey("accountIds") ? "accountIds" : "accounts",
                        "cannot be changed; close this opportunity and open a new one for other municipalities");
            }
        }
        String name = in.has("name") ? in.text("name", Limits.NAME, true) : current.name();
        String ownerId = in.has("ownerId") ? in.text("ownerId", 40, true) : current.ownerId();
        LocalDate expectedCloseDate = in.has("expectedCloseDate") ? in.date("expectedCloseDate", false) : current.expectedCloseDate();
        BigDecimal amount = in.has("amount") ? in.decimal("amount", BigDecimal.ZERO, MAX_AMOUNT, 2) : current.amount();
        String notes = in.has("notes") ? in.text("notes", Limits.NOTES, false) : current.notes();
        in.finish();
        if (!ownerId.equals(current.ownerId())) {
            requireActiveMember(ownerId);
        }
        Opportunity updated = new Opportunity(id, name, current.type(), current.accounts(), ownerId, current.stage(),
                current.stageSince(), current.visited(), expectedCloseDate, amount, notes, current.lostReason(),
                current.closedAt(), current.reminderTaskId(), current.history(), current.stageChanges(), current.snooze(),
                current.createdBy(), current.createdAt(),
                clock.instant(), current.version() + 1, current.salesforceId());
        opportunities.update(current, updated);
        return updated;
    }

    /**
     * Puts the municipality off until a date: until then it is not dormant in the overview, and on the
     * date its owner gets a task "Wiedervorlage: <reason>". Snoozing again moves the date.
     */
    public Opportunity snooze(Member caller, String id, long expectedVersion, Map<String, Object> body) {
        Opportunity current = current(id, expectedVersion);
        Input in = Input.of(body);
        LocalDate until = in.date("until", true);
        String reason = in.text("reason", SNOOZE_REASON, true);
        LocalDate today = LocalDate.ofInstant(clock.instant(), TEAM_ZONE);
        if (until != null && !until.isAfter(today)) {
            in.error("until", "must be a date after today (" + today + ")");
        } else if (until != null && until.isAfter(today.plusDays(MAX_SNOOZE_DAYS))) {
            in.error("until", "must be at most " + MAX_SNOOZE_DAYS + " days ahead");
        }
        in.finish();
        Instant now = clock.instant();
        Snooze snooze = new Snooze(id, until, reason, current.ownerId(), current.accountIds(), caller.id(), now);
        snoozes.snooze(current, now, snooze);
        return withSnooze(current, snooze, now);
    }

    /** Ends the snooze before its date (404 when the opportunity is not snoozed). */
    public Opportunity unsnooze(String id, long expectedVersion) {
        Opportunity current = current(id, expectedVersion);
        if (current.snooze() == null) {
            throw CrmException.of(CrmException.Kind.NOT_FOUND, "This opportunity is not snoozed.");
        }
        Instant now = clock.instant();
        snoozes.unsnooze(current, now, current.snooze());
        return withSnooze(current, null, now);
    }

    private Opportunity current(String id, long expectedVersion) {
        Opportunity current = get(id);
        if (current.version() != expectedVersion) {
            throw CrmException.stale("opportunity");
        }
        return current;
    }

    private static Opportunity withSnooze(Opportunity o, Snooze snooze, Instant now) {
        return new Opportunity(o.id(), o.name(), o.type(), o.accounts(), o.ownerId(), o.stage(), o.stageSince(), o.visited(),
                o.expectedCloseDate(), o.amount(), o.notes(), o.lostReason(), o.closedAt(), o.reminderTaskId(), o.history(), o.stageChanges(),
                snooze, o.createdBy(), o.createdAt(), now, o.version() + 1, o.salesforceId());
    }

    public void delete(String id, long expectedVersion) {
        Opportunity current = get(id);
        if (current.version() != expectedVersion) {
            throw CrmException.stale("opportunity");
        }
        opportunities.delete(current, events.deleted(current));
    }

    public Page<Opportunity> list(String stage, String type, String accountId, String ownerId, String open, PageRequest page) {
        if (stage != null && pipeline.stage(stage.trim().toUpperCase(java.util.Locale.ROOT)).isEmpty()) {
            throw CrmException.badParameter("stage", "must be one of " + pipeline.stageKeys());
        }
        if (type != null && pipeline.type(type.trim().toUpperCase(java.util.Locale.ROOT)).isEmpty()) {
            throw CrmException.badParameter("type", "must be one of " + pipeline.typeKeys());
        }
        if (accountId != null && !Ids.looksLikeId(accountId.trim())) {
            throw CrmException.badParameter("accountId", "is not an account id");
        }
        if (ownerId != null && !Ids.looksLikeId(ownerId.trim())) {
            throw CrmException.badParameter("ownerId", "is not a member id");
        }
        Boolean openOnly = null;
        if (open != null) {
            if (!open.equals("true") && !open.equals("false")) {
                throw CrmException.badParameter("open", "must be true or false");
            }
            openOnly = Boolean.valueOf(open);
        }
        return opportunities.list(new OpportunityStore.Filter(
                stage == null ? null : stage.trim().toUpperCase(java.util.Locale.ROOT),
                type == null ? null : type.trim().toUpperCase(java.util.Locale.ROOT),
                accountId == null ? null : accountId.trim(), ownerId == null ? null : ownerId.trim(), openOnly), page);
    }

    /** The board: one column per stage, with the open opportunities and those closed recently. */
    public record Board(List<Column> columns, int closedSinceDays, boolean truncated) {
    }

    public record Column(Pipeline.Stage stage, List<Opportunity> opportunities) {
    }

    public Board board() {
        Instant cutoff = clock.instant().minus(Duration.ofDays(pipeline.boardClosedDays()));
        OpportunityStore.BoardRead read = opportunities.board(cutoff);
        boolean truncated = read.truncated();
        Map<String, List<Opportunity>> byStage = new HashMap<>();
        for (Opportunity opportunity : read.opportunities()) {
            byStage.computeIfAbsent(opportunity.stage(), key -> new ArrayList<>()).add(opportunity);
        }
        List<Column> columns = new ArrayList<>();
        for (Pipeline.Stage stage : pipeline.stages()) {
            List<Opportunity> column = byStage.getOrDefault(stage.key(), List.of());
            // longest in the stage first: those are the ones to act on
            columns.add(new Column(stage, column.stream().sorted(Comparator.comparing(Opportunity::stageSince)
                    .thenComparing(Opportunity::id)).toList()));
        }
        return new Board(columns, pipeline.boardClosedDays(), truncated);
    }

    /**
     * One municipality in the overview: its most advanced open opportunity's stage (else the last
     * outcome, else none), for how many days, its next open task, and whether it went stale.
     *
     * @param state OPEN, CLOSED or NONE: where {@code stage} comes from
     */
    public record MunicipalityView(MunicipalityStatus status, String stage, String state, Long daysInStage,
                                   MunicipalityStatus.OpenTask nextTask, boolean stale, MunicipalityStatus.Snoozed snoozed) {
    }

    public Page<MunicipalityView> municipalities(PageRequest page) {
        Page<MunicipalityStatus> statuses = summaries.municipalities(page);
        Instant now = clock.instant();
        List<MunicipalityView> views = new ArrayList<>();
        for (MunicipalityStatus status : statuses.items()) {
            views.add(view(status, now));
        }
        return new Page<>(views, statuses.nextCursor());
    }

    MunicipalityView view(MunicipalityStatus status, Instant now) {
        MunicipalityStatus.OpenOpportunity lead = status.open().stream()
                .max(Comparator.comparingInt((MunicipalityStatus.OpenOpportunity o) -> order(o.stage()))
                        .thenComparing(MunicipalityStatus.OpenOpportunity::id))
                .orElse(null);
        String stage = null;
        String state = "NONE";
        Long days = null;
        if (lead != null) {
            stage = lead.stage();
            state = "OPEN";
            days = daysBetween(lead.stageSince(), now);
        } else if (status.lastOutcome() != null) {
            stage = status.lastOutcome();
            state = "CLOSED";
            days = status.lastOutcomeAt() == null ? null : daysBetween(status.lastOutcomeAt(), now);
        }
        MunicipalityStatus.OpenTask next = status.openTasks().isEmpty() ? null : status.openTasks().get(0);
        Instant lastContact = status.lastInteractionAt() != null ? status.lastInteractionAt() : status.accountCreatedAt();
        boolean quiet = lastContact == null || daysBetween(lastContact, now) >= pipeline.staleAfterDays();
        // a snoozed municipality is not dormant until its date (the latest of its opportunities' snoozes)
        LocalDate today = LocalDate.ofInstant(now, TEAM_ZONE);
        MunicipalityStatus.Snoozed snoozed = status.snoozes().stream().filter(s -> s.until().isAfter(today))
                .max(Comparator.comparing(MunicipalityStatus.Snoozed::until)).orElse(null);
        return new MunicipalityView(status, stage, state, days, next, quiet && next == null && snoozed == null, snoozed);
    }

    /** Whole calendar days (team time zone) from one instant to another; never negative. */
    public static long daysBetween(Instant from, Instant to) {
        return Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(
                LocalDate.ofInstant(from, TEAM_ZONE), LocalDate.ofInstant(to, TEAM_ZONE)));
    }

    /** Whole days the opportunity has been at its stage. */
    public long daysInStage(Opportunity opportunity) {
        return daysBetween(opportunity.stageSince(), clock.instant());
    }

    private int order(String stage) {
        return pipeline.stage(stage).map(Pipeline.Stage::order).orElse(0);
    }

    // ---- helpers

    private record LinkInput(String accountId, BigDecimal share) {
    }

    /** {@code accountIds: [...]} or {@code accounts: [{accountId, share}]}, checked against the type's rules. */
    private static List<LinkInput> links(Input in, Pipeline.Type type) {
        List<LinkInput> links = new ArrayList<>();
        String field;
        if (in.has("accounts")) {
            field = "accounts";
            if (in.has("accountIds")) {
                in.error("accountIds", "send either accountIds or accounts, not both");
            }
            List<Input> entries = in.objects("accounts", 100);
            if (entries != null) {
                for (Input entry : entries) {
                    String accountId = entry.text("accountId", 40, true);
                    BigDecimal share = entry.decimal("share", new BigDecimal("0.01"), HUNDRED, 2);
                    if (share != null && type != null && !type.shares()) {
                        entry.error("share", "only an agreement that several municipalities share has cost shares");
                    }
                    entry.finishNested();
                    links.add(new LinkInput(accountId, share));
                }
            }
        } else {
            field = "accountIds";
            List<String> idsIn = in.texts("accountIds", 100, 40);
            if (idsIn == null) {
                in.error("accountIds", "is required (or accounts with shares)");
                return links;
            }
            idsIn.forEach(id -> links.add(new LinkInput(id, null)));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < links.size(); i++) {
            String id = links.get(i).accountId();
            if (id != null && !Ids.looksLikeId(id)) {
                in.error(field + "[" + i + "]" + (field.equals("accounts") ? ".accountId" : ""), "is not an account id");
            } else if (id != null && !seen.add(id)) {
                in.error(field + "[" + i + "]" + (field.equals("accounts") ? ".accountId" : ""), "names the same municipality twice");
            }
        }
        if (type != null && (links.size() < type.minAccounts() || links.size() > type.maxAccounts())) {
            in.error(field, type.minAccounts() == type.maxAccounts()
                    ? "a " + type.key() + " agreement links exactly " + type.minAccounts() + " municipality"
                    : "a " + type.key() + " agreement links " + type.minAccounts() + " to " + type.maxAccounts() + " municipalities");
        }
        long withShare = links.stream().filter(link -> link.share() != null).count();
        if (withShare > 0) {
            if (withShare < links.size()) {
                in.error(field, "give every municipality a share, or none");
            } else {
                BigDecimal sum = links.stream().map(LinkInput::share).reduce(BigDecimal.ZERO, BigDecimal::add);
                if (sum.compareTo(HUNDRED) != 0) {
                    in.error(field, "shares must add up to 100, not " + sum.stripTrailingZeros().toPlainString());
                }
            }
        }
        return links;
    }

    private static List<Object> accountIdsOf(Object accounts) {
        List<Object> out = new ArrayList<>();
        if (accounts instanceof List<?> list) {
            for (Object entry : list) {
                out.add(entry instanceof Map<?, ?> map ? map.get("accountId") : entry);
            }
        }
        return out;
    }

    private static String key(Input in, String field, List<String> allowed, boolean required) {
        String text = in.text(field, 64, required);
        if (text == null) {
            return null;
        }
        String key = text.toUpperCase(java.util.Locale.ROOT);
        if (!allowed.contains(key)) {
            in.error(field, "must be one of " + allowed);
            return null;
        }
        return key;
    }

    private void requireActiveMember(String ownerId) {
        Member owner = Ids.looksLikeId(ownerId) ? members.byId(ownerId).orElse(null) : null;
        if (owner == null || !owner.active()) {
            throw CrmException.invalid("ownerId", "must be the id of an active member");
        }
    }

    private Task reminder(Pipeline.Stage stage, String opportunityId, String name, String ownerId,
                          List<Opportunity.Account> linked, Member caller, Instant now) {
        LocalDate due = LocalDate.ofInstant(now, TEAM_ZONE).plusDays(pipeline.remindAfterDays());
        String title = Pipeline.label(stage.createsTask().title(), "de", stage.key());
        return Task.open(ids.next(), title, name, due, ownerId, linked.get(0).accountId(), null, opportunityId,
                caller.id(), now);
    }

    private static TimelineEntry timelineEntry(Opportunity opportunity, String from, StageChange change) {
        Map<String, String> details = new HashMap<>();
        details.put("opportunityId", opportunity.id());
        details.put("opportunityType", opportunity.type());
        if (from != null) {
            details.put("from", from);
        }
        return new TimelineEntry(TimelineEntry.STAGE_CHANGE, opportunity.id(), change.at(), change.stage(), opportunity.name(),
                change.lostReason(), change.by(), details);
    }

    private static CrmException notAMunicipality(int index, String accountId, boolean missing) {
        return CrmException.invalid("accounts[" + index + "]", missing
                ? "account " + accountId + " does not exist"
                : "account " + accountId + " is not a municipality; opportunities link municipality accounts");
    }

    private CrmException refusal(OpportunityStore.Refusal refusal, Pipeline.Type type) {
        if (refusal instanceof OpportunityStore.NotAMunicipality n) {
            return notAMunicipality(n.index(), n.accountId(), !accounts.exists(n.accountId()));
        }
        OpportunityStore.OpenOneExists open = (OpportunityStore.OpenOneExists) refusal;
        String account = accounts.get(open.accountId()).map(Account::name).orElse(open.accountId());
        String holder = open.opportunityId() == null ? null
                : opportunities.get(open.opportunityId()).map(o -> "\"" + o.name() + "\" (" + o.id() + ")").orElse(open.opportunityId());
        String typeKey = type == null ? "" : type.key() + " ";
        Map<String, Object> extensions = new HashMap<>();
        extensions.put("accountId", open.accountId());
        if (open.opportunityId() != null) {
            extensions.put("opportunityId", open.opportunityId());
        }
        return new CrmException(CrmException.Kind.CONFLICT, account + " already has an open " + typeKey + "opportunity"
                + (holder == null ? "" : ": " + holder) + ". Continue that one, or close it before opening another.",
                List.of(), extensions);
    }
}
