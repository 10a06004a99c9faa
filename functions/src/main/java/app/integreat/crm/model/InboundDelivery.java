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

    /**
     * Why the mail must not be logged because SES's virus or spam check did not pass (FAIL, GRAY,
     * PROCESSING_FAILED or no verdict), or null when both passed.
     */
    public String failedCheck() {
        if ("FAIL".equals(virusVerdict)) {
            return "SES found a virus in the mail";
        }
        if (!"PASS".equals(virusVerdict)) {
            return "SES could not check the mail for viruses (verdict " + virusVerdict + ")";
        }
        if ("FAIL".equals(spamVerdict)) {
            return "SES classified the mail as spam";
        }
        if (!"PASS".equals(spamVerdict)) {
            return "SES could not rule out spam (verdict " + spamVerdict + ")";
        }
        return null;
    }

    /** Whether SES verified the From domain (DMARC PASS); GRAY (no DMARC record), FAIL and PROCESSING_FAILED do not. */
    public boolean senderVerified() {
        return "PASS".equals(dmarcVerdict);
    }
}
