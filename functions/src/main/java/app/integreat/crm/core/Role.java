package app.integreat.crm.core;

public enum Role {
    ADMIN, MEMBER
}
