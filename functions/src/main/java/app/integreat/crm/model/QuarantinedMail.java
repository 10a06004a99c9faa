package app.integreat.crm.model;

import java.time.Instant;

/**
 * An inbound mail that was not logged: a failed spam, virus or DMARC check, a sender who is not an
 * active member, or a message that could not be parsed. Kept with its reason; the raw mail stays in S3.
 */
public record QuarantinedMail(String id, String reason, String from, String subject, String sesMessageId,
                              String rawMailKey, Instant receivedAt, java.util.List<String> recipients) {

    /** {@code recipients}: the envelope recipients (plus addresses decide links when the mail is released). */
    public QuarantinedMail {
        recipients = recipients == null ? java.util.List.of() : java.util.List.copyOf(recipients);
    }
}
