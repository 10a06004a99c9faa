package app.integreat.crm.mail;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * An HTML mail body made safe to show: jsoup's relaxed {@link Safelist} (no scripts, forms, event handlers,
 * frames, style sheets, nor any URL but http(s) and mailto links), links opening apart from the page
 * ({@code target=_blank rel="noopener noreferrer"}), and no request leaving the page when it is shown: remote
 * images keep their address only in {@code data-remote-src} (the page loads them when the reader asks), inline
 * {@code cid:} images name their attachment in {@code data-attachment}, and inline styles that load anything
 * ({@code url(…)}, {@code @import}, {@code expression}) are dropped.
 */
public final class SafeHtml {
    /** The sanitised body and the Content-IDs its images referenced. */
    public record Result(String html, Set<String> referencedContentIds) {
    }

    private static final Safelist SAFELIST = Safelist.relaxed()
        .addTags("center", "font", "hr", "s", "strike", "tt")
        .addAttributes(":all", "style", "align", "valign", "dir", "lang", "bgcolor")
        .addAttributes("font", "color", "face", "size")
        .addAttributes("table", "border", "cellpadding", "cellspacing", "width")
        .addAttributes("td", "width", "height")
        .addAttributes("img", "data-remote-src", "data-attachment")
        .addAttributes("a", "target", "rel")
        .removeProtocols("img", "src", "http", "https")
        .addProtocols("img", "src", "data")
        .removeProtocols("a", "href", "ftp");

    private SafeHtml() {
    }

    /**
     * Cleans an HTML body.
     *
     * @param html        the body as sent
     * @param attachments the number of the attachment each Content-ID names (for inline images)
     */
    public static Result clean(String html, Map<String, Integer> attachments) {
        Set<String> referenced = new LinkedHashSet<>();
        if (html == null || html.isBlank()) {
            return new Result("", referenced);
        }
        Document dirty = Jsoup.parse(html);
        for (Element image : dirty.select("img")) {
            String src = image.attr("src").strip();
            String lower = src.toLowerCase(Locale.ROOT);
            if (lower.startsWith("cid:")) {
                String contentId = src.substring(4);
                referenced.add(contentId);
                Integer n = attachments.get(contentId);
                image.removeAttr("src");
                if (n != null) {
                    image.attr("data-attachment", Integer.toString(n));
                }
            } else if (lower.startsWith("http://") || lower.startsWith("https://")) {
                image.removeAttr("src");
                image.attr("data-remote-src", src);
            } else if (!lower.startsWith("data:image/")) {
                image.removeAttr("src");
            }
        }
        for (Element styled : dirty.select("[style]")) {
            String style = styled.attr("style").toLowerCase(Locale.ROOT);
            if (style.contains("url(") || style.contains("@import") || style.contains("expression") || style.contains("\\")) {
                styled.removeAttr("style");
            }
        }
        Document clean = new Cleaner(SAFELIST).clean(dirty);
        for (Element link : clean.select("a")) {
            if (link.hasAttr("href")) {
                link.attr("target", "_blank");
                link.attr("rel", "noopener noreferrer");
            } else {
                link.removeAttr("target");
                link.removeAttr("rel");
            }
        }
        clean.outputSettings().prettyPrint(false);
        return new Result(clean.body().html(), referenced);
    }
}
