package app.integreat.crm.core;

import app.integreat.crm.model.Contact;
import app.integreat.crm.model.Direction;
import app.integreat.crm.model.FollowUp;
import app.integreat.crm.model.EmailAddress;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.InteractionType;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.QuarantinedMail;
import app.integreat.crm.model.InboundDelivery;
import app.integreat.crm.model.Interaction.Link;
import app.integreat.crm.model.Interaction.LinkReason;
import app.integreat.crm.model.Interaction.Participant;
import app.integreat.crm.mail.AttachmentInfo;
import app.integreat.crm.mail.ForwardParser;
import app.integreat.crm.mail.ForwardedMessage;
import app.integreat.crm.mail.MailAddress;
import app.integreat.crm.mail.MailParseException;
import app.integreat.crm.mail.MailParser;
import app.integreat.crm.mail.ParsedMail;
import app.integreat.crm.mail.SafeHtml;
import app.integreat.crm.mail.Subjects;
import app.integreat.crm.store.MailFiles;
import app.integreat.crm.store.AccountStore;
import app.integreat.crm.store.ContactStore;
import app.integreat.crm.store.FollowUpStore;
import app.integreat.crm.store.InteractionStore;
import app.integreat.crm.store.MemberStore;
import app.integreat.crm.store.SettingsStore;
import app.integreat.crm.model.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Logs mail that members BCC or forward to the inbound address. Each delivery ends as exactly one of:
 * an interaction on the matching contacts and accounts, an unresolved mail that waits for a contact,
 * or a quarantined mail with its reason; a repeated delivery changes nothing.
 */
public final class InboundMailService {
    /**
     * Counterparts kept per mail: every recipient of an ordinary mail, up to a thousand (a mail to a larger list
     * is not a conversation with each; the raw mail keeps them all). What the interaction item holds of them is
     * bounded by {@link #PARTICIPANT_BYTES} too. Their timeline lines and waiting items that do not fit the mail's
     * transaction are written in follow-up transactions (see InteractionStore.createOnce). A thousand addresses
     * are about 40 KB of To and Cc, within the parser's header limits (128 KB a field).
     */
    static final int MAX_COUNTERPARTS = 1_000;
    /**
     * What the participants and links of one mail may take of its interaction item, so that the item stays below
     * half of DynamoDB's 400 KB with the rest at its longest (100 listed attachments, the forward chain, subject,
     * preview, Message-ID): about 1,000 ordinary counterparts with their links, 240 of the longest addresses and names.
     */
    static final int PARTICIPANT_BYTES = 120_000;
    /** Links of one interaction (a mail's are bounded by {@link #PARTICIPANT_BYTES} as well; a manual link adds one). */
    static final int MAX_LINKS = 2 * MAX_COUNTERPARTS + 100;
    /** Recipients a held or quarantined mail lists (its raw mail has them all). */
    static final int LISTED_RECIPIENTS = 50;
    /** Addresses asked about whether a mail is only between members: a longer list is not. */
    static final int INTERNAL_MAIL_ADDRESSES = 50;
    /** DynamoDB's limit of actions in one transaction. */
    static final int TRANSACTION_ACTIONS = 100;

    /** How a delivery ended. */
    public enum Result { LOGGED, UNRESOLVED, HELD, QUARANTINED, DUPLICATE, NEVER_LOGGED }

    /** The outcome, for the receipt, the logs and the tests. */
    public record Outcome(Result result, String id, String reason) {
    }

    /** Opens the raw mail (a fresh stream each time; the mail is streamed, never held whole). */
    @FunctionalInterface
    public interface RawMail {
        InputStream open() throws IOException;
    }

    private final InteractionStore interactions;
    private final FollowUpStore followUps;
    private final ContactStore contacts;
    private final AccountStore accounts;
    private final MemberStore members;
    private final Receipts receipts;
    private final Clock clock;
    private final Ids ids;
    private final String inboundAddress;
    private final MailFiles files;
    private final SettingsStore settings;
    private final MailParser parser = new MailParser(MailParser.DEFAULT_MAX_TEXT_CHARS);
    private final ForwardParser forwards = new ForwardParser();
    private HeldMailService held;

    public InboundMailService(InteractionStore interactions, FollowUpStore followUps, ContactStore contacts,
                              AccountStore accounts, MemberStore members, Receipts receipts, Clock clock, Ids ids,
                              String inboundAddress, MailFiles files, SettingsStore settings) {
        this.files = files;
        this.settings = settings;
        this.interactions = interactions;
        this.followUps = followUps;
        this.contacts = contacts;
        this.accounts = accounts;
        this.members = members;
        this.receipts = receipts;
        this.clock = clock;
        this.ids = ids;
        this.inboundAddress = EmailAddress.normalize(inboundAddress);
    }

    /** The quarantine reason of mail a machine sent (Auto-Submitted, Precedence, X-Autoreply, an empty Return-Path, a report). */
    public static final String AUTOMATIC = "automatic: an auto-reply, bounce, report or list mail";
    /** The quarantine reason of a mail only between members (and aliases), without a plus address: nothing to log. */
    public static final String INTERNAL = "internal: a mail only between members of the team, without anybody outside or a plus address";

