package app.integreat.crm.api;

import app.integreat.crm.model.Account;
import app.integreat.crm.model.AccountDetail;
import app.integreat.crm.model.Address;
import app.integreat.crm.model.Contact;
import app.integreat.crm.model.DuplicateGroup;
import app.integreat.crm.model.FollowUp;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.MunicipalityStatus;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.core.OpportunityService;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.QuarantinedMail;
import app.integreat.crm.model.Task;
import app.integreat.crm.model.TimelineEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The JSON shape of each record, written out explicitly (camelCase; absent values are omitted). */
final class Representations {
    private Representations() {
    }

    static Map<String, Object> member(Member member) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", member.id());
        json.put("email", member.email());
        json.put("name", member.name());
        json.put("role", member.role().name());
        json.put("active", member.active());
        json.put("language", member.language());
        json.put("mailReceipts", member.mailReceipts());
        json.put("followUpDays", member.followUpDays());
        json.put("aliases", member.aliases());
        stamps(json, member.createdAt().toString(), member.updatedAt().toString(), member.version());
        return json;
    }

    static Map<String, Object> settings(app.integreat.crm.model.Settings settings, long neverLoggedCount) {
        Map<String, Object> json = new LinkedHashMap<>();
        var retention = settings.retention();
        Map<String, Object> days = new LinkedHashMap<>();
        days.put("unresolvedDays", retention.unresolvedDays());
        days.put("quarantineDays", retention.quarantineDays());
        days.put("heldDays", retention.heldDays());
        days.put("rawMailDays", retention.rawMailDays());
        json.put("retention", days);
        Map<String, Object> neverLog = new LinkedHashMap<>();
        neverLog.put("domains", settings.neverLog().domains());
        neverLog.put("addresses", settings.neverLog().addresses());
        json.put("neverLog", neverLog);
        json.put("teamAddresses", settings.teamAddresses().stream().map(team -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("address", team.address());
            entry.put("memberId", team.memberId());
            return entry;
        }).toList());
        json.put("neverLoggedCount", neverLoggedCount);
        json.put("updatedAt", settings.updatedAt() == null ? null : settings.updatedAt().toString());
        json.put("version", settings.version());
        return json;
    }

    static Map<String, Object> account(Account account) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", account.id());
        json.put("name", account.name());
        json.put("type", account.type().name());
        putIfPresent(json, "website", account.website());
        putIfPresent(json, "phone", account.phone());
        if (account.address() != null) {
            json.put("address", address(account.address()));
        }
        json.put("emailDomains", account.emailDomains());
        putIfPresent(json, "notes", account.notes());
        putIfPresent(json, "salesforceId", account.salesforceId());
        stamps(json, account.createdAt().toString(), account.updatedAt().toString(), account.version());
        return json;
    }

    static Map<String, Object> accountDetail(AccountDetail detail, Labels labels) {
        Map<String, Object> json = account(detail.account());
        json.put("contacts", detail.contacts().stream().map(Representations::contact).toList());
        json.put("contactCount", detail.contactCount());
        json.put("opportunities", detail.opportunities().stream().map(o -> opportunity(o, labels, false)).toList());
        return json;
    }

    /** What a merge moved so far, by kind. */
    static Map<String, Object> moved(app.integreat.crm.model.Merge journal) {
        Map<String, Object> moved = new LinkedHashMap<>();
        long lines = journal.moved().getOrDefault("LINE", 0L);
        moved.put("interactions", journal.moved().getOrDefault("INTERACTION", 0L) + lines);
        moved.put("tasks", journal.moved().getOrDefault("TASK", 0L));
        moved.put("opportunities", journal.moved().getOrDefault("OPPORTUNITY", 0L));
        moved.put("waitingMails", journal.moved().getOrDefault("WAITING", 0L));
        if (journal.ofAccounts()) {
            moved.put("contacts", journal.moved().getOrDefault("CONTACT", 0L));
        }
        return moved;
    }

    /** The answer of a merge: its id, the kept record under {@code name} ("contact", "account"), what moved. */
    static Map<String, Object> mergeAnswer(app.integreat.crm.core.MergeService.Result result, String name, Map<String, Object> kept) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mergeId", result.journal().id());
        json.put(name, kept);
        json.put("moved", moved(result.journal()));
        json.put("complete", result.complete());
        return json;
    }

    static Map<String, Object> merge(app.integreat.crm.model.Merge journal) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", journal.id());
        json.put("kind", journal.kind());
        json.put("keptId", journal.keptId());
        json.put("fromId", journal.fromId());
        json.put("mergedAt", journal.mergedAt().toString());
        json.put("mergedBy", journal.mergedBy());
        json.put("undoableUntil", journal.undoableUntil().toString());
        json.put("undoneAt", journal.undoneAt() == null ? null : journal.undoneAt().toString());
        json.put("complete", journal.stage() == app.integreat.crm.model.Merge.Stage.DONE);
        json.put("moved", moved(journal));
        return json;
    }

    static Map<String, Object> contact(Contact contact) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", contact.id());
        putIfPresent(json, "firstName", contact.firstName());
        json.put("lastName", contact.lastName());
        json.put("emails", contact.emails());
        json.put("phones", contact.phones());
        putIfPresent(json, "title", contact.title());
        putIfPresent(json, "accountId", contact.accountId());
        putIfPresent(json, "notes", contact.notes());
        putIfPresent(json, "salesforceId", contact.salesforceId());
        stamps(json, contact.createdAt().toString(), contact.updatedAt().toString(), contact.version());
        return json;
    }

    /** A list entry shows this many links, participants and attachments, and how many there are; the record has all. */
    static final int SHOWN_IN_LISTS = 5;

    /** An interaction as its own route shows it: every link, participant and attachment. */
    static Map<String, Object> interaction(Interaction interaction) {
        return interaction(interaction, Integer.MAX_VALUE);
    }

    /**
     * An interaction as a list shows it: the first few links, participants and attachments with their
     * counts, so that a page of 200 mails of 50 counterparts each stays small.
     */
    static Map<String, Object> interactionInList(Interaction interaction) {
        Map<String, Object> json = interaction(interaction, SHOWN_IN_LISTS);
        json.put("linkCount", interaction.links().size());
        json.put("participantCount", interaction.participants().size());
        json.put("attachmentCount", interaction.attachments().size());
        return json;
    }

    private static Map<String, Object> interaction(Interaction interaction, int shown) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", interaction.id());
        json.put("type", interaction.type().name());
        putIfPresent(json, "direction", interaction.direction() == null ? null : interaction.direction().name());
        json.put("occurredAt", interaction.occurredAt().toString());
        putIfPresent(json, "subject", interaction.subject());
        putIfPresent(json, "summary", interaction.summary());
        putIfPresent(json, "outcome", interaction.outcome());
        putIfPresent(json, "nextSteps", interaction.nextSteps());
        putIfPresent(json, "body", interaction.body());
        if (interaction.bodyTruncated()) {
            json.put("bodyTruncated", true);
        }
        json.put("contactIds", interaction.contactIds());
        json.put("accountIds", interaction.accountIds());
        json.put("opportunityIds", interaction.opportunityIds());
        json.put("links", interaction.links().stream().limit(shown).map(link -> {
            Map<String, Object> l = new LinkedHashMap<>();
            putIfPresent(l, "contactId", link.contactId());
            putIfPresent(l, "accountId", link.accountId());
            putIfPresent(l, "opportunityId", link.opportunityId());
            l.put("reason", link.reason().name());
            putIfPresent(l, "address", link.address());
            return l;
        }).toList());
        json.put("participants", interaction.participants().stream().limit(shown).map(p -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("email", p.email());
            putIfPresent(l, "name", p.name());
            putIfPresent(l, "role", p.role());
            putIfPresent(l, "contactId", p.contactId());
            putIfPresent(l, "suggestedAccountId", p.suggestedAccountId());
            // why this address put the mail on records: the links it caused
            l.put("reasons", interaction.links().stream().filter(link -> p.email() != null && p.email().equals(link.address()))
                    .map(link -> link.reason().name()).distinct().toList());
            return l;
        }).toList());
        json.put("attachments", interaction.attachments().stream().limit(shown).map(a -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("n", a.n());
            putIfPresent(l, "filename", a.filename());
            putIfPresent(l, "mimeType", a.mimeType());
            l.put("sizeBytes", a.sizeBytes());
            putIfPresent(l, "sha256", a.sha256());
            l.put("inline", a.inline());
            l.put("kept", a.kept());
            if (a.kept()) {
                l.put("url", "/interactions/" + interaction.id() + "/attachments/" + a.n());
            } else {
                l.put("notKeptReason", a.notKeptReason() == null ? "received before attachments were kept" : a.notKeptReason());
            }
            return l;
        }).toList());
        Interaction.Email email = interaction.email();
        if (email != null) {
            putIfPresent(json, "note", email.note());
            putIfPresent(json, "html", email.html());
            putIfPresent(json, "htmlNotKept", email.htmlNotKept());
            putIfPresent(json, "preview", email.preview());
            putIfPresent(json, "claimedDate", email.claimedDate() == null ? null : email.claimedDate().toString());
            if (!email.forwardChain().isEmpty()) {
                json.put("forwardChain", email.forwardChain().stream().map(step -> {
                    Map<String, Object> l = new LinkedHashMap<>();
                    putIfPresent(l, "fromEmail", step.fromEmail());
                    putIfPresent(l, "fromName", step.fromName());
                    putIfPresent(l, "date", step.date() == null ? null : step.date().toString());
                    putIfPresent(l, "subject", step.subject());
                    return l;
                }).toList());
            }
        }
        putIfPresent(json, "authorId", interaction.authorId());
        if (email != null && !email.alsoLoggedBy().isEmpty()) {
            // the same original logged by several members: the author first, then the others
            List<String> loggers = new java.util.ArrayList<>();
            loggers.add(interaction.authorId());
            loggers.addAll(email.alsoLoggedBy());
            json.put("loggedBy", loggers);
        }
        putIfPresent(json, "messageId", interaction.messageId());
        json.put("hasRawMail", interaction.rawMailKey() != null);
        json.put("unresolved", interaction.unresolved());
        putIfPresent(json, "salesforceId", interaction.salesforceId());
        stamps(json, interaction.createdAt().toString(), interaction.updatedAt().toString(), interaction.version());
        return json;
    }

    /** An interaction with its conversation and the state of its raw mail (GET /interactions/{id}). */
    static Map<String, Object> interactionView(app.integreat.crm.core.InteractionService.View view) {
        Interaction interaction = view.interaction();
        Map<String, Object> json = interaction(interaction);
        putIfPresent(json, "followUp", followUp(interaction, view.followUp()));
        if (interaction.rawMailKey() != null) {
            Map<String, Object> raw = new LinkedHashMap<>();
            raw.put("expired", view.rawMailExpired());
            raw.put("expiresAt", view.rawMailExpiresAt().toString());
            if (!view.rawMailExpired()) {
                raw.put("url", "/interactions/" + interaction.id() + "/raw");
            }
            json.put("rawMail", raw);
            json.put("hasRawMail", !view.rawMailExpired());
        }
        json.put("thread", view.thread().stream().map(entry -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("id", entry.id());
            putIfPresent(l, "subject", entry.subject());
            l.put("occurredAt", entry.occurredAt().toString());
            putIfPresent(l, "direction", entry.direction() == null ? null : entry.direction().name());
            putIfPresent(l, "authorId", entry.authorId());
            return l;
        }).toList());
        return json;
    }

    /**
     * What became of an outbound mail's follow-up: ARMED (until dueDate), ANSWERED (answeredBy), TASK_CREATED
     * (taskId), CLOSED (its sender left), OFF (none was armed). Null for other interactions.
     */
    static Map<String, Object> followUp(Interaction interaction, FollowUp followUp) {
        if (followUp == null && (interaction.type() != app.integreat.crm.model.InteractionType.EMAIL
                || interaction.direction() != app.integreat.crm.model.Direction.OUTBOUND || interaction.participants().isEmpty())) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        if (followUp == null) {
            json.put("state", "OFF");
            return json;
        }
        json.put("state", followUp.state().name());
        json.put("dueDate", followUp.dueDate().toString());
        json.put("memberId", followUp.memberId());
        putIfPresent(json, "answeredBy", followUp.answeredBy());
        putIfPresent(json, "taskId", followUp.taskId());
        return json;
    }

    static Map<String, Object> quarantined(QuarantinedMail mail) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", mail.id());
        json.put("reason", mail.reason());
        putIfPresent(json, "from", mail.from());
        putIfPresent(json, "subject", mail.subject());
        putIfPresent(json, "sesMessageId", mail.sesMessageId());
        json.put("receivedAt", mail.receivedAt().toString());
        json.put("recipients", mail.recipients());
        return json;
    }

    static Map<String, Object> task(Task task) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", task.id());
        json.put("title", task.title());
        putIfPresent(json, "description", task.description());
        json.put("dueDate", task.dueDate().toString());
        json.put("assigneeId", task.assigneeId());
        json.put("status", task.status().name());
        putIfPresent(json, "accountId", task.accountId());
        putIfPresent(json, "contactId", task.contactId());
        putIfPresent(json, "opportunityId", task.opportunityId());
        putIfPresent(json, "createdBy", task.createdBy());
        putIfPresent(json, "completedAt", task.completedAt() == null ? null : task.completedAt().toString());
        putIfPresent(json, "handedOverFrom", task.handedOverFrom());
        putIfPresent(json, "handedOverAt", task.handedOverAt() == null ? null : task.handedOverAt().toString());
        if (task.recurrence() != null) {
            json.put("recurrence", Map.of("every", task.recurrence().every(), "unit", task.recurrence().unit().name()));
        }
        putIfPresent(json, "origin", task.origin());
        putIfPresent(json, "interactionId", task.interactionId());
        putIfPresent(json, "nextTaskId", task.nextTaskId());
        putIfPresent(json, "salesforceId", task.salesforceId());
        stamps(json, task.createdAt().toString(), task.updatedAt().toString(), task.version());
        return json;
    }

    static Map<String, Object> timelineEntry(TimelineEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", entry.kind());
        json.put("refId", entry.refId());
        json.put("at", entry.at().toString());
        putIfPresent(json, "type", entry.type());
        putIfPresent(json, "title", entry.title());
        putIfPresent(json, "summary", entry.summary());
        putIfPresent(json, "by", entry.by());
        if (!entry.details().isEmpty()) {
            json.put("details", new java.util.TreeMap<>(entry.details()));
        }
        return json;
    }

    /** One entry of an opportunity's history. */
    static Map<String, Object> stageChange(Opportunity.StageChange change, Labels labels) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("stage", change.stage());
        h.put("stageLabel", labels.stage(change.stage()));
        h.put("at", change.at().toString());
        putIfPresent(h, "by", change.by());
        putIfPresent(h, "lostReason", change.lostReason());
        return h;
    }

    /** An opportunity; {@code full} adds what only the record carries (notes, the latest history). */
    static Map<String, Object> opportunity(Opportunity o, Labels labels, boolean full) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", o.id());
        json.put("name", o.name());
        json.put("type", o.type());
        json.put("typeLabel", labels.type(o.type()));
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (Opportunity.Account account : o.accounts()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("accountId", account.accountId());
            putIfPresent(a, "name", account.name());
            putIfPresent(a, "share", account.share());
            accounts.add(a);
        }
        json.put("accounts", accounts);
        json.put("ownerId", o.ownerId());
        json.put("stage", o.stage());
        json.put("stageLabel", labels.stage(o.stage()));
        json.put("open", o.isOpen());
        json.put("stageSince", o.stageSince().toString());
        json.put("daysInStage", OpportunityService.daysBetween(o.stageSince(), labels.clock().instant()));
        putIfPresent(json, "expectedCloseDate", o.expectedCloseDate() == null ? null : o.expectedCloseDate().toString());
        putIfPresent(json, "amount", o.amount());
        putIfPresent(json, "lostReason", o.lostReason());
        putIfPresent(json, "closedAt", o.closedAt() == null ? null : o.closedAt().toString());
        putIfPresent(json, "reminderTaskId", o.reminderTaskId());
        if (o.snooze() != null) {
            Map<String, Object> snooze = new LinkedHashMap<>();
            snooze.put("until", o.snooze().until().toString());
            snooze.put("reason", o.snooze().reason());
            snooze.put("by", o.snooze().by());
            snooze.put("at", o.snooze().at().toString());
            json.put("snooze", snooze);
        }
        putIfPresent(json, "salesforceId", o.salesforceId());
        if (full) {
            putIfPresent(json, "notes", o.notes());
            json.put("history", o.history().stream().map(change -> stageChange(change, labels)).toList());
            json.put("stageChanges", o.stageChanges());
        }
        putIfPresent(json, "createdBy", o.createdBy());
        stamps(json, o.createdAt().toString(), o.updatedAt().toString(), o.version());
        return json;
    }

    static Map<String, Object> board(OpportunityService.Board board, Labels labels) {
        Map<String, Object> json = new LinkedHashMap<>();
        List<Map<String, Object>> stages = new ArrayList<>();
        for (OpportunityService.Column column : board.columns()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("stage", column.stage().key());
            s.put("label", column.stage().label(labels.language()));
            s.put("order", column.stage().order());
            s.put("phase", column.stage().phase());
            s.put("open", column.stage().open());
            s.put("count", column.opportunities().size());
            s.put("opportunities", column.opportunities().stream().map(o -> opportunity(o, labels, false)).toList());
            stages.add(s);
        }
        json.put("stages", stages);
        json.put("closedSinceDays", board.closedSinceDays());
        json.put("truncated", board.truncated());
        return json;
    }

    static Map<String, Object> municipality(OpportunityService.MunicipalityView view, Labels labels) {
        MunicipalityStatus status = view.status();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("accountId", status.accountId());
        json.put("name", status.name());
        json.put("state", view.state());
        json.put("stage", view.stage());
        json.put("stageLabel", view.stage() == null ? null : labels.stage(view.stage()));
        json.put("daysInStage", view.daysInStage());
        List<Map<String, Object>> open = new ArrayList<>();
        for (MunicipalityStatus.OpenOpportunity o : status.open()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", o.id());
            entry.put("name", o.name());
            entry.put("type", o.type());
            entry.put("stage", o.stage());
            entry.put("stageLabel", labels.stage(o.stage()));
            entry.put("daysInStage", OpportunityService.daysBetween(o.stageSince(), labels.clock().instant()));
            open.add(entry);
        }
        json.put("openOpportunities", open);
        if (view.state().equals("CLOSED")) {
            json.put("lastOutcomeOpportunityId", status.lastOutcomeOpportunityId());
        }
        json.put("lastInteractionAt", status.lastInteractionAt() == null ? null : status.lastInteractionAt().toString());
        json.put("nextTask", view.nextTask() == null ? null
                : Map.of("id", view.nextTask().id(), "dueDate", view.nextTask().dueDate().toString()));
        json.put("openTaskCount", status.openTasks().size());
        json.put("stale", view.stale());
        json.put("snoozedUntil", view.snoozed() == null ? null : view.snoozed().until().toString());
        json.put("snoozeReason", view.snoozed() == null ? null : view.snoozed().reason());
        json.put("snoozeOpportunityId", view.snoozed() == null ? null : view.snoozed().opportunityId());
        return json;
    }

    static <T> Map<String, Object> page(Page<T> page, Function<T, Map<String, Object>> item) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("items", page.items().stream().map(item).toList());
        json.put("nextCursor", page.nextCursor());
        return json;
    }

    /** A list entry shows the pairs of at most this many records of a key (45 pairs). */
    static final int DUPLICATE_PAIRS_OF = 10;

    /**
     * A page of duplicate candidates as pairs with their reason: each key shared by records a, b, c
     * gives the pairs (a, b), (a, c), (b, c); the cursor goes on after the page's last key.
     */
    static Map<String, Object> duplicates(Page<DuplicateGroup> page) {
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (DuplicateGroup group : page.items()) {
            List<DuplicateGroup.Member> records = group.records().subList(0, Math.min(DUPLICATE_PAIRS_OF, group.records().size()));
            for (int i = 0; i < records.size(); i++) {
                for (int j = i + 1; j < records.size(); j++) {
                    Map<String, Object> pair = new LinkedHashMap<>();
                    pair.put("reason", group.reason());
                    pair.put("key", group.key());
                    pair.put("records", List.of(duplicateRecord(records.get(i)), duplicateRecord(records.get(j))));
                    pair.put("sharedBy", group.records().size());
                    pairs.add(pair);
                }
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("items", pairs);
        json.put("nextCursor", page.nextCursor());
        return json;
    }

    private static Map<String, Object> duplicateRecord(DuplicateGroup.Member member) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", member.id());
        json.put("name", member.name());
        putIfPresent(json, "accountId", member.accountId());
        putIfPresent(json, "type", member.type());
        return json;
    }

    private static Map<String, Object> address(Address address) {
        Map<String, Object> json = new LinkedHashMap<>();
        putIfPresent(json, "street", address.street());
        putIfPresent(json, "postalCode", address.postalCode());
        putIfPresent(json, "city", address.city());
        putIfPresent(json, "state", address.state());
        putIfPresent(json, "country", address.country());
        return json;
    }

    private static void stamps(Map<String, Object> json, String createdAt, String updatedAt, long version) {
        json.put("createdAt", createdAt);
        json.put("updatedAt", updatedAt);
        json.put("version", version);
    }

    private static void putIfPresent(Map<String, Object> json, String name, Object value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    static Map<String, Object> auditEntry(app.integreat.crm.model.AuditEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", entry.id());
        json.put("at", entry.at().toString());
        json.put("actor", entry.actor());
        json.put("action", entry.action());
        json.put("recordType", entry.recordType());
        json.put("recordId", entry.recordId());
        json.put("reason", entry.reason());
        return json;
    }
}
