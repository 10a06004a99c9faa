package app.integreat.crm.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Hostile text for every parser entry point: long runs of the characters the patterns care about, nested parts,
 * huge headers, broken encodings. Each must end (a MailParseException is an ending) without an Error, and the
 * one-pass rewrites must say what the regular expressions they replaced said. How fast: bench/, not here; the
 * timeout only turns a hang (the backtracking these inputs once caused) into a failure instead of a stuck build.
 */
class HostileInputPropertiesTest {
    private static final Duration HANG = Duration.ofSeconds(30);
    private static final MailParser PARSER = new MailParser();
    private static final ForwardParser FORWARDS = new ForwardParser();

    /** Runs of one piece repeated up to 200,000 characters, glued to the words the forward parser looks for. */
    @Provide
    Arbitrary<String> hostileText() {
        Arbitrary<String> piece = Arbitraries.of(" ", "\t", ">", "> ", " >", "-", "--", "- ", "_", "@", "a@", "b.",
            "<", "<a@", "\"", "„", "*", ":", "1", "12.", "Re: ", "WG: ", "\u00a0", "=?utf-8?q?", "=?", "\\", "é",
            "\uD83D\uDE00", "\r\n", "\n", "&nbsp;", "<pre>", "<p>", "<div>", "a*1*=x; ");
        Arbitrary<Integer> times = Arbitraries.integers().between(1, 200_000).shrinkTowards(1);
        Arbitrary<String> run = Combinators.combine(piece, times).as((p, n) -> p.repeat(Math.max(1, n / p.length())));
        Arbitrary<String> prefix = Arbitraries.of("", "Von: ", "From: ", "---------- Forwarded message ---------\n",
            "-----Original Message----- From: ", "Am 23.11.2026 um 10:15 schrieb ", "> ", "Gesendet: ", "Datum: ");
        Arbitrary<String> suffix = Arbitraries.of("", "x", ":", " <a@b.de>", "--", "\n", "@x.de");
        return Combinators.combine(prefix, run, suffix).as((p, r, s) -> p + r + s);
    }

    @Property(tries = 60)
    void theForwardParserEndsOnAnyBody(@ForAll("hostileText") String body, @ForAll("subjects") String subject) {
        assertTimeoutPreemptively(HANG, () -> FORWARDS.find(body, subject));
    }

    @Property(tries = 60)
    void datesSubjectsAndAddressesEnd(@ForAll("hostileText") String text) {
        assertTimeoutPreemptively(HANG, () -> {
            DateParsing.parse(text);
            Subjects.display(text);
            Subjects.isForward(text);
            AddressText.parseList(text);
            AddressText.parseFrom(text);
            MimeParams.parse("attachment; " + text);
        });
    }

    @Property(tries = 40)
    void theMailParserEndsOnAnyBodyAndKeepsItsTextBound(@ForAll("hostileText") String text,
                                                         @ForAll("contentTypes") String contentType) {
        String mail = "From: a@x.de\r\nTo: crm@inbound.localhost\r\nSubject: Fwd: x\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: " + contentType + "\r\n\r\n" + text;
        ParsedMail parsed = assertTimeoutPreemptively(HANG, () -> parseOrNull(mail));
        if (parsed != null) {
            assertTrue(parsed.text().length() <= MailParser.DEFAULT_MAX_TEXT_CHARS, "the text stays within its budget");
            assertTimeoutPreemptively(HANG, () -> FORWARDS.find(parsed));
        }
    }

    @Property(tries = 30)
    void hugeHeadersEnd(@ForAll("hostileText") String value, @ForAll("headerNames") String name) {
        String mail = "From: a@x.de\r\n" + name + ": " + value.replace("\n", "\n ") + "\r\nTo: crm@x\r\n\r\nbody";
        assertTimeoutPreemptively(HANG, () -> {
            ParsedMail parsed = parseOrNull(mail);
            if (parsed != null) {
                FORWARDS.find(parsed);
            }
        });
    }

    @Property(tries = 20)
    void nestedPartsAndManyPartsEnd(@ForAll("nestings") int depth, @ForAll("nestings") int width) {
        StringBuilder mail = new StringBuilder("From: a@x.de\r\nTo: crm@x\r\nMIME-Version: 1.0\r\n");
        for (int d = 0; d < depth; d++) {
            mail.append("Content-Type: multipart/mixed; boundary=\"b").append(d).append("\"\r\n\r\n--b").append(d)
                .append("\r\n");
        }
        for (int w = 0; w < width; w++) {
            mail.append("Content-Type: text/plain\r\n\r\npart ").append(w).append("\r\n--b").append(depth - 1)
                .append("\r\n");
        }
        assertTimeoutPreemptively(HANG, () -> parseOrNull(mail.toString()));
    }

