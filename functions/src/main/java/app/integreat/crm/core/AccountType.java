package app.integreat.crm.core;

/** What an organisation is to Integreat. */
public enum AccountType {
    MUNICIPALITY, PARTNER, SUPPLIER, CUSTOMER, OTHER
}
