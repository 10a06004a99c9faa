package app.integreat.crm.importer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;

/**
 * One row of an export CSV, with the values read the way both export formats write them: the weekly
 * export's {@code 0}/{@code 1} and {@code 2019-05-02 10:15:00} (UTC) as well as the Data Loader's
 * {@code true}/{@code false} and {@code 2019-05-02T10:15:00.000Z}. A value that is neither is bad
 * input, named by file, line and field.
 */
public final class Row {
    private final String file;
    private final long line;
    private final CSVRecord record;
    private final Map<String, Integer> columns;

    Row(String file, long line, CSVRecord record, Map<String, Integer> columns) {
        this.file = file;
        this.line = line;
        this.record = record;
        this.columns = columns;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    /** The value, or null when it is empty or the column is absent. */
    public String get(String field) {
        Integer index = columns.get(field.toLowerCase(Locale.ROOT));
        if (index == null || index >= record.size()) {
            return null;
        }
        String value = record.get(index);
        return value.isBlank() ? null : value;
    }

    /** A value that must be there. */
    public String required(String field) {
        String value = get(field);
        if (value == null) {
            throw problem(field, "is empty, but a " + field + " is required");
        }
        return value;
    }

    /** The 18-character id, or null for an empty lookup (empty or the null sentinel). */
    public String id(String field) {
        try {
            return SalesforceId.normalize(get(field));
        } catch (IllegalArgumentException e) {
            throw problem(field, e.getMessage());
        }
    }

    /** The row's own Id, which every row has. */
    public String id() {
        String id = id("Id");
        if (id == null) {
            throw problem("Id", "is empty");
        }
        return id;
    }

    public boolean bool(String field) {
        String value = get(field);
        if (value == null) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw problem(field, "is not a boolean (0/1 or true/false): " + shorten(value));
        };
    }

    public Instant instant(String field) {
        String value = get(field);
        if (value == null) {
            return null;
        }
        String text = value.trim();
        try {
            if (text.contains("T")) {
                return Instant.parse(text.endsWith("Z") || text.contains("+") ? text : text + "Z");
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw problem(field, "is not a date and time (2019-05-02 10:15:00 or 2019-05-02T10:15:00.000Z): " + shorten(value));
        }
    }

    public LocalDate date(String field) {
        String value = get(field);
        if (value == null) {
            return null;
        }
        String text = value.trim();
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            throw problem(field, "is not a date (2019-05-02): " + shorten(value));
        }
    }

    public BigDecimal number(String field) {
        String value = get(field);
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw problem(field, "is not a number: " + shorten(value));
        }
    }

    public ImportProblem problem(String field, String message) {
        return new ImportProblem(file, line, field, message);
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
