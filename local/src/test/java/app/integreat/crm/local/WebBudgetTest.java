package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    /** A view loaded when it is first opened: {@code import('./views/mail.js')}. */
    private static final Pattern LATER_IMPORTS = Pattern.compile("import\\(\\s*'([^']+)'\\s*\\)");
    /** What all views loaded on demand may weigh together. */
    static final int ON_DEMAND_BUDGET = 50 * 1024;

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
    void everyFileOfThePageIsLoadedFirstOrWhenItsViewOpens() throws IOException {
        // nothing unreferenced lies around in web/ (it would be deployed, but never counted)
        Set<Path> all = new LinkedHashSet<>();
        try (var walk = Files.walk(WEB)) {
            walk.filter(Files::isRegularFile).forEach(all::add);
        }
        Set<Path> first = firstLoad();
        all.removeAll(first);
        all.removeAll(loadedLater(first));
        assertEquals(Set.of(), all);
    }

    @Test
    void theViewsLoadedWhenOpenedStayWithinTheirOwnBudgetAndNameNoURL() throws IOException {
        Set<Path> first = firstLoad();
        Set<Path> later = loadedLater(first);
        assertTrue(later.contains(WEB.resolve("views/mail.js")) && later.contains(WEB.resolve("views/reports.js")),
                later.toString());
        long total = 0;
        for (Path file : later) {
            assertFalse(first.contains(file), file + " is loaded on demand, so not in the first load");
            total += Files.size(file);
            // the SVG namespace is an identifier that createElementNS needs, never fetched
            String text = Files.readString(file).replace("'http://www.w3.org/2000/svg'", "");
            assertFalse(URL.matcher(text).find(), file + " names a URL");
        }
        assertTrue(total <= ON_DEMAND_BUDGET, "on-demand views are " + total + " bytes, budget " + ON_DEMAND_BUDGET);
    }

    /** The files the first load names in {@code import('…')}: each view's own code, loaded when it opens. */
    static Set<Path> loadedLater(Set<Path> first) throws IOException {
        Set<Path> later = new LinkedHashSet<>();
        for (Path file : first) {
            if (file.toString().endsWith(".js")) {
                Matcher refs = LATER_IMPORTS.matcher(Files.readString(file));
                while (refs.find()) {
                    later.addAll(reachable(List.of(file.getParent().resolve(refs.group(1)))));
                }
            }
        }
        later.removeAll(first);
        return later;
    }

    static Set<Path> firstLoad() throws IOException {
        return reachable(List.of(WEB.resolve("index.html"), WEB.resolve("config.json")));
    }

    /** The files and what they import statically. */
    static Set<Path> reachable(List<Path> start) throws IOException {
        Set<Path> seen = new LinkedHashSet<>();
        Deque<Path> todo = new ArrayDeque<>(start);
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
