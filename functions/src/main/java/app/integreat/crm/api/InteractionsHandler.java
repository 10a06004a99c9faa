package app.integreat.crm.api;

import app.integreat.crm.Services;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.core.InboundMailService;
import app.integreat.crm.core.InteractionService;
import app.integreat.crm.core.MemberService;
import app.integreat.crm.model.QuarantinedMail;
import java.util.LinkedHashMap;
import java.util.Map;

/** Interactions, the unresolved inbox and the quarantine. */
public final class InteractionsHandler extends ApiHandler {

    public InteractionsHandler() {
        this(Services.fromEnvironment());
    }

    public InteractionsHandler(Services services) {
        super(services);
        route("POST /interactions", request -> {
            InteractionService.Created created = services.interactions().create(request.caller(), request.body());
            Map<String, Object> json = Representations.interaction(created.interaction());
            if (created.followUpTask() != null) {
                json.put("followUpTask", Representations.task(created.followUpTask()));
            }
            return Response.created(json, "/interactions/" + created.interaction().id(), created.interaction().version());
        });
        route("GET /interactions", request -> Response.ok(Representations.page(
                services.interactions().recent(request.page()), Representations::interactionInList)));
        // the raw mail's expiry follows the settings' rawMailDays, read with the caller
        routeWithSettings("GET /interactions/{id}", request -> {
            InteractionService.View view = services.interactions().view(request.id("Interaction"), request.settings().retention());
            return Response.record(Representations.interactionView(view), view.interaction().version());
        });
        routeWithSettings("GET /interactions/{id}/raw", request ->
                link(services.interactions().rawMailLink(request.id("Interaction"), request.settings().retention()), request));
        route("GET /interactions/{id}/attachments/{n}", request -> {
            String n = request.pathParameter("n");
            return link(services.interactions().attachmentLink(request.id("Interaction"), n), request);
        });
        route("POST /interactions/{id}/links", request -> {
            String ifMatch = request.header("if-match");
            Interaction interaction = services.interactions().addLink(request.id("Interaction"), request.body(),
                    ifMatch == null || ifMatch.isBlank() ? null : request.requiredVersion());
            return Response.record(Representations.interaction(interaction), interaction.version());
        });
        route("DELETE /interactions/{id}/links/{recordId}", request -> {
            Interaction interaction = services.interactions().unlink(request.id("Interaction"),
                    request.id("recordId", "Link to"), request.requiredVersion());
            return Response.record(Representations.interaction(interaction), interaction.version());
        });
        route("GET /unresolved", request -> Response.ok(Representations.page(
                services.interactions().unresolved(request.page()), Representations::interactionInList)));
        route("POST /unresolved/{id}/assign", request -> {
            Interaction interaction = services.interactions().assign(request.id("Unresolved mail"), request.body());
            return Response.record(Representations.interaction(interaction), interaction.version());
        });
        route("DELETE /unresolved/{id}", request -> {
            services.interactions().discard(request.id("Unresolved mail"));
            return Response.noContent();
        });
        route("GET /quarantine", request -> {
            MemberService.requireAdmin(request.caller());
            return Response.ok(Representations.page(services.interactions().quarantine(request.page()),
                    mail -> quarantined(services, mail)));
        });
        routeWithSettings("POST /quarantine/{id}/release", request -> {
            MemberService.requireAdmin(request.caller());
            String id = request.id("Quarantined mail");
            InboundMailService.Outcome outcome = services.interactions().release(id, request.body(), request.settings().retention());
            // after the release's own transaction (it lives in the inbound code): a crash in between loses this entry
            services.audit().record(request.caller().id(), app.integreat.crm.model.AuditEntry.QUARANTINE_RELEASED, "QUARANTINE", id, null);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("result", outcome.result().name());
            json.put("interactionId", outcome.id());
            return Response.ok(json);
        });
        route("DELETE /quarantine/{id}", request -> {
            MemberService.requireAdmin(request.caller());
            String id = request.id("Quarantined mail");
            services.interactions().deleteQuarantined(id);
            services.audit().record(request.caller().id(), app.integreat.crm.model.AuditEntry.QUARANTINE_DELETED, "QUARANTINE", id, null);
            return Response.noContent();
        });
    }

    private static Map<String, Object> quarantined(Services services, QuarantinedMail mail) {
        Map<String, Object> json = Representations.quarantined(mail);
        String url = services.interactions().quarantinedRawMailLink(mail);
        if (url != null) {
            json.put("rawUrl", url);
        }
        return json;
    }

    /** 302 to a presigned link; ?redirect=false answers 200 {url} instead (for the page, whose fetch cannot read a redirect's target). */
    private static Response link(String url, ApiRequest request) {
        String redirect = request.query("redirect");
        if (redirect != null && !redirect.equals("true") && !redirect.equals("false")) {
            throw CrmException.badParameter("redirect", "must be true or false");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url);
        json.put("expiresInSeconds", InteractionService.LINK_LIFETIME.toSeconds());
        return "false".equals(redirect) ? Response.ok(json) : Response.redirect(url, json);
    }
}
