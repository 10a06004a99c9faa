package app.integreat.crm.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.integreat.crm.json.Json;
import app.integreat.crm.model.InboundDelivery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The published SES receipt-rule samples (testdata/corpus/ses-events: the AWS guide's Lambda-action event
 * and the Rust runtime's Lambda, S3 and SNS variants) read as the inbound function reads its event.
 * The expected deliveries were copied by hand from each file.
 */
class SesEventsCorpusTest {
    static final Path DIR = Path.of("..", "testdata", "corpus", "ses-events");
    static final String RUST = "aws-lambda-rust-runtime/lambda-events/src/fixtures/";

    static InboundDelivery expected(String id, String at, String recipient, String dmarc) {
        return new InboundDelivery(id, Instant.parse(at), List.of(recipient), "PASS", "PASS", dmarc,
                InboundMailHandler.RAW_MAIL_PREFIX + id);
    }

    static final Map<String, InboundDelivery> EXPECTED = Map.of(
            "aws-lambda-java-libs/aws-lambda-java-tests/src/test/resources/ses_event.json",
            expected("EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000", "2019-08-05T21:30:02.028Z",
                    "recipient@example.com", "GRAY"),
            RUST + "example-ses-event.json",
            expected("6n4thuhcbhpfiuf25gshf70rss364fuejrvmqko1", "1970-01-01T00:00:00.123Z", "lambda@amazon.com", "PASS"),
            RUST + "example-ses-lambda-event.json",
            expected("6n4thuhcbhpfiuf25gshf70rss364fuejrvmqko1", "1970-01-01T00:00:00.123Z", "lambda@amazon.com", "PASS"),
            RUST + "example-ses-s3-event.json",
            expected("d6iitobk75ur44p8kdnnp7g2n800", "2015-09-11T20:32:33.936Z", "recipient@example.com", "PASS"),
            RUST + "example-ses-sns-event.json",
            expected("d6iitobk75ur44p8kdnnp7g2n800", "2015-09-11T20:32:33.936Z", "recipient@example.com", "PASS"));

    @Test
    void everySampleGivesTheDeliveryItDescribes() throws IOException {
        Map<String, List<InboundDelivery>> read = new TreeMap<>();
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                read.put(DIR.relativize(file).toString().replace('\\', '/'),
                        SesEvents.deliveries(Json.object(Files.readString(file)), InboundMailHandler.RAW_MAIL_PREFIX));
            }
        }
        assertEquals(new TreeMap<>(EXPECTED).keySet(), read.keySet(), "every sample is read, none excluded");
        for (Map.Entry<String, List<InboundDelivery>> sample : read.entrySet()) {
            assertEquals(List.of(EXPECTED.get(sample.getKey())), sample.getValue(), sample.getKey());
            // GRAY is no failed check: only FAIL quarantines
            assertNull(sample.getValue().get(0).failedCheck(), sample.getKey());
        }
        assertEquals(5, read.size());
    }
}
