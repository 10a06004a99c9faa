package app.integreat.crm.mail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A large mail made on the fly: a short text part and a base64 attachment, never held in memory as a whole. */
final class GeneratedMail {
    /** Decoded bytes per base64 line of 76 characters. */
    static final int BYTES_PER_LINE = 57;

    private GeneratedMail() {
    }

    /** A message whose attachment is {@code lines} base64 lines, i.e. {@code lines * 57} decoded bytes. */
    static InputStream withAttachment(int lines) {
        String head = "From: Big Sender <big@example.de>\r\nTo: crm@integreat.app\r\nSubject: Pläne\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
            + "--outer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAnbei die Pläne.\r\n"
            + "--outer\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=\"plaene.pdf\"\r\n\r\n";
        String tail = "--outer--\r\n";
        return new SequenceInputStream(new SequenceInputStream(stream(head), new Base64Lines(lines)), stream(tail));
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Base64 text, one line at a time, generated as it is read. */
    private static final class Base64Lines extends InputStream {
        private final byte[] line;
        private final int lines;
        private int lineIndex;
        private int pos;

        Base64Lines(int lines) {
            byte[] raw = new byte[BYTES_PER_LINE];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (byte) (i * 37 + 11);
            }
            this.line = (Base64.getEncoder().encodeToString(raw) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            this.lines = lines;
        }

        @Override
        public int read() {
            if (lineIndex >= lines) {
                return -1;
            }
            int b = line[pos++];
            if (pos == line.length) {
                pos = 0;
                lineIndex++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (lineIndex >= lines) {
                return -1;
            }
            int n = 0;
            while (n < len && lineIndex < lines) {
                int chunk = Math.min(len - n, line.length - pos);
                System.arraycopy(line, pos, b, off + n, chunk);
                n += chunk;
                pos += chunk;
                if (pos == line.length) {
                    pos = 0;
                    lineIndex++;
                }
            }
            return n;
        }
    }

    /** Run in a JVM with a small heap: parses a generated mail and prints the attachment size it counted. */
    public static void main(String[] args) throws Exception {
        ParsedMail mail = new MailParser().parse(withAttachment(Integer.parseInt(args[0])));
        System.out.println(mail.attachments().get(0).sizeBytes() + " " + mail.text());
    }
}
