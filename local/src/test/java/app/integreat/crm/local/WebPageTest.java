package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in headless Chromium against the real local runner (API, page, SMTP listener) on free ports.
 * Each test leaves a screenshot in target/screenshots/&lt;test&gt;.png.
 */
class WebPageTest {
    static TestCrm crm;
    static LocalServer server;
    static SmtpListener smtp;
    static WebDriver driver;
    static String base;
    WebDriverWait wait;
    String testName;

    @BeforeAll
    static void start() throws Exception {
        crm = new TestCrm();
        LocalTokens tokens = new LocalTokens("http://localhost/local-issuer", Clock.systemUTC());
        server = new LocalServer(crm.crm, tokens, TestCrm.ROOT.resolve("web"), 0);
        server.start();
        smtp = new SmtpListener(crm.inbound(), crm.inboundAddress(), 0);
        smtp.start();
        base = "http://127.0.0.1:" + server.port() + "/";
        driver = Browser.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (smtp != null) {
            smtp.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void fresh(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        // the page redraws views as data arrives: an element found a moment ago may be replaced, so look again
        wait.ignoring(StaleElementReferenceException.class);
        driver.manage().window().setSize(new Dimension(1400, 1000));
        driver.get(base + "#/");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear(); localStorage.clear();");
        driver.navigate().refresh();
    }

    @AfterEach
    void screenshot() throws Exception {
        Browser.screenshot(driver, testName);
    }

    // ---- helpers

    void signIn(String email) {
        WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#signin input[name=email]")));
        field.clear();
        field.sendKeys(email);
        driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#nav a[data-nav=accounts]")));
        heading();
    }

    /** The current view's heading, once the view is shown. */
    String heading() {
        return wait.until(d -> {
            WebElement heading = d.findElement(By.cssSelector("main h1"));
            return heading.isDisplayed() ? heading.getText() : null;
        });
    }

    void go(String hash) {
        driver.get(base + "#/" + hash);
    }

    WebElement dialog() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open]")));
    }

    void type(WebElement scope, String name, String text) {
        WebElement field = scope.findElement(By.name(name));
        field.clear();
        field.sendKeys(text);
    }

    void submit(WebElement dialog) {
        dialog.findElement(By.cssSelector("button[type=submit]")).click();
    }

    void dialogClosed() {
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog[open]"), 0));
    }

