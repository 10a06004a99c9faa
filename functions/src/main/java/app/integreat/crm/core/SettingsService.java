package app.integreat.crm.core;

import app.integreat.crm.model.EmailAddress;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Settings;
import app.integreat.crm.store.MemberStore;
import app.integreat.crm.store.SettingsStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The team's settings (GET/PUT /settings, admins only): retention, never-log and team addresses. */
public final class SettingsService {
    private final SettingsStore settings;
    private final MemberStore members;
    private final Clock clock;
    private final AuditLog audit;

    public SettingsService(SettingsStore settings, MemberStore members, Clock clock, AuditLog audit) {
        this.settings = settings;
        this.members = members;
        this.clock = clock;
        this.audit = audit;
    }

    public Settings.Stored get(Member caller) {
        MemberService.requireAdmin(caller);
        return settings.read();
    }

    /** Replaces the settings as a whole; a field left out keeps its current value. */
    public Settings replace(Member caller, long expectedVersion, Map<String, Object> body) {
        MemberService.requireAdmin(caller);
        Settings current = settings.current();
        if (current.version() != expectedVersion) {
            throw app.integreat.crm.model.CrmException.stale("settings");
        }
        Input in = Input.of(body).ignoring("updatedAt", "version", "neverLoggedCount");
        Settings.Retention retention = current.retention();
        Input retentionIn = in.object("retention");
        if (retentionIn != null) {
            retention = new Settings.Retention(days(retentionIn, "unresolvedDays", retention.unresolvedDays()),
                    days(retentionIn, "quarantineDays", retention.quarantineDays()),
                    days(retentionIn, "heldDays", retention.heldDays()),
                    days(retentionIn, "rawMailDays", retention.rawMailDays()));
            retentionIn.finishNested();
        }
        Settings.NeverLog neverLog = current.neverLog();
        Input neverLogIn = in.object("neverLog");
        if (neverLogIn != null) {
            List<String> domains = domains(neverLogIn);
            List<String> addresses = neverLogIn.emails("addresses", Settings.NeverLog.MAX_ADDRESSES);
            neverLog = new Settings.NeverLog(domains == null ? neverLog.domains() : domains,
                    addresses == null ? neverLog.addresses() : addresses);
            neverLogIn.finishNested();
        }
        List<Settings.TeamAddress> team = current.teamAddresses();
        List<Input> teamIn = in.objects("teamAddresses", Settings.TeamAddress.MAX);
        if (teamIn != null) {
            team = teamAddresses(in, teamIn);
        }
        in.finish();
        Settings updated = new Settings(retention, neverLog, team, clock.instant(), current.version() + 1);
        settings.save(updated, expectedVersion,
                audit.entry(caller.id(), app.integreat.crm.model.AuditEntry.SETTINGS_CHANGED, "SETTINGS", "SETTINGS", null));
        return updated;
    }

    private static int days(Input in, String field, int current) {
        if (!in.has(field)) {
            return current;
        }
        BigDecimal days = in.decimal(field, BigDecimal.valueOf(Settings.Retention.MIN_DAYS),
                BigDecimal.valueOf(Settings.Retention.MAX_DAYS), 0);
        // null (or a refused value, named by decimal) keeps the current number
        return days == null ? current : days.intValue();
    }

    private static List<String> domains(Input in) {
        List<String> values = in.texts("domains", Settings.NeverLog.MAX_DOMAINS, 253);
        if (values == null) {
            return null;
        }
        LinkedHashSet<String> domains = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String domain = EmailAddress.domainOf("x@" + values.get(i).trim().replaceFirst("^@", ""));
            if (domain == null) {
                in.error("domains[" + i + "]", "is not a domain such as praxis-example.de");
            } else {
                domains.add(domain);
            }
        }
        return List.copyOf(domains);
    }

    private List<Settings.TeamAddress> teamAddresses(Input outer, List<Input> entries) {
        List<Settings.TeamAddress> team = new ArrayList<>();
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Input entry = entries.get(i);
            String address = entry.email("address", true);
            String memberId = entry.text("memberId", 26, true);
            entry.finishNested();
            if (address == null || memberId == null) {
                continue;
            }
            if (!seen.add(address)) {
                outer.error("teamAddresses[" + i + "].address", "is listed twice");
            } else if (members.byEmail(address).isPresent()) {
                outer.error("teamAddresses[" + i + "].address", "is a member's own address");
            } else if (!Ids.looksLikeId(memberId) || members.byId(memberId).filter(Member::active).isEmpty()) {
                outer.error("teamAddresses[" + i + "].memberId", "must be the id of an active member");
            } else {
                team.add(new Settings.TeamAddress(address, memberId));
            }
        }
        return List.copyOf(team);
    }
}
