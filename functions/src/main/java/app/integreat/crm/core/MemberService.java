package app.integreat.crm.core;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.EmailAddress;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.model.Role;
import app.integreat.crm.store.MemberStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The team: who may use the CRM, and who is an admin. */
public final class MemberService {
    static final Set<String> LANGUAGES = Set.of("de", "en");

    private final MemberStore members;
    private final Clock clock;
    private final Ids ids;
    private final String adminEmail;
    private TaskService tasks;
    private AliasService aliases;

    public MemberService(MemberStore members, Clock clock, Ids ids, String adminEmail) {
        this.members = members;
        this.clock = clock;
        this.ids = ids;
        this.adminEmail = adminEmail == null ? null : EmailAddress.normalize(adminEmail);
    }

    /** Deactivating a member moves their open tasks, so the tasks are wired in once both exist. */
    private AuditLog audit;

    /** The audit log, for role changes and deactivations (written in the change's transaction). */
    public void useAudit(AuditLog audit) {
        this.audit = audit;
    }

    public void useTasks(TaskService tasks) {
        this.tasks = tasks;
    }

    /** Aliases are checked against contacts and confirmed by mail, so they are wired in like the tasks. */
    public void useAliases(AliasService aliases) {
        this.aliases = aliases;
    }

    /**
     * The active member behind a verified email claim. The configured first admin is created on
     * first use; anybody else must have been added by an admin.
     */
    public Member resolveCaller(String emailClaim) {
        String email = claimed(emailClaim);
        return resolved(email, members.byEmail(email).orElse(null));
    }

    /** The caller and the team's settings. */
    public record CallerWithSettings(Member caller, app.integreat.crm.model.Settings settings) {
    }

    /** As {@link #resolveCaller}, with the team's settings read in the same request (routes that need them). */
    public CallerWithSettings resolveCallerWithSettings(String emailClaim) {
        String email = claimed(emailClaim);
        MemberStore.WithSettings read = members.byEmailWithSettings(email);
        return new CallerWithSettings(resolved(email, read.member().orElse(null)), read.settings());
    }

    private static String claimed(String emailClaim) {
        String email = EmailAddress.normalize(emailClaim);
        if (email == null) {
            throw CrmException.of(CrmException.Kind.UNAUTHENTICATED, "The token carries no valid email claim.");
        }
        return email;
    }

    private Member resolved(String email, Member found) {
        Member member = found;
        if (member == null && email.equals(adminEmail)) {
            Instant now = clock.instant();
            Member admin = new Member(ids.next(), email, defaultName(email), Role.ADMIN, true, "de", true,
                    Member.DEFAULT_FOLLOW_UP_DAYS, now, now, 1);
            member = members.create(admin) ? admin : members.byEmail(email).orElseThrow();
        }
        if (member == null) {
            throw CrmException.of(CrmException.Kind.FORBIDDEN, "You are not a member of this CRM. Ask an admin to add you.");
        }
        if (!member.active()) {
            throw CrmException.of(CrmException.Kind.FORBIDDEN, "Your membership has been deactivated.");
        }
        return member;
    }

    public Page<Member> list(PageRequest page) {
        return members.list(page);
    }

    public Member get(String id) {
        return members.byId(id).orElseThrow(() -> CrmException.notFound("Member", id));
    }

    public Member create(Member caller, Map<String, Object> body) {
        requireAdmin(caller);
        Input in = Input.of(body);
        String email = in.email("email", true);
        String name = in.text("name", Limits.NAME, true);
        Role role = in.enumValue("role", Role.class, false);
        String language = language(in);
        Integer followUpDays = followUpDays(in);
        in.finish();
        if (email != null && members.byAddress(email).filter(owner -> !owner.email().equals(email)).isPresent()) {
            throw new CrmException(CrmException.Kind.CONFLICT, "The address " + email + " is a member's alias.",
                    List.of(new CrmException.FieldError("email", "is a member's alias")), Map.of());
        }
        Instant now = clock.instant();
        Member member = new Member(ids.next(), email, name, role == null ? Role.MEMBER : role, true,
                language == null ? "de" : language, true, followUpDays == null ? Member.DEFAULT_FOLLOW_UP_DAYS : followUpDays,
                now, now, 1);
        if (!members.create(member)) {
            Member existing = members.byEmail(email).orElseThrow();
            throw new CrmException(CrmException.Kind.CONFLICT, "There is already a member with the email " + email + ".",
                    java.util.List.of(new CrmException.FieldError("email", "is already taken")), Map.of("memberId", existing.id()));
        }
        return member;
    }

