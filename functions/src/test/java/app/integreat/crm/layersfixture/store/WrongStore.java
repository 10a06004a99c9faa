package app.integreat.crm.layersfixture.store;

import app.integreat.crm.layersfixture.core.RightService;

/** Fixture for {@code LayersTest}: a store that imports the core, the arrow the rules forbid. */
public final class WrongStore {
    public Object wrong() {
        return new RightService().make();
    }
}
