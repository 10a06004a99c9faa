package app.integreat.crm.importer;

import static app.integreat.crm.importer.RequiredColumns.*;

import app.integreat.crm.core.Limits;
import app.integreat.crm.model.Direction;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.InteractionType;
import app.integreat.crm.model.Task;
import app.integreat.crm.model.TaskStatus;
import app.integreat.crm.store.ImportStore.Imported;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import app.integreat.crm.importer.ImportRun.EmailTask;

/**
 * Tasks, mails (an email task and its EmailMessage are one), events and notes: open tasks stay
 * tasks, the rest become interactions on their records, or unresolved mails.
 */
final class ActivityImport {
    private final ImportRun run;

    ActivityImport(ImportRun run) {
        this.run = run;
    }

    private static final String EMAIL_PREFIX_EN = "email:";
    private static final String EMAIL_PREFIX_DE = "e-mail:";

    void importTasks(ExportFiles files) {
        run.batches(files, "Task", ACTIVITY_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.bool("IsDeleted")) {
                run.report.skipped("Task", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            String subject = row.get("Subject");
            boolean email = row.id("EmailMessageId") != null || "Email".equalsIgnoreCase(row.get("Type"))
                    || "2".equals(row.get("ActivityOriginType")) || subject != null
                    && (subject.toLowerCase(Locale.ROOT).startsWith(EMAIL_PREFIX_EN) || subject.toLowerCase(Locale.ROOT).startsWith(EMAIL_PREFIX_DE));
            Instant created = run.orNow(row.instant("CreatedDate"));
            String message = run.messageOfTask.get(id);
            if (email && message != null) {
                // one mail: the EmailMessage brings participants and body, the task its links
                run.taskOfMessage.put(message, new EmailTask(id, row.id("WhoId"), row.id("WhatId"), row.id("OwnerId"),
                        emailSubject(subject), created));
                run.report.skipped("Task", id, "one interaction with its EmailMessage (counted there)");
                return;
            }
            List<Interaction.Link> links = run.links(row.id("WhoId"), row.id("WhatId"));
            Instant done = Text.firstNonNullInstant(row.instant("CompletedDateTime"), Text.atStartOfDay(row.date("ActivityDate")), created);
            if (email) {
                EmailDescription mail = EmailDescription.parse(row.get("Description"));
                List<Interaction.Participant> participants = run.participants(mail.to(), mail.cc(), mail.bcc(), null, null);
                interaction("Task", id, previous, InteractionType.EMAIL, Direction.OUTBOUND, done,
                        Text.firstNonNull(mail.subject(), emailSubject(subject)), null, null, mail.body(), links, participants,
                        run.member(row.id("OwnerId")), created);
                return;
            }
            boolean open = !row.bool("IsClosed") && !"Completed".equalsIgnoreCase(row.get("Status"));
            boolean call = "Call".equalsIgnoreCase(row.get("Type")) || row.get("CallType") != null
                    || row.get("CallDurationInSeconds") != null || "5".equals(row.get("ActivityOriginType"));
            if (!open && call) {
                String summary = row.get("Description");
                BigDecimal seconds = row.number("CallDurationInSeconds");
                if (seconds != null && seconds.signum() > 0) {
                    long minutes = Math.max(1, Math.round(seconds.doubleValue() / 60));
                    summary = (summary == null ? "" : summary + "\n") + "Dauer / Duration: " + minutes + " min";
                }
                interaction("Task", id, previous, InteractionType.CALL, directionOfCall(row.get("CallType")), done, subject,
                        Text.truncate(summary, Limits.NOTES), Text.truncate(row.get("CallDisposition"), Limits.SHORT_TEXT), null, links,
                        List.of(), run.member(row.id("OwnerId")), created);
                return;
            }
            task(row, id, previous, open, links, created, done);
        });
    }

