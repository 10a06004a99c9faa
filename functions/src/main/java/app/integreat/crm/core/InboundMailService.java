package app.integreat.crm.core;

import app.integreat.crm.model.Contact;
import app.integreat.crm.model.Direction;
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
import app.integreat.crm.mail.Subjects;
import app.integreat.crm.store.AccountStore;
import app.integreat.crm.store.ContactStore;
import app.integreat.crm.store.InteractionStore;
import app.integreat.crm.store.MemberStore;
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
    /** Counterparts kept per mail; a mail to a whole mailing list is not a conversation with each. */
    static final int MAX_COUNTERPARTS = 50;
    /**
     * Linked records plus unknown addresses of one mail: each costs one action (a timeline line or a
     * waiting item) in the mail's transaction, which DynamoDB caps at 100 actions.
     */
    static final int MAX_LINES = 75;

    /** How a delivery ended. */
    public enum Result { LOGGED, UNRESOLVED, QUARANTINED, DUPLICATE }

    /** The outcome, for the receipt, the logs and the tests. */
    public record Outcome(Result result, String id, String reason) {
    }

    /** Opens the raw mail (a fresh stream each time; the mail is streamed, never held whole). */
    @FunctionalInterface
    public interface RawMail {
        InputStream open() throws IOException;
    }

    private final InteractionStore interactions;
    private final ContactStore contacts;
    private final AccountStore accounts;
    private final MemberStore members;
    private final Receipts receipts;
    private final Clock clock;
    private final Ids ids;
    private final String inboundAddress;
    private final MailParser parser = new MailParser(MailParser.DEFAULT_MAX_TEXT_CHARS);
    private final ForwardParser forwards = new ForwardParser();

    public InboundMailService(InteractionStore interactions, ContactStore contacts, AccountStore accounts,
                              MemberStore members, Receipts receipts, Clock clock, Ids ids, String inboundAddress) {
        this.interactions = interactions;
        this.contacts = contacts;
        this.accounts = accounts;
        this.members = members;
        this.receipts = receipts;
        this.clock = clock;
        this.ids = ids;
        this.inboundAddress = EmailAddress.normalize(inboundAddress);
    }

    public Outcome process(InboundDelivery delivery, RawMail raw) {
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
        try (SourceStream in = new SourceStream(raw.open())) {
            try {
                mail = parser.parse(in);
            } catch (MailParseException e) {
                if (in.failure != null) {
                    // S3 broke off, the mail itself may be fine: fail, so that Lambda retries
                    throw in.failure;
                }
                return quarantine(delivery, markers, Text.cutChars("the mail could not be read: " + e.getMessage(), Limits.SUBJECT), null, null);
            }
        } catch (IOException e) {
            // S3 could not be read: fail, so that Lambda retries and finally hands the event to the failure destination
            throw new UncheckedIOException("reading the raw mail failed", e);
        }
        String from = mail.from() == null ? null : mail.from().email();
        if (from == null) {
            return quarantine(delivery, markers, "the mail names no sender (From)", null, mail.subject());
        }
        Member member = members.byEmail(from).orElse(null);
        if (member == null || !member.active()) {
            return quarantine(delivery, markers, "the sender " + from + " is not an active member of the team", from, mail.subject());
        }
        if (mail.messageId() != null) {
            markers.add(InteractionStore.marker("MSG", member.id(), mail.messageId()));
        }

        Interaction interaction = interaction(delivery, mail, member);
        if (!interactions.createOnce(interaction, markers)) {
            return new Outcome(Result.DUPLICATE, null, null);
        }
        receipts.logged(member, interaction);
        return new Outcome(interaction.unresolved() ? Result.UNRESOLVED : Result.LOGGED, interaction.id(), null);
    }

    private Outcome quarantine(InboundDelivery delivery, List<String> markers, String reason, String from, String subject) {
        QuarantinedMail mail = new QuarantinedMail(ids.next(), Text.cutChars(reason, Limits.SUBJECT),
                from == null ? null : Text.cutChars(from, Limits.NAME), subject == null ? null : Text.cutChars(subject, Limits.SUBJECT),
                delivery.sesMessageId(),
                delivery.rawMailKey(), delivery.receivedAt() == null ? clock.instant() : delivery.receivedAt());
        if (!interactions.quarantineOnce(mail, markers)) {
            return new Outcome(Result.DUPLICATE, null, reason);
        }
        return new Outcome(Result.QUARANTINED, mail.id(), reason);
    }

    /** Decides BCC or forward, finds the counterparts and matches them to contacts and accounts. */
    Interaction interaction(InboundDelivery delivery, ParsedMail mail, Member member) {
        Instant now = clock.instant();
        // one GetItem per address and mail: a recipient is asked about in several places below
        Map<String, Boolean> memberships = new java.util.HashMap<>();
        memberships.put(member.email(), true);
        java.util.function.Predicate<String> isMember = email -> memberships.computeIfAbsent(email,
                address -> members.byEmail(address).isPresent());
        Map<String, Participant> counterparts = new LinkedHashMap<>();
        List<MailAddress> visibleRecipients = new ArrayList<>(mail.to());
        visibleRecipients.addAll(mail.cc());
        boolean inboundVisible = visibleRecipients.stream().anyMatch(a -> isInbound(a.email()));
        List<MailAddress> outsideRecipients = visibleRecipients.stream()
                .filter(a -> a.email() != null && !isInbound(a.email()) && !isMember.test(a.email())).toList();

        Direction direction = Direction.OUTBOUND;
        Instant occurredAt = mail.date();
        String subject = mail.subject();
        String body = mail.text();
        boolean truncated = mail.bodyTruncated();
        List<AttachmentInfo> attachments = new ArrayList<>(mail.attachments());
        Optional<ForwardedMessage> original = inboundVisible || outsideRecipients.isEmpty()
                ? forwards.find(mail) : Optional.empty();
        if (original.isPresent()) {
            // a forward: the conversation is the original message's
            ForwardedMessage forwarded = original.get();
            add(counterparts, forwarded.from(), "FROM", isMember);
            forwarded.to().forEach(a -> add(counterparts, a, "TO", isMember));
            forwarded.cc().forEach(a -> add(counterparts, a, "CC", isMember));
            String originalSender = forwarded.from() == null ? null : forwarded.from().email();
            direction = originalSender != null && (isMember.test(originalSender) || isInbound(originalSender))
                    ? Direction.OUTBOUND : Direction.INBOUND;
            occurredAt = forwarded.date() != null ? forwarded.date() : occurredAt;
            subject = forwarded.subject() != null ? forwarded.subject() : subject;
            body = forwarded.body() != null ? forwarded.body() : body;
        } else {
            // a BCC (or a mail to the inbound address alone): the counterparts are the visible recipients
            mail.to().forEach(a -> add(counterparts, a, "TO", isMember));
            mail.cc().forEach(a -> add(counterparts, a, "CC", isMember));
        }

        List<Link> links = new ArrayList<>();
        List<Participant> participants = new ArrayList<>();
        for (Participant counterpart : counterparts.values()) {
            List<Link> more = new ArrayList<>(links);
            Participant matched = match(counterpart, more);
            long unknown = participants.stream().filter(p -> p.contactId() == null).count() + (matched.contactId() == null ? 1 : 0);
            if (participants.size() >= MAX_COUNTERPARTS || more.size() + unknown > MAX_LINES) {
                // a mail to a long list: the first counterparts are kept, the raw mail has them all
                break;
            }
            links.clear();
            links.addAll(more);
            participants.add(matched);
        }
        for (String tag : plusTags(delivery, visibleRecipients).stream().limit(3).toList()) {
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

        String storedBody = Text.cutToUtf8Bytes(body, Limits.MAIL_BODY_BYTES);
        truncated |= storedBody.length() < body.length();
        String displaySubject = subject == null ? null : Subjects.display(subject);
        return new Interaction(ids.next(), InteractionType.EMAIL, direction,
                occurredAt != null ? occurredAt : delivery.receivedAt() != null ? delivery.receivedAt() : now,
                displaySubject == null ? null : Text.cutChars(displaySubject, Limits.SUBJECT), null, null, null,
                storedBody, truncated, links, participants,
                attachments.stream().limit(50).map(a -> new Interaction.Attachment(
                        a.filename() == null ? null : Text.cutChars(a.filename(), Limits.NAME),
                        a.mimeType() == null ? null : Text.cutChars(a.mimeType(), Limits.NAME), a.sizeBytes())).toList(),
                member.id(), mail.messageId(), delivery.rawMailKey(), links.isEmpty(), now, now, 1, null);
    }

    private Participant match(Participant counterpart, List<Link> links) {
        Optional<Contact> contact = contacts.byEmail(counterpart.email());
        if (contact.isPresent()) {
            addLink(links, Link.contact(contact.get().id(), LinkReason.CONTACT_ADDRESS, counterpart.email()));
            if (contact.get().accountId() != null) {
                addLink(links, Link.account(contact.get().accountId(), LinkReason.CONTACT_ACCOUNT, counterpart.email()));
            }
            return new Participant(counterpart.email(), counterpart.name(), counterpart.role(), contact.get().id(), null);
        }
        String domain = EmailAddress.domainOf(counterpart.email());
        if (domain != null && !FreeMailDomains.isFreeMail(domain)) {
            Optional<String> account = accounts.onlyAccountOfDomain(domain);
            if (account.isPresent()) {
                addLink(links, Link.account(account.get(), LinkReason.ACCOUNT_DOMAIN, counterpart.email()));
                return new Participant(counterpart.email(), counterpart.name(), counterpart.role(), null, account.get());
            }
        }
        return counterpart;
    }

    private static void addLink(List<Link> links, Link link) {
        if (links.stream().noneMatch(link::sameRecordAs)) {
            links.add(link);
        }
    }

    private void add(Map<String, Participant> counterparts, MailAddress address, String role,
                     java.util.function.Predicate<String> isMember) {
        if (address == null || address.email() == null || isInbound(address.email()) || isMember.test(address.email())) {
            return;
        }
        String name = address.name() == null ? null : Text.cutChars(address.name(), Limits.NAME);
        counterparts.putIfAbsent(address.email(), new Participant(address.email(), name, role, null, null));
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
