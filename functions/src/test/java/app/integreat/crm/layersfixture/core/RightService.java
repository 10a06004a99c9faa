package app.integreat.crm.layersfixture.core;

import app.integreat.crm.layersfixture.model.RightModel;

/** Fixture for {@code LayersTest}: a service on the model, as it should be. */
public final class RightService {
    public RightModel make() {
        return new RightModel("1");
    }
}
