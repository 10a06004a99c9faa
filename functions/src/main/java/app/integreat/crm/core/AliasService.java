package app.integreat.crm.core;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Member;
import app.integreat.crm.store.ContactStore;
import app.integreat.crm.store.MemberStore;
import app.integreat.crm.store.MemberStore.AliasRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A member's other addresses (aliases): mail from one counts as the member's. Admins set them on the member;
 * a member adds one to themself through a single-use link mailed to that very address, so that nobody claims
 * an address they cannot read. An alias is unique across the team and is never a contact's address.
 */
public final class AliasService {
    /** How long a confirmation link works. */
    public static final Duration LINK_LIFETIME = Duration.ofDays(3);
    private static final int TOKEN_BYTES = 32;

    private final MemberStore members;
    private final ContactStore contacts;
    private final Mailer mailer;
    private final Clock clock;
    private final String appUrl;
    private SecureRandom random;

    public AliasService(MemberStore members, ContactStore contacts, Mailer mailer, Clock clock, String appUrl) {
        this.members = members;
        this.contacts = contacts;
        this.mailer = mailer;
        this.clock = clock;
        this.appUrl = appUrl == null ? "" : appUrl;
    }

    /** Refuses (409 on {@code field}) an address that is a member's sign-in address or a contact's address. */
    void requireFree(String field, Member owner, String address) {
        if (address.equals(owner.email()) || members.byEmail(address).isPresent()) {
            throw conflict(field, address, "is a member's address");
        }
        if (contacts.byEmail(address).isPresent()) {
            throw conflict(field, address, "is a contact's address; a member's alias is never a counterpart");
        }
    }

    /** A member's new list of aliases (an admin's; a member may only remove): added ones checked, then written with the member. */
    Member set(Member current, long expectedVersion, List<String> next) {
        List<String> added = next.stream().filter(a -> !current.aliases().contains(a)).toList();
        List<String> removed = current.aliases().stream().filter(a -> !next.contains(a)).toList();
        added.forEach(address -> requireFree("aliases", current, address));
        Member updated = current.withAliases(next, clock.instant());
        members.updateAliases(updated, expectedVersion, added, removed);
        return updated;
    }

    /** A member asks to add an address of theirs: a confirmation link goes TO that address; 202 with when it expires. */
    public Instant request(Member caller, Map<String, Object> body) {
        Input in = Input.of(body);
        String address = in.email("address", true);
        in.finish();
        if (caller.aliases().contains(address)) {
            throw conflict("address", address, "is your alias already");
        }
        if (caller.aliases().size() >= Member.MAX_ALIASES) {
            throw CrmException.invalid("address", "you have " + Member.MAX_ALIASES + " aliases, the most there may be");
        }
        requireFree("address", caller, address);
        if (members.byAddress(address).isPresent()) {
            throw conflict("address", address, "is another member's alias");
        }
        String token = token();
        Instant expiresAt = clock.instant().plus(LINK_LIFETIME);
        members.saveAliasRequest(CalendarService.hash(token), new AliasRequest(caller.id(), address, expiresAt));
        boolean german = !"en".equals(caller.language());
        String link = appUrl + "#/aliases/confirm/" + token;
        mailer.send(address, german ? "Adresse bestätigen" : "Confirm your address", german
                ? caller.name() + " möchte diese Adresse im Integreat-CRM als zweite Adresse nutzen. Wenn Sie das sind, "
                        + "öffnen Sie den Link angemeldet als " + caller.email() + ":\n" + link + "\nDer Link gilt bis " + expiresAt + ".\n"
                : caller.name() + " wants to use this address as a second address in the Integreat CRM. If that is you, "
                        + "open the link signed in as " + caller.email() + ":\n" + link + "\nThe link works until " + expiresAt + ".\n");
        return expiresAt;
    }

    /** The caller uses the link's token: the alias becomes active; a used, expired or another member's token → 404. */
    public Member confirm(Member caller, Map<String, Object> body) {
        Input in = Input.of(body);
        String token = in.text("token", 100, true);
        in.finish();
        String hash = CalendarService.hash(token);
        AliasRequest request = members.aliasRequest(hash)
                .filter(r -> r.memberId().equals(caller.id()) && clock.instant().isBefore(r.expiresAt()))
                .orElseThrow(() -> CrmException.of(CrmException.Kind.NOT_FOUND,
                        "This confirmation link is not valid (used already, expired, or for another member)."));
        Member current = members.byId(caller.id()).orElseThrow(() -> CrmException.notFound("Member", caller.id()));
        if (current.aliases().contains(request.address())) {
            return current;
        }
        requireFree("address", current, request.address());
        List<String> next = new ArrayList<>(current.aliases());
        next.add(request.address());
        Member updated = current.withAliases(next, clock.instant());
        members.confirmAlias(updated, current.version(), request.address(), hash);
        return updated;
    }

    private String token() {
        byte[] bytes = new byte[TOKEN_BYTES];
        synchronized (this) {
            if (random == null) {
                random = new SecureRandom();
            }
            random.nextBytes(bytes);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static CrmException conflict(String field, String address, String why) {
        return new CrmException(CrmException.Kind.CONFLICT, "The address " + address + " " + why + ".",
                List.of(new CrmException.FieldError(field, address + " " + why)), Map.of());
    }
}
