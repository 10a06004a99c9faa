package app.integreat.crm.layersfixture.model;

/** Fixture for {@code LayersTest}: a record at the bottom. */
public record RightModel(String id) {
}
