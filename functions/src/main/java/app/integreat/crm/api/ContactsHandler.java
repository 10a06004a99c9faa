package app.integreat.crm.api;

import app.integreat.crm.Services;
import app.integreat.crm.model.Contact;
import java.util.Map;

/** Contacts: /contacts and /contacts/{id}; {@code ?email=} is an exact lookup. */
public final class ContactsHandler extends ApiHandler {

    public ContactsHandler() {
        this(Services.fromEnvironment());
    }

    public ContactsHandler(Services services) {
        super(services);
        route("GET /contacts", request -> Response.ok(Representations.page(services.contacts().find(
                request.query("email"), request.query("accountId"), request.query("q"), request.page()), Representations::contact)));
        route("GET /contacts/duplicates", request -> Response.ok(Representations.duplicates(
                services.contacts().duplicates(request.page()))));
        route("POST /contacts", request -> {
            Contact contact = services.contacts().create(request.body());
            // mails that waited for one of its addresses are linked at once, not left for someone to find
            int linked = services.interactions().linkWaiting(contact);
            Map<String, Object> json = Representations.contact(contact);
            json.put("linkedMails", linked);
            return Response.created(json, "/contacts/" + contact.id(), contact.version());
        });
        route("GET /contacts/{id}", request -> {
            Contact contact = services.contacts().get(request.id("Contact"));
            return Response.record(Representations.contact(contact), contact.version());
        });
        route("GET /contacts/{id}/timeline", request -> Response.ok(Representations.page(
                services.timeline().ofContact(request.id("Contact"), request.page()), Representations::timelineEntry)));
        route("GET /contacts/{id}/files", request -> Files.list(services, services.files().ofContact(request.id("Contact"))));
        route("PATCH /contacts/{id}", request -> {
            String id = request.id("Contact");
            Contact contact = services.contacts().update(id, request.requiredVersion(), request.body());
            int linked = services.interactions().linkWaiting(contact);
            Map<String, Object> json = Representations.contact(contact);
            json.put("linkedMails", linked);
            return Response.record(json, contact.version());
        });
        // the person's rights (Art. 15 and 17 GDPR), admins only: docs/privacy.md
        route("GET /contacts/{id}/export", request -> PersonExport.answer(services, request));
        route("POST /contacts/{id}/erase", request -> Response.ok(Map.of("removed",
                services.privacy().erase(request.caller(), request.id("Contact"), request.body()))));
        // merging duplicates (docs/api.md, "Merges"); the journal's routes live here too
        route("POST /contacts/{id}/merge", request -> {
            String id = request.id("Contact");
            long version = request.requiredVersion();
            var result = services.merges().mergeContacts(request.caller(), id, version, request.body());
            Map<String, Object> json = Representations.mergeAnswer(result, "contact",
                    result.contact() == null ? null : Representations.contact(result.contact()));
            return result.contact() == null ? Response.ok(json) : Response.record(json, result.contact().version());
        });
        route("GET /merges/{id}", request -> Response.ok(Representations.merge(services.merges().get(request.id("Merge")))));
        route("POST /merges/{id}/undo", request -> {
            var undone = services.merges().undo(request.caller(), request.id("Merge"));
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            if (undone.journal().ofAccounts()) {
                json.put("kept", undone.keptAccount() == null ? null : Representations.account(undone.keptAccount()));
                json.put("restored", undone.restoredAccount() == null ? null : Representations.account(undone.restoredAccount()));
            } else {
                json.put("kept", undone.kept() == null ? null : Representations.contact(undone.kept()));
                json.put("restored", undone.restored() == null ? null : Representations.contact(undone.restored()));
            }
            json.put("complete", undone.complete());
            return Response.ok(json);
        });
        route("DELETE /contacts/{id}", request -> {
            services.contacts().delete(request.id("Contact"), request.requiredVersion());
            return Response.noContent();
        });
    }
}
