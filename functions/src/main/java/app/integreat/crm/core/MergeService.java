package app.integreat.crm.core;

import app.integreat.crm.model.Account;
import app.integreat.crm.model.AccountType;
import app.integreat.crm.model.Address;
import app.integreat.crm.model.Contact;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.FollowUp;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.Interaction.Link;
import app.integreat.crm.model.Interaction.LinkReason;
import app.integreat.crm.model.Interaction.Participant;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.Task;
import app.integreat.crm.store.AccountStore;
import app.integreat.crm.store.ContactStore;
import app.integreat.crm.store.InteractionStore;
import app.integreat.crm.store.MergeStore;
import app.integreat.crm.store.OpportunityStore;
import app.integreat.crm.store.Timeline;
import app.integreat.crm.model.Merge;
import app.integreat.crm.model.Merge.Stage;
import app.integreat.crm.model.Merge.UndoStage;
import app.integreat.crm.store.TaskStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Merging two contacts (or two accounts) into one and undoing it (docs/api.md, "Merges"). A request does a bounded amount of work:
 * the two contacts' own transactions and at most {@link #MOVES_PER_REQUEST} moved records (one read and one
 * transaction each); a longer history answers {@code complete: false} and {@link #continueMerge} (run again by
 * repeating the request) moves the rest. Every step is recorded in the journal, so nothing moves twice.
 */
public final class MergeService {
    /** Records one request moves (each one read and one transaction), so its DynamoDB requests stay bounded. */
    public static final int MOVES_PER_REQUEST = 20;
    /** The background jobs that move the rest of a large merge or undo (docs/background-work.md); id: the merge. */
    public static final String CONTINUE_MERGE = "CONTINUE_MERGE";
    public static final String CONTINUE_UNDO = "CONTINUE_UNDO";
    /** A job gives up after this many steps (20 records each); repeating the request starts it again. */
    static final int MAX_STEPS = 1000;
    /** The scalar fields whose value the merged-away contact may give. */
    static final List<String> TAKEABLE = List.of("firstName", "lastName", "title", "accountId", "notes");
    /** The fields whose value the merged-away account may give (its domains join the kept one's). */
    static final List<String> TAKEABLE_OF_ACCOUNT = List.of("name", "type", "website", "phone", "address", "notes");

    /** The merge's journal and the kept record after it (a contact, or for an account merge the account). */
    public record Result(Merge journal, Contact contact, Account account) {
        public boolean complete() {
            return journal.stage() == Stage.DONE;
        }
    }

    public record Undone(Merge journal, Contact kept, Contact restored, Account keptAccount, Account restoredAccount) {
        public boolean complete() {
            return journal.undoStage() == UndoStage.UNDONE;
        }
    }

    private final MergeStore merges;
    private final ContactStore contacts;
    private final AccountStore accounts;
    private final OpportunityStore opportunities;
    private final InteractionStore interactions;
    private final TaskStore tasks;
    private final AuditLog audit;
    private final Clock clock;
    private final Ids ids;
    private final BackgroundWork work;

    public MergeService(MergeStore merges, ContactStore contacts, AccountStore accounts, OpportunityStore opportunities,
                        InteractionStore interactions, TaskStore tasks, AuditLog audit, Clock clock, Ids ids, BackgroundWork work) {
        this.work = work;
        this.accounts = accounts;
        this.opportunities = opportunities;
        this.merges = merges;
        this.contacts = contacts;
        this.interactions = interactions;
        this.tasks = tasks;
        this.audit = audit;
        this.clock = clock;
        this.ids = ids;
    }

    /** Where a merged-away contact went (for the 301 of its routes). */
    public Optional<Merge.Redirect> redirectOfContact(String id) {
        return Ids.looksLikeId(id) ? merges.redirectOfContact(id) : Optional.empty();
    }

    /** Where a merged-away account went (for the 301 of its routes). */
    public Optional<Merge.Redirect> redirectOfAccount(String id) {
        return Ids.looksLikeId(id) ? merges.redirectOfAccount(id) : Optional.empty();
    }

    /** What a merge request asks: the record merged away, its version as shown, the fields it gives. */
    private record Ask(String fromId, long fromVersion, Set<String> take) {
    }