    public Outcome process(InboundDelivery delivery, RawMail raw) {
        return process(delivery, raw, false);
    }

    /** A held mail its member confirmed: decided as if SES had verified its sender (see {@link HeldMailService}). */
    Outcome processConfirmed(InboundDelivery delivery, RawMail raw) {
        return process(delivery, raw, true);
    }

    /** Held mails, wired in once both services exist (each needs the other). */
    public void useHeldMails(HeldMailService held) {
        this.held = held;
    }

    private Outcome process(InboundDelivery delivery, RawMail raw, boolean senderConfirmed) {
        List<String> markers = new ArrayList<>();
        markers.add(InteractionStore.marker("SES", delivery.sesMessageId()));

        if (!delivery.recipients().isEmpty() && delivery.recipients().stream().map(EmailAddress::normalize).noneMatch(this::isInbound)) {
            // the receipt rule takes the whole domain, so that plus addresses arrive; other addresses are not the CRM's
            return quarantine(delivery, markers, "the mail was not addressed to the CRM's inbound address", null, null);
        }
        String failedCheck = delivery.failedCheck();
        if (failedCheck != null) {
            return quarantine(delivery, markers, failedCheck, null, null);
        }
        ParsedMail mail;
        try {
            mail = parse(raw, null);
        } catch (MailParseException e) {
            return quarantine(delivery, markers, Text.cutChars("the mail could not be read: " + e.getMessage(), Limits.SUBJECT), null, null);
        }
        String from = mail.from() == null ? null : mail.from().email();
        if (mail.automated()) {
            // out-of-office replies, bounces, list mail: never a conversation, and never answered with a receipt
            return quarantine(delivery, markers, AUTOMATIC, from, mail.subject());
        }
        if (from == null) {
            return quarantine(delivery, markers, "the mail names no sender (From)", null, mail.subject());
        }
        Settings team = settings.current();
        // a team address (info@) sends in the name of the member the settings name for it
        Member member = members.byAddress(from).or(() -> team.teamAddressMember(from).flatMap(members::byId)).orElse(null);
        if (member == null || !member.active()) {
            return quarantine(delivery, markers, "the sender " + from + " is not an active member of the team", from, mail.subject());
        }
        if (!senderConfirmed && !delivery.senderVerified()) {
            // anybody can write a member's address into From: without DMARC PASS the member decides
            return held.hold(delivery, List.of(InteractionStore.marker("HELD", delivery.sesMessageId())), member, from, mail.subject());
        }
        if (mail.messageId() != null) {
            markers.add(InteractionStore.marker("MSG", member.id(), mail.messageId()));
        }
        if (onlyBetweenMembers(delivery, mail)) {
            Outcome internal = quarantine(delivery, markers, INTERNAL, from, mail.subject());
            if (internal.result() == Result.QUARANTINED) {
                receipts.notLogged(member, mail.subject(), INTERNAL);
            }
            return internal;
        }
        if (hasAttachments(mail)) {
            if (interactions.seen(markers)) {
                return duplicate(markers, member);
            }
            mail = withKeptAttachments(raw, delivery);
        }

        NeverLogged neverLogged = new NeverLogged();
        Interaction interaction = interaction(delivery, mail, member, null, team, neverLogged);
        if (neverLogged.leavesNoTrace(interaction)) {
            return forget(delivery, interaction);
        }
        List<MailAddress> visible = new ArrayList<>(mail.to());
        visible.addAll(mail.cc());
        FollowUp followUp = followUp(interaction, member, plusTags(delivery, visible));
        Instant unresolvedUntil = interaction.createdAt().plus(java.time.Duration.ofDays(team.retention().unresolvedDays()));
        List<String> withOriginal = new ArrayList<>(markers);
        if (interaction.email().originalKey() != null) {
            withOriginal.add(interaction.email().originalKey());
        }
        if (!interactions.createOnce(interaction, withOriginal, followUp, unresolvedUntil)) {
            Outcome joined = joinOrDuplicate(interaction, markers, member);
            if (joined != null) {
                return joined;
            }
            // the original's interaction is gone (discarded): this mail is logged anew, without the original's marker
            if (!interactions.createOnce(interaction, markers, followUp, unresolvedUntil)) {
                return duplicate(markers, member);
            }
        }
        if (interaction.direction() == Direction.INBOUND) {
            disarm(interaction);
        }
        receipts.logged(member, interaction);
        return new Outcome(interaction.unresolved() ? Result.UNRESOLVED : Result.LOGGED, interaction.id(), null);
    }

    /** The reason of a DUPLICATE whose member had logged the same original in another mail of theirs. */
    public static final String LOGGED_ALREADY = "logged by the same member already";

