package app.integreat.crm.api;

import app.integreat.crm.Services;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.core.InteractionService;
import app.integreat.crm.core.MemberService;
import app.integreat.crm.model.QuarantinedMail;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/** Interactions, the unresolved inbox and the quarantine. */
public final class InteractionsHandler extends ApiHandler {
    /** Raw mails hold personal data: their links live only minutes. */
    static final Duration RAW_LINK_LIFETIME = Duration.ofMinutes(5);

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
                services.interactions().recent(request.page()), Representations::interaction)));
        route("GET /interactions/{id}", request -> {
            Interaction interaction = services.interactions().get(request.id("Interaction"));
            return Response.record(Representations.interaction(interaction), interaction.version());
        });
        route("GET /interactions/{id}/raw", request -> {
            Interaction interaction = services.interactions().get(request.id("Interaction"));
            if (interaction.rawMailKey() == null) {
                throw CrmException.of(CrmException.Kind.NOT_FOUND, "This interaction was logged by hand; it has no raw mail.");
            }
            return rawLink(services, interaction.rawMailKey(), request);
        });
        route("DELETE /interactions/{id}/links/{recordId}", request -> {
            Interaction interaction = services.interactions().unlink(request.id("Interaction"),
                    request.id("recordId", "Link to"), request.requiredVersion());
            return Response.record(Representations.interaction(interaction), interaction.version());
        });
        route("GET /unresolved", request -> Response.ok(Representations.page(
                services.interactions().unresolved(request.page()), Representations::interaction)));
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
    }

    private static Map<String, Object> quarantined(Services services, QuarantinedMail mail) {
        Map<String, Object> json = Representations.quarantined(mail);
        if (mail.rawMailKey() != null) {
            json.put("rawUrl", presign(services, mail.rawMailKey()));
        }
        return json;
    }

    private static Response rawLink(Services services, String key, ApiRequest request) {
        // ?redirect=false: for the page, whose fetch cannot read a redirect's target
        String redirect = request.query("redirect");
        if (redirect != null && !redirect.equals("true") && !redirect.equals("false")) {
            throw CrmException.badParameter("redirect", "must be true or false");
        }
        String url = presign(services, key);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url);
        json.put("expiresInSeconds", RAW_LINK_LIFETIME.toSeconds());
        return "false".equals(redirect) ? Response.ok(json) : Response.redirect(url, json);
    }

    private static String presign(Services services, String key) {
        return services.s3Presigner().presignGetObject(GetObjectPresignRequest.builder()
                .signatureDuration(RAW_LINK_LIFETIME)
                .getObjectRequest(GetObjectRequest.builder().bucket(services.config().rawMailBucket()).key(key)
                        .responseContentType("message/rfc822").build())
                .build()).url().toString();
    }
}