    /** The body of a merge request, checked (422 naming the field); {@code noun}: "contact" or "account". */
    private static Ask ask(String keptId, Map<String, Object> body, List<String> takeable, String noun) {
        Input in = Input.of(body);
        String fromId = in.text("from", 26, true);
        BigDecimal fromVersion = in.decimal("fromVersion", BigDecimal.ONE, BigDecimal.valueOf(Long.MAX_VALUE), 0);
        if (fromVersion == null && (!in.has("fromVersion") || body.get("fromVersion") == null)) {
            // absent or null; a wrong value has its own error from decimal()
            in.error("fromVersion", "is required");
        }
        List<String> take = in.has("take") ? in.texts("take", takeable.size(), 40) : List.of();
        if (take != null) {
            for (int i = 0; i < take.size(); i++) {
                if (!takeable.contains(take.get(i))) {
                    in.error("take[" + i + "]", "is not a field to take; one of " + String.join(", ", takeable));
                }
            }
        }
        if (fromId != null && !Ids.looksLikeId(fromId)) {
            in.error("from", "is not " + ("account".equals(noun) ? "an " : "a ") + noun + " id");
        } else if (keptId.equals(fromId)) {
            in.error("from", "must be another " + noun + " than the one kept");
        }
        in.finish();
        return new Ask(fromId, fromVersion.longValue(), Set.copyOf(take));
    }

    /**
     * A merged-away record to merge again: the same merge, interrupted or larger than one request, moves on;
     * another one is refused (409).
     */
    private Result mergedAlready(String noun, String keptId, String fromId, Optional<Merge.Redirect> redirect) {
        Merge.Redirect merged = redirect.orElseThrow(() -> CrmException.notFound(capitalized(noun), fromId));
        Merge journal = merges.get(merged.mergeId()).orElse(null);
        if (journal != null && merged.keptId().equals(keptId) && journal.stage() != Stage.DONE && journal.undoStage() == null) {
            return continuedInTheBackground(continueMerge(journal.id()));
        }
        throw new CrmException(CrmException.Kind.CONFLICT, capitalized(noun) + " " + fromId + " was merged into " + merged.keptId() + " already.",
                List.of(new CrmException.FieldError("from", "was merged already")),
                Map.of("mergedInto", merged.keptId(), "mergeId", merged.mergeId()));
    }

    private static String capitalized(String noun) {
        return Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
    }

    /** Step 1 and what one request moves after it; a refusal of step 1 told as the caller can act on it. */
    private Result started(String noun, Merge journal, Runnable start) {
        try {
            start.run();
        } catch (MergeStore.StartRefused e) {
            if (e.keptChanged) {
                throw CrmException.stale(noun);
            }
            if (e.fromChanged) {
                throw staleFrom(noun);
            }
            throw CrmException.of(CrmException.Kind.CONFLICT, "One of the " + noun + "s changed meanwhile. Reload both and merge again.");
        }
        return continuedInTheBackground(continueMerge(journal.id()));
    }

    public Result mergeContacts(Member caller, String keptId, long expectedVersion, Map<String, Object> body) {
        // an unknown (or merged-away) kept id first: 404 (or 301) whatever the body
        Contact kept = contacts.get(keptId).orElseThrow(() -> CrmException.notFound("Contact", keptId));
        Ask ask = ask(keptId, body, TAKEABLE, "contact");
        if (kept.version() != expectedVersion) {
            throw CrmException.stale("contact");
        }
        Contact from = contacts.get(ask.fromId()).orElse(null);
        if (from == null) {
            return mergedAlready("contact", keptId, ask.fromId(), merges.redirectOfContact(ask.fromId()));
        }
        if (from.version() != ask.fromVersion()) {
            throw staleFrom("contact");
        }
        Contact keptAfter = merged(kept, from, ask.take());
        Merge journal = new Merge(ids.next(), Merge.CONTACT, keptId, from.id(), kept, from, null, null, keptAfter.version(), caller.id(),
                clock.instant(), Stage.STARTED, null, null, Map.of());
        return started("contact", journal, () -> merges.startContactMerge(journal, kept, keptAfter, from,
                audit.entry(caller.id(), "MERGE", Merge.CONTACT, keptId, null)));
    }

    /**
     * Merges account {@code from} into {@code keptId}: its domains join the kept account's at once (new mail from
     * them logs there), then its timeline, contacts, opportunities and files move in bounded steps as for contacts.
     */
    public Result mergeAccounts(Member caller, String keptId, long expectedVersion, Map<String, Object> body) {
        Account kept = accounts.get(keptId).orElseThrow(() -> CrmException.notFound("Account", keptId));
        Ask ask = ask(keptId, body, TAKEABLE_OF_ACCOUNT, "account");
        if (kept.version() != expectedVersion) {
            throw CrmException.stale("account");
        }
        Account from = accounts.get(ask.fromId()).orElse(null);
        if (from == null) {
            return mergedAlready("account", keptId, ask.fromId(), merges.redirectOfAccount(ask.fromId()));
        }
        if (from.version() != ask.fromVersion()) {
            throw staleFrom("account");
        }
        Account keptAfter = merged(kept, from, ask.take());
        refuseOpportunityConflicts(keptAfter, from);
        Merge journal = new Merge(ids.next(), Merge.ACCOUNT, keptId, from.id(), null, null, kept, from, keptAfter.version(), caller.id(),
                clock.instant(), Stage.STARTED, null, null, Map.of());
        Result result = started("account", journal, () -> merges.startAccountMerge(journal, kept, keptAfter, from,
                audit.entry(caller.id(), "MERGE", Merge.ACCOUNT, keptId, null)));
        if (!from.emailDomains().isEmpty()) {
            // mails that waited at the merged-away domains are the kept account's now
            work.start(InteractionService.LINK_DOMAIN_MAILS, keptId);
        }
        return result;
    }

