package app.integreat.crm.mail;

import java.time.Instant;
import java.util.List;

/**
 * A parsed mail message as plain data. Lists are never null (empty instead); text fields may be null where noted.
 *
 * @param messageId        Message-ID without angle brackets; null when missing
 * @param from             the first From mailbox; null when missing or unparseable
 * @param sender           the Sender mailbox; null when missing
 * @param replyTo          Reply-To mailboxes
 * @param to               To recipients (groups flattened)
 * @param cc               Cc recipients (groups flattened)
 * @param date             the Date header; null when missing or unparseable
 * @param subject          the decoded subject (RFC 2047, any charset); null when missing
 * @param inReplyTo        the first In-Reply-To message id without angle brackets; null when missing
 * @param references       message ids from References, oldest first, without angle brackets
 * @param text             the readable body: text/plain when present, otherwise the HTML as text; never null
 * @param hasHtml          whether the message had an HTML body part
 * @param bodyTruncated    whether {@code text} was cut at the parser's character cap
 * @param attachments      attachment metadata, in the order of the parts (nested messages excluded)
 * @param attachedMessages messages attached as {@code message/rfc822}, parsed the same way (depth-capped)
 * @param automated        whether the message says it was sent by a machine (Auto-Submitted, Precedence bulk/list/junk,
 *                         X-Autoreply, or a bounce); such mail should not be logged as a conversation
 * @param bounce           whether it is a delivery status notification (multipart/report or a mailer-daemon sender)
 * @param html             the first HTML body part as sent (unsanitised, cut at the parser's cap); null when none
 */
public record ParsedMail(String messageId, MailAddress from, MailAddress sender, List<MailAddress> replyTo,
                         List<MailAddress> to, List<MailAddress> cc, Instant date, String subject,
                         String inReplyTo, List<String> references, String text, boolean hasHtml,
                         boolean bodyTruncated, List<AttachmentInfo> attachments,
                         List<ParsedMail> attachedMessages, boolean automated, boolean bounce, String html) {

    public ParsedMail {
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        references = List.copyOf(references);
        attachments = List.copyOf(attachments);
        attachedMessages = List.copyOf(attachedMessages);
        text = text == null ? "" : text;
    }
}