    /**
     * A mail whose logging found a marker: a repeat of this very delivery or message (DUPLICATE), the same
     * original this member logged already in another mail (DUPLICATE with the interaction's id and
     * {@link #LOGGED_ALREADY}; the receipt says so), or the same original another member logged already, which
     * then gains this member as a logger (one interaction, both as loggers; LOGGED with its id). Null when the
     * original's interaction is gone: the caller logs the mail on its own. Safe to repeat and to run twice at
     * once: the join and the markers are conditional.
     */
    private Outcome joinOrDuplicate(Interaction interaction, List<String> markers, Member member) {
        if (interactions.seen(markers)) {
            return duplicate(markers, member);
        }
        String originalKey = interaction.email().originalKey();
        Interaction existing = originalKey == null ? null : interactions.loggedAs(originalKey).flatMap(interactions::get).orElse(null);
        if (existing == null) {
            return null;
        }
        if (member.id().equals(existing.authorId())
                || (existing.email() != null && existing.email().alsoLoggedBy().contains(member.id()))) {
            // the member logged this original already (a BCC, then a forward of it; a forward sent twice): one
            // interaction; this mail's markers name it, so that a repeat of this delivery sends no second receipt
            if (interactions.markOnce(existing.id(), markers, clock.instant())) {
                receipts.loggedAlready(member, existing);
            }
            return new Outcome(Result.DUPLICATE, existing.id(), LOGGED_ALREADY);
        }
        if (!interactions.joinOnce(existing.id(), member.id(), markers, clock.instant())) {
            // the same member's other delivery joined a moment ago, or the mail was discarded meanwhile
            return new Outcome(Result.DUPLICATE, null, null);
        }
        receipts.logged(member, existing);
        return new Outcome(existing.unresolved() ? Result.UNRESOLVED : Result.LOGGED, existing.id(),
                "logged by another member already");
    }

    /**
     * A repeat of a delivery (or of a message) that was logged: nothing changes, unless the function died after the
     * mail's first transaction, before its follow-up writes (the timeline lines and waiting items of a mail to a
     * long list) were done; then this delivery finishes them and sends the receipt the first one did not.
     */
    private Outcome duplicate(List<String> markers, Member member) {
        Optional<Interaction> finished = interactions.finishInterrupted(markers);
        finished.ifPresent(interaction -> {
            if (interaction.direction() == Direction.INBOUND) {
                disarm(interaction);
            }
            receipts.logged(member, interaction);
        });
        return new Outcome(Result.DUPLICATE, finished.map(Interaction::id).orElse(null), null);
    }

    /**
     * Logs a quarantined mail as if the member had sent it (an admin's decision, e.g. a member who wrote from
     * a private address): the same decision as for a delivery, with the member as sender; the quarantined item
     * leaves in the same transaction. A second release finds the mail gone (404); DUPLICATE when the member had
     * logged the same message already (the quarantined item stays until it is deleted).
     */
    public Outcome release(QuarantinedMail quarantined, Member member, RawMail raw) {
        InboundDelivery delivery = new InboundDelivery(quarantined.sesMessageId(), quarantined.receivedAt(),
                quarantined.recipients(), null, null, null, quarantined.rawMailKey());
        ParsedMail mail;
        try {
            mail = parse(raw, null);
        } catch (MailParseException e) {
            throw app.integreat.crm.model.CrmException.of(app.integreat.crm.model.CrmException.Kind.CONFLICT,
                    "This mail cannot be read, so it cannot be logged; delete it instead.");
        }
        List<String> markers = new ArrayList<>();
        markers.add(InteractionStore.marker("RELEASE", quarantined.id()));
        if (mail.messageId() != null) {
            markers.add(InteractionStore.marker("MSG", member.id(), mail.messageId()));
        }
        if (hasAttachments(mail)) {
            mail = withKeptAttachments(raw, delivery);
        }
        String privateAddress = mail.from() == null ? null : mail.from().email();
        NeverLogged neverLogged = new NeverLogged();
        Interaction interaction = interaction(delivery, mail, member, privateAddress, settings.current(), neverLogged);
        if (neverLogged.leavesNoTrace(interaction)) {
            throw app.integreat.crm.model.CrmException.of(app.integreat.crm.model.CrmException.Kind.CONFLICT,
                    "Everybody outside the team in this mail is on the never-log list, so it is not logged; delete it instead.");
        }
        if (!interactions.releaseOnce(interaction, markers, quarantined)) {
            return new Outcome(Result.DUPLICATE, null, null);
        }
        return new Outcome(interaction.unresolved() ? Result.UNRESOLVED : Result.LOGGED, interaction.id(), null);
    }

    /** The second pass over a mail about to be logged: its attachments streamed into the bucket. */
    private ParsedMail withKeptAttachments(RawMail raw, InboundDelivery delivery) {
        try {
            return parse(raw, new AttachmentKeeper(files, delivery.sesMessageId()));
        } catch (MailParseException e) {
            // it parsed a moment ago: the same bytes cannot fail now but by a reading failure
            throw new UncheckedIOException(new IOException("the raw mail could not be read again", e));
        }
    }

