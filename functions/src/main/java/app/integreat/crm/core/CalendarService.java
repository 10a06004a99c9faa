package app.integreat.crm.core;

import app.integreat.crm.model.Member;
import app.integreat.crm.model.Task;
import app.integreat.crm.store.CalendarStore;
import app.integreat.crm.store.TaskStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A member's open tasks as a calendar feed (iCalendar, one all-day VEVENT per task, since common
 * calendars do not show VTODO), behind a secret link: 256 random bits, stored only as their SHA-256,
 * so that reading the table does not reveal a working link. Making a new link revokes the old one.
 */
public final class CalendarService {
    /** The feed lists the member's open tasks due first, at most this many: one Query page. */
    public static final int MAX_EVENTS = 200;
    private static final int TOKEN_BYTES = 32;
    /** Base64url of 32 bytes without padding. */
    private static final int TOKEN_LENGTH = 43;

    private final CalendarStore calendars;
    private final TaskStore tasks;
    private final Clock clock;
    private final String appUrl;
    /** Made on first use, so that execution environments restored from one snapshot draw their own bits. */
    private SecureRandom random;

    public CalendarService(CalendarStore calendars, TaskStore tasks, Clock clock, String appUrl) {
        this.calendars = calendars;
        this.tasks = tasks;
        this.clock = clock;
        this.appUrl = appUrl == null ? "" : appUrl;
    }

    /** A new secret feed link for the caller; the previous link stops working. */
    public String rotate(Member caller) {
        byte[] bytes = new byte[TOKEN_BYTES];
        synchronized (this) {
            if (random == null) {
                random = new SecureRandom();
            }
            random.nextBytes(bytes);
        }
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        calendars.rotate(caller.id(), caller.language(), hash(token), clock.instant());
        return base() + "/calendar/" + token + ".ics";
    }

    /** Revokes the caller's feed; false when there was none. */
    public boolean revoke(Member caller) {
        return calendars.revoke(caller.id());
    }

    /** The feed of the link's last path segment ("<token>.ics"), or empty when it is not a live link. */
    public Optional<String> feed(String file) {
        if (file == null || !file.endsWith(".ics") || file.length() != TOKEN_LENGTH + 4) {
            return Optional.empty();
        }
        String token = file.substring(0, TOKEN_LENGTH);
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return Optional.empty();
            }
        }
        return calendars.feed(hash(token)).map(feed -> ics(tasks.openTasksOf(feed.memberId(), null, MAX_EVENTS),
                "en".equals(feed.language())));
    }

    String ics(List<Task> open, boolean english) {
        Ics ics = new Ics().raw("BEGIN", "VCALENDAR").raw("VERSION", "2.0").raw("PRODID", "-//Integreat//CRM//DE")
                .raw("CALSCALE", "GREGORIAN").raw("METHOD", "PUBLISH")
                .text("X-WR-CALNAME", english ? "Integreat CRM: my tasks" : "Integreat CRM: meine Aufgaben");
        for (Task task : open) {
            StringBuilder description = new StringBuilder();
            if (task.description() != null) {
                description.append(task.description()).append("\n\n");
            }
            if (task.accountId() != null) {
                description.append(english ? "Organisation: " : "Organisation: ").append(base()).append("/#/accounts/")
                        .append(task.accountId()).append('\n');
            }
            if (task.contactId() != null) {
                description.append(english ? "Contact: " : "Kontakt: ").append(base()).append("/#/contacts/")
                        .append(task.contactId()).append('\n');
            }
            ics.raw("BEGIN", "VEVENT")
                    .raw("UID", task.id() + "@crm.integreat-app.de")
                    .utc("DTSTAMP", task.updatedAt())
                    .date("DTSTART", task.dueDate())
                    .date("DTEND", task.dueDate().plusDays(1))
                    .text("SUMMARY", task.title())
                    .raw("URL", base() + "/#/tasks/" + task.id());
            if (!description.isEmpty()) {
                ics.text("DESCRIPTION", description.toString().strip());
            }
            ics.raw("TRANSP", "TRANSPARENT").raw("END", "VEVENT");
        }
        return ics.raw("END", "VCALENDAR").toString();
    }

    /** The page's base URL without its trailing slash; links are {@code <base>/#/tasks/<id>}. */
    private String base() {
        return appUrl.endsWith("/") ? appUrl.substring(0, appUrl.length() - 1) : appUrl;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
