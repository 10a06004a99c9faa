package app.integreat.crm.core;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.QuarantinedMail;
import app.integreat.crm.model.Settings;
import app.integreat.crm.store.InteractionStore;
import app.integreat.crm.store.MailFiles;
import app.integreat.crm.store.SettingsStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The daily retention run (after the reminders): mail nobody needs any more goes, with what it owns in S3.
 * The cutoffs follow the current settings, so a changed retention applies to mails stored before the change.
 * Each kind is read oldest first by its index, at most {@link #PER_RUN} a run (the next run goes on); every
 * step is safe to repeat (a mail already gone is skipped, a missing object is fine).
 */
public final class RetentionService {
    /** Mails of one kind deleted in one run; the run's Lambda has 300 s, each deletion costs a few requests. */
    static final int PER_RUN = 200;

    private final SettingsStore settings;
    private final InteractionStore interactions;
    private final MailFiles files;
    private final Clock clock;

    public RetentionService(SettingsStore settings, InteractionStore interactions, MailFiles files, Clock clock) {
        this.settings = settings;
        this.interactions = interactions;
        this.files = files;
        this.clock = clock;
    }

    /** What one run deleted. */
    public record Result(int quarantined, int unresolved, int rawMails) {
    }

    /** ListObjectsV2 pages of raw mails one run walks through (1,000 keys each); the next run goes on from there. */
    static final int RAW_MAIL_PAGES = 20;

    /** Quarantined mails given a changed expiry per run (pages of 200); the next run goes on. */
    static final int RESTAMP_PAGES = 5;

    public Result run() {
        Settings current = settings.current();
        Settings.Retention retention = current.retention();
        Instant now = clock.instant();
        restamp(current);
        int quarantined = 0;
        for (QuarantinedMail mail : interactions.quarantinedBefore(now.minus(Duration.ofDays(retention.quarantineDays())), PER_RUN)) {
            try {
                interactions.deleteQuarantined(mail);
            } catch (CrmException gone) {
                // deleted meanwhile (by an admin or a repeated run): its raw mail still goes below
            }
            deleteObjects(mail.rawMailKey(), List.of());
            quarantined++;
        }
        int unresolved = 0;
        for (String id : interactions.unresolvedBefore(now.minus(Duration.ofDays(retention.unresolvedDays())), PER_RUN)) {
            Interaction mail = interactions.get(id).orElse(null);
            if (mail == null || !mail.unresolved()) {
                continue;
            }
            try {
                interactions.discard(mail);
            } catch (CrmException changed) {
                // assigned or changed in this instant: it is no longer the stranger's mail nobody needs
                continue;
            }
            deleteObjects(mail.rawMailKey(), mail.attachments());
            unresolved++;
        }
        return new Result(quarantined, unresolved, expireRawMail(now.minus(Duration.ofDays(retention.rawMailDays()))));
    }

    /**
     * Raw mails follow {@code rawMailDays}: the run walks the bucket's {@code mail/} keys page by page, deleting
     * those stored before the cutoff, and keeps its place between runs (the keys are SES message ids, in no
     * order of time, so every run goes on where the last stopped and starts over at the end). The bucket's
     * lifecycle rule stays as the upper bound.
     */
    private int expireRawMail(Instant before) {
        String cursor = settings.rawMailCursor();
        int deleted = 0;
        for (int page = 0; page < RAW_MAIL_PAGES; page++) {
            MailFiles.RawMailPage listed = files.rawMailPage(cursor, before);
            files.delete(listed.olderKeys());
            deleted += listed.olderKeys().size();
            cursor = listed.next();
            if (cursor == null) {
                break;
            }
        }
        settings.saveRawMailCursor(cursor);
        return deleted;
    }

    /**
     * After a settings change, the quarantined mails' stored expiry (the TTL attribute) follows the new
     * {@code quarantineDays}: a pass over the quarantine, oldest first, bounded per run and resumed by the next;
     * done when it reached the end for the settings' version. (Unresolved mails need none: their expiry is the
     * run's cutoff.)
     */
    private void restamp(Settings current) {
        SettingsStore.Restamp state = settings.restamp();
        if (state.version() == current.version() && state.cursor() == null) {
            return;
        }
        String cursor = state.version() == current.version() ? state.cursor() : null;
        Duration keptFor = Duration.ofDays(current.retention().quarantineDays());
        for (int page = 0; page < RESTAMP_PAGES; page++) {
            cursor = interactions.restampQuarantine(keptFor, cursor, app.integreat.crm.model.PageRequest.MAX_LIMIT);
            if (cursor == null) {
                break;
            }
        }
        settings.saveRestamp(new SettingsStore.Restamp(current.version(), cursor));
    }

    private void deleteObjects(String rawMailKey, List<Interaction.Attachment> attachments) {
        List<String> keys = new ArrayList<>();
        if (rawMailKey != null) {
            keys.add(rawMailKey);
        }
        attachments.stream().filter(Interaction.Attachment::kept).map(Interaction.Attachment::key).forEach(keys::add);
        files.delete(keys);
    }
}