    /** Parses the raw mail; a failure of S3 (not of the mail) is thrown unchecked, so that Lambda retries. */
    private ParsedMail parse(RawMail raw, app.integreat.crm.mail.AttachmentSink sink) throws MailParseException {
        try (SourceStream in = new SourceStream(raw.open())) {
            try {
                return parser.parse(in, sink);
            } catch (MailParseException e) {
                if (in.failure != null) {
                    // S3 broke off, the mail itself may be fine: fail, so that Lambda retries
                    throw in.failure;
                }
                throw e;
            }
        } catch (IOException e) {
            // S3 could not be read: fail, so that Lambda retries and finally hands the event to the failure destination
            throw new UncheckedIOException("reading the raw mail failed", e);
        }
    }

    private static boolean hasAttachments(ParsedMail mail) {
        return !mail.attachments().isEmpty() || mail.attachedMessages().stream().anyMatch(InboundMailService::hasAttachments);
    }

    /** Every attachment of the mail and of the messages attached to it, in the order of the parts. */
    private static List<AttachmentInfo> allAttachments(ParsedMail mail) {
        List<AttachmentInfo> all = new ArrayList<>(mail.attachments());
        mail.attachedMessages().forEach(attached -> all.addAll(allAttachments(attached)));
        all.sort(java.util.Comparator.comparingInt(AttachmentInfo::index));
        return all;
    }

    /** Plus addresses that set the follow-up of one mail: crm+nofollowup@… (none) and crm+3d@… (3 days). */
    static final String NO_FOLLOW_UP_TAG = "NOFOLLOWUP";

    /** The days a plus tag such as "3D" asks for (0 to 365), or null when the tag is something else. */
    static Integer followUpDaysTag(String tag) {
        if (tag.length() < 2 || tag.length() > 4 || tag.charAt(tag.length() - 1) != 'D') {
            return null;
        }
        int days = 0;
        for (int i = 0; i < tag.length() - 1; i++) {
            char c = tag.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            days = days * 10 + (c - '0');
        }
        return days <= Member.MAX_FOLLOW_UP_DAYS ? days : null;
    }

    /**
     * The follow-up an outbound mail to people outside arms for its sender, or null: after the
     * member's followUpDays (or the plus address's) without an answer, the reminder run gives them a task.
     */
    FollowUp followUp(Interaction interaction, Member member, Set<String> tags) {
        if (interaction.type() != InteractionType.EMAIL || interaction.direction() != Direction.OUTBOUND
                || interaction.participants().isEmpty()) {
            return null;
        }
        int days = member.followUpDays();
        for (String tag : tags) {
            Integer asked = followUpDaysTag(tag);
            if (tag.equals(NO_FOLLOW_UP_TAG)) {
                return null;
            } else if (asked != null) {
                days = asked;
            }
        }
        if (days <= 0) {
            return null;
        }
        // the follow-up and its copies join the mail's first transaction (at most 100 actions): 3 markers (the SES
        // delivery, the Message-ID, the original's), the interaction and its body, the HTML, the thread item, the copies
        // to and from the conversation's newest mails, the subject's search items and the pending-lines item come first;
        // the timeline lines and waiting items fill what is left, and the rest follows in follow-up transactions
        int used = 5 + 2 + 2 * InteractionStore.THREAD_COPIES + InteractionStore.SUBJECT_WORDS + 1;
        int room = Math.min(FollowUp.MAX_WATCHED, TRANSACTION_ACTIONS - used - 1);
        // watched: contacts first, then accounts, then unknown addresses, within the bound
        List<String> watchedContacts = interaction.contactIds().stream().limit(room).toList();
        List<String> watchedAccounts = interaction.accountIds().stream().limit(room - watchedContacts.size()).toList();
        List<String> watchedAddresses = interaction.unknownAddresses().stream()
                .limit(room - watchedContacts.size() - watchedAccounts.size()).toList();
        java.time.LocalDate due = ReminderService.berlinDate(clock.instant()).plusDays(days);
        return new FollowUp(interaction.id(), member.id(), interaction.subject(), interaction.occurredAt(), due,
                FollowUp.State.ARMED, watchedContacts, watchedAccounts, interaction.opportunityIds(), watchedAddresses,
                null, null);
    }

    /**
     * An inbound mail answers the armed follow-ups that wait for its sender: the sender's contact, the
     * accounts the sender's address linked (so another contact of the same account answers too), or
     * the sender's address (also when it became a contact after the mail was sent). At most three Queries.
     */
    private void disarm(Interaction inbound) {
        Participant sender = inbound.participants().stream().filter(p -> "FROM".equals(p.role())).findFirst().orElse(null);
        if (sender == null) {
            return;
        }
        List<FollowUp> candidates = new ArrayList<>(followUps.awaiting("EMAIL", sender.email()));
        if (sender.contactId() != null) {
            candidates.addAll(followUps.awaiting("CONTACT", sender.contactId()));
        }
        inbound.links().stream().filter(link -> link.accountId() != null && sender.email().equals(link.address()))
                .map(Link::accountId).distinct().limit(1)
                .forEach(accountId -> candidates.addAll(followUps.awaiting("ACCOUNT", accountId)));
        Set<String> done = new LinkedHashSet<>();
        for (FollowUp followUp : candidates) {
            // an answer is newer than the mail it answers (a forwarded old mail answers nothing)
            if (done.add(followUp.interactionId()) && !inbound.occurredAt().isBefore(followUp.sentAt())) {
                followUps.answer(followUp, inbound.id());
            }
        }
    }