    @Test
    void overTheLimitsAMailIsUnparseableWithTheLimitAsReason() {
        String manyHeaders = "From: a@x.de\r\n" + "X-A: b\r\n".repeat(MailParser.MAX_HEADER_FIELDS + 1) + "\r\nx";
        assertUnparseable(manyHeaders, "header");
        StringBuilder nested = new StringBuilder("From: a@x.de\r\nMIME-Version: 1.0\r\n");
        for (int d = 0; d <= MailParser.MAX_MULTIPART_DEPTH; d++) {
            nested.append("Content-Type: multipart/mixed; boundary=\"b").append(d).append("\"\r\n\r\n--b").append(d)
                .append("\r\n");
        }
        assertUnparseable(nested.append("Content-Type: text/plain\r\n\r\nx\r\n").toString(), "nested");
        StringBuilder wide = new StringBuilder("From: a@x.de\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n");
        for (int w = 0; w <= MailParser.MAX_PARTS; w++) {
            wide.append("--b\r\nContent-Type: text/plain\r\n\r\n").append(w).append("\r\n");
        }
        assertUnparseable(wide.append("--b--\r\n").toString(), "body parts");
    }

    // The one-pass rewrites against the patterns they replaced (fine on short input, quadratic or recursive on long).

    private static final Pattern OLD_QUOTE_PREFIX = Pattern.compile("^(?:[ \\t]*>)+ ?");

    @Property(tries = 500)
    void theQuotePrefixScanRemovesWhatThePatternRemoved(@ForAll("shortLines") String line) {
        assertEquals(OLD_QUOTE_PREFIX.matcher(line).replaceFirst(""), line.substring(Scan.quotePrefixLength(line)));
    }

    @Property(tries = 500)
    void tidyingHtmlTextDoesWhatThePatternsDid(@ForAll("shortLines") String text) {
        String old = text.replace('\u00a0', ' ').replaceAll("[ \t]+\n", "\n").replaceAll("\n{3,}", "\n\n").strip();
        assertEquals(old, HtmlText.tidy(text));
    }

    @Property(tries = 500)
    void trailingCharactersAndSpacesGoAsThePatternsSaid(@ForAll("shortLines") String text) {
        assertEquals(text.replaceAll("[:：\\s]+$", ""), Scan.stripTrailing(text, ":：", true));
        assertEquals(text.replaceAll("[\\s(<]+$", ""), Scan.stripTrailing(text, "(<", true));
        assertEquals(text.matches("(?s).*[,;]\\s*$"), Scan.endsWithBeforeSpaces(text, ",;"));
    }

    @Provide
    Arbitrary<String> shortLines() {
        return Arbitraries.strings().withChars(" \t>\n\u00a0:：,;(<ax").ofMaxLength(24);
    }

    @Provide
    Arbitrary<String> subjects() {
        return Arbitraries.of(null, "", "Fwd: Angebot", "WG: Re: AW: x", "Zur Info: bitte ablegen", "Re: ".repeat(5_000));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("text/plain; charset=utf-8", "text/html; charset=utf-8", "text/plain; charset=x-unknown",
            "text/plain; charset=\"" + "a".repeat(10_000) + "\"", "multipart/mixed; boundary=\"--\"",
            "message/rfc822", "text/html; charset=iso-8859-1");
    }

    @Provide
    Arbitrary<String> headerNames() {
        return Arbitraries.of("Subject", "To", "Cc", "Date", "Message-ID", "References", "In-Reply-To", "Content-Type",
            "Content-Disposition", "X-Filler");
    }

    @Provide
    Arbitrary<Integer> nestings() {
        return Arbitraries.integers().between(1, 1_200);
    }

    private static ParsedMail parseOrNull(String mail) {
        try {
            return PARSER.parse(new ByteArrayInputStream(mail.getBytes(StandardCharsets.UTF_8)));
        } catch (MailParseException e) {
            return null;
        }
    }

    private static void assertUnparseable(String mail, String reasonWord) {
        MailParseException e = org.junit.jupiter.api.Assertions.assertThrows(MailParseException.class,
            () -> PARSER.parse(new ByteArrayInputStream(mail.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains(reasonWord), "the reason names the limit: " + e.getMessage());
    }
}
