package app.integreat.crm.model;

import java.time.Instant;
import java.util.List;

/**
 * A mail in a member's name (From: their address) whose sender SES could not verify (DMARC not PASS): kept
 * for the member to confirm or drop; the raw mail stays in S3. Unconfirmed by {@code confirmBy} (its receipt
 * plus the settings' {@code heldDays} when it arrived, as the member's mail told them) it moves to the quarantine.
 *
 * @param state     HELD until the member decides; CONFIRMING while a confirmation logs it; CONFIRMED after
 * @param result    after confirmation: how the mail ended (LOGGED, UNRESOLVED, QUARANTINED, DUPLICATE)
 * @param recordId  after confirmation: the interaction (or quarantined mail) it became, null for a duplicate
 */
public record HeldMail(String id, String memberId, String from, String subject, String dmarcVerdict, String sesMessageId,
                       String rawMailKey, Instant receivedAt, List<String> recipients, State state, String result,
                       String recordId, Instant confirmBy) {
    public enum State { HELD, CONFIRMING, CONFIRMED }

    public HeldMail {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    public HeldMail withState(State next, String endedAs, String record) {
        return new HeldMail(id, memberId, from, subject, dmarcVerdict, sesMessageId, rawMailKey, receivedAt, recipients,
                next, endedAs, record, confirmBy);
    }
}
