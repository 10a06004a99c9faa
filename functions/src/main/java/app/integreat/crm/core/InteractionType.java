package app.integreat.crm.core;

public enum InteractionType {
    CALL, MEETING, NOTE, EMAIL
}
