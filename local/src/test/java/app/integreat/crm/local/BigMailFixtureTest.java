package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.bench.Benchmark;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.junit.jupiter.api.Test;

/** The benchmark's 25 MB mail is a well-formed MIME message: a text part and a 19 MB attachment. */
class BigMailFixtureTest {

    @Test
    void theBigMailParsesAsTextAndOneLargeAttachment() throws Exception {
        Path file = Path.of("target/big-mail-test.eml");
        long size = Benchmark.writeBigMail(file, 25L * 1024 * 1024);
        assertEquals(Files.size(file), size);
        assertTrue(Math.abs(size - 25L * 1024 * 1024) < 1024, "size " + size);
        List<String> parts = new ArrayList<>();
        List<Long> decoded = new ArrayList<>();
        MimeStreamParser parser = new MimeStreamParser();
        parser.setContentDecoding(true);
        parser.setContentHandler(new AbstractContentHandler() {
            @Override
            public void body(BodyDescriptor body, InputStream in) throws java.io.IOException {
                parts.add(body.getMimeType());
                decoded.add(in.transferTo(java.io.OutputStream.nullOutputStream()));
            }
        });
        try (InputStream in = Files.newInputStream(file)) {
            parser.parse(in);
        }
        assertEquals(List.of("text/plain", "application/pdf"), parts);
        assertTrue(decoded.get(1) > 18L * 1024 * 1024, "attachment of " + decoded.get(1) + " bytes");
        Files.delete(file);
    }
}
