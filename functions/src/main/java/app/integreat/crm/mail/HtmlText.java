package app.integreat.crm.mail;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/** HTML mail bodies as readable plain text: line breaks where the browser would break lines. */
final class HtmlText {
    private static final Set<String> BLOCKS = Set.of("p", "div", "blockquote", "li", "tr", "table", "ul", "ol",
        "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "section", "article", "header", "footer", "address",
        "dl", "dt", "dd", "center", "form", "fieldset", "figure", "main", "nav", "aside");
    private static final Set<String> PARAGRAPHS = Set.of("p", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "ul", "ol", "pre");
    private static final Set<String> SKIPPED = Set.of("script", "style", "head", "title", "template", "noscript");

    private HtmlText() {
    }

    /** The text of an HTML document or fragment; never null. */
    static String toText(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        Document document = Jsoup.parse(html);
        StringBuilder out = new StringBuilder();
        document.body().traverse(new NodeVisitor() {
            private int skipDepth;
            private int preDepth;

            @Override
            public void head(Node node, int depth) {
                if (node instanceof Element element) {
                    String tag = element.normalName();
                    if (SKIPPED.contains(tag) || skipDepth > 0) {
                        skipDepth++;
                        return;
                    }
                    if (tag.equals("pre")) {
                        preDepth++;
                    }
                    if (tag.equals("br")) {
                        out.append('\n');
                    } else if (BLOCKS.contains(tag)) {
                        breakLine(out, PARAGRAPHS.contains(tag));
                        if (tag.equals("li")) {
                            out.append("- ");
                        }
                    } else if (tag.equals("td") || tag.equals("th")) {
                        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                            out.append(' ');
                        }
                    } else if (tag.equals("img") && !element.attr("alt").isBlank()) {
                        out.append(element.attr("alt"));
                    }
                } else if (node instanceof TextNode textNode && skipDepth == 0) {
                    if (preDepth > 0) {
                        out.append(textNode.getWholeText());
                    } else {
                        String text = textNode.text();
                        boolean atLineStart = out.length() == 0 || out.charAt(out.length() - 1) == '\n'
                            || out.charAt(out.length() - 1) == ' ';
                        out.append(atLineStart ? text.stripLeading() : text);
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element) {
                    String tag = element.normalName();
                    if (skipDepth > 0) {
                        skipDepth--;
                        return;
                    }
                    if (tag.equals("pre")) {
                        preDepth--;
                    }
                    if (BLOCKS.contains(tag)) {
                        breakLine(out, PARAGRAPHS.contains(tag));
                    }
                }
            }
        });
        return tidy(out.toString());
    }

    private static void breakLine(StringBuilder out, boolean blankLine) {
        if (out.length() == 0) {
            return;
        }
        if (out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        if (blankLine && (out.length() < 2 || out.charAt(out.length() - 2) != '\n')) {
            out.append('\n');
        }
    }

    /** No blanks at line ends, at most one empty line in a row; one pass (a regex here was quadratic on blanks). */
    static String tidy(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int pendingBlanks = 0;
        int newlines = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u00a0') {
                c = ' ';
            }
            if (c == ' ' || c == '\t') {
                pendingBlanks++;
                continue;
            }
            if (c == '\n') {
                pendingBlanks = 0;
                if (++newlines <= 2) {
                    out.append('\n');
                }
                continue;
            }
            newlines = 0;
            for (int k = 0; k < pendingBlanks; k++) {
                out.append(text.charAt(i - pendingBlanks + k) == '\t' ? '\t' : ' ');
            }
            pendingBlanks = 0;
            out.append(c);
        }
        return out.toString().strip();
    }
}
