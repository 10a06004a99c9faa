package app.integreat.crm.core;

import app.integreat.crm.model.Contact;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Direction;
import app.integreat.crm.model.EmailAddress;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.InteractionType;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.QuarantinedMail;
import app.integreat.crm.model.Task;
import app.integreat.crm.model.Interaction.Link;
import app.integreat.crm.model.Interaction.LinkReason;
import app.integreat.crm.model.Interaction.Participant;
import app.integreat.crm.store.AccountStore;
import app.integreat.crm.store.ContactStore;
import app.integreat.crm.store.InteractionStore;
import app.integreat.crm.store.MailFiles;
import app.integreat.crm.store.MemberStore;
import java.time.Duration;
import java.util.function.Supplier;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Interactions logged by hand, the unresolved inbox and the quarantine. Interactions belong to
 * accounts and contacts; the author is kept as metadata only, so deactivating a member changes none.
 */
public final class InteractionService {
    private final InteractionStore interactions;
    private final ContactStore contacts;
    private final AccountStore accounts;
    private final MemberStore members;
    private final Clock clock;
    private final Ids ids;
    private final MailFiles files;
    private final Duration rawMailRetention;
    private final Supplier<InboundMailService> inboundMail;

    /** Raw mails and attachments hold personal data: their links live only minutes. */
    public static final Duration LINK_LIFETIME = Duration.ofMinutes(5);

    /**
     * @param rawMailRetention how long the bucket's lifecycle rule keeps raw mails (RawMailRetentionDays)
     * @param inboundMail      the inbound decision, for releasing quarantined mail (built on first use)
     */
    public InteractionService(InteractionStore interactions, ContactStore contacts, AccountStore accounts,
                              MemberStore members, Clock clock, Ids ids, MailFiles files, Duration rawMailRetention,
                              Supplier<InboundMailService> inboundMail) {
        this.interactions = interactions;
        this.contacts = contacts;
        this.accounts = accounts;
        this.members = members;
        this.clock = clock;
        this.ids = ids;
        this.files = files;
        this.rawMailRetention = rawMailRetention;
        this.inboundMail = inboundMail;
    }

    /**
     * An interaction with what its page shows besides the record: the other interactions of its conversation
     * (oldest first, the {@link Limits#THREAD} newest before it and any after) and whether its raw mail is still kept.
     *
     * @param rawMailExpiresAt when the lifecycle rule removes the raw mail; null for one logged by hand
     */
    public record View(Interaction interaction, List<Interaction.ThreadEntry> thread, Instant rawMailExpiresAt,
                       boolean rawMailExpired, app.integreat.crm.model.FollowUp followUp) {
    }

    /**
     * Everything about one interaction: one Query of its item collection (the thread is copied into it). Its raw
     * mail is kept for the settings' {@code rawMailDays} (the retention run deletes it then), and at most the
     * bucket's lifecycle rule's days (RawMailRetentionDays).
     */
    public View view(String id, app.integreat.crm.model.Settings.Retention retention) {
        InteractionStore.WithFollowUp found = interactions.withFollowUp(id)
                .orElseThrow(() -> CrmException.notFound("Interaction", id));
        Interaction interaction = found.interaction();
        List<Interaction.ThreadEntry> thread = interaction.email() == null ? List.of() : interaction.email().thread();
        Instant expiresAt = interaction.rawMailKey() == null ? null : rawMailExpiry(interaction.createdAt(), retention);
        return new View(interaction, thread, expiresAt, expiresAt != null && !clock.instant().isBefore(expiresAt),
                found.followUp());
    }

    /**
     * When a raw mail received at {@code receivedAt} may be gone: the settings' {@code rawMailDays} after it (the
     * daily retention run deletes it then), or the lifecycle rule's days if they are fewer (S3 expires objects the
     * midnight, UTC, after them).
     */
    private Instant rawMailExpiry(Instant receivedAt, app.integreat.crm.model.Settings.Retention retention) {
        Duration setting = Duration.ofDays(retention.rawMailDays());
        return receivedAt.plus(setting.compareTo(rawMailRetention) < 0 ? setting : rawMailRetention);
    }

