package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up half of {@code ./crm test} and {@code ./crm start}, run for real on a copy of the script
 * (so that nothing lands in the project): moto that is there is used as it is, moto in .venv/ is
 * found, and when moto can be installed nowhere the script stops before building with one sentence.
 * (The other half, {@code mvn -B verify}, is the suite itself.)
 */
class CrmScriptTest {
    /** A PATH with the system's tools but none of the user's Python installations. */
    private static final String SYSTEM_PATH = "/usr/bin:/bin";

    @TempDir
    Path project;

    private record Run(int exit, List<String> lines) {
        String last() {
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private Run crm(Map<String, String> environment, String... arguments) throws Exception {
        Path script = project.resolve("crm");
        if (!Files.exists(script)) {
            Files.copy(TestCrm.ROOT.resolve("crm"), script);
        }
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("AWS_ENDPOINT_URL");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), "crm finished");
        return new Run(process.exitValue(), output.lines().toList());
    }

    private static boolean systemPythonLacksMoto() throws Exception {
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import moto.server").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        return probe.waitFor() != 0;
    }

    @Test
    void motoThatIsInstalledIsUsedWithoutInstallingAnything() throws Exception {
        Run run = crm(Map.of(), "test", "--setup-only");
        assertEquals(0, run.exit(), run.lines().toString());
        assertTrue(run.last().startsWith("Ready for the tests:") && run.last().contains("moto"), run.last());
        assertFalse(run.lines().stream().anyMatch(line -> line.contains("nstall")), run.lines().toString());
        assertFalse(Files.exists(project.resolve(".venv")), "no virtual environment was made");
    }

    @Test
    void motoInTheProjectsVirtualEnvironmentIsFound() throws Exception {
        assumeTrue(systemPythonLacksMoto(), "needs a system python3 without moto beside one with it");
        // a .venv/ with the moto installed here, as the install leaves it: the very environment moto is in when
        // that is a virtual one (./crm test installed it), else a new one that sees the interpreter's packages
        Process where = new ProcessBuilder("python3", "-c", "import sys; print(sys.prefix if sys.prefix != sys.base_prefix else '')")
                .redirectErrorStream(true).start();
        String prefix = new String(where.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, where.waitFor());
        if (!prefix.isEmpty()) {
            Files.createSymbolicLink(project.resolve(".venv"), Path.of(prefix));
        } else {
            Process venv = new ProcessBuilder("python3", "-m", "venv", "--system-site-packages", project.resolve(".venv").toString())
                    .inheritIO().start();
            assertEquals(0, venv.waitFor());
        }
        Run run = crm(Map.of("PATH", SYSTEM_PATH), "test", "--setup-only");
        assertEquals(0, run.exit(), run.lines().toString());
        assertTrue(run.last().startsWith("Ready for the tests:") && run.last().contains("moto 5."), run.last());
        assertFalse(run.lines().stream().anyMatch(line -> line.contains("nstall")), run.lines().toString());
    }

    @Test
    void whenMotoCannotBeInstalledTheTestCommandStopsBeforeBuildingWithOneSentence() throws Exception {
        assumeTrue(systemPythonLacksMoto(), "needs a system python3 without moto");
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        // pip is pointed at an index that refuses connections, so the install fails here as it would offline
        Run run = crm(Map.of("PATH", SYSTEM_PATH, "PIP_CONFIG_FILE", "/dev/null", "PIP_RETRIES", "0", "PIP_TIMEOUT", "3",
                "PIP_INDEX_URL", "http://127.0.0.1:" + closedPort + "/simple"), "test");

        assertEquals(1, run.exit(), run.lines().toString());
        assertTrue(run.lines().get(0).contains("installing moto[server]==5.2.1 into .venv/"), "says what it does: " + run.lines());
        String sentence = run.last();
        assertTrue(sentence.startsWith("Could not install moto") && sentence.endsWith(".")
                && sentence.contains("moto[server]==5.2.1") && !sentence.substring(0, sentence.length() - 1).contains(". "),
                "one sentence saying what to install: " + sentence);
        assertEquals(2, run.lines().size(), "nothing else was said or run (no build): " + run.lines());
        assertFalse(Files.exists(project.resolve(".venv")), "the half-made virtual environment is removed");
        assertTrue(Files.readString(project.resolve(".crm-setup.log")).contains("moto"), "pip's own words are in the log");
    }

    @Test
    void anEmulatorThatIsRunningNeedsNoMoto() throws Exception {
        Run run = crm(Map.of("PATH", SYSTEM_PATH, "AWS_ENDPOINT_URL", "http://127.0.0.1:1"), "test", "--setup-only");
        assertEquals(0, run.exit(), run.lines().toString());
        assertTrue(run.last().contains("the emulator at http://127.0.0.1:1"), run.last());
        assertFalse(Files.exists(project.resolve(".venv")));
    }
}
