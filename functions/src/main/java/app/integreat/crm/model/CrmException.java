package app.integreat.crm.model;

import java.util.List;
import java.util.Map;

/**
 * A refusal the caller can act on. The API turns it into an RFC 9457 problem; {@link Kind} decides
 * the status, {@code detail} is the sentence shown to the user, {@code errors} name the fields.
 */
public final class CrmException extends RuntimeException {
    public enum Kind {
        BAD_REQUEST(400, "Bad request"),
        UNAUTHENTICATED(401, "Unauthorized"),
        FORBIDDEN(403, "Forbidden"),
        NOT_FOUND(404, "Not found"),
        CONFLICT(409, "Conflict"),
        PRECONDITION_FAILED(412, "Precondition failed"),
        PAYLOAD_TOO_LARGE(413, "Payload too large"),
        UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
        VALIDATION(422, "Validation failed"),
        PRECONDITION_REQUIRED(428, "Precondition required");

        public final int status;
        public final String title;

        Kind(int status, String title) {
            this.status = status;
            this.title = title;
        }
    }

    public record FieldError(String field, String detail) {
    }

    private final Kind kind;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;

    public CrmException(Kind kind, String detail, List<FieldError> errors, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.kind = kind;
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
    }

    public static CrmException of(Kind kind, String detail) {
        return new CrmException(kind, detail, List.of(), Map.of());
    }

    public static CrmException notFound(String what, String id) {
        return of(Kind.NOT_FOUND, what + " " + id + " does not exist.");
    }

    public static CrmException invalid(String field, String detail) {
        return new CrmException(Kind.VALIDATION, field + ": " + detail, List.of(new FieldError(field, detail)), Map.of());
    }

    public static CrmException badParameter(String parameter, String detail) {
        return new CrmException(Kind.BAD_REQUEST, parameter + ": " + detail, List.of(new FieldError(parameter, detail)), Map.of());
    }

    /** A write that names a member who is not (or no longer) active: a conflict on that field. */
    public static CrmException inactiveMember(String field, String memberId) {
        return new CrmException(Kind.CONFLICT, field + ": member " + memberId + " is not active.",
                List.of(new FieldError(field, "is not an active member")), Map.of());
    }

    public static CrmException stale(String what) {
        return of(Kind.PRECONDITION_FAILED,
                "Someone else changed this " + what + " in the meantime. Reload it and apply your change again.");
    }

    public Kind kind() {
        return kind;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
