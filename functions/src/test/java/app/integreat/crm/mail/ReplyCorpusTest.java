package app.integreat.crm.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The email-reply-parser corpus: 43 replies in many languages, each with the new text written above the
 * quote header. The CRM keeps a BCC'd reply whole; what it must get right is that a reply is not taken
 * for a forward (its counterparts would then be the quoted sender's), and that the new text stays first.
 */
class ReplyCorpusTest {
    /**
     * Replies whose separator announces the original message ("-----Ursprüngliche Nachricht-----" and its
     * translations, followed by a From/Sent/To block): Outlook prints the same line for a forward, so the
     * parser takes them for one whatever the subject (see {@link ForwardParser}); the new text is then the
     * forwarder's note.
     */
    static final Set<String> ANNOUNCED_AS_ORIGINAL = Set.of("email_german_outlook", "email_danish_dash_separator",
            "email_french_dash_separator", "email_tricky_15_original_message_variations");

    @Test
    @SuppressWarnings("unchecked")
    void everyReplyKeepsItsNewTextFirstAndIsNoForward() throws IOException, MailParseException {
        Path dir = Corpus.dir("email-reply-parser");
        Map<String, Object> json = JSON.std.mapFrom(Files.readString(dir.resolve("expectations.json")));
        Map<String, Object> cases = (Map<String, Object>) json.get("cases");
        assertEquals(43, ((Number) ((Map<String, Object>) json.get("meta")).get("caseCount")).intValue());
        assertEquals(43, cases.size(), "every case of expectations.json is read, none excluded");
        ForwardParser forwards = new ForwardParser();
        MailParser parser = new MailParser();
        Set<String> takenForForwards = new TreeSet<>();
        int checked = 0;
        for (Map.Entry<String, Object> entry : cases.entrySet()) {
            Map<String, Object> testCase = (Map<String, Object>) entry.getValue();
            String body = Files.readString(dir.resolve((String) testCase.get("fixture")), StandardCharsets.UTF_8).replace("\r\n", "\n");
            String expected = ((String) testCase.get("expectedReplyText")).strip();
            String name = entry.getKey();

            // the reply as a member's client sends it: its text comes out with the new text first
            String raw = "From: lena@integreat.example\r\nTo: kontakt@example.com\r\nSubject: Re: Ihre Frage\r\n"
                    + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                    + body.replace("\n", "\r\n");
            ParsedMail mail = parser.parse(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
            assertTrue(mail.text().replace("\r\n", "\n").strip().startsWith(expected), name + ": the new text is not first");

            Optional<ForwardedMessage> forward = forwards.find(mail);
            if (forward.isPresent()) {
                takenForForwards.add(name);
                assertEquals(expected, forward.get().note(), name + ": the reply's own text is the forwarder's note");
            }
            checked++;
        }
        assertEquals(43, checked);
        assertEquals(new TreeSet<>(ANNOUNCED_AS_ORIGINAL), takenForForwards, "replies taken for forwards");
    }
}