    void waitForText(By by, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    String createAccount(String name, String type) {
        TestCrm.Reply reply = crm.admin().post("/accounts", Map.of("name", name, "type", type));
        assertEquals(201, reply.status(), reply.toString());
        return reply.string("id");
    }

    // ---- the tests

    @Test
    void signInShowsTheStartPageAndSignOutReturnsToTheForm() throws Exception {
        signIn(TestCrm.ADMIN);
        assertTrue(heading().startsWith("Hallo"), heading());
        String page = driver.findElement(By.tagName("main")).getText();
        assertTrue(page.contains("Meine Aufgaben"), page);
        assertTrue(page.contains("Ungeklärte Mails"), page);
        assertTrue(page.contains("Pipeline auf einen Blick"), page);
        assertTrue(page.contains("Letzte Aktivitäten im Team"), page);
        assertEquals("de", driver.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals("page", driver.findElement(By.cssSelector("#nav a[data-nav=home]")).getAttribute("aria-current"));

        driver.findElement(By.id("signout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));

        WebElement email = driver.findElement(By.cssSelector("#signin input[name=email]"));
        email.clear();
        email.sendKeys("stranger@example.org");
        driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#signin [role=alert]")));

        signIn(TestCrm.ADMIN);
        driver.manage().window().setSize(new Dimension(390, 844));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main h1")));
        Browser.screenshot(driver, testName + "-phone");
        driver.manage().window().setSize(new Dimension(1400, 1000));
    }

    @Test
    void createAnAccountAndAContact() {
        signIn(TestCrm.ADMIN);
        go("accounts");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("new-account"))).click();
        WebElement form = dialog();
        type(form, "name", "Stadt Kaufbeuren");
        new Select(form.findElement(By.name("type"))).selectByValue("MUNICIPALITY");
        type(form, "website", "kaufbeuren.de");
        type(form, "address.city", "Kaufbeuren");
        submit(form);
        dialogClosed();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Stadt Kaufbeuren"));

        driver.findElement(By.id("new-contact")).click();
        form = dialog();
        type(form, "firstName", "Erika");
        type(form, "lastName", "Mustermann");
        type(form, "title", "Integrationsbeauftragte");
        type(form, "emails", "erika.mustermann@kaufbeuren.de");
        assertEquals("Stadt Kaufbeuren", new Select(form.findElement(By.name("accountId"))).getFirstSelectedOption().getText());
        submit(form);
        dialogClosed();
        waitForText(By.cssSelector("main"), "Erika Mustermann");

        TestCrm.Reply found = crm.admin().get("/contacts?email=erika.mustermann@kaufbeuren.de");
        assertEquals(1, found.items().size(), found.toString());

        // the account list finds it as you type
        go("accounts");
        WebElement search = wait.until(ExpectedConditions.elementToBeClickable(By.name("q")));
        search.sendKeys("kaufb");
        // the list re-renders as the search answers arrive: wait for the filtered one, click what is there
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            List<WebElement> links = d.findElements(By.cssSelector("main tbody a"));
            return !links.isEmpty() && links.stream().allMatch(a -> a.getText().contains("Kaufbeuren"));
        });
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.linkText("Stadt Kaufbeuren")).click();
            return true;
        });
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Stadt Kaufbeuren"));
        waitForText(By.cssSelector("main"), "Integrationsbeauftragte");
    }

    @Test
    void logACallWithAFollowUpTask() {
        String accountId = createAccount("Landkreis Ostallgäu", "MUNICIPALITY");
        signIn(TestCrm.ADMIN);
        go("accounts/" + accountId);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("log-call"))).click();
        WebElement form = dialog();
        type(form, "summary", "Telefonat zur Einführung der App");
        type(form, "outcome", "Interesse an einer Präsentation");
        type(form, "nextSteps", "Termin für den Pitch vorschlagen");
        form.findElement(By.name("followUp")).click();
        type(form, "followUpTitle", "Pitch-Termin vorschlagen");
        String due = LocalDate.now().plusDays(3).toString();
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", form.findElement(By.name("followUpDue")), due);
        submit(form);
        dialogClosed();
        waitForText(By.id("timeline"), "Telefonat zur Einführung der App");
        waitForText(By.cssSelector("main"), "Pitch-Termin vorschlagen");
        waitForText(By.id("status"), "Folgeaufgabe angelegt");

        TestCrm.Reply tasks = crm.admin().get("/tasks?accountId=" + accountId + "&status=OPEN");
        assertEquals(1, tasks.items().size(), tasks.toString());
        assertEquals("Pitch-Termin vorschlagen", tasks.items().get(0).get("title"));
        assertEquals(due, tasks.items().get(0).get("dueDate"));
    }

    @Test
    void moveAnOpportunityThroughThePhasesAndThenToLost() {
        String accountId = createAccount("Stadt Memmingen", "MUNICIPALITY");
        String ownerId = crm.admin().get("/me").string("id");
        TestCrm.Reply created = crm.admin().post("/opportunities", Map.of("name", "Integreat Memmingen", "type", "STANDARD",
                "accountIds", List.of(accountId), "ownerId", ownerId));
        assertEquals(201, created.status(), created.toString());
        String id = created.string("id");
        // company on the board
        for (Object[] other : new Object[][] {{"Stadt Kempten", "PITCH_DONE"}, {"Markt Oberstdorf", "INFO_PROVIDED"}, {"Stadt Lindau", "CONTRACT_SENT"}}) {
            String otherId = createAccount((String) other[0], "MUNICIPALITY");
            assertEquals(201, crm.admin().post("/opportunities", Map.of("name", "Integreat " + other[0], "type", "STANDARD",
                    "accountIds", List.of(otherId), "ownerId", ownerId, "stage", other[1])).status());
        }
        signIn(TestCrm.ADMIN);
        go("pipeline");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#stage-INTERESTED #card-" + id)));

        // a refused move: the server's sentence is shown
        move(id, "CLOSED_WON");
        String refusal = wait.until(d -> {
            WebElement alert = d.findElement(By.cssSelector("#alert [role=alert]"));
            return alert.isDisplayed() ? alert.getText() : null;
        });
        assertTrue(refusal.contains("CONTRACT_SENT") || refusal.contains("Vertrag"), refusal);
        wait.until(d -> {
            d.findElement(By.cssSelector("#alert [role=alert] button")).click();
            return true;
        });

        for (String stage : List.of("INFO_PROVIDED", "REMIND_MUNICIPALITY", "PITCH_DONE", "CONTRACT_SENT")) {
            move(id, stage);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#stage-" + stage + " #card-" + id)));
        }
        move(id, "CLOSED_LOST");
        WebElement form = dialog();
        type(form, "lostReason", "Der Gemeinderat hat das Budget gestrichen.");
        submit(form);
        dialogClosed();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#stage-CLOSED_LOST #card-" + id)));
        waitForText(By.cssSelector("#card-" + id), "Budget gestrichen");

        TestCrm.Reply opportunity = crm.admin().get("/opportunities/" + id);
        assertEquals("CLOSED_LOST", opportunity.string("stage"));
        assertEquals("Der Gemeinderat hat das Budget gestrichen.", opportunity.string("lostReason"));
        assertEquals(6, ((List<?>) opportunity.json().get("history")).size(), opportunity.toString());
    }

    void move(String id, String stage) {
        // the board redraws after each move: select and click on the card as it is now, again if it was replaced
        wait.until(d -> {
            WebElement select = d.findElement(By.id("move-" + id));
            if (!select.isEnabled()) {
                return false;
            }
            new Select(select).selectByValue(stage);
            d.findElement(By.cssSelector("[data-move='" + id + "']")).click();
            return true;
        });
    }

    @Test
    void theMunicipalityOverviewMarksDormantOnes() {
        createAccount("Gemeinde Wiggensbach", "MUNICIPALITY");
        signIn(TestCrm.ADMIN);
        go("pipeline/municipalities");
        waitForText(By.cssSelector("main table"), "Gemeinde Wiggensbach");
        assertTrue(driver.findElement(By.cssSelector("main")).getText().contains("Keine Verkaufschance"));
    }

    @Test
    void anUnknownAddressIsResolvedFromTheInboxByCreatingTheContact() throws Exception {
        signIn(TestCrm.ADMIN);
        sendMail(TestCrm.ADMIN, List.of(crm.inboundAddress()), String.join("\r\n",
                "From: Admin <" + TestCrm.ADMIN + ">",
                "To: \"Jonas Neumann\" <jonas.neumann@markt-oberdorf.de>",
                "Subject: Ihre Anfrage zur Integreat-App",
                "Message-ID: <web-test-1@example.org>",
                "Date: Mon, 3 Mar 2025 10:00:00 +0100",
                "Content-Type: text/plain; charset=utf-8",
                "",
                "Guten Tag Herr Neumann, anbei die Unterlagen.",
                ""));
        go("inbox");
        waitForText(By.cssSelector("main"), "Ihre Anfrage zur Integreat-App");
        waitForText(By.cssSelector("main"), "jonas.neumann@markt-oberdorf.de");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-create='jonas.neumann@markt-oberdorf.de']"))).click();
        WebElement form = dialog();
        assertEquals("Jonas", form.findElement(By.name("firstName")).getAttribute("value"));
        assertEquals("Neumann", form.findElement(By.name("lastName")).getAttribute("value"));
        submit(form);
        dialogClosed();
        waitForText(By.cssSelector("main"), "Alle Mails sind zugeordnet.");

        TestCrm.Reply contact = crm.admin().get("/contacts?email=jonas.neumann@markt-oberdorf.de");
        assertEquals(1, contact.items().size(), contact.toString());
        String contactId = (String) contact.items().get(0).get("id");
        TestCrm.Reply timeline = crm.admin().get("/contacts/" + contactId + "/timeline");
        assertTrue(timeline.body().contains("Ihre Anfrage zur Integreat-App"), timeline.toString());
        assertEquals(0, crm.admin().get("/unresolved").items().size());
    }

    /** Speaks SMTP to the runner's listener, as a mail client sending with BCC to the inbound address. */
    static void sendMail(String from, List<String> recipients, String message) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), smtp.port())) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            command(out, in, "EHLO test.localhost", "250");
            command(out, in, "MAIL FROM:<" + from + ">", "250");
            for (String recipient : recipients) {
                command(out, in, "RCPT TO:<" + recipient + ">", "250");
            }
            command(out, in, "DATA", "354");
            out.write((message + "\r\n.\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            expect(in, "250");
            command(out, in, "QUIT", "221");
        }
    }

    private static void command(OutputStream out, BufferedReader in, String line, String code) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        expect(in, code);
    }

    private static void expect(BufferedReader in, String code) throws Exception {
        String line;
        do {
            line = in.readLine();
            assertTrue(line != null && line.startsWith(code), "SMTP: expected " + code + " but got " + line);
        } while (line.charAt(3) == '-');
    }

    @Test
    void aConcurrentChangeShowsTheConflictAndReloads() {
        String accountId = createAccount("Stadt Füssen", "MUNICIPALITY");
        signIn(TestCrm.ADMIN);
        go("accounts/" + accountId);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("edit-account"))).click();
        WebElement form = dialog();
        type(form, "phone", "+49 8362 9030");

        // meanwhile a colleague renames it
        TestCrm.Reply current = crm.admin().get("/accounts/" + accountId);
        TestCrm.Reply renamed = crm.admin().ifMatch(current.etag()).patch("/accounts/" + accountId, Map.of("name", "Stadt Füssen im Allgäu"));
        assertEquals(200, renamed.status(), renamed.toString());

        submit(form);
        WebElement conflict = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open] .conflict")));
        assertTrue(conflict.getText().contains("Jemand anderes hat diesen Datensatz inzwischen geändert"), conflict.getText());
        // nothing was overwritten
        TestCrm.Reply after = crm.admin().get("/accounts/" + accountId);
        assertEquals("Stadt Füssen im Allgäu", after.string("name"));
        assertEquals(null, after.json().get("phone"));
        try {
            Browser.screenshot(driver, testName + "-message");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        conflict.findElement(By.tagName("button")).click();
        dialogClosed();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Stadt Füssen im Allgäu"));
    }

    @Test
    void englishSwitchAndTheTeamPage() {
        signIn(TestCrm.ADMIN);
        go("team");
        waitForText(By.id("inbound-address"), crm.inboundAddress());
        driver.findElement(By.id("language")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Team"));
        waitForText(By.cssSelector("main"), "Getting mail into the CRM");
        assertEquals("en", driver.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals("en", crm.admin().get("/me").string("language"));
        driver.findElement(By.id("language")).click();
        waitForText(By.cssSelector("main"), "Mails ins CRM bringen");
    }

    @Test
    void theReportsViewDrawsItsChartsWithTheirNumbersAndTheSearchFieldFindsAsYouType() {
        TestCrm.Caller admin = crm.admin();
        String accountId = admin.post("/accounts", Map.of("name", "Stadt Würzburg", "type", "MUNICIPALITY")).string("id");
        TestCrm.Reply opportunity = admin.post("/opportunities", Map.of("name", "Integreat Würzburg", "type", "ONE_TIME",
                "accountIds", List.of(accountId), "ownerId", admin.get("/me").string("id")));
        assertEquals(201, opportunity.status(), opportunity::toString);
        TestCrm.Reply lost = admin.ifMatch(opportunity.etag()).post("/opportunities/" + opportunity.string("id") + "/stage",
                Map.of("stage", "CLOSED_LOST", "lostReason", "Kein Budget"));
        assertEquals(200, lost.status(), lost::toString);
        signIn(TestCrm.ADMIN);
        driver.findElement(By.cssSelector("#nav a[data-nav=reports]")).click();
        // the view's code loads on this first visit
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Berichte"));
        for (String chart : List.of("funnel", "days", "reasons")) {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg[data-chart=" + chart + "] rect")));
        }
        // each chart's numbers as a table (visually hidden, read by screen readers)
        WebElement reasons = driver.findElement(By.xpath("//table[caption='Verlustgründe']"));
        String text = reasons.getAttribute("textContent");
        assertTrue(text.contains("Kein Budget") && text.contains("1"), text);
        WebElement funnel = driver.findElement(By.xpath("//table[caption='Trichter']"));
        assertTrue(funnel.getAttribute("textContent").contains("Interessiert"), funnel.getAttribute("textContent"));
        String rates = driver.findElement(By.id("win-rates")).getText();
        assertTrue(rates.contains("Einmalvertrag") && rates.contains("Quote"), rates);

        // "/" focuses the search field; results appear while typing
        new org.openqa.selenium.interactions.Actions(driver).sendKeys("/").perform();
        WebElement search = driver.switchTo().activeElement();
        assertEquals("search", search.getAttribute("id"));
        search.sendKeys("würz");
        WebElement hit = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#search-results a[data-kind=accounts]")));
        assertEquals("Stadt Würzburg", hit.getText());
        assertTrue(driver.findElement(By.cssSelector("#search-results a[data-kind=opportunities]")).getText().contains("Integreat Würzburg"));
        hit.click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Stadt Würzburg"));
        assertTrue(!driver.findElement(By.id("search-results")).isDisplayed(), "the results close once one is chosen");

        // each list offers its rows as CSV; the page fetches the file with its token and saves it
        go("accounts");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Organisationen"));
        ((JavascriptExecutor) driver).executeScript("window.__saved = null; HTMLAnchorElement.prototype.click = function () {"
                + " window.__saved = this.download + ' ' + this.href; };");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("main button[data-csv]"))).click();
        String saved = wait.until(d -> (String) ((JavascriptExecutor) d).executeScript("return window.__saved;"));
        assertTrue(saved.matches("accounts-\\d{4}-\\d{2}-\\d{2}\\.csv blob:.*"), saved);
    }
}
