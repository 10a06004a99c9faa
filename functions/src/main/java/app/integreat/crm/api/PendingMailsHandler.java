package app.integreat.crm.api;

import app.integreat.crm.Services;
import app.integreat.crm.core.InboundMailService;
import app.integreat.crm.model.HeldMail;
import java.util.LinkedHashMap;
import java.util.Map;

/** The caller's own held mails (in their name, sender not verified): GET /pending-mails, confirm, drop. */
public final class PendingMailsHandler extends ApiHandler {

    public PendingMailsHandler() {
        this(Services.fromEnvironment());
    }

    public PendingMailsHandler(Services services) {
        super(services);
        route("GET /pending-mails", request -> Response.ok(Representations.page(
                services.heldMails().list(request.caller(), request.page()), PendingMailsHandler::heldMail)));
        route("POST /pending-mails/{id}/confirm", request -> {
            InboundMailService.Outcome outcome = services.heldMails().confirm(request.caller(), request.id("Held mail"));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("result", outcome.result().name());
            json.put(outcome.result() == InboundMailService.Result.QUARANTINED ? "quarantinedId" : "interactionId", outcome.id());
            if (outcome.reason() != null) {
                json.put("reason", outcome.reason());
            }
            return Response.ok(json);
        });
        route("DELETE /pending-mails/{id}", request -> {
            services.heldMails().drop(request.caller(), request.id("Held mail"));
            return Response.noContent();
        });
    }

    static Map<String, Object> heldMail(HeldMail mail) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", mail.id());
        json.put("from", mail.from());
        if (mail.subject() != null) {
            json.put("subject", mail.subject());
        }
        json.put("dmarcVerdict", mail.dmarcVerdict());
        json.put("receivedAt", mail.receivedAt().toString());
        json.put("confirmBy", mail.confirmBy().toString());
        json.put("recipients", mail.recipients());
        return json;
    }
}
