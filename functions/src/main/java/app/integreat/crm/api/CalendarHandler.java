package app.integreat.crm.api;

import app.integreat.crm.Services;
import app.integreat.crm.model.CrmException;

/**
 * GET /calendar/{file}: a member's open tasks as an iCalendar feed, for calendar apps that cannot sign
 * in. The secret link is the only credential (the route has no authorizer); an unknown, rotated or
 * revoked link is 404. One GetItem of the token's hash and one Query of the member's open tasks.
 */
public final class CalendarHandler extends ApiHandler {

    public CalendarHandler() {
        this(Services.fromEnvironment());
    }

    public CalendarHandler(Services services) {
        super(services);
        publicRoute("GET /calendar/{file}", request -> services.calendar().feed(request.pathParameter("file"))
                .map(ics -> Response.text("text/calendar; charset=utf-8", ics))
                .orElseThrow(() -> CrmException.of(CrmException.Kind.NOT_FOUND, "There is no such calendar.")));
    }
}
