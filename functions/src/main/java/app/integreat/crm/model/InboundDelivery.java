package app.integreat.crm.model;

import java.time.Instant;
import java.util.List;

/**
 * What SES tells about one received mail (the fields the CRM uses), independent of the event format.
 *
 * @param sesMessageId the id SES gave the mail; the raw mail's S3 key ends in it
 * @param recipients   the envelope recipients of this receipt rule (a BCC shows only here)
 * @param spamVerdict  PASS, FAIL, GRAY or PROCESSING_FAILED (likewise the other verdicts); null when absent
 */
public record InboundDelivery(String sesMessageId, Instant receivedAt, List<String> recipients, String spamVerdict,
                              String virusVerdict, String dmarcVerdict, String rawMailKey) {

    public InboundDelivery {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /** Why the mail must not be logged because a check failed, or null when none did. */
    public String failedCheck() {
        if ("FAIL".equals(virusVerdict)) {
            return "SES found a virus in the mail";
        }
        if ("FAIL".equals(spamVerdict)) {
            return "SES classified the mail as spam";
        }
        if ("FAIL".equals(dmarcVerdict)) {
            return "the mail failed the sender domain's DMARC check, so its sender may be forged";
        }
        return null;
    }
}
