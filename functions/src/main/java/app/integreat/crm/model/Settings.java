package app.integreat.crm.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The team's one settings record (admins edit it): how long mail nobody needs is kept, the addresses
 * that are never logged, and the team's shared addresses with the member that mail from each belongs to.
 */
public record Settings(Retention retention, NeverLog neverLog, List<TeamAddress> teamAddresses, Instant updatedAt, long version) {

    /** Days each kind of mail is kept before it expires (item and its S3 objects). */
    public record Retention(int unresolvedDays, int quarantineDays, int heldDays, int rawMailDays) {
        public static final int MIN_DAYS = 1;
        public static final int MAX_DAYS = 3650;
        public static final Retention DEFAULT = new Retention(90, 30, 14, 730);
    }

    /** Addresses (lower case) and domains whose mail leaves no trace. */
    public record NeverLog(List<String> domains, List<String> addresses) {
        public static final int MAX_DOMAINS = 100;
        public static final int MAX_ADDRESSES = 200;
        public static final NeverLog NONE = new NeverLog(List.of(), List.of());

        /** Whether the (normalised, lower-case) address or its domain is on the list. */
        public boolean covers(String email) {
            if (email == null) {
                return false;
            }
            if (addresses.contains(email)) {
                return true;
            }
            String domain = EmailAddress.domainOf(email);
            return domain != null && domains.contains(domain);
        }
    }

    /** A shared address such as info@ and the member whose mail it is. */
    public record TeamAddress(String address, String memberId) {
        public static final int MAX = 20;
    }

    /** The settings as read, with the count of mails never logged (kept beside them). */
    public record Stored(Settings settings, long neverLoggedCount) {
    }

    /** What applies while no admin has saved settings yet: version 0, so the first PUT sends If-Match "0". */
    public static final Settings DEFAULT = new Settings(Retention.DEFAULT, NeverLog.NONE, List.of(), null, 0);

    /** The member a team address belongs to, if the address is one. */
    public Optional<String> teamAddressMember(String email) {
        return teamAddresses.stream().filter(t -> t.address().equals(email)).map(TeamAddress::memberId).findFirst();
    }
}
