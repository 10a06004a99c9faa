package app.integreat.crm.model;

import java.time.Instant;
import java.util.Map;

/**
 * One line of an account's or contact's timeline: a small copy of an interaction, a task or an
 * opportunity's stage change, kept next to the account or contact so the timeline is one Query.
 *
 * @param kind    what the line is about: INTERACTION, TASK or STAGE_CHANGE
 * @param refId   the id of that record (interaction, task or opportunity)
 * @param at      when it happened; it orders the timeline and never changes for a record
 * @param type    the record's own type (CALL, EMAIL, ...; a task's status; the new stage)
 * @param title   a subject or title, short
 * @param summary the first characters of the body or summary (may be null)
 * @param by      the member id of the author (may be null, e.g. for mail from outside)
 * @param details further short, kind-specific values (direction, dueDate, opportunity name, ...)
 */
public record TimelineEntry(String kind, String refId, Instant at, String type, String title, String summary,
                            String by, Map<String, String> details) {

    public static final String INTERACTION = "INTERACTION";
    public static final String TASK = "TASK";
    public static final String STAGE_CHANGE = "STAGE_CHANGE";

    /** Summaries on the timeline are previews; the full text stays on the record. */
    public static final int SUMMARY_CHARS = 280;

    public TimelineEntry {
        details = details == null ? Map.of() : Map.copyOf(details);
        if (summary != null && summary.length() > SUMMARY_CHARS) {
            summary = summary.substring(0, SUMMARY_CHARS - 1) + "…";
        }
    }
}
