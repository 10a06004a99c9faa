package app.integreat.crm.core;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.EmailAddress;
import app.integreat.crm.model.CrmException.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JSON object field by field and collects every problem before anything is written, so
 * that one answer names all wrong fields. Strings are trimmed; an empty string counts as absent.
 * In a PATCH body (RFC 7396 merge patch) a field that is absent stays as it is and {@code null}
 * clears it; {@link #has} tells the two apart.
 */
public final class Input {
    private final Map<String, Object> body;
    private final String prefix;
    private final List<FieldError> errors;
    private final Set<String> read = new LinkedHashSet<>();

    private Input(Map<String, Object> body, String prefix, List<FieldError> errors) {
        this.body = body;
        this.prefix = prefix;
        this.errors = errors;
    }

    public static Input of(Map<String, Object> body) {
        return new Input(body, "", new ArrayList<>());
    }

    /** Fields the API itself sends (id, version, ...), accepted back without effect. */
    public Input ignoring(String... fields) {
        read.addAll(List.of(fields));
        return this;
    }

    public boolean has(String field) {
        return body.containsKey(field);
    }

    public void error(String field, String detail) {
        errors.add(new FieldError(prefix + field, detail));
    }

    public String text(String field, int maxLength, boolean required) {
        read.add(field);
        Object value = body.get(field);
        if (value == null) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        if (!(value instanceof String s)) {
            error(field, "must be a string");
            return null;
        }
        String trimmed = s.strip();
        if (trimmed.isEmpty()) {
            if (required) {
                error(field, "must not be empty");
            }
            return null;
        }
        if (trimmed.length() > maxLength) {
            error(field, "must be at most " + maxLength + " characters long");
            return null;
        }
        if (hasControlCharacters(trimmed)) {
            error(field, "must not contain control characters");
            return null;
        }
        if (!isWellFormed(trimmed)) {
            error(field, "must be valid Unicode text");
            return null;
        }
        return trimmed;
    }

    public <E extends Enum<E>> E enumValue(String field, Class<E> type, boolean required) {
        String text = text(field, 64, required);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            error(field, "must be one of " + List.of(type.getEnumConstants()));
            return null;
        }
    }

    public Boolean bool(String field, boolean required) {
        read.add(field);
        Object value = body.get(field);
        if (value == null) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        if (!(value instanceof Boolean b)) {
            error(field, "must be true or false");
            return null;
        }
        return b;
    }

    public String email(String field, boolean required) {
        String text = text(field, 254, required);
        if (text == null) {
            return null;
        }
        String email = EmailAddress.normalize(text);
        if (email == null) {
            error(field, "is not a valid email address");
        }
        return email;
    }

    /** An http(s) address; a bare domain such as "augsburg.de" gets https:// in front. */
    public String url(String field, int maxLength) {
        String text = text(field, maxLength, false);
        if (text == null) {
            return null;
        }
        String candidate = text.contains("://") ? text : "https://" + text;
        try {
            URI uri = new URI(candidate);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            // user info ("https://augsburg.de@evil.example") disguises where a link leads
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getHost().contains(".")
                    && uri.getRawUserInfo() == null && candidate.length() <= maxLength) {
                return candidate;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        error(field, "must be a web address such as https://www.augsburg.de");
        return null;
    }

    public LocalDate date(String field, boolean required) {
        String text = text(field, 10, required);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            error(field, "must be a date like 2026-12-31");
            return null;
        }
    }

    /** A point in time with an offset, e.g. 2026-11-27T10:15:00+01:00 or …Z. */
    public java.time.Instant instant(String field, boolean required) {
        String text = text(field, 40, required);
        if (text == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            error(field, "must be a date and time with offset like 2026-11-27T10:15:00+01:00");
            return null;
        }
    }

    /** A list of strings; {@code itemReader} validates one entry and returns null when it is invalid. */
    public List<String> texts(String field, int maxItems, int maxLength) {
        return list(field, maxItems, (item, name) -> {
            Input single = new Input(Map.of(name, item), prefix, errors);
            return single.text(name, maxLength, true);
        });
    }

    /** Email addresses, normalized; the same address twice counts once. */
    public List<String> emails(String field, int maxItems) {
        List<String> emails = list(field, Integer.MAX_VALUE, (item, name) -> {
            Input single = new Input(Map.of(name, item), prefix, errors);
            return single.email(name, true);
        });
        if (emails == null) {
            return null;
        }
        List<String> distinct = List.copyOf(new LinkedHashSet<>(emails));
        if (distinct.size() > maxItems) {
            error(field, "must have at most " + maxItems + " entries");
            return null;
        }
        return distinct;
    }

    /**
     * A number between {@code min} and {@code max} with at most {@code maxScale} decimal places
     * (amounts, shares); JSON numbers only, so "12,50" is refused rather than guessed at.
     */
    public java.math.BigDecimal decimal(String field, java.math.BigDecimal min, java.math.BigDecimal max, int maxScale) {
        read.add(field);
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number) || value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            error(field, "must be a number");
            return null;
        }
        java.math.BigDecimal decimal = new java.math.BigDecimal(number.toString()).stripTrailingZeros();
        if (decimal.scale() < 0) {
            decimal = decimal.setScale(0);
        }
        if (decimal.compareTo(min) < 0 || decimal.compareTo(max) > 0) {
            error(field, "must be between " + min.toPlainString() + " and " + max.toPlainString());
            return null;
        }
        if (decimal.scale() > maxScale) {
            error(field, "must have at most " + maxScale + " decimal places");
            return null;
        }
        return decimal;
    }

    /** A list of objects, each read with the returned inputs (errors named "field[i].child"); null when absent. */
    public List<Input> objects(String field, int maxItems) {
        read.add(field);
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> items)) {
            error(field, "must be a list");
            return null;
        }
        if (items.size() > maxItems) {
            error(field, "must have at most " + maxItems + " entries");
            return null;
        }
        List<Input> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> map)) {
                error(field + "[" + i + "]", "must be an object");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> child = (Map<String, Object>) map;
            out.add(new Input(child, prefix + field + "[" + i + "].", errors));
        }
        return out;
    }

    /** A field the API sends but does not let a client change: sending it back unchanged is fine. */
    public void readOnly(String field, Object current) {
        read.add(field);
        if (body.containsKey(field) && !java.util.Objects.equals(body.get(field), current)) {
            error(field, "cannot be changed");
        }
    }

    private interface ItemReader {
        String read(Object item, String name);
    }

    private List<String> list(String field, int maxItems, ItemReader reader) {
        read.add(field);
        Object value = body.get(field);
        if (value == null) {
            return body.containsKey(field) ? List.of() : null;
        }
        if (!(value instanceof List<?> items)) {
            error(field, "must be a list");
            return null;
        }
        if (items.size() > maxItems) {
            error(field, "must have at most " + maxItems + " entries");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String name = field + "[" + i + "]";
            String text = item == null ? null : reader.read(item, name);
            if (item == null) {
                error(name, "must not be null");
            }
            if (text != null) {
                out.add(text);
            }
        }
        return out;
    }

    /** A nested object; its field errors are named "field.child". Null when absent or null. */
    public Input object(String field) {
        read.add(field);
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            error(field, "must be an object");
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> child = (Map<String, Object>) map;
        return new Input(child, prefix + field + ".", errors);
    }

    /** Reports fields nobody asked for (typos such as "naem") and throws when anything was wrong. */
    public void finish() {
        for (String field : body.keySet()) {
            if (!read.contains(field)) {
                error(field, "is not a known field");
            }
        }
        throwIfInvalid();
    }

    /** For nested objects: report unknown fields without throwing (the outer finish throws). */
    public void finishNested() {
        for (String field : body.keySet()) {
            if (!read.contains(field)) {
                error(field, "is not a known field");
            }
        }
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            String detail = errors.size() == 1
                    ? errors.get(0).field() + " " + errors.get(0).detail() + "."
                    : "The request has " + errors.size() + " invalid fields; see errors.";
            throw new CrmException(CrmException.Kind.VALIDATION, detail, errors, Map.of());
        }
    }

    /** False for unpaired surrogates, which cannot be stored as UTF-8. */
    private static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r') {
                return true;
            }
        }
        return false;
    }
}