    /**
     * A municipality has one open opportunity of a type: when both accounts have one, the merge waits until one is
     * closed (409 naming {@code from}); opportunities link municipalities only, and one naming both cannot name one twice.
     */
    private void refuseOpportunityConflicts(Account keptAfter, Account from) {
        List<Opportunity> theirs = accounts.detail(from.id()).map(app.integreat.crm.model.AccountDetail::opportunities).orElse(List.of());
        for (Opportunity o : theirs) {
            String problem = null;
            if (keptAfter.type() != AccountType.MUNICIPALITY) {
                problem = "Account " + from.id() + " has opportunities, which link municipalities only: keep the type MUNICIPALITY (take \"type\") to merge it.";
            } else if (o.accountIds().contains(keptAfter.id())) {
                problem = "Opportunity " + o.name() + " (" + o.id() + ") names both accounts: remove one of them from it first.";
            } else if (o.isOpen()) {
                String open = opportunities.openOpportunity(keptAfter.id(), o.type()).orElse(null);
                if (open != null) {
                    problem = "Both accounts have an open " + o.type() + " opportunity (" + open + " and " + o.id()
                            + "), and a municipality has one at most: close one of them first, then merge.";
                }
            }
            if (problem != null) {
                throw new CrmException(CrmException.Kind.CONFLICT, problem,
                        List.of(new CrmException.FieldError("from", problem)), Map.of("opportunityId", o.id()));
            }
        }
    }

    /** A request that left the merge incomplete hands the rest to the work queue. */
    private Result continuedInTheBackground(Result result) {
        if (!result.complete() && result.journal().undoStage() == null) {
            work.start(CONTINUE_MERGE, result.journal().id());
        }
        return result;
    }

    /** One step of the job {@link #CONTINUE_MERGE}: the next records; null when the merge is complete (or undone). */
    public String continueMergeStep(String mergeId, String cursor) {
        int step = cursor == null ? 1 : Integer.parseInt(cursor);
        if (merges.get(mergeId).isEmpty()) {
            return null;
        }
        Result result = continueMerge(mergeId);
        return result.complete() || result.journal().undoStage() != null || step >= MAX_STEPS ? null : String.valueOf(step + 1);
    }

    /** One step of the job {@link #CONTINUE_UNDO}: the next records moved back; null when the undo is complete. */
    public String continueUndoStep(String mergeId, String cursor) {
        int step = cursor == null ? 1 : Integer.parseInt(cursor);
        Merge journal = merges.get(mergeId).orElse(null);
        if (journal == null || journal.undoStage() == null || journal.undoStage() == UndoStage.UNDONE) {
            return null;
        }
        return undoRest(journal).complete() || step >= MAX_STEPS ? null : String.valueOf(step + 1);
    }

    private static CrmException staleFrom(String noun) {
        return new CrmException(CrmException.Kind.PRECONDITION_FAILED,
                "The " + noun + " to merge away was changed in the meantime. Reload it and merge again.",
                List.of(new CrmException.FieldError("fromVersion", "is not the " + noun + "'s version")), Map.of());
    }

    /** The kept contact after the merge: scalars from {@code take} or where the kept one is empty, lists united. */
    private Contact merged(Contact kept, Contact from, Set<String> take) {
        List<String> emails = union(kept.emails(), from.emails());
        List<String> phones = union(kept.phones(), from.phones());
        List<CrmException.FieldError> errors = new ArrayList<>();
        if (emails.size() > Limits.EMAILS_PER_CONTACT) {
            errors.add(new CrmException.FieldError("emails", "the two contacts have " + emails.size()
                    + " addresses together; at most " + Limits.EMAILS_PER_CONTACT + " fit one contact: remove some first"));
        }
        if (phones.size() > Limits.PHONES_PER_CONTACT) {
            errors.add(new CrmException.FieldError("phones", "the two contacts have " + phones.size()
                    + " phone numbers together; at most " + Limits.PHONES_PER_CONTACT + " fit one contact: remove some first"));
        }
        if (!errors.isEmpty()) {
            throw new CrmException(CrmException.Kind.VALIDATION, errors.get(0).field() + ": " + errors.get(0).detail(), errors, Map.of());
        }
        return new Contact(kept.id(), pick(take, "firstName", kept.firstName(), from.firstName()),
                pick(take, "lastName", kept.lastName(), from.lastName()), emails, phones,
                pick(take, "title", kept.title(), from.title()), pick(take, "accountId", kept.accountId(), from.accountId()),
                pick(take, "notes", kept.notes(), from.notes()), kept.createdAt(), clock.instant(), kept.version() + 1,
                kept.salesforceId());
    }

