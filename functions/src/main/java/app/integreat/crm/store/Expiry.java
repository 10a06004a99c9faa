package app.integreat.crm.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The table's time-to-live attribute ({@code expiresAt}, epoch seconds; template.yaml's
 * TimeToLiveSpecification names it). DynamoDB deletes an item some time after that moment, without
 * touching what the item owns in S3; so the CRM treats an item as gone from its expiry on, and the daily
 * retention run deletes it with its objects. {@code expiresAt} is the expiry plus {@link #GRACE}, so that
 * the run normally comes first and DynamoDB's deletion is only the backstop.
 */
public final class Expiry {
    public static final String ATTRIBUTE = "expiresAt";
    /** Between an item's expiry and the moment DynamoDB may delete it: three daily runs. */
    public static final Duration GRACE = Duration.ofDays(3);
    /** SES retries a delivery within hours; its marker (and a release's) need not outlive a month. */
    public static final Duration DELIVERY_MARKER = Duration.ofDays(30);
    /** A reminder run's claim of a member's day (the lease of a digest) matters on that day only. */
    public static final Duration REMINDER_MARKER = Duration.ofDays(8);

    private Expiry() {
    }

    /** Stamps the item to expire at {@code expiry} (DynamoDB's TTL: {@link #GRACE} later). */
    static void stamp(Map<String, AttributeValue> item, Instant expiry) {
        item.put(ATTRIBUTE, Attrs.n(expiry.plus(GRACE).getEpochSecond()));
    }

    /** Whether the item has passed its expiry (null when it has none). */
    static boolean expired(Map<String, AttributeValue> item, Instant now) {
        AttributeValue value = item.get(ATTRIBUTE);
        return value != null && value.n() != null
                && !now.isBefore(Instant.ofEpochSecond(Long.parseLong(value.n())).minus(GRACE));
    }
}
