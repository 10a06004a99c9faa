package app.integreat.crm.model;

public enum InteractionType {
    CALL, MEETING, NOTE, EMAIL
}