    /** The kept account after the merge: fields from {@code take} or where the kept one is empty, domains united. */
    private Account merged(Account kept, Account from, Set<String> take) {
        List<String> domains = union(kept.emailDomains(), from.emailDomains());
        if (domains.size() > Limits.DOMAINS_PER_ACCOUNT) {
            throw CrmException.invalid("emailDomains", "the two accounts have " + domains.size() + " domains together; at most "
                    + Limits.DOMAINS_PER_ACCOUNT + " fit one account: remove some first");
        }
        AccountType type = take.contains("type") ? from.type() : kept.type();
        Address address = take.contains("address") || kept.address() == null ? from.address() : kept.address();
        return new Account(kept.id(), pick(take, "name", kept.name(), from.name()), type,
                pick(take, "website", kept.website(), from.website()), pick(take, "phone", kept.phone(), from.phone()), address,
                domains, pick(take, "notes", kept.notes(), from.notes()), kept.createdAt(), clock.instant(), kept.version() + 1,
                kept.salesforceId());
    }

    private static String pick(Set<String> take, String field, String kept, String from) {
        if (take.contains(field)) {
            return from;
        }
        return kept == null || kept.isBlank() ? from : kept;
    }

    private static List<String> union(List<String> first, List<String> second) {
        Set<String> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    /**
     * Moves on with a merge: the merged-away contact's remaining items, then at most {@link #MOVES_PER_REQUEST}
     * records; complete when nothing is left. Safe to run any number of times, also concurrently with itself
     * (each move's transaction is conditioned on the record as read and on its journal entry not existing).
     */
    public Result continueMerge(String mergeId) {
        Merge journal = merges.get(mergeId).orElseThrow(() -> CrmException.notFound("Merge", mergeId));
        if (journal.undoStage() == null && journal.stage() != Stage.DONE) {
            if (journal.stage() == Stage.STARTED) {
                merges.removeRest(journal);
            }
            if (moveSome(journal)) {
                merges.complete(journal);
            }
            journal = merges.get(mergeId).orElseThrow(() -> CrmException.notFound("Merge", mergeId));
        }
        return journal.ofAccounts() ? new Result(journal, null, accounts.get(journal.keptId()).orElse(null))
                : new Result(journal, contacts.get(journal.keptId()).orElse(null), null);
    }

    /** The timeline (and files) partition of the merge's kind of record. */
    private static String partitionOf(Merge journal, String id) {
        return journal.ofAccounts() ? Timeline.ofAccount(id) : Timeline.ofContact(id);
    }

    /** True when everything is moved. */
    private boolean moveSome(Merge journal) {
        String keptId = journal.keptId();
        String fromId = journal.fromId();
        Instant expiry = journal.undoableUntil();
        String keptTimeline = partitionOf(journal, keptId);
        boolean ofAccounts = journal.ofAccounts();
        int budget = MOVES_PER_REQUEST;
        boolean all = true;
        List<MergeStore.Line> lines = merges.linesOf(partitionOf(journal, fromId), budget);
        for (MergeStore.Line line : lines) {
            budget--;
            boolean moved;
            if ("INTERACTION".equals(line.kind())) {
                moved = interactions.withFollowUp(line.refId())
                        .filter(read -> !moveLinks(journal, read.interaction()).links().equals(read.interaction().links()))
                        .map(read -> moveInteraction(journal, read.interaction(), moveLinks(journal, read.interaction()),
                                "INTERACTION", ofAccounts ? null : rewatch(read.followUp(), fromId, keptId, false), expiry))
                        .orElseGet(() -> merges.moveLine(journal.id(), line, keptTimeline, expiry));
            } else if ("TASK".equals(line.kind())) {
                moved = tasks.get(line.refId()).filter(before -> fromId.equals(ofAccounts ? before.accountId() : before.contactId()))
                        .map(before -> merges.moveTask(journal.id(), before, relinked(journal, before, keptId), expiry))
                        .orElseGet(() -> merges.moveLine(journal.id(), line, keptTimeline, expiry));
            } else {
                moved = merges.moveLine(journal.id(), line, keptTimeline, expiry);
            }
            all &= moved;
        }
        if (lines.size() == MOVES_PER_REQUEST) {
            return false;
        }
        if (ofAccounts) {
            // its contacts and opportunities, whose copies it holds: each move takes its copy away
            for (MergeStore.Line copy : merges.contactsOf(fromId, budget)) {
                budget--;
                Contact before = contacts.get(copy.refId()).orElse(null);
                all &= before != null && fromId.equals(before.accountId())
                        && merges.moveContact(journal.id(), before, withAccount(before, keptId), expiry);
            }
            for (MergeStore.Line copy : budget == 0 ? List.<MergeStore.Line>of() : merges.opportunitiesOf(fromId, budget)) {
                budget--;
                Opportunity before = opportunities.get(copy.refId()).orElse(null);
                all &= before != null && merges.moveOpportunity(journal.id(), before,
                        withAccount(before, fromId, journal.keptAccountBefore()), fromId, keptId, expiry);
            }
            if (budget == 0) {
                return false;
            }
        }
        // its files (imported from Salesforce) are listed on the kept record
        for (MergeStore.Line file : merges.filesOf(partitionOf(journal, fromId), budget)) {
            budget--;
            all &= merges.moveFile(journal.id(), file, keptTimeline, expiry);
        }
        if (budget == 0 || !all) {
            return false;
        }
        if (ofAccounts) {
            // waiting mails are found by domain: LINK_DOMAIN_MAILS (started with the merge) links them
            return true;
        }
        // mails that still wait for one of the merged-away addresses now belong to the kept contact
        Contact kept = contacts.get(keptId).orElse(null);
        Set<String> done = new LinkedHashSet<>();
        for (String address : journal.fromBefore().emails()) {
            for (String interactionId : interactions.waitingFor(address, null, InteractionStore.WAITING_PER_ADDRESS).items().stream()
                    .map(InteractionStore.Waiting::interactionId).toList()) {
                if (!done.add(interactionId)) {
                    continue;
                }
                if (budget-- <= 0) {
                    return false;
                }
                Interaction before = interactions.get(interactionId).orElse(null);
                if (before != null && kept != null) {
                    all &= moveInteraction(journal, before, linkWaiting(before, journal.fromBefore(), kept), "WAITING", null, expiry);
                }
            }
        }
        return all;
    }

    /**
     * An armed follow-up that watches {@code from} watches {@code to} instead (an answer from the merged-away address
     * now comes from the kept contact); with {@code alsoKeep}, {@code from} joins and {@code to} stays. Null when
     * there is nothing to change.
     */
    private static MergeStore.Rewatch rewatch(FollowUp followUp, String from, String to, boolean alsoKeep) {
        if (followUp == null || followUp.state() != FollowUp.State.ARMED || !followUp.contactIds().contains(from)) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String id : followUp.contactIds()) {
            if (alsoKeep) {
                ids.add(id);
            }
            ids.add(id.equals(from) ? to : id);
        }
        FollowUp after = new FollowUp(followUp.interactionId(), followUp.memberId(), followUp.subject(), followUp.sentAt(),
                followUp.dueDate(), followUp.state(), List.copyOf(ids), followUp.accountIds(), followUp.opportunityIds(),
                followUp.addresses(), followUp.answeredBy(), followUp.taskId());
        return new MergeStore.Rewatch(followUp, after, followUp.contactIds().contains(to));
    }

