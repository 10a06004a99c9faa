package app.integreat.crm.mail;

import app.integreat.crm.mail.ForwardLabels.Kind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Finds the original message in a forwarded mail: an attached message/rfc822 first, else the header block that
 * mail clients print into the body (Gmail, Outlook desktop/web/new, Apple Mail, Thunderbird, Yahoo, GMX/Web.de,
 * HubSpot and others, in many languages).
 *
 * <p>With nested forwards the <em>outermost</em> forwarded message is returned: the first header block below the
 * forwarder's own text. Blocks without a "forwarded" announcement (a bare From/Sent/To/Subject block, an Outlook
 * underscore line, an "On … wrote:" line) look just like quoted replies; they count only when the forwarding
 * mail's subject allows it: a forward prefix (Fwd:, WG:, TR:, …) for "On … wrote:" lines, and a forward prefix or no
 * subject at all for bare header blocks, or whenever the caller knows the mail is a forward (see
 * {@link #find(ParsedMail, boolean)}); {@link #chain} follows a forward of forwards inwards. Stateless and thread-safe.
 */
public final class ForwardParser {
    private static final Pattern DASHED = Pattern.compile("^-{2,}\\s*([^-\\s].*?)\\s*-{2,}$");
    private static final Pattern DASHED_INLINE = Pattern.compile("^-{2,}\\s*([^-\\s].*?)\\s*-{2,}\\s+(\\S.*)$");
    private static final Pattern UNDERSCORES = Pattern.compile("^_{5,}$");
    private static final Pattern REPLY_DATE = Pattern.compile(
        "\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4},?\\s+(?:(?:um|at|à|o|v|kl\\.?|klo)\\s+)?\\d{1,2}[:.]\\d{2}(?:[:.]\\d{2})?"
            + "(?:\\s*[AaPp]\\.?[Mm]\\.?)?");
    private static final Pattern QUOTED_NAME = Pattern.compile("[\"“„«‚']\\s*([^\"“”„«»]+?)\\s*[\"”“»‘']\\s*[(<]*\\s*$");
    private static final Pattern NAME_WORD = Pattern.compile("\\p{Lu}[\\p{L}\\p{M}'’.-]*");
    private static final int MAX_BLANKS_BEFORE_BLOCK = 3;
    /** How far into a separator line the labels of an inline header block are looked for (200 recipients fit). */
    static final int MAX_INLINE_BLOCK_CHARS = 20_000;
    /** Label candidates tried on such a line; a real block has a handful, a hostile one thousands. */
    static final int MAX_INLINE_LABEL_TRIES = 200;

    /**
     * The original message of a forward, or empty when the mail does not look forwarded. Uses the first attached
     * message (unless the mail is a bounce, whose attachment is our own returned mail), else the body block.
     */
    public Optional<ForwardedMessage> find(ParsedMail mail) {
        return find(mail, false);
    }

    /**
     * As {@link #find(ParsedMail)}; with {@code knownForward} (the mail went to the CRM and nobody outside, so it
     * can only be a forward) every header block and reply line counts as if the subject said "Fwd:", whatever the
     * member wrote there instead.
     */
    public Optional<ForwardedMessage> find(ParsedMail mail, boolean knownForward) {
        if (mail == null) {
            return Optional.empty();
        }
        if (!mail.bounce() && !mail.attachedMessages().isEmpty()) {
            ParsedMail original = mail.attachedMessages().get(0);
            String note = mail.text().isBlank() ? null : mail.text().strip();
            return Optional.of(new ForwardedMessage(original.from(), original.to(), original.cc(), original.date(),
                null, original.subject(), original.text().strip(), note, ForwardedMessage.Via.RFC822_ATTACHMENT));
        }
        return find(mail.text(), mail.subject(), knownForward);
    }

    /**
     * A forward of forwards: the forwarded messages from the outermost to the innermost, at most {@code maxDepth}
     * (each level scans the text of the one before, which is shorter: bounded work). Inner levels are found by
     * the ordinary rules (their own subject decides about weak blocks). Empty when the mail is no forward.
     */
    public List<ForwardedMessage> chain(ParsedMail mail, boolean knownForward, int maxDepth) {
        List<ForwardedMessage> chain = new ArrayList<>();
        ParsedMail carrier = mail;
        Optional<ForwardedMessage> next = find(mail, knownForward);
        while (next.isPresent() && chain.size() < maxDepth) {
            ForwardedMessage forwarded = next.get();
            chain.add(forwarded);
            if (forwarded.via() == ForwardedMessage.Via.RFC822_ATTACHMENT && carrier != null) {
                carrier = carrier.attachedMessages().get(0);
                next = find(carrier, false);
            } else {
                carrier = null;
                next = find(forwarded.body(), forwarded.subject(), false);
            }
        }
        return chain;
    }

    /**
     * The forwarded block in a text body.
     *
     * @param body    the forwarding mail's text (as {@link ParsedMail#text()})
     * @param subject the forwarding mail's subject, or null when unknown
     */
    public Optional<ForwardedMessage> find(String body, String subject) {
        return find(body, subject, false);
    }

    private Optional<ForwardedMessage> find(String body, String subject, boolean knownForward) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        // French typography puts a no-break space before the colon ("Objet\u00a0:"); read it as a space
        String text = body.replace("\uFEFF", "").replace("\r\n", "\n").replace('\r', '\n')
            .replace('\u202f', ' ');
        String[] lines = text.split("\n", -1);
        boolean forwardSubject = knownForward || Subjects.isForward(subject);
        boolean weakAllowed = forwardSubject || subject == null || subject.isBlank();
        for (int i = 0; i < lines.length; i++) {
            String content = unquoteAll(lines[i]).replace('\u00a0', ' ').strip();
            if (content.isEmpty()) {
                continue;
            }
            Optional<ForwardedMessage> found = atLine(lines, i, content, subject, forwardSubject, weakAllowed);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<ForwardedMessage> atLine(String[] lines, int i, String content, String subject,
                                              boolean forwardSubject, boolean weakAllowed) {
        Matcher inline = DASHED_INLINE.matcher(content);
        if (inline.matches()) {
            Block block = inlineBlock(inline.group(2), i + 1);
            if (block != null) {
                return Optional.of(result(lines, i, block, subject));
            }
        }
        boolean strong = DASHED.matcher(content).matches() || ForwardLabels.PHRASE.matcher(content).matches();
        if (strong || (weakAllowed && UNDERSCORES.matcher(content).matches())) {
            Block block = lineBlock(lines, i + 1);
            if (block != null) {
                return Optional.of(result(lines, i, block, subject));
            }
        }
        if (weakAllowed) {
            Matcher header = ForwardLabels.LINE.matcher(content);
            // GMX and Web.de start with "Gesendet:", Thunderbird with "Betreff:"; the block must name a sender
            if (header.matches() && ForwardLabels.kind(header.group(1)) != Kind.OTHER) {
                Block block = lineBlock(lines, i);
                if (block != null && block.fields.size() >= 2) {
                    return Optional.of(result(lines, i, block, subject));
                }
            }
        }
        if (forwardSubject) {
            Block block = replyLine(content, i + 1);
            if (block != null) {
                return Optional.of(result(lines, i, block, subject));
            }
        }
        return Optional.empty();
    }

    /** The fields of one forwarded header block and where the original's body starts. */
    private static final class Block {
        final Map<Kind, String> fields = new EnumMap<>(Kind.class);
        MailAddress from;
        int bodyStart;
        int quoteDepth;
    }

    /** A header block of one field per line, starting at or a few blank lines after {@code start}. */
    private static Block lineBlock(String[] lines, int start) {
        int j = start;
        int blanks = 0;
        while (j < lines.length && unquoteAll(lines[j]).isBlank()) {
            if (++blanks > MAX_BLANKS_BEFORE_BLOCK) {
                return null;
            }
            j++;
        }
        if (j >= lines.length) {
            return null;
        }
        Block block = new Block();
        block.quoteDepth = quoteDepth(lines[j]);
        Kind last = null;
        for (; j < lines.length; j++) {
            String line = unquote(lines[j], block.quoteDepth);
            if (isBlank(line)) {
                break;
            }
            Matcher header = ForwardLabels.LINE.matcher(line.replace('\u00a0', ' ').strip());
            if (header.matches()) {
                last = ForwardLabels.kind(header.group(1));
                block.fields.putIfAbsent(last, header.group(2).strip());
            } else if ((last == Kind.TO || last == Kind.CC) && line.contains("@")
                && (Character.isWhitespace(line.charAt(0)) || Scan.endsWithBeforeSpaces(block.fields.get(last), ",;"))) {
                // a recipient list wrapped onto the next line
                block.fields.put(last, block.fields.get(last) + " " + line.strip());
            } else {
                break;
            }
        }
        block.bodyStart = j;
        return withSender(block);
    }

    /** Yahoo prints the whole block on the separator line: "From: A <a@b>To: b@c Cc: …Sent: …Subject: …". */
    private static Block inlineBlock(String rest, int bodyStart) {
        List<int[]> labels = new ArrayList<>();
        // the labels' alternation is long: look for them only where an inline block can be, its first characters
        Matcher m = ForwardLabels.INLINE.matcher(rest.length() > MAX_INLINE_BLOCK_CHARS
            ? rest.substring(0, MAX_INLINE_BLOCK_CHARS) : rest);
        int tries = 0;
        while (++tries <= MAX_INLINE_LABEL_TRIES && m.find()) {
            boolean colon = !m.group(2).isBlank();
            char first = rest.charAt(m.start());
            char before = m.start() == 0 ? ' ' : rest.charAt(m.start() - 1);
            // a label starts a word: capitalized, and after a space, a bracket, a quote, a digit or a capital
            // ("…CETBetreff:"); labels without a colon only where glued to the previous value ("…>Dw Name")
            boolean capital = !Character.isLetter(first) || Character.isUpperCase(first)
                || !Character.isLowerCase(first);
            boolean boundary = !Character.isLowerCase(before);
            boolean glued = before == '>' || Character.isUpperCase(before) || Character.isDigit(before);
            if (capital && boundary && (colon || glued) && (m.start() == 0 || !labels.isEmpty() || colon)) {
                labels.add(new int[] {m.start(), m.end()});
            }
        }
        if (labels.isEmpty() || labels.get(0)[0] != 0) {
            return null;
        }
        Block block = new Block();
        for (int k = 0; k < labels.size(); k++) {
            int[] label = labels.get(k);
            int valueEnd = k + 1 < labels.size() ? labels.get(k + 1)[0] : rest.length();
            String name = Scan.stripTrailing(rest.substring(label[0], label[1]), ":：", true);
            block.fields.putIfAbsent(ForwardLabels.kind(name), rest.substring(label[1], valueEnd).strip());
        }
        block.bodyStart = bodyStart;
        return withSender(block);
    }

    /** Outlook's "Am 28/10/2021, 12:46 schrieb "John Doe" &lt;john.doe@acme.com&gt;:" line, in any language. */
    private static Block replyLine(String content, int bodyStart) {
        if (!content.endsWith(":")) {
            return null;
        }
        Matcher email = AddressText.EMAIL.matcher(content);
        Matcher date = REPLY_DATE.matcher(content);
        if (!email.find() || !date.find()) {
            return null;
        }
        Block block = new Block();
        String before = Scan.stripTrailing(content.substring(0, email.start()), "(<", true);
        block.from = MailAddress.of(nameBefore(before), email.group());
        block.fields.put(Kind.FROM, content);
        block.fields.put(Kind.DATE, date.group());
        block.bodyStart = bodyStart;
        return block;
    }

    /** The quoted name right before an address, else the capitalized words right before it. */
    private static String nameBefore(String before) {
        Matcher quoted = QUOTED_NAME.matcher(before);
        if (quoted.find()) {
            return quoted.group(1);
        }
        String[] words = Scan.collapseSpaces(before.strip()).split(" ");
        List<String> name = new ArrayList<>();
        for (int k = words.length - 1; k >= 0; k--) {
            if (!NAME_WORD.matcher(words[k]).matches()) {
                break;
            }
            name.add(0, words[k]);
        }
        return name.isEmpty() ? null : String.join(" ", name);
    }

    private static Block withSender(Block block) {
        String from = block.fields.get(Kind.FROM);
        if (from == null) {
            return null;
        }
        block.from = AddressText.parseFrom(from);
        return block.from == null ? null : block;
    }

    private static ForwardedMessage result(String[] lines, int separator, Block block, String forwardingSubject) {
        String dateText = blankToNull(block.fields.get(Kind.DATE));
        String subject = blankToNull(block.fields.get(Kind.SUBJECT));
        if (subject == null) {
            // Outlook's reply-style forward prints no subject; the forwarding mail's subject is the original's
            subject = blankToNull(Subjects.display(forwardingSubject));
        }
        return new ForwardedMessage(block.from, AddressText.parseList(block.fields.get(Kind.TO)),
            AddressText.parseList(block.fields.get(Kind.CC)), DateParsing.parse(dateText), dateText, subject,
            body(lines, block), note(lines, separator), ForwardedMessage.Via.BODY_BLOCK);
    }

    private static String note(String[] lines, int end) {
        StringBuilder note = new StringBuilder();
        for (int k = 0; k < end; k++) {
            note.append(lines[k]).append('\n');
        }
        return blankToNull(note.toString().strip());
    }

    /** The original's text: quote markers of the block's level removed, then one more level if the body is quoted. */
    private static String body(String[] lines, Block block) {
        List<String> body = new ArrayList<>();
        for (int k = block.bodyStart; k < lines.length; k++) {
            body.add(unquote(lines[k], block.quoteDepth));
        }
        String firstText = body.stream().filter(l -> !isBlank(l)).findFirst().orElse("");
        if (firstText.stripLeading().startsWith(">")) {
            body.replaceAll(l -> unquote(l, 1));
        }
        int indent = Integer.MAX_VALUE;
        for (String line : body) {
            if (!isBlank(line)) {
                int n = 0;
                while (n < line.length() && (line.charAt(n) == ' ' || line.charAt(n) == '\t')) {
                    n++;
                }
                indent = Math.min(indent, n);
            }
        }
        StringBuilder text = new StringBuilder();
        for (String line : body) {
            text.append(isBlank(line) ? "" : line.substring(Math.min(indent, line.length())).stripTrailing())
                .append('\n');
        }
        return text.toString().strip();
    }

    private static int quoteDepth(String line) {
        int depth = 0;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (c == '>') {
                depth++;
            } else if (c != ' ' && c != '\t') {
                break;
            }
        }
        return depth;
    }

    /** Removes up to {@code depth} leading quote markers and the space after the last one (one pass). */
    private static String unquote(String line, int depth) {
        int at = 0;
        for (int d = 0; d < depth; d++) {
            int next = at;
            while (next < line.length() && Character.isWhitespace(line.charAt(next))) {
                next++;
            }
            if (next >= line.length() || line.charAt(next) != '>') {
                break;
            }
            at = next + 1;
            if (d == depth - 1 && at < line.length() && line.charAt(at) == ' ') {
                at++;
            }
        }
        return line.substring(at);
    }

    private static String unquoteAll(String line) {
        return line.substring(Scan.quotePrefixLength(line));
    }

    private static boolean isBlank(String s) {
        return s.replace('\u00a0', ' ').isBlank();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
