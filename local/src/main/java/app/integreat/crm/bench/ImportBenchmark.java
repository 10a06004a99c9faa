package app.integreat.crm.bench;

import app.integreat.crm.importer.SalesforceId;
import app.integreat.crm.local.Emulator;
import app.integreat.crm.local.ImportCommand;
import app.integreat.crm.local.LocalCrm;
import app.integreat.crm.local.LocalServer;
import app.integreat.crm.local.LocalTokens;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * bench/import: generates a weekly export of 10,000 accounts, 30,000 contacts and 100,000 tasks
 * (30,000 of them mails with their EmailMessage) at the given scales, imports each through
 * {@code crm import salesforce} into a fresh table of a local runner, and prints rows per second
 * and the peak heap (run with -Xmx256m: the heap holds the runner and the emulator client as well).
 */
public final class ImportBenchmark {
    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        // "dry:0.1" reads, maps and looks up everything without writing; "real:0.01" writes too
        String[] scales = (args.length > 1 ? args[1] : "dry:0.1,dry:1,real:0.001,real:0.002").split(",");
        Path work = Files.createTempDirectory("import-bench");
        Emulator emulator = System.getenv("AWS_ENDPOINT_URL") != null
                ? Emulator.external(java.net.URI.create(System.getenv("AWS_ENDPOINT_URL")))
                : Emulator.startMoto(new File(work.toFile(), "moto.log"));
        System.out.println("| run | scale | accounts | contacts | tasks | mails | rows | seconds | rows/s | peak heap (MB) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String run : scales) {
            boolean dryRun = run.startsWith("dry:");
            String scale = run.substring(run.indexOf(':') + 1);
            double factor = Double.parseDouble(scale);
            int accounts = (int) (10_000 * factor);
            int contacts = (int) (30_000 * factor);
            int tasks = (int) (100_000 * factor);
            int mails = (int) (30_000 * factor);
            Path zip = work.resolve("WE_00D7QAb00000001QBA_" + scale + ".ZIP");
            long rows = generate(zip, accounts, contacts, tasks, mails);
            LocalCrm crm = new LocalCrm(LocalCrm.Settings.fromEnvironment(root).withTableName("crm-import-bench-" + System.nanoTime()),
                    emulator.endpoint(), Clock.systemUTC());
            try (LocalServer server = new LocalServer(crm, new LocalTokens("http://localhost/i", Clock.systemUTC()), root.resolve("web"), 0)) {
                server.start();
                System.gc();
                resetPeaks();
                long started = System.nanoTime();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                List<String> arguments = new java.util.ArrayList<>(List.of("salesforce", zip.toString(), "--port", String.valueOf(server.port())));
                if (dryRun) {
                    arguments.add("--dry-run");
                }
                int code = ImportCommand.run(new ArrayDeque<>(arguments), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
                double seconds = (System.nanoTime() - started) / 1e9;
                if (code > 1) {
                    throw new IllegalStateException("the import failed with " + code + ": " + out);
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %,d | %,d | %.0f | %.1f | %.0f |%n", dryRun ? "dry run" : "import",
                        scale, accounts, contacts, tasks, mails, rows, seconds, rows / seconds, peakHeap() / 1024.0 / 1024.0);
                System.err.println(out.toString(StandardCharsets.UTF_8));
            }
        }
        emulator.close();
        System.exit(0);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** Writes the export as one zip, streamed (ISO-8859-1, as the weekly export's default); returns the rows. */
    static long generate(Path zip, int accounts, int contacts, int tasks, int mails) throws IOException {
        long rows = 0;
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             BufferedWriter csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.ISO_8859_1))) {
            entry(out, csv, "User.csv", "Id", "FirstName", "LastName", "Email", "IsActive");
            for (int i = 0; i < 20; i++) {
                row(csv, id("005", i), "Nutzer", "Nummer " + i, "nutzer" + i + "@integreat.example", i < 18 ? "1" : "0");
                rows++;
            }
            entry(out, csv, "Account.csv", "Id", "IsDeleted", "Name", "Type", "BillingStreet", "BillingCity", "BillingPostalCode",
                    "Phone", "Website", "Description", "CreatedDate");
            for (int i = 0; i < accounts; i++) {
                row(csv, id("001", i), "0", "Gemeinde Bench " + i, i % 3 == 0 ? "Partner" : "Kommune", "Hauptstraße " + i,
                        "Benchstadt", String.format("%05d", i % 100_000), "+49 30 " + i, "gemeinde" + i + ".example",
                        "Zeile eins\nZeile zwei für Gemeinde " + i, "2022-01-01 10:00:00");
                rows++;
            }
            entry(out, csv, "Contact.csv", "Id", "IsDeleted", "AccountId", "FirstName", "LastName", "Title", "Email", "Phone",
                    "Description", "HasOptedOutOfEmail", "DoNotCall", "CreatedDate");
            for (int i = 0; i < contacts; i++) {
                row(csv, id("003", i), "0", id("001", i % Math.max(1, accounts)), "Vorname" + i, "Nachname" + i, "Sachbearbeitung",
                        "kontakt" + i + "@gemeinde" + (i % Math.max(1, accounts)) + ".example", "+49 30 9" + i, "Notiz " + i, "0", "0",
                        "2022-02-01 10:00:00");
                rows++;
            }
            entry(out, csv, "Task.csv", "Id", "IsDeleted", "WhoId", "WhatId", "Subject", "ActivityDate", "Status", "IsClosed",
                    "OwnerId", "Description", "Type", "CallDurationInSeconds", "CallDisposition", "CompletedDateTime", "CreatedDate",
                    "EmailMessageId");
            for (int i = 0; i < tasks; i++) {
                String contact = id("003", i % Math.max(1, contacts));
                String owner = id("005", i % 20);
                boolean mail = i < mails;
                boolean open = !mail && i % 10 == 0;
                boolean call = !mail && !open && i % 2 == 0;
                row(csv, id("00T", i), "0", contact, "", mail ? "Email: Nachricht " + i : call ? "Anruf " + i : "Aufgabe " + i,
                        "2023-03-01 00:00:00", open ? "Not Started" : "Completed", open ? "0" : "1", owner,
                        "Beschreibung der Aufgabe " + i, mail ? "Email" : call ? "Call" : "", call ? "120" : "",
                        call ? "erreicht" : "", open ? "" : "2023-03-01 12:00:00", "2023-02-28 09:00:00",
                        mail ? id("02s", i) : "");
                rows++;
            }
            entry(out, csv, "EmailMessage.csv", "Id", "IsDeleted", "ActivityId", "FromName", "FromAddress", "ToAddress", "Subject",
                    "TextBody", "MessageDate", "Incoming", "CreatedDate");
            for (int i = 0; i < mails; i++) {
                row(csv, id("02s", i), "0", id("00T", i), "Nutzer", "nutzer" + (i % 20) + "@integreat.example",
                        "kontakt" + (i % Math.max(1, contacts)) + "@gemeinde" + ((i % Math.max(1, contacts)) % Math.max(1, accounts)) + ".example",
                        "Nachricht " + i, "Guten Tag,\nhier ist Nachricht " + i + ".\nViele Grüße", "2023-03-01 11:00:00", "0",
                        "2023-03-01 11:00:00");
                rows++;
            }
            csv.flush();
            out.closeEntry();
        }
        return rows;
    }

    private static void entry(ZipOutputStream out, BufferedWriter csv, String name, String... header) throws IOException {
        csv.flush();
        if (!name.equals("User.csv")) {
            out.closeEntry();
        }
        out.putNextEntry(new ZipEntry(name));
        row(csv, (Object[]) header);
    }

    private static void row(BufferedWriter csv, Object... values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                csv.write(',');
            }
            csv.write('"');
            csv.write(String.valueOf(values[i]).replace("\"", "\"\""));
            csv.write('"');
        }
        csv.write('\n');
    }

    /** An 18-character id of the object prefix and a number. */
    static String id(String prefix, int n) {
        return SalesforceId.normalize(prefix + "7Q" + String.format("%010d", n));
    }
}