    private boolean moveInteraction(Merge journal, Interaction before, Interaction after, String kind, MergeStore.Rewatch rewatch,
                                    Instant expiry) {
        List<Link> added = after.links().stream().filter(link -> !before.links().contains(link)).map(l -> kept(journal, l)).toList();
        List<Link> removed = before.links().stream().filter(link -> !after.links().contains(link)).map(l -> kept(journal, l)).toList();
        Map<String, String> participantsBefore = new LinkedHashMap<>();
        for (int i = 0; i < before.participants().size(); i++) {
            Participant was = before.participants().get(i);
            if (was.email() != null && !Objects.equals(was.contactId(), after.participants().get(i).contactId())) {
                participantsBefore.put(was.email(), was.contactId());
            }
        }
        return merges.moveInteraction(journal.id(), kind, before, after,
                new MergeStore.InteractionChange(added, removed, participantsBefore), rewatch, expiry);
    }

    /**
     * A changed link as the journal keeps it: an account's link without the address it matched, which is a person's
     * (an account merge's journal is no person's, so an erasure would not find it); the undo takes the address from
     * the link as it is then.
     */
    private static Link kept(Merge journal, Link link) {
        return journal.ofAccounts() ? Link.account(link.accountId(), link.reason(), null) : link;
    }

    /** The interaction with the merged-away record's links (and a contact's participants) on the kept one (a link once). */
    private Interaction moveLinks(Merge journal, Interaction before) {
        String fromId = journal.fromId();
        String keptId = journal.keptId();
        List<Link> links = new ArrayList<>();
        for (Link link : before.links()) {
            Link moved = link;
            if (journal.ofAccounts() && fromId.equals(link.accountId())) {
                moved = Link.account(keptId, link.reason(), link.address());
            } else if (!journal.ofAccounts() && fromId.equals(link.contactId())) {
                moved = Link.contact(keptId, link.reason(), link.address());
            }
            if (!links.contains(moved)) {
                links.add(moved);
            }
        }
        List<Participant> participants = before.participants().stream()
                .map(p -> fromId.equals(p.contactId()) ? withContact(p, keptId) : p).toList();
        return before.relinked(links, participants, clock.instant());
    }