    /** A short-lived download link of the interaction's raw mail; 404 for one logged by hand or whose mail expired. */
    public String rawMailLink(String id, app.integreat.crm.model.Settings.Retention retention) {
        View view = view(id, retention);
        if (view.interaction().rawMailKey() == null) {
            throw CrmException.of(CrmException.Kind.NOT_FOUND, "This interaction was logged by hand; it has no raw mail.");
        }
        if (view.rawMailExpired()) {
            throw CrmException.of(CrmException.Kind.NOT_FOUND, "The raw mail was kept until " + view.rawMailExpiresAt()
                    + " and has expired; the logged text and attachments stay.");
        }
        return files.presign(view.interaction().rawMailKey(), "message/rfc822", null, LINK_LIFETIME);
    }

    /** A short-lived link that downloads attachment {@code n} under its own name; 404 when it was not kept. */
    public String attachmentLink(String id, String number) {
        Interaction interaction = get(id);
        Interaction.Attachment attachment = interaction.attachments().stream()
                .filter(a -> Integer.toString(a.n()).equals(number)).findFirst()
                .orElseThrow(() -> CrmException.notFound("Attachment", number));
        if (!attachment.kept()) {
            throw CrmException.of(CrmException.Kind.NOT_FOUND, "This attachment was not kept: "
                    + (attachment.notKeptReason() == null ? "it was received before attachments were kept" : attachment.notKeptReason())
                    + ". The raw mail has it.");
        }
        String filename = attachment.filename() == null ? "attachment-" + attachment.n() : attachment.filename();
        return files.presign(attachment.key(), attachment.mimeType() == null ? "application/octet-stream" : attachment.mimeType(),
                filename, LINK_LIFETIME);
    }

    /** A short-lived link to a quarantined mail's raw mail (for the admins' list). */
    public String quarantinedRawMailLink(QuarantinedMail mail) {
        return mail.rawMailKey() == null ? null : files.presign(mail.rawMailKey(), "message/rfc822", null, LINK_LIFETIME);
    }

    /**
     * Adds the interaction to another contact (and its account), account or opportunity ({@code recordId}
     * naming any of them, or {@code contactId}, {@code accountId}, {@code opportunityId}); an unresolved mail
     * leaves the inbox. Conditioned on the version read, or on {@code expectedVersion} when the caller sent one.
     */
    public Interaction addLink(String id, Map<String, Object> body, Long expectedVersion) {
        Input in = Input.of(body);
        String recordId = in.text("recordId", 26, false);
        String contactId = in.text("contactId", 26, false);
        String accountId = in.text("accountId", 26, false);
        String opportunityId = in.text("opportunityId", 26, false);
        long given = java.util.stream.Stream.of(recordId, contactId, accountId, opportunityId).filter(java.util.Objects::nonNull).count();
        if (given != 1) {
            in.error("recordId", "name exactly one record: recordId, contactId, accountId or opportunityId");
        }
        in.finish();
        String field = recordId != null ? "recordId" : contactId != null ? "contactId" : accountId != null ? "accountId" : "opportunityId";
        String target = recordId != null ? recordId : contactId != null ? contactId : accountId != null ? accountId : opportunityId;
        if (!Ids.looksLikeId(target)) {
            throw CrmException.invalid(field, "\"" + target + "\" is not an id");
        }
        Interaction current = get(id);
        if (expectedVersion != null && current.version() != expectedVersion) {
            throw CrmException.stale("interaction");
        }
        List<Link> links = new ArrayList<>();
        List<Participant> participants = current.participants();
        Contact contact = recordId != null || contactId != null ? contacts.get(target).orElse(null) : null;
        if (contact != null) {
            Interaction linked = linkTo(current, contact, LinkReason.MANUAL);
            interactions.relink(current, linked);
            return linked;
        }
        if ((recordId != null || accountId != null) && accounts.exists(target)) {
            links.add(Link.account(target, LinkReason.MANUAL, null));
        } else if ((recordId != null || opportunityId != null) && interactions.opportunityAccounts(target).isPresent()) {
            links.add(Link.opportunity(target, LinkReason.MANUAL, null));
        } else {
            throw CrmException.invalid(field, "no " + switch (field) {
                case "contactId" -> "contact";
                case "accountId" -> "account";
                case "opportunityId" -> "opportunity";
                default -> "contact, account or opportunity";
            } + " has the id " + target);
        }
        if (current.links().size() >= InboundMailService.MAX_LINKS) {
            throw CrmException.of(CrmException.Kind.CONFLICT, "This interaction is on too many records already.");
        }
        Interaction linked = current.withLinks(links, participants, clock.instant());
        interactions.relink(current, linked);
        return linked;
    }

