package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page's first load: every file index.html pulls in (stylesheets, scripts and their static
 * imports, and the config.json the page fetches) stays under 150 KB before compression, and none
 * of them names a third-party URL.
 */
class WebBudgetTest {
    static final Path WEB = TestCrm.ROOT.resolve("web");
    static final int BUDGET = 150 * 1024;
    private static final Pattern HTML_REFS = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"");
    private static final Pattern JS_IMPORTS = Pattern.compile("(?:import|export)\\s[^'\"]*?from\\s*'([^']+)'|import\\s*'([^']+)'");
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9]");

    @Test
    void firstLoadStaysWithinTheBudgetAndNamesNoThirdParty() throws IOException {
        Set<Path> files = firstLoad();
        assertTrue(files.contains(WEB.resolve("app.js")) && files.contains(WEB.resolve("views/pipeline.js")), files.toString());
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
            // an XML namespace (the favicon's SVG) names no place the browser goes to
            String text = Files.readString(file).replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
            Matcher url = URL.matcher(text);
            assertTrue(!url.find(), file + " names a URL: " + (url.hitEnd() ? "" : text.substring(url.start(), Math.min(text.length(), url.start() + 60))));
        }
        assertTrue(total <= BUDGET, "first load is " + total + " bytes, budget " + BUDGET);
        System.out.println("web: first load " + files.size() + " files, " + total + " bytes");
    }

    @Test
    void everyFileOfThePageIsPartOfTheFirstLoad() throws IOException {
        // nothing unreferenced lies around in web/ (it would be deployed, but never counted)
        Set<Path> all = new LinkedHashSet<>();
        try (var walk = Files.walk(WEB)) {
            walk.filter(Files::isRegularFile).forEach(all::add);
        }
        all.removeAll(firstLoad());
        assertEquals(Set.of(), all);
    }

    static Set<Path> firstLoad() throws IOException {
        Set<Path> seen = new LinkedHashSet<>();
        Deque<Path> todo = new ArrayDeque<>(List.of(WEB.resolve("index.html"), WEB.resolve("config.json")));
        while (!todo.isEmpty()) {
            Path file = todo.pop().normalize();
            assertTrue(file.startsWith(WEB) && Files.isRegularFile(file), "missing: " + file);
            if (!seen.add(file)) {
                continue;
            }
            String text = Files.readString(file);
            Matcher refs = (file.toString().endsWith(".html") ? HTML_REFS : JS_IMPORTS).matcher(text);
            while (refs.find()) {
                String ref = refs.group(1) != null ? refs.group(1) : refs.group(2);
                if (!ref.startsWith("data:")) {
                    todo.push(file.getParent().resolve(ref));
                }
            }
        }
        return seen;
    }
}