    /** A mail that waited for one of the merged-away addresses, linked to the kept contact (and its account). */
    private Interaction linkWaiting(Interaction before, Contact from, Contact kept) {
        Set<String> addresses = new LinkedHashSet<>(from.emails());
        String matched = null;
        List<Participant> participants = new ArrayList<>();
        for (Participant p : before.participants()) {
            boolean match = p.contactId() == null && addresses.contains(p.email());
            participants.add(match ? withContact(p, kept.id()) : p);
            matched = matched == null && match ? p.email() : matched;
        }
        List<Link> links = new ArrayList<>(before.links());
        List<Link> more = new ArrayList<>();
        more.add(Link.contact(kept.id(), LinkReason.CONTACT_ADDRESS, matched));
        if (kept.accountId() != null) {
            more.add(Link.account(kept.accountId(), LinkReason.CONTACT_ACCOUNT, matched));
        }
        for (Link link : more) {
            if (links.stream().noneMatch(link::sameRecordAs)) {
                links.add(link);
            }
        }
        return before.relinked(links, participants, clock.instant());
    }

    private static Participant withContact(Participant p, String contactId) {
        return new Participant(p.email(), p.name(), p.role(), contactId, p.suggestedAccountId());
    }

    /** The task linked to {@code id} instead of the other record of the merge (its contact, or its account). */
    private Task relinked(Merge journal, Task t, String id) {
        return withLinks(t, journal.ofAccounts() ? id : t.accountId(), journal.ofAccounts() ? t.contactId() : id);
    }

    private Contact withAccount(Contact c, String accountId) {
        return new Contact(c.id(), c.firstName(), c.lastName(), c.emails(), c.phones(), c.title(), accountId, c.notes(),
                c.createdAt(), clock.instant(), c.version() + 1, c.salesforceId());
    }

    /** The opportunity naming {@code to} (with its name) where it named {@code fromId}. */
    private Opportunity withAccount(Opportunity o, String fromId, Account to) {
        List<Opportunity.Account> named = o.accounts().stream()
                .map(a -> a.accountId().equals(fromId) ? new Opportunity.Account(to.id(), to.name(), a.share()) : a).toList();
        return new Opportunity(o.id(), o.name(), o.type(), named, o.ownerId(), o.stage(), o.stageSince(), o.visited(),
                o.expectedCloseDate(), o.amount(), o.notes(), o.lostReason(), o.closedAt(), o.reminderTaskId(), o.history(),
                o.stageChanges(), o.snooze(), o.createdBy(), o.createdAt(), clock.instant(), o.version() + 1, o.salesforceId());
    }

    private Task withLinks(Task t, String accountId, String contactId) {
        return new Task(t.id(), t.title(), t.description(), t.dueDate(), t.assigneeId(), t.status(), accountId, contactId,
                t.opportunityId(), t.createdBy(), t.completedAt(), t.handedOverFrom(), t.handedOverAt(), t.recurrence(), t.origin(),
                t.interactionId(), t.nextTaskId(), t.createdAt(), clock.instant(), t.version() + 1, t.salesforceId());
    }

    // ---- reading and undoing

    /** The journal, within the 30 days it can be undone; 404 otherwise. */
    public Merge get(String mergeId) {
        Merge journal = Ids.looksLikeId(mergeId) ? merges.get(mergeId).orElse(null) : null;
        if (journal == null || !clock.instant().isBefore(journal.undoableUntil())) {
            throw CrmException.of(CrmException.Kind.NOT_FOUND, "Merge " + mergeId
                    + " does not exist or is older than 30 days (a merge can be undone for 30 days).");
        }
        return journal;
    }