    /**
     * Processes a quarantined mail as if the member {@code memberId} had sent it (admins only; the handler checks):
     * logged or unresolved, and the quarantined item leaves. 404 once it is gone.
     */
    public InboundMailService.Outcome release(String quarantineId, Map<String, Object> body,
                                              app.integreat.crm.model.Settings.Retention retention) {
        Input in = Input.of(body);
        String memberId = in.text("memberId", 26, true);
        in.finish();
        QuarantinedMail mail = quarantined(quarantineId);
        Member member = members.byId(memberId).filter(Member::active)
                .orElseThrow(() -> CrmException.invalid("memberId", "is not an active member"));
        if (mail.rawMailKey() == null || clock.instant().isAfter(rawMailExpiry(mail.receivedAt(), retention))) {
            throw CrmException.of(CrmException.Kind.CONFLICT, "The raw mail of this quarantined mail has expired; it can only be deleted.");
        }
        return inboundMail.get().release(mail, member, () -> files.open(mail.rawMailKey()));
    }

    /** Deletes a quarantined mail and its raw mail (admins only; the handler checks). */
    public void deleteQuarantined(String quarantineId) {
        QuarantinedMail mail = quarantined(quarantineId);
        interactions.deleteQuarantined(mail);
        if (mail.rawMailKey() != null) {
            files.delete(List.of(mail.rawMailKey()));
        }
    }

    public QuarantinedMail quarantined(String quarantineId) {
        return interactions.quarantined(quarantineId, clock.instant()).orElseThrow(() -> CrmException.notFound("Quarantined mail", quarantineId));
    }

    /** A call, meeting, note or email logged by hand, with an optional follow-up task in the same transaction. */
    public Created create(Member caller, Map<String, Object> body) {
        Input in = Input.of(body);
        InteractionType type = in.enumValue("type", InteractionType.class, true);
        Direction direction = in.enumValue("direction", Direction.class, false);
        Instant now = clock.instant();
        Instant occurredAt = in.instant("occurredAt", false);
        String subject = in.text("subject", Limits.SUBJECT, false);
        String summary = in.text("summary", Limits.NOTES, false);
        String outcome = in.text("outcome", Limits.SUBJECT, false);
        String nextSteps = in.text("nextSteps", Limits.NOTES, false);
        List<String> contactIds = ids(in, "contactIds");
        List<String> accountIds = ids(in, "accountIds");
        Input followUp = in.object("followUpTask");
        String taskTitle = null;
        LocalDate taskDue = null;
        String taskAssignee = null;
        if (followUp != null) {
            taskTitle = followUp.text("title", Limits.NAME, true);
            taskDue = followUp.date("dueDate", true);
            taskAssignee = followUp.text("assigneeId", 26, false);
            followUp.finishNested();
        }
        if (subject == null && summary == null) {
            in.error("subject", "a subject or a summary is required");
        }
        if (occurredAt != null && occurredAt.isAfter(now.plusSeconds(24 * 3600))) {
            in.error("occurredAt", "lies more than a day in the future; log what happened, plan with a task");
        }
        if (contactIds.isEmpty() && accountIds.isEmpty()) {
            in.error("contactIds", "name at least one contact or account (contactIds or accountIds)");
        }
        in.finish();

        List<Link> links = new ArrayList<>();
        for (String contactId : contactIds) {
            Contact contact = contacts.get(contactId).orElseThrow(() -> CrmException.invalid("contactIds",
                    "no contact has the id " + contactId));
            links.add(Link.contact(contact.id(), LinkReason.MANUAL, null));
            if (contact.accountId() != null && !accountIds.contains(contact.accountId())) {
                links.add(Link.account(contact.accountId(), LinkReason.CONTACT_ACCOUNT, null));
            }
        }
        for (String accountId : accountIds) {
            if (!accounts.exists(accountId)) {
                throw CrmException.invalid("accountIds", "no account has the id " + accountId);
            }
            links.add(Link.account(accountId, LinkReason.MANUAL, null));
        }
        Task task = null;
        if (followUp != null) {
            String assigneeId = taskAssignee == null ? caller.id() : taskAssignee;
            Member assignee = members.byId(assigneeId).filter(Member::active).orElseThrow(() ->
                    CrmException.invalid("followUpTask.assigneeId", "is not an active member"));
            String firstContact = contactIds.isEmpty() ? null : contactIds.get(0);
            String firstAccount = links.stream().filter(l -> l.accountId() != null).map(Link::accountId).findFirst().orElse(null);
            task = Task.open(ids.next(), taskTitle, nextSteps, taskDue, assignee.id(), firstAccount, firstContact, null,
                    caller.id(), now);
        }
        Interaction interaction = new Interaction(ids.next(), type, direction, occurredAt == null ? now : occurredAt,
                subject, summary, outcome, nextSteps, null, false, links, List.of(), List.of(), caller.id(), null, null,
                false, now, now, 1, null, null);
        interactions.create(interaction, task);
        return new Created(interaction, task);
    }

