package app.integreat.crm.model;

public enum TaskStatus {
    OPEN, DONE
}