    /**
     * Restores both contacts (or accounts) as they were before the merge and moves back what it moved. Refused (409)
     * when it was undone already or the kept record changed after the merge. A history larger than one request's moves
     * answers {@code complete: false}; repeating the request moves the rest.
     */
    public Undone undo(Member caller, String mergeId) {
        Merge journal = get(mergeId);
        if (journal.undoStage() == UndoStage.UNDONE) {
            throw CrmException.of(CrmException.Kind.CONFLICT, "This merge was undone already.");
        }
        if (journal.undoStage() == null) {
            if (journal.stage() != Stage.DONE) {
                // an interrupted merge finishes first, so that what the undo moves back is all there is
                journal = continueMerge(mergeId).journal();
                if (journal.stage() != Stage.DONE) {
                    throw CrmException.of(CrmException.Kind.CONFLICT,
                            "The merge is still moving a large history; try the undo again in a moment.");
                }
            }
            String noun = journal.ofAccounts() ? "account" : "contact";
            if (!(journal.ofAccounts() ? startAccountUndo(caller, journal) : startContactUndo(caller, journal))) {
                Merge now = merges.get(mergeId).orElseThrow(() -> CrmException.notFound("Merge", mergeId));
                if (now.undoStage() == null) {
                    throw keptChanged(noun);
                }
            }
            journal = merges.get(mergeId).orElseThrow(() -> CrmException.notFound("Merge", mergeId));
        }
        Undone undone = undoRest(journal);
        if (!undone.complete()) {
            work.start(CONTINUE_UNDO, mergeId);
        }
        return undone;
    }

    /** Undo step 1 of a contact merge; false when the journal or the kept contact changed meanwhile. */
    private boolean startContactUndo(Member caller, Merge journal) {
        Contact keptNow = contacts.get(journal.keptId()).orElse(null);
        if (keptNow == null || keptNow.version() != journal.keptVersion()) {
            throw keptChanged("contact");
        }
        return merges.startUndo(journal, keptNow, restored(journal.keptBefore(), keptNow.version() + 1),
                restored(journal.fromBefore(), 1), audit.entry(caller.id(), "MERGE_UNDONE", Merge.CONTACT, journal.keptId(), null));
    }

    private boolean startAccountUndo(Member caller, Merge journal) {
        Account keptNow = accounts.get(journal.keptId()).orElse(null);
        if (keptNow == null || keptNow.version() != journal.keptVersion()) {
            throw keptChanged("account");
        }
        return merges.startAccountUndo(journal, keptNow, restored(journal.keptAccountBefore(), keptNow.version() + 1),
                restored(journal.fromAccountBefore(), 1), audit.entry(caller.id(), "MERGE_UNDONE", Merge.ACCOUNT, journal.keptId(), null));
    }

    /** The undo's steps after the first: the restored record's other items, then the next records moved back. */
    private Undone undoRest(Merge journal) {
        String mergeId = journal.id();
        if (journal.undoStage() == UndoStage.RESTORING && journal.ofAccounts()) {
            // the record as step 1 wrote it, with the notes this step brings back
            String notes = journal.fromAccountBefore().notes();
            Account from = accounts.get(journal.fromId()).map(a -> new Account(a.id(), a.name(), a.type(), a.website(), a.phone(),
                    a.address(), a.emailDomains(), notes, a.createdAt(), a.updatedAt(), a.version(), a.salesforceId()))
                    .orElse(restored(journal.fromAccountBefore(), 1));
            merges.restoreRest(journal, from);
        } else if (journal.undoStage() == UndoStage.RESTORING) {
            Contact fromRestored = restored(journal.fromBefore(), 1);
            // the record as step 1 wrote it, with the notes this step brings back
            String notes = journal.fromBefore().notes();
            Contact from = contacts.get(journal.fromId()).map(c -> new Contact(c.id(), c.firstName(), c.lastName(), c.emails(),
                    c.phones(), c.title(), c.accountId(), notes, c.createdAt(), c.updatedAt(), c.version(), c.salesforceId()))
                    .orElse(fromRestored);
            merges.restoreRest(journal, from);
        }
        if (moveBack(journal)) {
            merges.completeUndo(mergeId, clock.instant());
        }
        journal = merges.get(mergeId).orElseThrow(() -> CrmException.notFound("Merge", mergeId));
        if (journal.ofAccounts()) {
            return new Undone(journal, null, null, accounts.get(journal.keptId()).orElse(null), accounts.get(journal.fromId()).orElse(null));
        }
        return new Undone(journal, contacts.get(journal.keptId()).orElse(null), contacts.get(journal.fromId()).orElse(null), null, null);
    }

    private static CrmException keptChanged(String noun) {
        return CrmException.of(CrmException.Kind.CONFLICT, "The kept " + noun + " was changed after the merge; undoing it "
                + "would overwrite that change. Edit the " + noun + "s by hand instead.");
    }

    /** An account as the journal keeps it, with a version after the one it had. */
    private Account restored(Account before, long version) {
        return new Account(before.id(), before.name(), before.type(), before.website(), before.phone(), before.address(),
                before.emailDomains(), before.notes(), before.createdAt(), clock.instant(), Math.max(version, before.version() + 1),
                before.salesforceId());
    }

