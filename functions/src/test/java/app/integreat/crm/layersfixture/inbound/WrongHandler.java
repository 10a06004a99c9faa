package app.integreat.crm.layersfixture.inbound;

import app.integreat.crm.layersfixture.api.RightHandler;

/** Fixture for {@code LayersTest}: one trigger that imports another, which the rules forbid. */
public final class WrongHandler {
    public Object handle() {
        return new RightHandler().handle();
    }
}
