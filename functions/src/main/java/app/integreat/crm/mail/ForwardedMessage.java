package app.integreat.crm.mail;

import java.time.Instant;
import java.util.List;

/**
 * The original message inside a forward: who wrote it to whom, when, and what.
 *
 * @param from     the original sender (the CRM's counterpart); name or email may be null when the block gave
 *                 only one of them; null when the block named no sender
 * @param to       original To recipients as far as the block lists them
 * @param cc       original Cc recipients
 * @param date     the original date; null when missing or unparseable (see {@code dateText})
 * @param dateText the date exactly as the block printed it (localized); null when the block had none
 * @param subject  the original subject; from the forwarding mail's subject without its prefix when the block had none
 * @param body     the original message's text, quote markers removed, trimmed
 * @param note     what the forwarder wrote above the forwarded block, trimmed; null when nothing
 * @param via      where the original was found
 */
public record ForwardedMessage(MailAddress from, List<MailAddress> to, List<MailAddress> cc, Instant date,
                               String dateText, String subject, String body, String note, Via via) {

    /** How the original message was carried. */
    public enum Via {
        /** Attached as a message/rfc822 part ("forward as attachment"). */
        RFC822_ATTACHMENT,
        /** Printed inline in the body below a forward header block. */
        BODY_BLOCK
    }

    public ForwardedMessage {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
    }
}
