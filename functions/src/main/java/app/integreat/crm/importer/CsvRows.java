package app.integreat.crm.importer;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The rows of one CSV, streamed (RFC 4180: quoted values may hold line breaks and doubled quotes).
 * The encoding is UTF-8 (with or without BOM) when the bytes are valid UTF-8, else ISO-8859-1, the
 * weekly export's default; UTF-16 or binary content is refused. Header names match case-insensitively
 * (older Data Loaders wrote them in capitals).
 */
public final class CsvRows implements Iterator<Row>, Closeable {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

    private final CsvSource source;
    private final Charset charset;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<String> header;
    private long nextLine = 2;

    private CsvRows(CsvSource source, Charset charset, CSVParser parser) {
        this.source = source;
        this.charset = charset;
        this.parser = parser;
        this.header = parser.getHeaderNames();
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
        this.records = parser.iterator();
    }

    /** Opens the CSV, refusing it when one of the {@code required} columns is missing. */
    public static CsvRows open(CsvSource source, Collection<String> required) {
        Charset charset = detectCharset(source);
        try {
            InputStream in = new BufferedInputStream(source.open(), 64 * 1024);
            Reader reader = new InputStreamReader(skipBom(in), charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
            CSVParser parser;
            try {
                parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                reader.close();
                throw new ImportProblem(source.name(), 1, null, "the header row cannot be read: " + e.getMessage());
            }
            CsvRows rows = new CsvRows(source, charset, parser);
            for (String column : required) {
                if (!rows.columns.containsKey(column.toLowerCase(Locale.ROOT))) {
                    rows.close();
                    throw new ImportProblem(source.name(), 1, column, "the required column " + column + " is missing");
                }
            }
            return rows;
        } catch (IOException e) {
            throw new ImportProblem(source.name(), 0, null, "cannot be read: " + e.getMessage());
        }
    }

    public Charset charset() {
        return charset;
    }

    public boolean hasColumn(String name) {
        return columns.containsKey(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean hasNext() {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw brokenCsv(e);
        }
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CSVRecord record;
        try {
            record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw brokenCsv(e);
        }
        long line = nextLine;
        nextLine = parser.getCurrentLineNumber() + 1;
        if (record.size() != header.size() && !(record.size() == 1 && record.get(0).isEmpty())) {
            throw new ImportProblem(source.name(), line, null,
                    "the row has " + record.size() + " values, the header names " + header.size());
        }
        return new Row(source.name(), line, record, columns);
    }

    /** Where the CSV breaks: the scanner looks for the first quote that is not closed or not doubled. */
    private ImportProblem brokenCsv(RuntimeException cause) {
        try (Reader reader = new InputStreamReader(skipBom(new BufferedInputStream(source.open())), charset)) {
            QuoteScanner.Problem problem = QuoteScanner.firstProblem(reader);
            if (problem != null) {
                String field = problem.fieldIndex() < header.size() ? header.get(problem.fieldIndex()) : "#" + (problem.fieldIndex() + 1);
                return new ImportProblem(source.name(), problem.line(), field, problem.message());
            }
        } catch (IOException ignored) {
            // fall through to the parser's own words
        }
        return new ImportProblem(source.name(), nextLine, null, "is not valid CSV: " + cause.getMessage());
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // reading is over
        }
    }

    private static InputStream skipBom(InputStream in) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in);
        buffered.mark(3);
        byte[] head = buffered.readNBytes(3);
        if (!(head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF)) {
            buffered.reset();
        }
        return buffered;
    }

    /** One streaming pass: valid UTF-8 is UTF-8, anything else ISO-8859-1; UTF-16 and binary are refused. */
    static Charset detectCharset(CsvSource source) {
        try (InputStream in = new BufferedInputStream(source.open(), 64 * 1024)) {
            byte[] head = in.readNBytes(4);
            if (head.length >= 2 && (((head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF)
                    || ((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE))) {
                throw new ImportProblem(source.name(), 0, null,
                        "is in an unknown encoding (UTF-16): export it as UTF-8 or ISO-8859-1");
            }
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            byte[] chunk = new byte[64 * 1024];
            ByteBuffer bytes = ByteBuffer.allocate(chunk.length + 8);
            CharBuffer chars = CharBuffer.allocate(chunk.length + 8);
            boolean valid = true;
            long line = 1;
            boolean first = true;
            for (int read = head.length; read >= 0; read = in.read(chunk), first = false) {
                byte[] fresh = first ? head : chunk;
                for (int i = 0; i < read; i++) {
                    if (fresh[i] == 0) {
                        throw new ImportProblem(source.name(), line, null,
                                "holds NUL bytes: it is binary or in an unknown encoding (export it as UTF-8 or ISO-8859-1)");
                    }
                    if (fresh[i] == '\n') {
                        line++;
                    }
                }
                if (valid) {
                    bytes.put(fresh, 0, read);
                    bytes.flip();
                    valid = !utf8.decode(bytes, chars, false).isError();
                    chars.clear();
                    bytes.compact();
                }
            }
            if (valid) {
                bytes.flip();
                valid = !utf8.decode(bytes, chars, true).isError();
            }
            return valid ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        } catch (IOException e) {
            throw new ImportProblem(source.name(), 0, null, "cannot be read: " + e.getMessage());
        }
    }
}
