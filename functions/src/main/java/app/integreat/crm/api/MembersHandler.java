package app.integreat.crm.api;

import app.integreat.crm.Services;
import app.integreat.crm.model.Member;
import java.util.Map;

/** The caller and the team: GET /me, /members, and the team's settings (GET/PUT /settings). */
public final class MembersHandler extends ApiHandler {

    public MembersHandler() {
        this(Services.fromEnvironment());
    }

    public MembersHandler(Services services) {
        super(services);
        route("GET /me", this::me);
        route("GET /members", request -> Response.ok(
                Representations.page(services.members().list(request.page()), Representations::member)));
        route("POST /members", request -> {
            Member member = services.members().create(request.caller(), request.body());
            return Response.created(Representations.member(member), "/members/" + member.id(), member.version());
        });
        route("POST /me/aliases", request -> Response.ok(Map.of("expiresAt",
                services.aliases().request(request.caller(), request.body()).toString())));
        route("POST /me/aliases/confirm", request -> {
            Member member = services.aliases().confirm(request.caller(), request.body());
            return Response.record(Representations.member(member), member.version());
        });
        route("POST /me/calendar", request -> Response.ok(Map.of("url", services.calendar().rotate(request.caller()))));
        route("DELETE /me/calendar", request -> {
            if (!services.calendar().revoke(request.caller())) {
                throw app.integreat.crm.model.CrmException.of(app.integreat.crm.model.CrmException.Kind.NOT_FOUND,
                        "You have no calendar link.");
            }
            return Response.noContent();
        });
        route("GET /audit", request -> Response.ok(Representations.page(
                services.audit().page(request.caller(), request.page()), Representations::auditEntry)));
        route("GET /settings", this::settings);
        route("PUT /settings", request -> {
            long expected = request.requiredVersion();
            services.settings().replace(request.caller(), expected, request.body());
            return settings(request);
        });
        route("GET /members/{id}", request -> {
            Member member = services.members().get(request.id("Member"));
            return Response.record(Representations.member(member), member.version());
        });
        route("PATCH /members/{id}", request -> {
            String id = request.id("Member");
            Member member = services.members().update(request.caller(), id, request.requiredVersion(), request.body());
            return Response.record(Representations.member(member), member.version());
        });
    }

    private Response settings(ApiRequest request) {
        var stored = services.settings().get(request.caller());
        return Response.record(Representations.settings(stored.settings(), stored.neverLoggedCount()), stored.settings().version());
    }

    private Response me(ApiRequest request) {
        Map<String, Object> me = Representations.member(request.caller());
        me.put("inboundAddress", services.config().inboundAddress());
        return Response.record(me, request.caller().version());
    }
}
