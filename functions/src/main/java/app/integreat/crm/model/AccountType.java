package app.integreat.crm.model;

/** What an organisation is to Integreat. */
public enum AccountType {
    MUNICIPALITY, PARTNER, SUPPLIER, CUSTOMER, OTHER
}
