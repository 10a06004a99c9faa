package app.integreat.crm.importer;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The CSVs and binaries of one or more exports: weekly Data Export zips ({@code WE_…ZIP}, several
 * per export), their unpacked folder, or a folder of Data Loader CSVs, told apart by what they hold.
 * Nothing is read into memory here: every CSV and binary is streamed when it is opened.
 */
public final class ExportFiles implements Closeable {
    /** The objects the importer reads; a zip or folder with none of them is not an export. */
    static final Set<String> OBJECTS = Set.of("User", "RecordType", "Account", "Contact", "npe5__Affiliation__c",
            "Opportunity", "OpportunityHistory", "OpportunityContactRole", "Task", "Event", "EmailMessage",
            "Note", "Attachment", "ContentVersion", "ContentDocumentLink");

    public enum Format { DATA_EXPORT, DATA_LOADER }

    private final Map<String, List<CsvSource>> csvs = new LinkedHashMap<>();
    /** "Attachments/<id>", "ContentVersion/<id>" → the binary's opener. */
    private final Map<String, Binary> binaries = new HashMap<>();
    private final List<ZipFile> zips = new ArrayList<>();
    private final Map<String, Format> formats = new LinkedHashMap<>();

    private interface Opener {
        InputStream open() throws IOException;
    }

    /** A binary of the export (an attachment's or file version's content), streamed when opened. */
    public interface Binary {
        long size();

        InputStream open() throws IOException;
    }

    private record SizedOpener(long size, Opener opener) implements Binary {
        @Override
        public InputStream open() throws IOException {
            return opener.open();
        }
    }

    private ExportFiles() {
    }

    public static ExportFiles open(List<Path> paths) {
        ExportFiles files = new ExportFiles();
        try {
            for (Path path : paths) {
                if (Files.isDirectory(path)) {
                    files.addFolder(path);
                } else if (Files.isRegularFile(path)) {
                    files.addZip(path);
                } else {
                    throw new ImportProblem(path.toString(), 0, null, "does not exist");
                }
            }
        } catch (RuntimeException e) {
            files.close();
            throw e;
        }
        return files;
    }

    /** Each input and what it was detected as. */
    public Map<String, Format> formats() {
        return Map.copyOf(formats);
    }

    /** The CSVs of an object, in the order the inputs were given (an object may be split over zips). */
    public List<CsvSource> csvs(String object) {
        return csvs.getOrDefault(object, List.of());
    }

    public boolean has(String object) {
        return csvs.containsKey(object);
    }

    /** A binary of the weekly export: {@code folder} is Attachments or ContentVersion. */
    public Optional<Binary> binary(String folder, String id) {
        return Optional.ofNullable(binaries.get(folder + "/" + id));
    }

    private void addZip(Path path) {
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new ImportProblem(path.toString(), 0, null, "is neither a folder nor a zip file of a Salesforce export");
        } catch (IOException e) {
            throw new ImportProblem(path.toString(), 0, null, "cannot be read: " + e.getMessage());
        }
        zips.add(zip);
        int known = 0;
        int binariesBefore = binaries.size();
        var entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            if (entry.isDirectory()) {
                continue;
            }
            String name = entry.getName();
            String base = name.substring(name.lastIndexOf('/') + 1);
            String source = path.getFileName() + "!" + name;
            if (base.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                String object = object(base);
                if (object != null) {
                    known++;
                    add(object, source, () -> zip.getInputStream(entry));
                }
            } else {
                binary(name, entry.getSize(), () -> zip.getInputStream(entry));
            }
        }
        if (known == 0 && binaries.size() == binariesBefore) {
            throw new ImportProblem(path.toString(), 0, null,
                    "is not a Salesforce export: it holds no Account.csv, Contact.csv, User.csv or other object CSV");
        }
        formats.put(path.toString(), Format.DATA_EXPORT);
    }

    private void addFolder(Path folder) {
        int known = 0;
        boolean dataLoader = false;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            for (Path child : children) {
                String base = child.getFileName().toString();
                if (Files.isDirectory(child)) {
                    if (base.equals("Attachments") || base.equals("ContentVersion") || base.equals("Documents")) {
                        try (DirectoryStream<Path> files = Files.newDirectoryStream(child)) {
                            for (Path file : files) {
                                binary(base + "/" + file.getFileName(), Files.size(file), () -> Files.newInputStream(file));
                            }
                        }
                    }
                    continue;
                }
                if (!base.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                    continue;
                }
                String object = object(base);
                if (object != null) {
                    known++;
                    add(object, child.toString(), () -> Files.newInputStream(child));
                    dataLoader |= looksLikeDataLoader(child);
                }
            }
        } catch (IOException e) {
            throw new ImportProblem(folder.toString(), 0, null, "cannot be read: " + e.getMessage());
        }
        if (known == 0) {
            throw new ImportProblem(folder.toString(), 0, null,
                    "holds no Salesforce export: no Account.csv, Contact.csv, User.csv or other object CSV");
        }
        formats.put(folder.toString(), dataLoader ? Format.DATA_LOADER : Format.DATA_EXPORT);
    }

    private void add(String object, String name, Opener opener) {
        csvs.computeIfAbsent(object, o -> new ArrayList<>()).add(new CsvSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String object() {
                return object;
            }

            @Override
            public InputStream open() throws IOException {
                return opener.open();
            }
        });
    }

    private void binary(String name, long size, Opener opener) {
        String[] parts = name.split("/");
        if (parts.length >= 2) {
            String folder = parts[parts.length - 2];
            if (folder.equals("Attachments") || folder.equals("ContentVersion") || folder.equals("Documents")) {
                binaries.put(folder + "/" + parts[parts.length - 1], new SizedOpener(size, opener));
            }
        }
    }

    /** The object a CSV holds, by its file name (case-insensitive: Data Loader files are named by hand). */
    private static String object(String fileName) {
        String stem = fileName.substring(0, fileName.length() - 4);
        for (String object : OBJECTS) {
            if (object.equalsIgnoreCase(stem)) {
                return object;
            }
        }
        return null;
    }

    /** The Data Loader writes a BOM (when UTF-8), capital headers, or API values (true/false, ISO datetimes). */
    private static boolean looksLikeDataLoader(Path csv) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(csv))) {
            byte[] head = in.readNBytes(4096);
            if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
                return true;
            }
            String text = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
            int end = text.indexOf('\n');
            String header = end < 0 ? text : text.substring(0, end);
            return header.equals(header.toUpperCase(Locale.ROOT)) && header.chars().anyMatch(Character::isLetter)
                    || text.contains("\"true\"") || text.contains("\"false\"") || text.matches("(?s).*\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:.*");
        }
    }

    @Override
    public void close() {
        for (ZipFile zip : zips) {
            try {
                zip.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }
}
