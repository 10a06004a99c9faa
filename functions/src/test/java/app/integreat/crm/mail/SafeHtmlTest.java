package app.integreat.crm.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SafeHtmlTest {

    private static String clean(String html) {
        return SafeHtml.clean(html, Map.of("logo@x", 3)).html();
    }

    @Test
    void scriptsHandlersFormsAndJavascriptUrlsGo() {
        String safe = clean("""
            <script>alert(1)</script><p onclick="x()">Hallo <a href="javascript:alert(2)">hier</a>
            <a href="JaVaScRiPt:alert(3)">da</a></p><form action="https://evil.example"><input name="pw"></form>
            <svg><script>alert(4)</script></svg><object data="x.swf"></object><embed src="y"><base href="https://evil.example/">
            <meta http-equiv="refresh" content="0;url=https://evil.example"><link rel="stylesheet" href="https://t.example/a.css">
            """);
        for (String gone : List.of("script", "alert", "onclick", "javascript", "form", "input", "svg", "object", "embed",
                "base", "meta", "link", "evil.example", "t.example")) {
            assertFalse(safe.toLowerCase().contains(gone), gone + " in " + safe);
        }
        assertTrue(safe.contains("Hallo"), safe);
    }

    @Test
    void linksKeepTheirTargetsAndOpenApart() {
        assertEquals("<p><a href=\"https://integreat-app.de/x?a=1&amp;b=2\" target=\"_blank\" rel=\"noopener noreferrer\">Preise</a> "
                        + "<a href=\"mailto:info@integreat-app.de\" target=\"_blank\" rel=\"noopener noreferrer\">Mail</a></p>",
                clean("<p><a href=\"https://integreat-app.de/x?a=1&b=2\" target=\"_self\">Preise</a> <a href=\"mailto:info@integreat-app.de\">Mail</a></p>"));
    }

    @Test
    void nothingLoadsWhenShown() {
        SafeHtml.Result result = SafeHtml.clean("""
            <img src="https://tracker.example/o.gif"><img src="cid:logo@x" alt="Logo"><img src="cid:unknown@x">
            <img src="data:image/png;base64,iVBORw0KGgo="><img src="//tracker.example/p.gif">
            <p style="color:red">rot</p><p style="background:url(https://t.example/p)">bild</p>
            <table background="https://t.example/bg.png"><tr><td>x</td></tr></table>
            """, Map.of("logo@x", 3));
        String safe = result.html();
        assertTrue(safe.contains("<img data-remote-src=\"https://tracker.example/o.gif\">"), safe);
        assertTrue(safe.contains("<img alt=\"Logo\" data-attachment=\"3\">"), safe);
        assertTrue(safe.contains("src=\"data:image/png;base64,iVBORw0KGgo=\""), safe);
        assertFalse(safe.contains(" src=\"https:") || safe.contains("//tracker.example/p.gif") || safe.contains("t.example"), safe);
        assertTrue(safe.contains("<p style=\"color:red\">rot</p>") && safe.contains("<p>bild</p>"), safe);
        assertEquals(Set.of("logo@x", "unknown@x"), result.referencedContentIds());
    }
}