    /** The interaction and its follow-up task (null when none was asked for). */
    public record Created(Interaction interaction, Task followUpTask) {
    }

    public Interaction get(String id) {
        return interactions.get(id).orElseThrow(() -> CrmException.notFound("Interaction", id));
    }

    /** The interaction with the follow-up of its mail (null when it has none): one Query. */
    public Page<Interaction> unresolved(PageRequest page) {
        return interactions.unresolved(page, clock.instant());
    }

    /** The team's logged interactions, newest first (the start page's recent activity). */
    public Page<Interaction> recent(PageRequest page) {
        return interactions.recent(page);
    }

    /** Rejected inbound mails, newest first (admins only; the handler checks). */
    public Page<QuarantinedMail> quarantine(PageRequest page) {
        return interactions.quarantine(page, clock.instant());
    }

    /** Assigns an unresolved mail to a contact (and so to the contact's account). */
    public Interaction assign(String id, Map<String, Object> body) {
        Input in = Input.of(body);
        String contactId = in.text("contactId", 26, true);
        in.finish();
        Interaction current = get(id);
        if (!current.unresolved()) {
            throw CrmException.of(CrmException.Kind.CONFLICT, "This mail is no longer in the unresolved inbox; it was assigned already.");
        }
        Contact contact = contacts.get(contactId).orElseThrow(() -> CrmException.invalid("contactId", "no contact has the id " + contactId));
        Interaction updated = linkTo(current, contact, LinkReason.MANUAL);
        interactions.relink(current, updated);
        return updated;
    }

    /**
     * Undoes a link (e.g. a mail that matched by domain but concerns another organisation): the
     * interaction leaves that record's timeline. An email left on no record waits in the unresolved
     * inbox again; an interaction logged by hand must stay on at least one record.
     */
    public Interaction unlink(String id, String recordId, long expectedVersion) {
        Interaction current = get(id);
        if (current.version() != expectedVersion) {
            throw CrmException.stale("interaction");
        }
        boolean linked = current.links().stream().anyMatch(link -> recordId.equals(link.contactId())
                || recordId.equals(link.accountId()) || recordId.equals(link.opportunityId()));
        if (!linked) {
            throw CrmException.notFound("Link to", recordId);
        }
        Interaction updated = current.withoutLinksTo(recordId, clock.instant());
        if (updated.links().isEmpty() && current.rawMailKey() == null) {
            throw CrmException.of(CrmException.Kind.CONFLICT,
                    "This is the interaction's only record. Link it to another record first.");
        }
        interactions.relink(current, updated);
        return updated;
    }

    /** Discards an unresolved mail; logged interactions are never discarded this way. */
    public void discard(String id) {
        Interaction current = get(id);
        if (!current.unresolved()) {
            throw CrmException.of(CrmException.Kind.CONFLICT, "This mail is no longer in the unresolved inbox; it was assigned already.");
        }
        interactions.discard(current);
        // its kept files go with it (the raw mail stays until the lifecycle rule expires it)
        files.delete(current.attachments().stream().filter(Interaction.Attachment::kept).map(Interaction.Attachment::key).toList());
    }

