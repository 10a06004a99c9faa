package app.integreat.crm.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportFilesTest {
    static final Path FIXTURES = Path.of("..", "testdata", "salesforce");

    @TempDir
    Path temp;

    @Test
    void foldersAreToldApartByWhatTheyHold() {
        try (ExportFiles weekly = ExportFiles.open(List.of(FIXTURES.resolve("weekly-export")));
             ExportFiles loader = ExportFiles.open(List.of(FIXTURES.resolve("data-loader")))) {
            assertEquals(List.of(ExportFiles.Format.DATA_EXPORT), List.copyOf(weekly.formats().values()));
            assertEquals(List.of(ExportFiles.Format.DATA_LOADER), List.copyOf(loader.formats().values()));
            assertTrue(weekly.has("npe5__Affiliation__c"));
        }
    }

    @Test
    void anObjectSplitOverTwoZipsIsReadFromBoth() throws Exception {
        Path first = zip("WE_00D7QAb00000001QBA_1.ZIP", "Account.csv", "\"Id\",\"Name\"\n\"0017QAb00000001QBA\",\"Eins\"\n");
        Path second = zip("WE_00D7QAb00000001QBA_2.ZIP", "Account.csv", "\"Id\",\"Name\"\n\"0017QAb00000002QBA\",\"Zwei\"\n");
        try (ExportFiles files = ExportFiles.open(List.of(first, second))) {
            assertEquals(2, files.csvs("Account").size());
            assertEquals("WE_00D7QAb00000001QBA_2.ZIP!Account.csv", files.csvs("Account").get(1).name());
        }
    }

    @Test
    void aZipOrFileThatIsNotAnExportIsRefused() throws Exception {
        Path notExport = zip("photos.zip", "holiday.jpg", "not a csv");
        ImportProblem problem = assertThrows(ImportProblem.class, () -> ExportFiles.open(List.of(notExport)));
        assertTrue(problem.getMessage().contains("not a Salesforce export"), problem.getMessage());
        Path text = Files.writeString(temp.resolve("WE_x.ZIP"), "plain text");
        assertThrows(ImportProblem.class, () -> ExportFiles.open(List.of(text)));
        assertThrows(ImportProblem.class, () -> ExportFiles.open(List.of(temp.resolve("missing"))));
    }

    private Path zip(String name, String entry, String content) throws Exception {
        Path path = temp.resolve(name);
        try (OutputStream out = Files.newOutputStream(path); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content.getBytes(StandardCharsets.ISO_8859_1));
            zip.closeEntry();
        }
        return path;
    }
}
