package app.integreat.crm.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.dom.field.AddressListField;
import org.apache.james.mime4j.dom.field.DateTimeField;
import org.apache.james.mime4j.dom.field.MailboxField;
import org.apache.james.mime4j.dom.field.MailboxListField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Parses a raw RFC 5322 message into a {@link ParsedMail}, streaming: attachment bodies are counted and dropped, so
 * memory stays bounded by the text cap, not by the size of the mail. Thread-safe; build one and reuse it.
 */
public final class MailParser {
    /** Text bodies longer than this many characters are cut ({@link ParsedMail#bodyTruncated()}). */
    public static final int DEFAULT_MAX_TEXT_CHARS = 200_000;
    /** How deep attached messages inside attached messages are parsed; deeper ones become plain attachments. */
    public static final int DEFAULT_MAX_DEPTH = 3;

    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");
    private static final Set<String> AUTOMATED_PRECEDENCE = Set.of("bulk", "junk", "list", "auto_reply", "auto-reply");

    /** Header fields per header section (real mail has a few dozen, Received lines included). */
    static final int MAX_HEADER_FIELDS = 1_000;
    /** One header field, folded lines together (a To list of 2,000 people fits). */
    static final int MAX_HEADER_FIELD_BYTES = 128 * 1024;
    /** One line of a header section or of a part's boundary search. */
    static final int MAX_LINE_BYTES = 1024 * 1024;
    /** Multiparts inside multiparts. */
    static final int MAX_MULTIPART_DEPTH = 20;
    /** Body parts of one message level. */
    static final int MAX_PARTS = 1_000;

    private final int maxTextChars;
    private final int maxDepth;

    public MailParser() {
        this(DEFAULT_MAX_TEXT_CHARS, DEFAULT_MAX_DEPTH);
    }

    public MailParser(int maxTextChars) {
        this(maxTextChars, DEFAULT_MAX_DEPTH);
    }

    public MailParser(int maxTextChars, int maxDepth) {
        if (maxTextChars < 1 || maxDepth < 0) {
            throw new IllegalArgumentException("maxTextChars must be positive and maxDepth not negative");
        }
        this.maxTextChars = maxTextChars;
        this.maxDepth = maxDepth;
    }

    /**
     * Parses one message. The stream is read to its end but not closed.
     *
     * @throws MailParseException when the input holds no message at all (empty, no header section) or cannot be
     *                            read; malformed but recognizable mail yields a best-effort result instead
     */
    public ParsedMail parse(InputStream raw) throws MailParseException {
        return parse(raw, null);
    }

    /**
     * Parses one message and hands every attachment's bytes (also those of attached messages) to {@code sink},
     * in the order of the parts; the attachments then carry their SHA-256 and where the sink kept them.
     */
    public ParsedMail parse(InputStream raw, AttachmentSink sink) throws MailParseException {
        if (raw == null) {
            throw new MailParseException("no input stream");
        }
        return parse(raw, 0, sink, new int[1]);
    }

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private ParsedMail parse(InputStream raw, int depth, AttachmentSink sink, int[] attachmentCount)
        throws MailParseException {
        try {
            PushbackInputStream in = new PushbackInputStream(raw, UTF8_BOM.length);
            byte[] start = in.readNBytes(UTF8_BOM.length);
            if (start.length == 0) {
                throw new MailParseException("empty message");
            }
            // a file saved by some Windows tools starts with a UTF-8 byte-order mark; it would hide the first field
            if (!java.util.Arrays.equals(start, UTF8_BOM)) {
                in.unread(start);
            }
            MessageCollector collector = new MessageCollector(depth, sink, attachmentCount);
            MimeStreamParser parser = new MimeStreamParser(config(), DecodeMonitor.SILENT,
                new DefaultBodyDescriptorBuilder(null, LenientFieldParser.getParser(), DecodeMonitor.SILENT));
            parser.setContentDecoding(true);
            // attached messages come to body() whole; parse() reads them one level deeper, depth-capped
            parser.setNoRecurse();
            parser.setContentHandler(collector);
            parser.parse(in);
            return collector.result();
        } catch (MailParseException | AttachmentSink.StorageFailure e) {
            throw e;
        } catch (MimeException | IOException e) {
            throw new MailParseException("unreadable message: " + describe(e), e);
        } catch (RuntimeException | StackOverflowError e) {
            // mime4j and the decoders are lenient, but a parser bug must not escape as an unknown failure
            throw new MailParseException("malformed message: " + describe(e), e);
        }
    }