    /** The background jobs of waiting mails (docs/background-work.md); Services registers their steps. */
    public static final String LINK_CONTACT_MAILS = "LINK_CONTACT_MAILS";
    public static final String LINK_DOMAIN_MAILS = "LINK_DOMAIN_MAILS";
    /** Waiting items one step of a job links (a Query, and a Query and a transaction per mail). */
    static final int WAITING_PER_STEP = 25;

    private BackgroundWork work;

    /** Where the rest of a backlog goes (set once by Services). */
    public void useWork(BackgroundWork work) {
        this.work = work;
    }

    /**
     * Links the mails that wait for one of the contact's addresses to it: unresolved ones leave the
     * inbox, logged ones gain the contact. The first {@link InteractionStore#WAITING_PER_ADDRESS} of each
     * address here; when an address has more, a {@link #LINK_CONTACT_MAILS} job links all of them.
     * Returns how many interactions changed in this request.
     */
    public int linkWaiting(Contact contact) {
        Set<String> done = new LinkedHashSet<>();
        boolean more = false;
        for (String address : contact.emails()) {
            InteractionStore.WaitingPage page = interactions.waitingFor(address, null, InteractionStore.WAITING_PER_ADDRESS);
            for (InteractionStore.Waiting waiting : page.items()) {
                if (!done.contains(waiting.interactionId()) && linkToContact(waiting.interactionId(), contact, false)) {
                    done.add(waiting.interactionId());
                }
            }
            more |= page.more();
        }
        if (more) {
            work.start(LINK_CONTACT_MAILS, contact.id());
        }
        return done.size();
    }

    /**
     * A step of {@link #LINK_CONTACT_MAILS}: links the next {@link #WAITING_PER_STEP} mails waiting for one of the
     * contact's addresses. Cursor: the address's place among the contact's addresses, "/", the last waiting
     * interaction done (no address in the message). Done when the contact is gone.
     */
    public String linkContactMailsStep(String contactId, String cursor) {
        Contact contact = contacts.get(contactId).orElse(null);
        if (contact == null || contact.emails().isEmpty()) {
            return null;
        }
        int slash = cursor == null ? -1 : cursor.indexOf('/');
        int place = slash < 0 ? 0 : Integer.parseInt(cursor.substring(0, slash));
        String after = slash < 0 || slash == cursor.length() - 1 ? null : cursor.substring(slash + 1);
        if (place >= contact.emails().size()) {
            return null;
        }
        InteractionStore.WaitingPage page = interactions.waitingFor(contact.emails().get(place), after, WAITING_PER_STEP);
        for (InteractionStore.Waiting waiting : page.items()) {
            linkToContact(waiting.interactionId(), contact, true);
        }
        if (page.more()) {
            return place + "/" + page.last();
        }
        return place + 1 < contact.emails().size() ? (place + 1) + "/" : null;
    }

