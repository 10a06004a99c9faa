package app.integreat.crm.core;

import app.integreat.crm.core.InboundMailService.Outcome;
import app.integreat.crm.core.InboundMailService.Result;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.HeldMail;
import app.integreat.crm.model.InboundDelivery;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.QuarantinedMail;
import app.integreat.crm.store.HeldMailStore;
import app.integreat.crm.store.InteractionStore;
import app.integreat.crm.store.MailFiles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Mail in a member's name that SES could not verify (DMARC not PASS): held until the member confirms it
 * (then logged exactly as a verified mail), drops it, or the settings' {@code heldDays} pass (then
 * quarantined). Only the member it names may see, confirm or drop it; for anybody else it does not exist.
 */
public final class HeldMailService {
    /** The quarantine reason of a held mail nobody confirmed in time. */
    public static final String UNCONFIRMED = "unconfirmed: the mail in a member's name could not be verified (DMARC) "
            + "and the member did not confirm it in time";
    /** Held mails moved to the quarantine per daily run (the next run takes the rest). */
    static final int EXPIRED_PER_RUN = 500;

    private final HeldMailStore store;
    private final Receipts receipts;
    private final MailFiles files;
    private final Clock clock;
    private final Ids ids;
    private final Supplier<InboundMailService> inbound;
    private final app.integreat.crm.store.SettingsStore settings;

    public HeldMailService(HeldMailStore store, Receipts receipts, MailFiles files, Clock clock, Ids ids,
                           Supplier<InboundMailService> inbound, app.integreat.crm.store.SettingsStore settings) {
        this.settings = settings;
        this.store = store;
        this.receipts = receipts;
        this.files = files;
        this.clock = clock;
        this.ids = ids;
        this.inbound = inbound;
    }

    /** Holds a delivery in the member's name (once per SES delivery) and tells the member. */
    Outcome hold(InboundDelivery delivery, List<String> markers, Member member, String from, String subject) {
        HeldMail mail = new HeldMail(ids.next(), member.id(), InboundMailService.Text.cutChars(from, Limits.NAME),
                subject == null ? null : InboundMailService.Text.cutChars(subject, Limits.SUBJECT), delivery.dmarcVerdict(),
                delivery.sesMessageId(), delivery.rawMailKey(), delivery.receivedAt() == null ? clock.instant() : delivery.receivedAt(),
                delivery.recipients().stream().limit(InboundMailService.LISTED_RECIPIENTS)
                        .map(r -> InboundMailService.Text.cutChars(r, Limits.NAME)).toList(),
                HeldMail.State.HELD, null, null, null);
        mail = new HeldMail(mail.id(), mail.memberId(), mail.from(), mail.subject(), mail.dmarcVerdict(), mail.sesMessageId(),
                mail.rawMailKey(), mail.receivedAt(), mail.recipients(), mail.state(), null, null,
                mail.receivedAt().plus(Duration.ofDays(settings.current().retention().heldDays())));
        if (!store.holdOnce(mail, markers)) {
            return new Outcome(Result.DUPLICATE, null, null);
        }
        receipts.held(member, mail);
        return new Outcome(Result.HELD, mail.id(), "held: the sender could not be verified (DMARC "
                + (delivery.dmarcVerdict() == null ? "missing" : delivery.dmarcVerdict()) + ")");
    }

    /** The caller's own mails waiting for confirmation, newest first. */
    public Page<HeldMail> list(Member caller, PageRequest page) {
        return store.ofMember(caller.id(), page);
    }

    /**
     * Logs the caller's held mail as if SES had verified it; a repeated confirmation answers what the first did.
     * 404 when it is not the caller's, or was dropped or expired.
     */
    public Outcome confirm(Member caller, String id) {
        HeldMail mail = own(caller, id);
        if (mail.state() == HeldMail.State.CONFIRMED) {
            return new Outcome(Result.valueOf(mail.result()), mail.recordId(), null);
        }
        if (!store.startConfirming(mail)) {
            HeldMail now = own(caller, id);
            if (now.state() == HeldMail.State.CONFIRMED) {
                return new Outcome(Result.valueOf(now.result()), now.recordId(), null);
            }
            throw CrmException.notFound("Held mail", id);
        }
        InboundDelivery delivery = new InboundDelivery(mail.sesMessageId(), mail.receivedAt(), mail.recipients(), "PASS", "PASS",
                mail.dmarcVerdict(), mail.rawMailKey());
        Outcome outcome = inbound.get().processConfirmed(delivery, () -> files.open(mail.rawMailKey()));
        String recordId = outcome.id();
        if (outcome.result() == Result.DUPLICATE && recordId == null) {
            // an earlier confirmation logged it and was interrupted before it noted so
            recordId = store.markedRecordId(InteractionStore.marker("SES", mail.sesMessageId())).orElse(null);
        }
        store.confirmed(mail, outcome.result().name(), recordId);
        return new Outcome(outcome.result(), recordId, outcome.reason());
    }

    /** Drops the caller's held mail and its raw mail; 404 when it is not the caller's; 409 once confirmed. */
    public void drop(Member caller, String id) {
        HeldMail mail = own(caller, id);
        if (mail.state() == HeldMail.State.CONFIRMING) {
            // a confirmation started and did not finish (it may be running now): it is finished by confirming again
            throw CrmException.of(CrmException.Kind.CONFLICT, "A confirmation of this mail has started; confirm it again to finish it.");
        }
        if (mail.state() != HeldMail.State.HELD || !store.drop(mail)) {
            throw CrmException.of(CrmException.Kind.CONFLICT, "This mail has been confirmed and logged already; "
                    + "delete the interaction instead.");
        }
        if (mail.rawMailKey() != null) {
            files.delete(List.of(mail.rawMailKey()));
        }
    }

    /** Moves held mails past their {@code confirmBy} to the quarantine; how many moved. */
    public int expire(Instant now) {
        int moved = 0;
        for (HeldMail mail : store.dueBefore(now, EXPIRED_PER_RUN)) {
            if (mail.state() != HeldMail.State.HELD) {
                continue;
            }
            QuarantinedMail quarantined = new QuarantinedMail(ids.next(), UNCONFIRMED, mail.from(), mail.subject(),
                    mail.sesMessageId(), mail.rawMailKey(), mail.receivedAt(), mail.recipients());
            if (store.expire(mail, quarantined)) {
                moved++;
            }
        }
        return moved;
    }

    private HeldMail own(Member caller, String id) {
        return store.byId(id).filter(mail -> mail.memberId().equals(caller.id()))
                .orElseThrow(() -> CrmException.notFound("Held mail", id));
    }
}
