package app.integreat.crm.layersfixture.api;

import app.integreat.crm.layersfixture.core.RightService;

/** Fixture for {@code LayersTest}: a handler on the core, as it should be. */
public final class RightHandler {
    public Object handle() {
        return new RightService().make();
    }
}