    private Outcome quarantine(InboundDelivery delivery, List<String> markers, String reason, String from, String subject) {
        QuarantinedMail mail = new QuarantinedMail(ids.next(), Text.cutChars(reason, Limits.SUBJECT),
                from == null ? null : Text.cutChars(from, Limits.NAME), subject == null ? null : Text.cutChars(subject, Limits.SUBJECT),
                delivery.sesMessageId(),
                delivery.rawMailKey(), delivery.receivedAt() == null ? clock.instant() : delivery.receivedAt(),
                delivery.recipients().stream().limit(LISTED_RECIPIENTS).map(r -> Text.cutChars(r, Limits.NAME)).toList());
        java.time.Duration keptFor = java.time.Duration.ofDays(settings.current().retention().quarantineDays());
        if (!interactions.quarantineOnce(mail, markers, keptFor)) {
            return new Outcome(Result.DUPLICATE, null, reason);
        }
        return new Outcome(Result.QUARANTINED, mail.id(), reason);
    }

    /** Decides BCC or forward, finds the counterparts and matches them to contacts and accounts. */
    Interaction interaction(InboundDelivery delivery, ParsedMail mail, Member member) {
        return interaction(delivery, mail, member, null, settings.current(), new NeverLogged());
    }

    /**
     * The never-log addresses a mail named and were left out of it. A mail none of whose outside people is left
     * leaves no trace at all.
     */
    static final class NeverLogged {
        final Set<String> dropped = new LinkedHashSet<>();

        boolean leavesNoTrace(Interaction interaction) {
            return !dropped.isEmpty() && interaction.participants().isEmpty();
        }

        /** What stands for a masked address. */
        static final String MASK = "***";

