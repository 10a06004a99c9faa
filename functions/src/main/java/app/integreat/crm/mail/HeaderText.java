package app.integreat.crm.mail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/** Header values as people read them: unfolded, RFC 2047 encoded-words decoded, raw UTF-8 repaired. */
final class HeaderText {

    private HeaderText() {
    }

    /** The decoded value, or null for null. Unknown charsets in encoded-words are left as they are. */
    static String decode(String raw) {
        if (raw == null) {
            return null;
        }
        String unfolded = Scan.unfold(raw);
        String decoded;
        try {
            decoded = DecoderUtil.decodeEncodedWords(repair(unfolded), DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            decoded = unfolded;
        }
        return decoded.strip();
    }

    /**
     * mime4j reads header bytes as ISO-8859-1; RFC 6532 mail (and many careless mailers) put raw UTF-8 there.
     * When the text is valid UTF-8 read as Latin-1, this returns the UTF-8 reading, otherwise the text unchanged.
     */
    static String repair(String text) {
        if (text == null || text.chars().allMatch(c -> c < 0x80) || text.chars().anyMatch(c -> c > 0xFF)) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return text;
        }
    }
}