    private void task(Row row, String id, Imported previous, boolean open, List<Interaction.Link> links, Instant created, Instant done) {
        String assignee = run.member(row.id("OwnerId"));
        if (assignee == null || open && !run.memberActive.getOrDefault(row.id("OwnerId"), false)) {
            run.report.note("open task of an inactive or unknown user, now assigned to " + run.reassignTarget.email(), id);
            assignee = run.reassignTarget.id();
        }
        if (!open && assignee == null) {
            assignee = run.reassignTarget.id();
        }
        String accountId = links.stream().map(Interaction.Link::accountId).filter(Objects::nonNull).findFirst().orElse(null);
        String contactId = links.stream().map(Interaction.Link::contactId).filter(Objects::nonNull).findFirst().orElse(null);
        String opportunityId = links.stream().map(Interaction.Link::opportunityId).filter(Objects::nonNull).findFirst().orElse(null);
        String title = Text.truncate(Text.firstNonNull(row.get("Subject"), "Aufgabe aus Salesforce"), Limits.NAME);
        LocalDate due = row.date("ActivityDate") != null ? row.date("ActivityDate") : LocalDate.ofInstant(created, java.time.ZoneOffset.UTC);
        String description = Text.truncate(row.get("Description"), Limits.NOTES);
        TaskStatus status = open ? TaskStatus.OPEN : TaskStatus.DONE;
        Instant completedAt = open ? null : done;
        String hash = Text.hash(title, description, due, assignee, status, accountId, contactId, opportunityId, completedAt);
        if (previous == null) {
            Task task = new Task(run.newId(id), title, description, due, assignee, status, accountId, contactId, opportunityId,
                    run.member(row.id("CreatedById")), completedAt, null, null, null, null, null, null, created,
                    run.services.clock().instant(), 1, id);
            if (!run.options.dryRun()) {
                run.store.createTask(id, task, hash);
            }
            run.report.created("Task");
            return;
        }
        if (previous.hash().equals(hash)) {
            run.report.unchanged("Task");
            return;
        }
        Task current = run.taskStore.get(previous.crmId()).orElse(null);
        if (!run.changeable("Task", id, current == null ? null : current.version(), previous)) {
            return;
        }
        Task updated = new Task(current.id(), title, description, due, assignee, status, accountId, contactId, opportunityId,
                current.createdBy(), completedAt, current.handedOverFrom(), current.handedOverAt(), current.recurrence(),
                current.origin(), current.interactionId(), current.nextTaskId(), current.createdAt(),
                run.services.clock().instant(), current.version() + 1, id);
        if (!run.options.dryRun()) {
            run.store.updateTask(id, current, updated, hash, previous);
        }
        run.report.updated("Task");
    }

    void importEmailMessages(ExportFiles files) {
        run.batches(files, "EmailMessage", EMAIL_MESSAGE_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.bool("IsDeleted")) {
                run.report.skipped("EmailMessage", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            EmailTask task = run.taskOfMessage.get(id);
            List<Interaction.Link> links = task == null ? run.links(null, row.id("RelatedToId")) : run.links(task.whoId(), task.whatId());
            boolean incoming = row.bool("Incoming");
            List<Interaction.Participant> participants = run.participants(EmailDescription.addresses(row.get("ToAddress")),
                    EmailDescription.addresses(row.get("CcAddress")), EmailDescription.addresses(row.get("BccAddress")),
                    incoming ? row.get("FromAddress") : null, row.get("FromName"));
            String body = row.get("TextBody");
            if (body == null && row.get("HtmlBody") != null) {
                body = org.jsoup.Jsoup.parse(row.get("HtmlBody")).wholeText().strip();
            }
            Instant at = Text.firstNonNullInstant(row.instant("MessageDate"), task == null ? null : task.at(), row.instant("CreatedDate"));
            String subject = Text.firstNonNull(row.get("Subject"), task == null ? null : task.subject());
            String author = task != null ? run.member(task.ownerId()) : run.member(row.id("CreatedById"));
            interaction("EmailMessage", id, previous, InteractionType.EMAIL, incoming ? Direction.INBOUND : Direction.OUTBOUND,
                    run.orNow(at), subject, null, null, body, links, participants, incoming ? null : author, run.orNow(row.instant("CreatedDate")));
        });
    }

    void importEvents(ExportFiles files) {
        run.batches(files, "Event", ACTIVITY_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.bool("IsDeleted")) {
                run.report.skipped("Event", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            List<String> lines = Text.nonNull(row.get("Description"));
            if (row.get("Location") != null) {
                lines.add("Ort / Location: " + row.get("Location"));
            }
            if (row.bool("IsAllDayEvent")) {
                lines.add("Ganztägig / All day");
            } else if (row.get("DurationInMinutes") != null) {
                lines.add("Dauer / Duration: " + row.get("DurationInMinutes") + " min");
            }
            Instant created = run.orNow(row.instant("CreatedDate"));
            Instant at = Text.firstNonNullInstant(row.instant("ActivityDateTime"), Text.atStartOfDay(row.date("ActivityDate")), created);
            interaction("Event", id, previous, InteractionType.MEETING, null, at, row.get("Subject"),
                    Text.truncate(lines.isEmpty() ? null : String.join("\n", lines), Limits.NOTES), null, null,
                    run.links(row.id("WhoId"), row.id("WhatId")), List.of(), run.member(row.id("OwnerId")), created);
        });
    }

    void importNotes(ExportFiles files) {
        run.batches(files, "Note", NOTE_REQUIRED, (row, previous) -> {
            String id = row.id();
            if (row.bool("IsDeleted")) {
                run.report.skipped("Note", id, "deleted in Salesforce (IsDeleted = 1)");
                return;
            }
            String parent = row.id("ParentId");
            List<Interaction.Link> links = SalesforceId.prefix(parent).equals("003") ? run.links(parent, null) : run.links(null, parent);
            Instant created = run.orNow(row.instant("CreatedDate"));
            interaction("Note", id, previous, InteractionType.NOTE, null, created, Text.firstNonNull(row.get("Title"), "Notiz"), null,
                    null, row.get("Body"), links, List.of(), run.member(row.id("OwnerId")), created);
        });
    }

