package app.integreat.crm.importer;

import java.io.IOException;
import java.io.Reader;

/**
 * Finds where a CSV breaks RFC 4180 (a quoted value never closed, a quote inside a value not
 * doubled), so that the message can name line and column. One pass, constant memory.
 */
final class QuoteScanner {
    record Problem(long line, int fieldIndex, String message) {
    }

    private QuoteScanner() {
    }

    static Problem firstProblem(Reader reader) throws IOException {
        long line = 1;
        int field = 0;
        boolean quoted = false;
        long quoteLine = 0;
        boolean fieldStart = true;
        int c = reader.read();
        while (c >= 0) {
            if (quoted) {
                if (c == '"') {
                    int next = reader.read();
                    if (next == '"') {
                        c = reader.read();
                        continue;
                    }
                    quoted = false;
                    fieldStart = false;
                    if (next < 0) {
                        return null;
                    }
                    if (next != ',' && next != '\n' && next != '\r') {
                        return new Problem(line, field, "a quote inside the value is not doubled (write \"\" for \")");
                    }
                    c = next;
                    continue;
                }
                if (c == '\n') {
                    line++;
                }
                c = reader.read();
                continue;
            }
            if (c == '"' && fieldStart) {
                quoted = true;
                quoteLine = line;
                fieldStart = false;
            } else if (c == ',') {
                field++;
                fieldStart = true;
            } else if (c == '\n') {
                line++;
                field = 0;
                fieldStart = true;
            } else if (c != '\r') {
                fieldStart = false;
            }
            c = reader.read();
        }
        return quoted ? new Problem(quoteLine, field, "the quoted value is never closed") : null;
    }
}
