package app.integreat.crm.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsTest {

    static CsvSource source(String name, byte[] bytes) {
        return new CsvSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String object() {
                return name.replace(".csv", "");
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    private static List<Row> read(CsvSource source, String... required) {
        List<Row> rows = new ArrayList<>();
        try (CsvRows csv = CsvRows.open(source, List.of(required))) {
            csv.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void isoLatin1IsDetectedAndLineBreaksInsideValuesStay() {
        byte[] bytes = "\"Id\",\"Name\",\"Description\"\n\"0017QAb00000001QBA\",\"Stadt Gr\u00fcnwald\",\"Zeile 1\nZeile 2\"\n\"0017QAb00000002QBA\",\"Zwei\",\"\"\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        CsvSource source = source("Account.csv", bytes);
        assertEquals(StandardCharsets.ISO_8859_1, CsvRows.detectCharset(source));
        List<Row> rows = read(source, "Id");
        assertEquals(2, rows.size());
        assertEquals("Stadt Grünwald", rows.get(0).get("Name"));
        assertEquals("Zeile 1\nZeile 2", rows.get(0).get("Description"));
        assertEquals(2, rows.get(0).line());
        // the second row starts after the line break inside the first one's value
        assertEquals(4, rows.get(1).line());
        assertNull(rows.get(1).get("Description"), "an empty value is none");
    }

    @Test
    void utf8WithBomAndCrlfAndCapitalHeadersAreRead() {
        byte[] body = "\"ID\",\"NAME\",\"ISACTIVE\",\"CREATEDDATE\"\r\n\"0057QAb00000001QBA\",\"Zoë „Prüfer“\",\"true\",\"2024-01-03T08:00:00.000Z\"\r\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        List<Row> rows = read(source("User.csv", bytes), "Id", "Name");
        Row row = rows.get(0);
        assertEquals("Zoë „Prüfer“", row.get("Name"));
        assertEquals("0057QAb00000001QBA", row.id());
        assertTrue(row.bool("IsActive"));
        assertEquals(Instant.parse("2024-01-03T08:00:00Z"), row.instant("CreatedDate"));
    }

    @Test
    void weeklyExportValuesAreReadAsTheyAreWritten() {
        byte[] bytes = "\"Id\",\"RecordTypeId\",\"IsClosed\",\"CloseDate\",\"CreatedDate\",\"Amount\",\"AccountId\"\n\"0067QAb00000001QBA\",\"0127QAb00000003\",\"1\",\"2023-06-30 00:00:00\",\"2023-01-10 09:30:00\",\"2.0\",\"000000000000000AAA\"\n"
                .getBytes(StandardCharsets.UTF_8);
        Row row = read(source("Opportunity.csv", bytes)).get(0);
        assertEquals("0127QAb00000003QBA", row.id("RecordTypeId"));
        assertTrue(row.bool("IsClosed"));
        assertEquals(LocalDate.of(2023, 6, 30), row.date("CloseDate"));
        assertEquals(Instant.parse("2023-01-10T09:30:00Z"), row.instant("CreatedDate"));
        assertEquals(new BigDecimal("2.0"), row.number("Amount"));
        assertNull(row.id("AccountId"), "the null sentinel is no account");
    }

    @Test
    void aBadValueNamesFileLineAndField() {
        byte[] bytes = "\"Id\",\"IsClosed\"\n\"0067QAb00000001QBA\",\"vielleicht\"\n".getBytes(StandardCharsets.UTF_8);
        Row row = read(source("Opportunity.csv", bytes)).get(0);
        ImportProblem problem = assertThrows(ImportProblem.class, () -> row.bool("IsClosed"));
        assertEquals("Opportunity.csv, line 2, field IsClosed: is not a boolean (0/1 or true/false): vielleicht", problem.describe());
    }

    @Test
    void anUnclosedQuoteIsNamedByTheLineWhereItOpensAndItsField() {
        byte[] bytes = "\"Id\",\"Name\",\"Description\"\n\"0017QAb00000001QBA\",\"Eins\",\"gut\"\n\"0017QAb00000002QBA\",\"Zwei\",\"kaputt\n"
                .getBytes(StandardCharsets.UTF_8);
        ImportProblem problem = assertThrows(ImportProblem.class, () -> read(source("Account.csv", bytes)));
        assertEquals("Account.csv", problem.file());
        assertEquals(3, problem.line());
        assertEquals("Description", problem.field());
    }

    @Test
    void anUndoubledQuoteInsideAValueIsNamed() {
        byte[] bytes = "\"Id\",\"Name\"\n\"0017QAb00000001QBA\",\"Sagt \"Hallo\" laut\"\n".getBytes(StandardCharsets.UTF_8);
        ImportProblem problem = assertThrows(ImportProblem.class, () -> read(source("Account.csv", bytes)));
        assertEquals(2, problem.line());
        assertEquals("Name", problem.field());
        assertTrue(problem.getMessage().contains("not doubled"), problem.getMessage());
    }

    @Test
    void aMissingRequiredColumnIsNamed() {
        byte[] bytes = "\"Id\",\"FirstName\"\n\"0037QAb00000001QBA\",\"Erika\"\n".getBytes(StandardCharsets.UTF_8);
        ImportProblem problem = assertThrows(ImportProblem.class, () -> read(source("Contact.csv", bytes), "Id", "LastName"));
        assertEquals("Contact.csv, line 1, field LastName: the required column LastName is missing", problem.describe());
    }

    @Test
    void utf16AndBinaryAreAnUnknownEncoding() {
        byte[] utf16 = "\"Id\"\n".getBytes(StandardCharsets.UTF_16);
        ImportProblem problem = assertThrows(ImportProblem.class, () -> read(source("Account.csv", utf16)));
        assertTrue(problem.getMessage().contains("unknown encoding"), problem.getMessage());
        byte[] binary = {'"', 'I', 'd', '"', '\n', 0, 1, 2};
        assertThrows(ImportProblem.class, () -> read(source("Account.csv", binary)));
    }

    @Test
    void aRowWithMoreValuesThanTheHeaderIsRefused() {
        byte[] bytes = "\"Id\",\"Name\"\n\"0017QAb00000001QBA\",\"Eins\",\"zu viel\"\n".getBytes(StandardCharsets.UTF_8);
        ImportProblem problem = assertThrows(ImportProblem.class, () -> read(source("Account.csv", bytes)));
        assertEquals(2, problem.line());
    }

    @Test
    void utf8DetectionLooksAtTheWholeFileNotOnlyItsStart() {
        StringBuilder text = new StringBuilder("\"Id\",\"Name\"\n");
        for (int i = 0; i < 5000; i++) {
            text.append("\"0017QAb00000001QBA\",\"ascii only\"\n");
        }
        byte[] ascii = text.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[ascii.length + 4];
        System.arraycopy(ascii, 0, bytes, 0, ascii.length);
        bytes[ascii.length] = '"';
        bytes[ascii.length + 1] = (byte) 0xFC; // ü in ISO-8859-1, invalid in UTF-8
        bytes[ascii.length + 2] = '"';
        bytes[ascii.length + 3] = '\n';
        assertEquals(StandardCharsets.ISO_8859_1, CsvRows.detectCharset(source("Account.csv", bytes)));
        assertFalse(CsvRows.detectCharset(source("Account.csv", ascii)).equals(StandardCharsets.ISO_8859_1));
    }
}