    /** Admins change anything but their own role and active flag; members change their own name and language. */
    public Member update(Member caller, String id, long expectedVersion, Map<String, Object> body) {
        boolean self = caller.id().equals(id);
        if (!self) {
            requireAdmin(caller);
        }
        Member current = get(id);
        if (current.version() != expectedVersion) {
            throw CrmException.stale("member");
        }
        Input in = Input.of(body).ignoring("createdAt", "updatedAt", "version");
        in.readOnly("id", current.id());
        in.readOnly("email", current.email());
        String name = in.has("name") ? in.text("name", Limits.NAME, true) : current.name();
        Role role = in.has("role") ? in.enumValue("role", Role.class, true) : current.role();
        Boolean active = in.has("active") ? in.bool("active", true) : Boolean.valueOf(current.active());
        String language = in.has("language") ? language(in) : current.language();
        Boolean receipts = in.has("mailReceipts") ? in.bool("mailReceipts", true) : Boolean.valueOf(current.mailReceipts());
        // null resets to the default (merge patch: null clears)
        Integer followUpDays = in.has("followUpDays") ? followUpDays(in) : Integer.valueOf(current.followUpDays());
        if (followUpDays == null) {
            followUpDays = Member.DEFAULT_FOLLOW_UP_DAYS;
        }
        String reassignTo = in.text("reassignTo", 26, false);
        List<String> newAliases = in.has("aliases") ? in.emails("aliases", Member.MAX_ALIASES) : current.aliases();
        boolean aliasesChanged = newAliases != null && !new java.util.HashSet<>(newAliases).equals(new java.util.HashSet<>(current.aliases()));
        // active is null when it was sent as something else than true or false (finish() refuses that below)
        boolean deactivating = current.active() && Boolean.FALSE.equals(active);
        if (reassignTo != null && !deactivating) {
            in.error("reassignTo", "is only used when deactivating a member (active: false)");
        } else if (reassignTo != null && (!Ids.looksLikeId(reassignTo) || reassignTo.equals(id))) {
            in.error("reassignTo", "must be the id of another active member");
        }
        if (aliasesChanged && Boolean.FALSE.equals(active) && current.active()) {
            in.error("aliases", "cannot change in the request that deactivates the member");
        }
        in.finish();
        if (role != current.role() || active != current.active()) {
            requireAdmin(caller);
            if (self) {
                throw CrmException.of(CrmException.Kind.CONFLICT,
                        "You cannot change your own role or deactivate yourself; ask another admin.");
            }
        }
        if (aliasesChanged) {
            if (!caller.isAdmin() && !current.aliases().containsAll(newAliases)) {
                throw CrmException.of(CrmException.Kind.FORBIDDEN,
                        "Only admins set aliases directly; add an address of yours with POST /me/aliases (confirmed by a link sent to it).");
            }
            current = aliases.set(current, expectedVersion, newAliases);
            expectedVersion = current.version();
        }
        Member updated = new Member(current.id(), current.email(), name, role, active, language == null ? current.language() : language,
                receipts == null ? current.mailReceipts() : receipts,
                followUpDays, current.createdAt(), clock.instant(), current.version() + 1, current.aliases());
        if (aliasesChanged && name.equals(current.name()) && role == current.role() && active == current.active()
                && updated.language().equals(current.language()) && updated.mailReceipts() == current.mailReceipts()
                && followUpDays == current.followUpDays()) {
            return current; // only the aliases changed: written above
        }
        java.util.List<app.integreat.crm.model.AuditEntry> entries = new java.util.ArrayList<>();
        if (audit != null && role != current.role()) {
            entries.add(audit.entry(caller.id(), app.integreat.crm.model.AuditEntry.MEMBER_ROLE_CHANGED, "MEMBER", id, null));
        }
        if (audit != null && deactivating) {
            entries.add(audit.entry(caller.id(), app.integreat.crm.model.AuditEntry.MEMBER_DEACTIVATED, "MEMBER", id, null));
        }
        if (deactivating && tasks != null) {
            if (reassignTo != null) {
                tasks.requireActive("reassignTo", reassignTo);
            }
            tasks.deactivate(updated, expectedVersion, reassignTo, entries);
        } else {
            members.update(updated, expectedVersion, entries);
        }
        return updated;
    }

    private static String language(Input in) {
        String language = in.text("language", 5, false);
        if (language != null && !LANGUAGES.contains(language)) {
            in.error("language", "must be one of " + LANGUAGES);
            return null;
        }
        return language;
    }

    /** Days until a mail without answer becomes a task: 0 (off) to 365; null when absent or null (the default). */
    private static Integer followUpDays(Input in) {
        java.math.BigDecimal days = in.decimal("followUpDays", java.math.BigDecimal.ZERO,
                java.math.BigDecimal.valueOf(Member.MAX_FOLLOW_UP_DAYS), 0);
        return days == null ? null : days.intValue();
    }

    public static void requireAdmin(Member caller) {
        if (!caller.isAdmin()) {
            throw CrmException.of(CrmException.Kind.FORBIDDEN, "Only admins may do this.");
        }
    }

    private static String defaultName(String email) {
        return email.substring(0, email.indexOf('@'));
    }
}
