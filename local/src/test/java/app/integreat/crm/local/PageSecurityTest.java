package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page's security headers: the local runner sends those of the template's CloudFront response
 * headers policy, and the page, walked through every view in headless Chromium, triggers no
 * Content-Security-Policy violation (a listener registered before any of the page's scripts collects
 * them; the browser log is read as well).
 */
class PageSecurityTest {
    /** Registered by the browser before the page's own scripts, in every document of the tab. */
    private static final String LISTENER = "window.__cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push("
            + "e.effectiveDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber), true);";

    static TestCrm crm;
    static PageSession page;
    static WebDriver driver;
    static String base;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        crm = new TestCrm();
        page = PageSession.serve(crm);
        base = page.base;
    }

    @AfterAll
    static void stop() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void thePageIsServedWithTheTemplatesSecurityHeaders() throws Exception {
        Map<String, String> expected = crm.crm.template().pageSecurityHeaders();
        String csp = expected.get("Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self'") && csp.contains("style-src 'self'") && csp.contains("frame-ancestors 'none'")
                && csp.contains("default-src 'none'"), csp);
        assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
        // locally the API is the page's origin and the sign-in asks the runner: no other origin to connect to
        assertTrue(csp.contains("connect-src 'self';"), csp);
        assertFalse(csp.contains("${"), csp);
        assertEquals("nosniff", expected.get("X-Content-Type-Options"));
        assertEquals("strict-origin-when-cross-origin", expected.get("Referrer-Policy"));

        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("", "app.js", "style.css", "views/accounts.js")) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(200, response.statusCode(), path);
            expected.forEach((name, value) -> assertEquals(value, response.headers().firstValue(name).orElse(null), path + " " + name));
        }
    }

    @Test
    void theTemplateAttachesThePolicyToThePageAndLetsBrowsersSendIfMatchAndReadETag() throws Exception {
        String template = Files.readString(TestCrm.ROOT.resolve("template.yaml"));
        // the default behaviour (the page's files) and /config.json
        assertEquals(2, template.split("ResponseHeadersPolicyId: !Ref WebSecurityHeaders", -1).length - 1);
        assertFalse(template.contains("ResponseHeadersPolicyId: 67f7725c"), "no managed policy beside ours");
        int cors = template.indexOf("CorsConfiguration:");
        String corsBlock = template.substring(cors, template.indexOf("MaxAge:", cors));
        assertTrue(corsBlock.contains("- if-match"), corsBlock);
        assertTrue(corsBlock.substring(corsBlock.indexOf("ExposeHeaders:")).contains("- etag"), corsBlock);
    }

    @Test
    void noViewOfThePageViolatesTheContentSecurityPolicy() throws Exception {
        String account = crm.admin().post("/accounts", Map.of("name", "Stadt Kempten", "type", "MUNICIPALITY",
                "website", "kempten.de")).string("id");
        String contact = crm.admin().post("/contacts", Map.of("firstName", "Erika", "lastName", "Müller", "accountId", account,
                "email", "erika.mueller@kempten.de")).string("id");
        // her duplicate: the list of duplicates and the merge screen of the pair are walked too
        String twin = crm.admin().post("/contacts", Map.of("firstName", "Erika", "lastName", "Mueller", "accountId", account)).string("id");
        String me = crm.admin().get("/me").string("id");
        assertEquals(201, crm.admin().post("/opportunities", Map.of("name", "Integreat Kempten", "type", "STANDARD",
                "accountIds", List.of(account), "ownerId", me)).status());
        String task = crm.admin().post("/tasks", Map.of("title", "Rückruf", "dueDate", "2026-12-01", "accountId", account))
                .string("id");
        crm.receive(TestMails.mail().from(TestCrm.ADMIN).to("unbekannt@landkreis.example").subject("Erstkontakt")
                .text("Guten Tag").build(), crm.inboundAddress());

        driver = page.startBrowser();
        ((HasCdp) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", LISTENER));
        wait = page.waiting();
        List<String> violations = new ArrayList<>();

        driver.get(base);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#signin input[name=email]")));
        collect(violations, "the sign-in form");
        page.signInOnTheForm(TestCrm.ADMIN);
        heading();
        collect(violations, "the start page");

        for (String view : List.of("accounts", "accounts/" + account, "contacts", "contacts/" + contact, "pipeline",
                "pipeline/municipalities", "tasks", "tasks/" + task, "inbox", "team", "duplicates", "merge/contacts/" + contact + "/" + twin)) {
            WebElement before = driver.findElement(By.cssSelector("main h1"));
            driver.get(base + "#/" + view);
            wait.until(ExpectedConditions.stalenessOf(before));
            heading();
            collect(violations, "#/" + view);
        }
        // a dialog (the new account form; #/tasks/<id> left the task's dialog open) and the other language
        driver.get(base + "#/accounts");
        collect(violations, "#/accounts");
        driver.navigate().refresh();
        heading();
        driver.findElement(By.id("new-account")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open]")));
        collect(violations, "the new account dialog");
        driver.get(base + "#/");
        collect(violations, "#/ after the dialog");
        driver.navigate().refresh();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("language"))).click();
        wait.until(d -> "en".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        heading();
        collect(violations, "the English start page");

        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getMessage().contains("Content Security Policy")) {
                violations.add("browser log: " + entry.getMessage());
            }
        }
        assertEquals(List.of(), violations, "no CSP violations");

        // and the listener does see one: an inline style attribute is refused and reported
        ((JavascriptExecutor) driver).executeScript(
                "document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>')");
        wait.until(d -> !((List<?>) ((JavascriptExecutor) d).executeScript("return window.__cspViolations")).isEmpty());
        List<String> probe = new ArrayList<>();
        collect(probe, "the probe");
        assertTrue(probe.size() == 1 && probe.get(0).contains("style-src"), probe.toString());
    }

    private static String heading() {
        return wait.until(d -> {
            WebElement heading = d.findElement(By.cssSelector("main h1"));
            return heading.isDisplayed() ? heading.getText() : null;
        });
    }

    /** Moves the violations the page reported so far into {@code into}, each with where it happened. */
    private static void collect(List<String> into, String where) {
        Object reported = ((JavascriptExecutor) driver).executeScript(
                "const seen = window.__cspViolations || []; window.__cspViolations = []; return seen;");
        for (Object violation : (List<?>) reported) {
            into.add(where + ": " + violation);
        }
    }
}