        /**
         * The text with every dropped address replaced by {@link #MASK}, ignoring case. Work is bounded: at most
         * {@link #MAX_COUNTERPARTS} addresses of at most 254 characters, each searched once through the text.
         */
        String mask(String text) {
            if (text == null || dropped.isEmpty()) {
                return text;
            }
            // per-char lower case keeps the indexes of the original text
            char[] lower = text.toCharArray();
            for (int i = 0; i < lower.length; i++) {
                lower[i] = Character.toLowerCase(lower[i]);
            }
            String folded = new String(lower);
            boolean[] masked = new boolean[text.length()];
            boolean any = false;
            for (String address : dropped.stream().limit(MAX_COUNTERPARTS).toList()) {
                for (int at = folded.indexOf(address); at >= 0; at = folded.indexOf(address, at + address.length())) {
                    java.util.Arrays.fill(masked, at, at + address.length(), true);
                    any = true;
                }
            }
            if (!any) {
                return text;
            }
            StringBuilder out = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                if (!masked[i]) {
                    out.append(text.charAt(i));
                } else if (i == 0 || !masked[i - 1]) {
                    out.append(MASK);
                }
            }
            return out.toString();
        }
    }

    /**
     * Forgets a mail whose only outside people are on the never-log list: its raw mail and the attachments kept
     * a moment ago are deleted, and only the count goes up. No marker is written (it would be a trace); a repeated
     * delivery finds no raw mail to read.
     */
    private Outcome forget(InboundDelivery delivery, Interaction interaction) {
        List<String> keys = new ArrayList<>();
        if (delivery.rawMailKey() != null) {
            keys.add(delivery.rawMailKey());
        }
        interaction.attachments().stream().map(Interaction.Attachment::key).filter(java.util.Objects::nonNull).forEach(keys::add);
        files.delete(keys);
        settings.countNeverLogged();
        return new Outcome(Result.NEVER_LOGGED, null, null);
    }

    /**
     * {@code alsoMember}: another address that counts as the member's (the From of a released mail), or null.
     * Team addresses count as the team's; never-log addresses are left out (collected in {@code neverLogged})
     * and masked where the stored text names them.
     */
    private Interaction interaction(InboundDelivery delivery, ParsedMail mail, Member member, String alsoMember,
                                    Settings team, NeverLogged neverLogged) {
        Instant now = clock.instant();
        // one GetItem per address and mail: a recipient is asked about in several places below
        Map<String, Boolean> memberships = new java.util.HashMap<>();
        memberships.put(member.email(), true);
        if (alsoMember != null) {
            memberships.put(alsoMember, true);
        }
        java.util.function.Predicate<String> isMember = email -> memberships.computeIfAbsent(email,
                address -> team.teamAddressMember(address).isPresent() || members.byAddress(address).isPresent());
        java.util.function.Predicate<String> isNeverLogged = email -> {
            if (team.neverLog().covers(email) && !isMember.test(email)) {
                neverLogged.dropped.add(email);
                return true;
            }
            return false;
        };
        Map<String, Participant> counterparts = new LinkedHashMap<>();
        List<MailAddress> visibleRecipients = new ArrayList<>(mail.to());
        visibleRecipients.addAll(mail.cc());
        List<MailAddress> outsideRecipients = visibleRecipients.stream()
                .filter(a -> a.email() != null && !isInbound(a.email()) && !isMember.test(a.email())).toList();

        Direction direction = Direction.OUTBOUND;
        Instant occurredAt = mail.date();
        String subject = mail.subject();
        String body = mail.text();
        boolean truncated = mail.bodyTruncated();
        List<AttachmentInfo> attachments = allAttachments(mail);
        String note = null;
        ParsedMail conversation = mail;
        // with people outside among the recipients the mail is the member's own (its quote is the thread, not a
        // forward); with nobody outside it can only be a forward, whatever its subject says
        List<ForwardedMessage> chain = outsideRecipients.isEmpty()
                ? forwards.chain(mail, true, Interaction.MAX_FORWARD_CHAIN) : List.of();
        int originalIndex = MailMeaning.originalIndex(chain, email -> isInbound(email) || isMember.test(email));
        Optional<ForwardedMessage> original = chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(originalIndex));
        if (original.isPresent()) {
            // a forward: the conversation is the original message's
            ForwardedMessage forwarded = original.get();
            add(counterparts, forwarded.from(), "FROM", isMember, isNeverLogged);
            forwarded.to().forEach(a -> add(counterparts, a, "TO", isMember, isNeverLogged));
            forwarded.cc().forEach(a -> add(counterparts, a, "CC", isMember, isNeverLogged));
            String originalSender = forwarded.from() == null ? null : forwarded.from().email();
            direction = originalSender != null && (isMember.test(originalSender) || isInbound(originalSender))
                    ? Direction.OUTBOUND : Direction.INBOUND;
            occurredAt = forwarded.date() != null ? forwarded.date() : occurredAt;
            subject = forwarded.subject() != null ? forwarded.subject() : subject;
            body = forwarded.body() != null ? forwarded.body() : body;
            // the note is what the member wrote above the outermost forwarded block
            String forwarderNote = chain.get(0).note();
            note = forwarderNote == null ? null : Text.cutChars(forwarderNote, Limits.FORWARD_NOTE);
            conversation = MailMeaning.carrierOf(mail, chain, originalIndex);
        } else {
            // a BCC (or a mail to the inbound address alone): the counterparts are the visible recipients
            mail.to().forEach(a -> add(counterparts, a, "TO", isMember, isNeverLogged));
            mail.cc().forEach(a -> add(counterparts, a, "CC", isMember, isNeverLogged));
        }

        List<Link> links = new ArrayList<>();
        List<Participant> participants = new ArrayList<>();
        // the plus addresses first: the member asked for these records, and the counterparts below stop where the
        // item's room ends (a mail to a very long list with three Split opportunities keeps all of them)
        for (String tag : plusTags(delivery, visibleRecipients).stream()
                .filter(tag -> !tag.equals(NO_FOLLOW_UP_TAG) && followUpDaysTag(tag) == null).limit(3).toList()) {
            if (Ids.looksLikeId(tag) && accounts.exists(tag)) {
                addLink(links, Link.account(tag, LinkReason.PLUS_ADDRESS, null));
            } else if (Ids.looksLikeId(tag)) {
                // a mail about an opportunity belongs on its municipalities' timelines too
                interactions.opportunityAccounts(tag).ifPresent(accountIds -> {
                    addLink(links, Link.opportunity(tag, LinkReason.PLUS_ADDRESS, null));
                    accountIds.forEach(accountId -> addLink(links, Link.account(accountId, LinkReason.PLUS_ADDRESS, null)));
                });
            }
        }

        // a never-logged address named in the text (a quoted header, a signature) is masked there too
        body = neverLogged.mask(body);
        note = neverLogged.mask(note);
        subject = neverLogged.mask(subject);
        if (links.size() > MAX_LINKS) {
            // opportunities with very many municipalities: the first ones
            links.subList(MAX_LINKS, links.size()).clear();
        }
        DomainAccounts domains = new DomainAccounts(accounts);
        int bytes = links.stream().mapToInt(InboundMailService::itemBytes).sum();
        for (Participant counterpart : counterparts.values()) {
            if (participants.size() >= MAX_COUNTERPARTS) {
                break;
            }
            int linked = links.size();
            Participant matched = match(counterpart, links, domains);
            int more = itemBytes(matched) + links.subList(linked, links.size()).stream().mapToInt(InboundMailService::itemBytes).sum();
            if (links.size() > MAX_LINKS || bytes + more > PARTICIPANT_BYTES) {
                // a mail to a very long list: the first counterparts are kept, the raw mail has them all
                links.subList(linked, links.size()).clear();
                break;
            }
            bytes += more;
            participants.add(matched);
        }
        String storedBody = Text.cutToUtf8Bytes(body, Limits.MAIL_BODY_BYTES);
        truncated |= storedBody.length() < body.length();
        String displaySubject = subject == null ? null : Subjects.display(subject);

        // the HTML of the conversation's message: the attached original's, else the mail's own
        Map<String, Integer> contentIds = new java.util.HashMap<>();
        attachments.forEach(a -> {
            if (a.contentId() != null && a.reference() != null) {
                contentIds.putIfAbsent(a.contentId(), a.index());
            }
        });
        String html = null;
        String htmlNotKept = null;
        Set<String> shown = Set.of();
        String rawHtml = conversation.html() != null ? conversation.html() : mail.html();
        if (rawHtml != null) {
            SafeHtml.Result safe = SafeHtml.clean(rawHtml, contentIds);
            shown = safe.referencedContentIds();
            if (safe.html().getBytes(StandardCharsets.UTF_8).length > Limits.MAIL_HTML_BYTES) {
                htmlNotKept = "the HTML body is larger than " + Limits.MAIL_HTML_BYTES / 1000 + " KB; the text is shown";
            } else {
                html = neverLogged.mask(safe.html());
            }
        }
        Set<String> inlineIds = shown;
        List<Interaction.Attachment> files = attachments.stream().limit(Limits.ATTACHMENTS_LISTED).map(a -> new Interaction.Attachment(
                a.index() < 0 ? 0 : a.index(),
                a.filename() == null ? null : Text.cutChars(a.filename(), Limits.NAME),
                a.mimeType() == null ? null : Text.cutChars(a.mimeType(), Limits.NAME), a.sizeBytes(), a.sha256(),
                (a.contentId() != null && inlineIds.contains(a.contentId()))
                        || (a.inline() && a.mimeType() != null && a.mimeType().startsWith("image/")),
                a.reference(), a.notKeptReason())).toList();
        MailMeaning.Dated dated = MailMeaning.dated(occurredAt, delivery.receivedAt() != null ? delivery.receivedAt() : now);
        // the original's own Message-ID: the mail's (a BCC), the attached original's, none for a block in the text
        String originalMessageId = original.isEmpty() ? mail.messageId() : conversation != mail ? conversation.messageId() : null;
        String originalSender = original.isEmpty() ? (mail.from() == null ? null : mail.from().email())
                : original.get().from() == null ? null : original.get().from().email();
        String originalKey = MailMeaning.originalKey(originalMessageId, originalSender, occurredAt, subject, body);
        Interaction.Email email = new Interaction.Email(note, html, htmlNotKept, threadKey(conversation),
                Text.cutChars(storedBody.strip(), Limits.PREVIEW), List.of(), dated.claimedDate(), MailMeaning.steps(chain, originalIndex),
                originalKey, List.of());
        return new Interaction(ids.next(), InteractionType.EMAIL, direction, dated.occurredAt(),
                displaySubject == null ? null : Text.cutChars(displaySubject, Limits.SUBJECT), null, null, null,
                storedBody, truncated, links, participants, files,
                member.id(), mail.messageId() == null ? null : Text.cutChars(mail.messageId(), Limits.MESSAGE_ID),
                delivery.rawMailKey(), links.isEmpty(), now, now, 1, email, null);
    }

    /**
     * The conversation a message belongs to: its first References id (the thread's first message), else the
     * message it answers, else its own id; hashed, since message ids can be long. Null when it names none.
     */
    static String threadKey(ParsedMail mail) {
        String root = !mail.references().isEmpty() ? mail.references().get(0)
                : mail.inReplyTo() != null ? mail.inReplyTo() : mail.messageId();
        if (root == null || root.isBlank()) {
            return null;
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(root.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Participant match(Participant counterpart, List<Link> links, DomainAccounts domains) {
        Optional<Contact> contact = contacts.byEmail(counterpart.email());
        if (contact.isPresent()) {
            addLink(links, Link.contact(contact.get().id(), LinkReason.CONTACT_ADDRESS, counterpart.email()));
            if (contact.get().accountId() != null) {
                addLink(links, Link.account(contact.get().accountId(), LinkReason.CONTACT_ACCOUNT, counterpart.email()));
            }
            return new Participant(counterpart.email(), counterpart.name(), counterpart.role(), contact.get().id(), null);
        }
        String domain = EmailAddress.domainOf(counterpart.email());
        if (domain != null) {
            Optional<String> account = domains.accountOf(domain);
            if (account.isPresent()) {
                addLink(links, Link.account(account.get(), LinkReason.ACCOUNT_DOMAIN, counterpart.email()));
                return new Participant(counterpart.email(), counterpart.name(), counterpart.role(), null, account.get());
            }
        }
        return counterpart;
    }

    /** About what a participant takes in the interaction item: attribute names and UTF-8 values, and some overhead. */
    static int itemBytes(Participant p) {
        return 16 + bytes("email", p.email()) + bytes("name", p.name()) + bytes("role", p.role())
                + bytes("contactId", p.contactId()) + bytes("suggestedAccountId", p.suggestedAccountId());
    }

    static int itemBytes(Link link) {
        return 16 + bytes("contactId", link.contactId()) + bytes("accountId", link.accountId())
                + bytes("opportunityId", link.opportunityId()) + bytes("reason", link.reason().name()) + bytes("address", link.address());
    }

    private static int bytes(String name, String value) {
        return value == null ? 0 : 4 + name.length() + value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void addLink(List<Link> links, Link link) {
        if (links.stream().noneMatch(link::sameRecordAs)) {
            links.add(link);
        }
    }

    private void add(Map<String, Participant> counterparts, MailAddress address, String role,
                     java.util.function.Predicate<String> isMember, java.util.function.Predicate<String> isNeverLogged) {
        if (address == null || address.email() == null || isInbound(address.email()) || isMember.test(address.email())
                || isNeverLogged.test(address.email())) {
            return;
        }
        String name = address.name() == null ? null : Text.cutChars(address.name(), Limits.NAME);
        counterparts.putIfAbsent(address.email(), new Participant(address.email(), name, role, null, null));
    }

    /**
     * Whether the mail names people (To, Cc, or the forwarded original's From, To, Cc) and every one of them is a
     * member, and no plus address asks for a record: a conversation inside the team, nothing to log. Stops at the
     * first address outside (one GetItem for most mails); a mail naming more than {@link #INTERNAL_MAIL_ADDRESSES} is not asked about.
     */
    private boolean onlyBetweenMembers(InboundDelivery delivery, ParsedMail mail) {
        List<MailAddress> visible = new ArrayList<>(mail.to());
        visible.addAll(mail.cc());
        if (visible.size() > INTERNAL_MAIL_ADDRESSES
                || plusTags(delivery, visible).stream().anyMatch(tag -> !tag.equals(NO_FOLLOW_UP_TAG) && followUpDaysTag(tag) == null)) {
            return false;
        }
        Set<String> asked = new java.util.HashSet<>();
        java.util.function.Predicate<MailAddress> outside = a -> a != null && a.email() != null && !isInbound(a.email())
                && asked.add(a.email()) && members.byAddress(a.email()).isEmpty();
        if (visible.stream().anyMatch(outside)) {
            return false;
        }
        // a forward (the CRM its only outside recipient, so read as one): every message of its chain counts, since
        // a colleague's forward forwarded again names members only at its outer levels
        for (ForwardedMessage forwarded : forwards.chain(mail, true, Interaction.MAX_FORWARD_CHAIN)) {
            List<MailAddress> named = new ArrayList<>(forwarded.to());
            named.addAll(forwarded.cc());
            named.add(0, forwarded.from());
            if (named.size() > INTERNAL_MAIL_ADDRESSES || named.stream().anyMatch(outside)) {
                return false;
            }
        }
        return !asked.isEmpty();
    }

    /** The inbound address itself, or its plus form (crm+&lt;id&gt;@…). */
    boolean isInbound(String email) {
        return email != null && inboundAddress != null && (email.equals(inboundAddress) || plusTag(email) != null);
    }

    private String plusTag(String email) {
        int at = inboundAddress.indexOf('@');
        String local = inboundAddress.substring(0, at);
        String domain = inboundAddress.substring(at);
        if (!email.endsWith(domain) || !email.startsWith(local + "+")) {
            return null;
        }
        String tag = email.substring(local.length() + 1, email.length() - domain.length());
        return tag.isEmpty() ? null : tag;
    }

    /** Tags of inbound+tag@ addresses among the envelope and the visible recipients (ids are upper case). */
    private Set<String> plusTags(InboundDelivery delivery, List<MailAddress> visible) {
        Set<String> tags = new LinkedHashSet<>();
        List<String> addresses = new ArrayList<>();
        delivery.recipients().forEach(r -> addresses.add(EmailAddress.normalize(r)));
        visible.forEach(a -> addresses.add(a.email()));
        for (String address : addresses) {
            String tag = address == null || inboundAddress == null ? null : plusTag(address);
            if (tag != null) {
                tags.add(tag.toUpperCase(java.util.Locale.ROOT));
            }
        }
        return tags;
    }

    /** The raw mail's stream, remembering whether reading it failed (as opposed to the mail being malformed). */
    private static final class SourceStream extends java.io.FilterInputStream {
        IOException failure;

        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** Small text helpers for what goes into items. */
    static final class Text {
        private Text() {
        }

        static String cutChars(String text, int max) {
            return text.length() <= max ? text : text.substring(0, max);
        }

        /** The longest prefix whose UTF-8 form fits {@code maxBytes}, never splitting a surrogate pair. */
        static String cutToUtf8Bytes(String text, int maxBytes) {
            if (text.length() * 3L <= maxBytes || text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
                return text;
            }
            int bytes = 0;
            int i = 0;
            while (i < text.length()) {
                int codePoint = text.codePointAt(i);
                int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
                if (bytes + size > maxBytes) {
                    break;
                }
                bytes += size;
                i += Character.charCount(codePoint);
            }
            return text.substring(0, i);
        }
    }
}
