package app.integreat.crm.core;

import app.integreat.crm.mail.ForwardedMessage;
import app.integreat.crm.mail.ParsedMail;
import app.integreat.crm.model.Interaction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * What an inbound mail is: which message of a forward of forwards is the original, and which date it is
 * logged at. Pure decisions, no reads (the caller says who belongs to the team).
 */
final class MailMeaning {
    /** A date this far after receipt is a wrong clock or a trick, never the time the mail was written. */
    static final Duration MAX_DATE_AHEAD = Duration.ofDays(1);
    /** Before this, a date is a client's zero date (1970, 1980), not a real one. */
    static final Instant EARLIEST_DATE = Instant.parse("1990-01-01T00:00:00Z");

    private MailMeaning() {
    }

    /**
     * The original of a forward chain (outermost first): going inwards through the forwards of colleagues, the
     * first message whose sender is outside the team or unknown (what that sender forwarded or attached in turn
     * is part of their mail); when every sender is a member (a colleague's own mail forwarded on), the innermost.
     */
    static int originalIndex(List<ForwardedMessage> chain, Predicate<String> isTeam) {
        for (int i = 0; i < chain.size(); i++) {
            ForwardedMessage message = chain.get(i);
            String sender = message.from() == null ? null : message.from().email();
            if (sender == null || !isTeam.test(sender)) {
                return i;
            }
        }
        return chain.size() - 1;
    }

    /** The message whose HTML and thread headers are the original's: the attached messages down to it. */
    static ParsedMail carrierOf(ParsedMail mail, List<ForwardedMessage> chain, int original) {
        ParsedMail carrier = mail;
        for (int i = 0; i <= original; i++) {
            if (chain.get(i).via() != ForwardedMessage.Via.RFC822_ATTACHMENT || carrier.attachedMessages().isEmpty()) {
                break;
            }
            carrier = carrier.attachedMessages().get(0);
        }
        return carrier;
    }

    /**
     * The chain down to the original as the mail view shows it; empty for a single forward (its original is the
     * interaction itself).
     */
    static List<Interaction.ForwardStep> steps(List<ForwardedMessage> chain, int original) {
        if (original < 1) {
            return List.of();
        }
        return chain.subList(0, original + 1).stream().map(message -> new Interaction.ForwardStep(
                message.from() == null || message.from().email() == null ? null : InboundMailService.Text.cutChars(message.from().email(), Limits.NAME),
                message.from() == null || message.from().name() == null ? null : InboundMailService.Text.cutChars(message.from().name(), Limits.NAME),
                message.date(),
                message.subject() == null ? null : InboundMailService.Text.cutChars(message.subject(), Limits.SUBJECT))).toList();
    }

    /** Text of the original hashed into its key: enough to tell two mails apart, bounded work per mail. */
    static final int KEY_TEXT_CHARS = 4_000;

    /**
     * What identifies an original across the members who log it: its Message-ID when it has one, else its
     * sender, date (to the minute: forwarded blocks print no seconds), subject (without Re:/Fwd:) and the start
     * of its text with spacing, case and quote markers ignored (clients wrap and quote a forwarded text their
     * own way). A hash, as a marker. Null for a mail without a Message-ID, sender or date: nothing tells it
     * from another (two empty mails without headers are not one original).
     */
    static String originalKey(String messageId, String sender, Instant date, String subject, String text) {
        if (messageId != null && !messageId.isBlank()) {
            return app.integreat.crm.store.InteractionStore.marker("ORIGINAL", "MSG", messageId.strip());
        }
        if (sender == null || sender.isBlank() || date == null) {
            return null;
        }
        StringBuilder normal = new StringBuilder();
        String head = text == null ? "" : text.length() > KEY_TEXT_CHARS ? text.substring(0, KEY_TEXT_CHARS) : text;
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                normal.append(Character.toLowerCase(c));
            }
        }
        String minute = date == null ? "" : date.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
        String topic = subject == null ? "" : app.integreat.crm.mail.Subjects.display(subject).strip().toLowerCase(java.util.Locale.ROOT);
        return app.integreat.crm.store.InteractionStore.marker("ORIGINAL", "TEXT", sender == null ? "" : sender, minute, topic,
                normal.toString());
    }

    /** When a mail is logged: its claimed date, unless that is implausible, then the receipt. */
    record Dated(Instant occurredAt, Instant claimedDate) {
    }

    static Dated dated(Instant claimed, Instant received) {
        if (claimed == null) {
            return new Dated(received, null);
        }
        if (claimed.isAfter(received.plus(MAX_DATE_AHEAD)) || claimed.isBefore(EARLIEST_DATE)) {
            // a mail dated 2099 would sit on top of every timeline for good; the claim stays visible in the view
            return new Dated(received, claimed);
        }
        return new Dated(claimed, null);
    }
}
