package app.integreat.crm.model;

public enum Role {
    ADMIN, MEMBER
}
