package app.integreat.crm.api;

import app.integreat.crm.Services;
import java.util.Map;

/** GET /health: answers without a token and without touching the table (it is public). */
public final class HealthHandler extends ApiHandler {

    public HealthHandler() {
        this(null);
    }

    public HealthHandler(Services services) {
        super(services);
        publicRoute("GET /health", request -> Response.ok(Map.of("status", "ok")));
    }
}