    private static MimeConfig config() {
        // Lenient: real mail breaks every rule. The limits bound the work and memory a hostile mail can cause;
        // a mail over them is unparseable, and so quarantined with the limit as its reason.
        return new MimeConfig.Builder()
            .setStrictParsing(false)
            .setMalformedHeaderStartsBody(false)
            .setMaxLineLen(MAX_LINE_BYTES)
            .setMaxHeaderCount(MAX_HEADER_FIELDS)
            .setMaxHeaderLen(MAX_HEADER_FIELD_BYTES)
            .setMaxContentLen(-1)
            .build();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Collects one message level; nested message/rfc822 parts are parsed by a fresh collector one level deeper. */
    private final class MessageCollector extends AbstractContentHandler {
        private final int depth;
        private final List<Field> topFields = new ArrayList<>();
        private final TextBudget plain = new TextBudget(maxTextChars);
        private final TextBudget html = new TextBudget(maxTextChars);
        private final List<AttachmentInfo> attachments = new ArrayList<>();
        private final List<ParsedMail> attachedMessages = new ArrayList<>();
        private final AttachmentSink sink;
        private final int[] attachmentCount;
        private String rawHtml;
        private PartHeader current;
        private boolean inTopHeader;
        private boolean topHeaderSeen;
        private boolean deliveryReport;
        private boolean report;
        private int multipartDepth;
        private int parts;

        MessageCollector(int depth, AttachmentSink sink, int[] attachmentCount) {
            this.depth = depth;
            this.sink = sink;
            this.attachmentCount = attachmentCount;
        }

        @Override
        public void startHeader() {
            inTopHeader = !topHeaderSeen;
            topHeaderSeen = true;
            current = new PartHeader();
        }

        @Override
        public void field(Field field) {
            if (inTopHeader) {
                topFields.add(field);
            }
            current.add(field);
        }

        @Override
        public void endHeader() {
            inTopHeader = false;
        }

        @Override
        public void startBodyPart() throws MimeException {
            if (++parts > MAX_PARTS) {
                throw new MimeException("more than " + MAX_PARTS + " body parts");
            }
        }

        @Override
        public void endMultipart() {
            multipartDepth--;
        }

        @Override
        public void startMultipart(BodyDescriptor bd) throws MimeException {
            if (++multipartDepth > MAX_MULTIPART_DEPTH) {
                throw new MimeException("multiparts nested more than " + MAX_MULTIPART_DEPTH + " deep");
            }
            if ("multipart/report".equals(bd.getMimeType())) {
                // a report (bounce, read receipt, feedback) is a machine's mail; a bounce when it is about delivery
                report = true;
                deliveryReport |= current != null
                    && "delivery-status".equalsIgnoreCase(current.contentTypeParam("report-type"));
            }
        }

        @Override
        public void body(BodyDescriptor bd, InputStream is) throws IOException {
            PartHeader part = current == null ? new PartHeader() : current;
            String mimeType = bd.getMimeType() == null ? "text/plain" : bd.getMimeType().toLowerCase(Locale.ROOT);
            String filename = part.filename();
            boolean attachment = part.isAttachment() || filename != null;
            if ((mimeType.equals("message/rfc822") || mimeType.equals("message/global")) && depth < maxDepth) {
                CountingInputStream counting = new CountingInputStream(is);
                try {
                    attachedMessages.add(parse(counting, depth + 1, sink, attachmentCount));
                    return;
                } catch (MailParseException e) {
                    // not a message after all: its bytes were read, so it is listed by its size only
                    counting.drain();
                    attachments.add(new AttachmentInfo(filename, mimeType, counting.count(), part.contentId(),
                        part.isInline(), null, null, sink == null ? null : "it claimed to be a message but could not be read",
                        sink == null ? -1 : attachmentCount[0]++));
                    return;
                }
            }
            if (!attachment && mimeType.equals("text/plain")) {
                plain.add(BodyText.read(is, bd.getCharset(), plain.remaining()));
            } else if (!attachment && mimeType.equals("text/html")) {
                // markup is longer than its text; read more of it, the text cap applies after conversion
                BodyText.Read read = BodyText.read(is, bd.getCharset(), Math.max(html.remaining(), 1) * 4L);
                if (rawHtml == null) {
                    rawHtml = read.text();
                }
                html.add(new BodyText.Read(HtmlText.toText(read.text()), read.truncated()));
            } else if (sink == null) {
                attachments.add(new AttachmentInfo(filename, mimeType, CountingInputStream.drain(is),
                    part.contentId(), part.isInline()));
            } else {
                attachments.add(keep(filename, mimeType, part, is));
            }
        }

        /** Hands the bytes to the sink, counting and hashing them, and reads what it leaves. */
        private AttachmentInfo keep(String filename, String mimeType, PartHeader part, InputStream is) throws IOException {
            HashingInputStream hashing = new HashingInputStream(is);
            int index = attachmentCount[0]++;
            AttachmentSink.Kept kept = sink.keep(index, filename, mimeType, hashing);
            hashing.drain();
            return new AttachmentInfo(filename, mimeType, hashing.count(), part.contentId(), part.isInline(),
                hashing.sha256(), kept.reference(), kept.notKeptReason(), index);
        }

        ParsedMail result() throws MailParseException {
            if (topFields.isEmpty()) {
                throw new MailParseException("no header section: the input does not start with header fields");
            }
            Headers headers = new Headers(topFields);
            String text;
            boolean truncated;
            if (!plain.isEmpty()) {
                text = plain.text();
                truncated = plain.truncated();
            } else {
                text = html.text();
                truncated = html.truncated();
            }
            MailAddress from = first(headers.mailboxes("From"));
            boolean bounce = deliveryReport || isMailerDaemon(from);
            return new ParsedMail(messageId(headers.text("Message-ID")), from, first(headers.mailboxes("Sender")),
                headers.mailboxes("Reply-To"), headers.mailboxes("To"), headers.mailboxes("Cc"), headers.date(),
                headers.text("Subject"), messageId(headers.text("In-Reply-To")),
                messageIds(headers.text("References")), text, !html.isEmpty(), truncated, attachments,
                attachedMessages, bounce || report || headers.isAutomated(), bounce, rawHtml);
        }
    }

    private static MailAddress first(List<MailAddress> list) {
        return list.isEmpty() ? null : list.get(0);
    }

    private static boolean isMailerDaemon(MailAddress from) {
        if (from == null || from.email() == null) {
            return false;
        }
        String local = from.email().substring(0, from.email().indexOf('@'));
        return local.equals("mailer-daemon") || local.equals("postmaster");
    }

    static String messageId(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = MESSAGE_ID.matcher(value);
        if (m.find()) {
            return m.group(1);
        }
        String bare = value.strip();
        // some mailers omit the brackets; a bare token is still the id
        return bare.isEmpty() || bare.contains(" ") ? null : bare;
    }

    private static List<String> messageIds(String value) {
        List<String> ids = new ArrayList<>();
        if (value != null) {
            Matcher m = MESSAGE_ID.matcher(value);
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    /** The top-level header fields, read with mime4j's lenient field parsers. */
    private static final class Headers {
        private final List<Field> fields;

        Headers(List<Field> fields) {
            this.fields = fields;
        }

        Field field(String name) {
            for (Field f : fields) {
                if (f.getName().equalsIgnoreCase(name)) {
                    return f;
                }
            }
            return null;
        }

        String text(String name) {
            Field f = field(name);
            return f == null ? null : HeaderText.decode(f.getBody());
        }

        Instant date() {
            ParsedField parsed = parsed("Date");
            if (parsed instanceof DateTimeField dateField) {
                Date date = dateField.getDate();
                return date == null ? null : date.toInstant();
            }
            return null;
        }

        List<MailAddress> mailboxes(String name) {
            List<MailAddress> result = new ArrayList<>();
            for (Field f : fields) {
                if (!f.getName().equalsIgnoreCase(name)) {
                    continue;
                }
                ParsedField parsed = parse(f);
                MailboxList list = null;
                if (parsed instanceof MailboxListField mailboxListField) {
                    list = mailboxListField.getMailboxList();
                } else if (parsed instanceof AddressListField addressListField
                    && addressListField.getAddressList() != null) {
                    list = addressListField.getAddressList().flatten();
                } else if (parsed instanceof MailboxField mailboxField && mailboxField.getMailbox() != null) {
                    list = new MailboxList(List.of(mailboxField.getMailbox()), true);
                }
                if (list != null) {
                    for (Mailbox mailbox : list) {
                        MailAddress address = MailAddress.of(HeaderText.repair(mailbox.getName()), mailbox.getAddress());
                        if (address.email() != null) {
                            result.add(address);
                        }
                    }
                }
                // mime4j drops or garbles a mailbox it cannot parse ("Mikel@Lindsaar <raasdnil@gmail.com>", an unquoted
                // @ in the name; "Big Bug bb@bug.com"); read as a printed list, the address is still there
                for (MailAddress printed : AddressText.parseList(HeaderText.decode(f.getBody()))) {
                    if (printed.email() != null && result.stream().noneMatch(a -> printed.email().equals(a.email()))) {
                        result.add(printed);
                    }
                }
            }
            return result;
        }

        boolean isAutomated() {
            String autoSubmitted = text("Auto-Submitted");
            if (autoSubmitted != null && !autoSubmitted.isBlank()
                && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
                return true;
            }
            String precedence = text("Precedence");
            if (precedence != null && AUTOMATED_PRECEDENCE.contains(precedence.strip().toLowerCase(Locale.ROOT))) {
                return true;
            }
            // the envelope sender of bounces and many auto-replies is empty, which SES writes as Return-Path: <>
            String returnPath = text("Return-Path");
            if (returnPath != null && returnPath.replace(" ", "").equals("<>")) {
                return true;
            }
            return field("X-Autoreply") != null || field("X-Autorespond") != null;
        }

        private ParsedField parsed(String name) {
            Field f = field(name);
            return f == null ? null : parse(f);
        }

        private static ParsedField parse(Field f) {
            try {
                return LenientFieldParser.getParser().parse(f, DecodeMonitor.SILENT);
            } catch (RuntimeException e) {
                // an unparseable field reads as absent
                return null;
            }
        }
    }
}