    /** A contact as the journal keeps it, with a version after the one it had (so that stale edits are refused). */
    private Contact restored(Contact before, long version) {
        return new Contact(before.id(), before.firstName(), before.lastName(), before.emails(), before.phones(), before.title(),
                before.accountId(), before.notes(), before.createdAt(), clock.instant(),
                Math.max(version, before.version() + 1), before.salesforceId());
    }

    /** True when everything is moved back. */
    private boolean moveBack(Merge journal) {
        String keptId = journal.keptId();
        String fromId = journal.fromId();
        List<MergeStore.Moved> moved = merges.moved(journal.id(), MOVES_PER_REQUEST);
        boolean all = true;
        for (MergeStore.Moved entry : moved) {
            switch (entry.kind()) {
                case "TASK" -> {
                    Task now = tasks.get(entry.refId()).orElse(null);
                    if (now == null || !keptId.equals(journal.ofAccounts() ? now.accountId() : now.contactId())) {
                        merges.forget(journal.id(), entry.refId());
                    } else {
                        all &= merges.moveTaskBack(journal.id(), now, relinked(journal, now, fromId));
                    }
                }
                case "CONTACT" -> {
                    Contact now = contacts.get(entry.refId()).orElse(null);
                    if (now == null || !keptId.equals(now.accountId())) {
                        merges.forget(journal.id(), entry.refId());
                    } else {
                        all &= merges.moveContactBack(journal.id(), now, withAccount(now, fromId));
                    }
                }
                case "OPPORTUNITY" -> {
                    Opportunity now = opportunities.get(entry.refId()).orElse(null);
                    if (now == null || !now.accountIds().contains(keptId) || now.accountIds().contains(fromId)) {
                        merges.forget(journal.id(), entry.refId());
                    } else {
                        all &= merges.moveOpportunityBack(journal.id(), now, withAccount(now, keptId, journal.fromAccountBefore()),
                                keptId, fromId);
                    }
                }
                case "LINE" -> all &= merges.moveLineBack(journal.id(), entry, partitionOf(journal, keptId), partitionOf(journal, fromId));
                case "FILE" -> all &= merges.moveFileBack(journal.id(), entry, partitionOf(journal, keptId), partitionOf(journal, fromId));
                default -> {
                    InteractionStore.WithFollowUp read = interactions.withFollowUp(entry.refId()).orElse(null);
                    Interaction now = read == null ? null : read.interaction();
                    Interaction back = now == null ? null : movedBack(journal, now, entry.change());
                    MergeStore.Rewatch rewatch = read == null || !entry.followUpMoved() ? null
                            : rewatch(read.followUp(), keptId, fromId, entry.followUpKeptWatched());
                    if (back == null) {
                        merges.forget(journal.id(), entry.refId());
                    } else {
                        // a record changed meanwhile stays for the next step, which reads it again
                        all &= merges.moveInteractionBack(journal.id(), now, back, rewatch);
                    }
                }
            }
        }
        return all && moved.size() < MOVES_PER_REQUEST;
    }

    /** The interaction with what the merge changed changed back; null when that leaves it as it is. */
    private Interaction movedBack(Merge journal, Interaction now, MergeStore.InteractionChange change) {
        String keptId = journal.keptId();
        List<Link> links = new ArrayList<>(now.links());
        List<Link> removed = new ArrayList<>(change.removed());
        // a link the merge turned from one record to the other turns back in its place (an account's with its address)
        for (int i = 0; i < links.size(); i++) {
            Link link = links.get(i);
            if (change.added().contains(kept(journal, link))) {
                Link before = removed.stream().filter(r -> r.reason() == link.reason()
                        && (journal.ofAccounts() || Objects.equals(r.address(), link.address()))
                        && (r.contactId() == null) == (link.contactId() == null)
                        && (r.accountId() == null) == (link.accountId() == null)).findFirst().orElse(null);
                if (before != null) {
                    links.set(i, journal.ofAccounts() ? Link.account(before.accountId(), before.reason(), link.address()) : before);
                    removed.remove(before);
                }
            }
        }
        if (!journal.ofAccounts()) {
            links.removeAll(change.added());
        }
        for (Link link : removed) {
            // an account's link the merge dropped as the kept one had the same: back with that one's address
            Link back = !journal.ofAccounts() ? link : links.stream().filter(l -> keptId.equals(l.accountId()) && l.reason() == link.reason())
                    .findFirst().map(l -> Link.account(link.accountId(), link.reason(), l.address())).orElse(link);
            if (!links.contains(back)) {
                links.add(back);
            }
        }
        List<Participant> participants = now.participants().stream()
                .map(p -> change.participantsBefore().containsKey(p.email()) && keptId.equals(p.contactId())
                        ? withContact(p, change.participantsBefore().get(p.email())) : p).toList();
        if (links.equals(now.links()) && participants.equals(now.participants())) {
            return null;
        }
        return now.relinked(links, participants, clock.instant());
    }
}
