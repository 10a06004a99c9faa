package app.integreat.crm.model;

public record Address(String street, String postalCode, String city, String state, String country) {

    public boolean isEmpty() {
        return street == null && postalCode == null && city == null && state == null && country == null;
    }
}
