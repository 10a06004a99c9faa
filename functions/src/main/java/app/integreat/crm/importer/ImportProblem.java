package app.integreat.crm.importer;

/**
 * Bad input, said so that a person can find it: the file, the line and the field (each when known).
 * Nothing is written when any is found.
 */
public final class ImportProblem extends RuntimeException {
    private final String file;
    private final long line;
    private final String field;

    public ImportProblem(String file, long line, String field, String message) {
        super(message, null, false, false);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public String file() {
        return file;
    }

    /** 1-based line of the file (the header is line 1); 0 when the problem is the whole file. */
    public long line() {
        return line;
    }

    public String field() {
        return field;
    }

    /** {@code Account.csv, line 12, field BillingCity: …} */
    public String describe() {
        StringBuilder text = new StringBuilder(file == null ? "input" : file);
        if (line > 0) {
            text.append(", line ").append(line);
        }
        if (field != null) {
            text.append(", field ").append(field);
        }
        return text.append(": ").append(getMessage()).toString();
    }
}