    /**
     * Links one waiting mail to the contact unless it has no unknown counterpart with the contact's addresses any
     * more (linked already, or changed): true when it changed. A concurrent change costs a re-read; after three,
     * {@code mustFinish} (a job, retried as a whole) says whether that is a conflict or left for later.
     */
    private boolean linkToContact(String interactionId, Contact contact, boolean mustFinish) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Interaction current = interactions.get(interactionId).orElse(null);
            if (current == null || current.unknownAddresses().stream().noneMatch(contact.emails()::contains)) {
                return false;
            }
            try {
                interactions.relink(current, linkTo(current, contact, LinkReason.CONTACT_ADDRESS));
                return true;
            } catch (CrmException e) {
                if (e.kind() != CrmException.Kind.PRECONDITION_FAILED && e.kind() != CrmException.Kind.CONFLICT) {
                    throw e;
                }
            }
        }
        if (mustFinish) {
            throw CrmException.of(CrmException.Kind.CONFLICT, "interaction " + interactionId + " kept changing");
        }
        return false;
    }

    /**
     * A step of {@link #LINK_DOMAIN_MAILS}: the next {@link #WAITING_PER_STEP} waiting items of one of the account's
     * domains (with its sub-domains), each linked to the account when the domain rule ({@link DomainAccounts}: the
     * nearest claim, by one account) gives its address's domain to it. An unresolved mail leaves the inbox; the
     * waiting item stays for the contact. Cursor: the domain, a space, the last index position. Done when the
     * account is gone.
     */
    public String linkDomainMailsStep(String accountId, String cursor) {
        app.integreat.crm.model.Account account = accounts.get(accountId).orElse(null);
        if (account == null) {
            return null;
        }
        List<String> domains = account.emailDomains().stream().sorted().toList();
        String domain = null;
        String after = null;
        if (cursor == null) {
            domain = domains.isEmpty() ? null : domains.get(0);
        } else {
            int space = cursor.indexOf(' ');
            String at = space < 0 ? cursor : cursor.substring(0, space);
            after = space < 0 || space == cursor.length() - 1 ? null : cursor.substring(space + 1);
            if (domains.contains(at)) {
                domain = at;
            } else {
                // removed meanwhile: on with the next one
                domain = domains.stream().filter(d -> d.compareTo(at) > 0).findFirst().orElse(null);
                after = null;
            }
        }
        if (domain == null) {
            return null;
        }
        InteractionStore.WaitingPage page = interactions.waitingAtDomain(domain, after, WAITING_PER_STEP);
        DomainAccounts rule = new DomainAccounts(accounts);
        for (InteractionStore.Waiting waiting : page.items()) {
            String itsDomain = EmailAddress.domainOf(waiting.address());
            if (itsDomain != null && rule.accountOf(itsDomain).filter(accountId::equals).isPresent()) {
                linkToAccount(waiting.interactionId(), waiting.address(), accountId);
            }
        }
        if (page.more()) {
            return domain + " " + page.last();
        }
        String current = domain;
        return domains.stream().filter(d -> d.compareTo(current) > 0).findFirst().map(next -> next + " ").orElse(null);
    }

    /** Links a waiting mail to the account its address's domain belongs to, as the inbound mail would have; a no-op if it is. */
    private void linkToAccount(String interactionId, String address, String accountId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Interaction current = interactions.get(interactionId).orElse(null);
            if (current == null) {
                return;
            }
            List<Participant> participants = new ArrayList<>();
            boolean suggested = false;
            for (Participant participant : current.participants()) {
                if (participant.contactId() == null && address.equals(participant.email()) && !accountId.equals(participant.suggestedAccountId())) {
                    participants.add(new Participant(participant.email(), participant.name(), participant.role(), null, accountId));
                    suggested = true;
                } else {
                    participants.add(participant);
                }
            }
            if (!suggested && current.accountIds().contains(accountId)) {
                return;
            }
            try {
                interactions.relink(current, current.withLinks(List.of(Link.account(accountId, LinkReason.ACCOUNT_DOMAIN, address)),
                        participants, clock.instant()));
                return;
            } catch (CrmException e) {
                if (e.kind() != CrmException.Kind.PRECONDITION_FAILED && e.kind() != CrmException.Kind.CONFLICT) {
                    throw e;
                }
            }
        }
        throw CrmException.of(CrmException.Kind.CONFLICT, "interaction " + interactionId + " kept changing");
    }

    private Interaction linkTo(Interaction current, Contact contact, LinkReason reason) {
        Set<String> addresses = new LinkedHashSet<>(contact.emails());
        List<Participant> participants = new ArrayList<>();
        String matched = null;
        for (Participant participant : current.participants()) {
            if (participant.contactId() == null && addresses.contains(participant.email())) {
                participants.add(new Participant(participant.email(), participant.name(), participant.role(), contact.id(), null));
                matched = matched == null ? participant.email() : matched;
            } else {
                participants.add(participant);
            }
        }
        List<Link> links = new ArrayList<>();
        links.add(Link.contact(contact.id(), reason, matched));
        if (contact.accountId() != null) {
            links.add(Link.account(contact.accountId(), LinkReason.CONTACT_ACCOUNT, matched));
        }
        return current.withLinks(links, participants, clock.instant());
    }

    private static List<String> ids(Input in, String field) {
        List<String> values = in.texts(field, Limits.LINKS_PER_INTERACTION, 26);
        if (values == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (String value : values) {
            if (!Ids.looksLikeId(value)) {
                in.error(field, "\"" + value + "\" is not an id");
            } else if (!ids.contains(value)) {
                ids.add(value);
            }
        }
        return ids;
    }
}
