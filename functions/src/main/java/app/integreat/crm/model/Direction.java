package app.integreat.crm.model;

/** Seen from the organisation: INBOUND came from outside, OUTBOUND was sent by a member. */
public enum Direction {
    INBOUND, OUTBOUND
}
