package app.integreat.crm.core;

public enum TaskStatus {
    OPEN, DONE
}
