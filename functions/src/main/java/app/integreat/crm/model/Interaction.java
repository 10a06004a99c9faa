package app.integreat.crm.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A call, meeting, note or email, kept on the accounts and contacts it is linked to. An email whose
 * addresses matched nothing is {@code unresolved} (it waits in the unresolved inbox) until a member
 * assigns it or creates a contact for one of its addresses.
 *
 * @param body          the full text (email body or the note itself); stored apart from the record
 * @param bodyTruncated the body was cut to fit the table; the raw mail keeps all of it
 * @param links         why the interaction is on each contact, account and opportunity
 * @param participants  the email's counterparts, with the contact each one matched (null: unknown)
 * @param authorId      the member who logged or sent it; stays when the member is deactivated
 * @param rawMailKey    the S3 key of the raw mail, for emails that came in through SES
 * @param email         what only a received mail has (forwarder's note, sanitised HTML, thread); null otherwise
 * @param salesforceId  the Salesforce record it was imported from (a Task, Event, Note or EmailMessage), or null
 */
public record Interaction(String id, InteractionType type, Direction direction, Instant occurredAt, String subject,
                          String summary, String outcome, String nextSteps, String body, boolean bodyTruncated,
                          List<Link> links, List<Participant> participants, List<Attachment> attachments,
                          String authorId, String messageId, String rawMailKey, boolean unresolved,
                          Instant createdAt, Instant updatedAt, long version, Email email,
                          String salesforceId) {

    public Interaction {
        links = List.copyOf(links);
        participants = List.copyOf(participants);
        attachments = List.copyOf(attachments);
    }

    /** Why an interaction shows on a record, so that a wrong link can be seen and undone. */
    public enum LinkReason {
        /** A counterpart's address is one of the contact's addresses. */
        CONTACT_ADDRESS,
        /** The account of a linked contact. */
        CONTACT_ACCOUNT,
        /** An unknown counterpart's address is in the account's email domains. */
        ACCOUNT_DOMAIN,
        /** The mail was sent to inbound+&lt;id&gt;@… */
        PLUS_ADDRESS,
        /** A member chose the record when logging or assigning. */
        MANUAL
    }

    /** Exactly one of contactId, accountId and opportunityId is set. */
    public record Link(String contactId, String accountId, String opportunityId, LinkReason reason, String address) {
        public static Link contact(String contactId, LinkReason reason, String address) {
            return new Link(contactId, null, null, reason, address);
        }

        public static Link account(String accountId, LinkReason reason, String address) {
            return new Link(null, accountId, null, reason, address);
        }

        public static Link opportunity(String opportunityId, LinkReason reason, String address) {
            return new Link(null, null, opportunityId, reason, address);
        }

        /** Whether both links point at the same record (whatever the reason). */
        public boolean sameRecordAs(Link other) {
            return java.util.Objects.equals(contactId, other.contactId) && java.util.Objects.equals(accountId, other.accountId)
                    && java.util.Objects.equals(opportunityId, other.opportunityId);
        }
    }

    /**
     * A counterpart of an email. {@code suggestedAccountId} is set for an unknown address whose domain
     * belongs to one account: the page offers to create the contact there.
     */
    public record Participant(String email, String name, String role, String contactId, String suggestedAccountId) {
    }

    /**
     * A file of a received mail (also of a message attached to it), numbered from 0 in the order of the parts.
     *
     * @param inline        an image the HTML body shows (its Content-ID is referenced, or it is an inline image)
     * @param key           where its bytes are kept; null when they were not
     * @param notKeptReason why they were not kept (too large, too many); null when kept
     */
    public record Attachment(int n, String filename, String mimeType, long sizeBytes, String sha256, boolean inline,
                             String key, String notKeptReason) {
        public boolean kept() {
            return key != null;
        }
    }

    /**
     * What a received mail carries besides its text.
     *
     * @param note        what the forwarder wrote above the forwarded message; null when none
     * @param html        the HTML body, sanitised (see mail.SafeHtml); null when none or not kept
     * @param htmlNotKept why an HTML body is not kept (too large); null otherwise
     * @param threadKey   the conversation it belongs to (a hash of its first References id, else In-Reply-To,
     *                    else its own Message-ID); null when the mail names none
     * @param preview     the beginning of the text, for lists that do not read the body
     * @param thread      other interactions of the conversation, oldest first (as read; empty when new)
     */
    /**
     * @param claimedDate  the date the mail (or the forwarded original) claimed when it was implausible (more than
     *                     a day after receipt, or before 1990) and the receipt time was taken instead; else null
     * @param forwardChain a forward of forwards: every forwarded message from the outermost to the innermost (the
     *                     original is the innermost whose sender is outside the team); empty for other mail
     * @param originalKey  what identifies the original message across members (a hash of its Message-ID, else of
     *                     its sender, date, subject and text); null for mail logged before it existed
     * @param alsoLoggedBy members besides the author who logged the same original (a forward or BCC of their own)
     */
    public record Email(String note, String html, String htmlNotKept, String threadKey, String preview,
                        List<ThreadEntry> thread, Instant claimedDate, List<ForwardStep> forwardChain,
                        String originalKey, List<String> alsoLoggedBy) {
        public Email {
            thread = thread == null ? List.of() : List.copyOf(thread);
            forwardChain = forwardChain == null ? List.of() : List.copyOf(forwardChain);
            alsoLoggedBy = alsoLoggedBy == null ? List.of() : List.copyOf(alsoLoggedBy);
        }

        public Email(String note, String html, String htmlNotKept, String threadKey, String preview, List<ThreadEntry> thread) {
            this(note, html, htmlNotKept, threadKey, preview, thread, null, List.of(), null, List.of());
        }
    }

    /** Most forwarded messages a chain keeps (a forward of a forward of …). */
    public static final int MAX_FORWARD_CHAIN = 5;

    /** One message of a forward chain: who sent it, when (null when the block gave no readable date), about what. */
    public record ForwardStep(String fromEmail, String fromName, Instant date, String subject) {
    }

    /** Another interaction of the same conversation, as its thread item keeps it. */
    public record ThreadEntry(String id, String subject, Instant occurredAt, Direction direction, String authorId) {
    }

    public List<String> contactIds() {
        return links.stream().filter(link -> link.contactId() != null).map(Link::contactId).distinct().toList();
    }

    public List<String> accountIds() {
        return links.stream().filter(link -> link.accountId() != null).map(Link::accountId).distinct().toList();
    }

    public List<String> opportunityIds() {
        return links.stream().filter(link -> link.opportunityId() != null).map(Link::opportunityId).distinct().toList();
    }

    /** Addresses of counterparts that matched no contact. */
    public Set<String> unknownAddresses() {
        Set<String> addresses = new LinkedHashSet<>();
        for (Participant participant : participants) {
            if (participant.contactId() == null && participant.email() != null) {
                addresses.add(participant.email());
            }
        }
        return addresses;
    }

    /** The line this interaction shows on timelines. */
    public TimelineEntry timelineEntry() {
        Map<String, String> details = new java.util.HashMap<>();
        if (direction != null) {
            details.put("direction", direction.name());
        }
        if (outcome != null) {
            details.put("outcome", cut(outcome, 200));
        }
        if (salesforceId != null) {
            details.put("salesforceId", salesforceId);
        }
        String preview = cut(summary != null ? summary : body, PREVIEW_CHARS);
        return new TimelineEntry(TimelineEntry.INTERACTION, id, occurredAt, type.name(), subject, preview, authorId, details);
    }

    /**
     * A timeline line previews the summary or body in this many characters: a mail's body (up to
     * 200 KB) stays in its own item, so that a line, a timeline page and a transaction writing one
     * line per linked record stay small.
     */
    public static final int PREVIEW_CHARS = 300;

    private static String cut(String text, int chars) {
        if (text == null || text.length() <= chars) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(chars - 2)) ? chars - 2 : chars - 1;
        return text.substring(0, end) + "…";
    }

    /**
     * A copy without the links to one record (a wrong link undone). An email left on no record goes
     * back to the unresolved inbox.
     */
    public Interaction withoutLinksTo(String recordId, Instant now) {
        List<Link> kept = links.stream().filter(link -> !recordId.equals(link.contactId())
                && !recordId.equals(link.accountId()) && !recordId.equals(link.opportunityId())).toList();
        return new Interaction(id, type, direction, occurredAt, subject, summary, outcome, nextSteps, body, bodyTruncated,
                kept, participants, attachments, authorId, messageId, rawMailKey, kept.isEmpty(), createdAt, now, version + 1, email, salesforceId);
    }

    /** A copy with exactly these links and participants (a merge or its undo); left on no record it is unresolved. */
    public Interaction relinked(List<Link> newLinks, List<Participant> newParticipants, Instant now) {
        return new Interaction(id, type, direction, occurredAt, subject, summary, outcome, nextSteps, body, bodyTruncated,
                newLinks, newParticipants, attachments, authorId, messageId, rawMailKey, newLinks.isEmpty(), createdAt, now,
                version + 1, email, salesforceId);
    }

    /** A copy with more links (duplicates dropped) and updated participants, resolved. */
    public Interaction withLinks(List<Link> more, List<Participant> newParticipants, Instant now) {
        List<Link> all = new ArrayList<>(links);
        for (Link link : more) {
            if (all.stream().noneMatch(link::sameRecordAs)) {
                all.add(link);
            }
        }
        return new Interaction(id, type, direction, occurredAt, subject, summary, outcome, nextSteps, body, bodyTruncated,
                all, newParticipants, attachments, authorId, messageId, rawMailKey, false, createdAt, now, version + 1, email, salesforceId);
    }
}
