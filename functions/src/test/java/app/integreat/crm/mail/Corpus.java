package app.integreat.crm.mail;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared test corpus in the repository, next to the module. */
final class Corpus {
    static final Path ROOT = Path.of("..", "testdata", "corpus");

    private Corpus() {
    }

    /** A corpus folder; fails the test loudly when the checkout lacks it. */
    static Path dir(String name) {
        Path dir = ROOT.resolve(name);
        assertTrue(Files.isDirectory(dir), "test corpus missing: " + dir.toAbsolutePath().normalize());
        return dir;
    }
}