    /**
     * Writes (or updates) an imported interaction. One without any record is an unresolved mail
     * (or, not a mail, skipped: a note on nothing the CRM has).
     */
    void interaction(String object, String id, Imported previous, InteractionType type, Direction direction, Instant at,
                             String subject, String summary, String outcome, String body, List<Interaction.Link> links,
                             List<Interaction.Participant> participants, String authorId, Instant created) {
        if (links.isEmpty() && type != InteractionType.EMAIL) {
            run.report.skipped(object, id, "linked to no contact, organisation or opportunity the CRM has");
            return;
        }
        if (links.isEmpty()) {
            // a mail on no record whose counterpart is a contact: logged on that contact, as the inbound mail does
            links = new ArrayList<>();
            for (Interaction.Participant participant : participants) {
                if (participant.contactId() != null) {
                    ImportRun.addLink(links, Interaction.Link.contact(participant.contactId(), Interaction.LinkReason.CONTACT_ADDRESS, participant.email()));
                    String account = run.knownAddress(participant.email())[1];
                    if (account != null) {
                        ImportRun.addLink(links, Interaction.Link.account(account, Interaction.LinkReason.CONTACT_ACCOUNT, participant.email()));
                    }
                }
            }
        }
        if (links.size() > Limits.LINKS_PER_INTERACTION) {
            links = links.subList(0, Limits.LINKS_PER_INTERACTION);
        }
        boolean unresolved = links.isEmpty();
        if (unresolved && participants.stream().allMatch(p -> p.email() == null)) {
            run.report.skipped(object, id, "a mail on no record and with no address to wait for");
            return;
        }
        String storedBody = body == null ? null : Text.cutToUtf8Bytes(body, Limits.MAIL_BODY_BYTES);
        boolean truncated = body != null && storedBody.length() < body.length();
        String shownSubject = Text.truncate(type == InteractionType.EMAIL ? emailSubject(subject) : subject, Limits.SUBJECT);
        String hash = Text.hash(type, direction, at, shownSubject, summary, outcome, storedBody, links, participants, authorId);
        if (unresolved) {
            run.report.note("mail on no record: in the unresolved inbox, linked when a contact gets one of its addresses", id);
        }
        // an imported mail has its text (HtmlBody already made text: the mail layer's sanitiser is not the importer's),
        // but no forwarder's note, HTML or thread: only the preview lists show
        Interaction.Email email = type == InteractionType.EMAIL && storedBody != null
                ? new Interaction.Email(null, null, null, null, Text.truncate(storedBody, Limits.PREVIEW), List.of()) : null;
        if (previous == null) {
            Interaction interaction = new Interaction(run.newId(id), type, direction, at, shownSubject, summary, outcome, null,
                    storedBody, truncated, links, participants, List.of(), authorId, null, null, unresolved, created,
                    run.services.clock().instant(), 1, email, id);
            if (!run.options.dryRun()) {
                run.store.createInteraction(id, interaction, hash);
            }
            interaction.accountIds().forEach(account -> run.lastInteraction.merge(account, at, (a, b) -> a.isAfter(b) ? a : b));
            run.report.created(object);
            return;
        }
        if (previous.hash().equals(hash)) {
            run.report.unchanged(object);
            return;
        }
        Interaction current = run.interactionStore.get(previous.crmId()).orElse(null);
        if (!run.changeable(object, id, current == null ? null : current.version(), previous)) {
            return;
        }
        Interaction updated = new Interaction(current.id(), type, direction, at, shownSubject, summary, outcome,
                current.nextSteps(), storedBody, truncated, links, participants, current.attachments(), authorId,
                current.messageId(), current.rawMailKey(), unresolved, current.createdAt(), run.services.clock().instant(),
                current.version() + 1, email, id);
        if (!run.options.dryRun()) {
            run.store.updateInteraction(id, current, updated, hash, previous);
        }
        updated.accountIds().forEach(account -> run.lastInteraction.merge(account, at, (a, b) -> a.isAfter(b) ? a : b));
        run.report.updated(object);
    }

    private static Direction directionOfCall(String callType) {
        if ("Inbound".equalsIgnoreCase(callType)) {
            return Direction.INBOUND;
        }
        return "Outbound".equalsIgnoreCase(callType) ? Direction.OUTBOUND : null;
    }

    /** The subject without the "Email: " prefix Salesforce puts on logged mails. */
    private static String emailSubject(String subject) {
        if (subject == null) {
            return null;
        }
        String lower = subject.toLowerCase(Locale.ROOT);
        if (lower.startsWith(EMAIL_PREFIX_EN)) {
            return subject.substring(EMAIL_PREFIX_EN.length()).strip();
        }
        if (lower.startsWith(EMAIL_PREFIX_DE)) {
            return subject.substring(EMAIL_PREFIX_DE.length()).strip();
        }
        return subject;
    }
}
