package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    static PageSession page;
    static SmtpListener smtp;
    static WebDriver driver;
    static String base;
    WebDriverWait wait;
    String testName;

    @BeforeAll
    static void start() throws Exception {
        crm = new TestCrm();
        page = PageSession.serve(crm);
        smtp = new SmtpListener(crm.inbound(), crm.inboundAddress(), 0);
        smtp.start();
        base = page.base;
        driver = page.startBrowser();
    }

    @AfterAll
    static void stop() throws Exception {
        if (smtp != null) {
            smtp.close();
        }
        if (page != null) {
            page.close();
        }
    }

    @BeforeEach
    void fresh(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        wait = page.waiting();
        driver.manage().window().setSize(new Dimension(1400, 1000));
        page.signedOut();
    }

    @AfterEach
    void screenshot() throws Exception {
        Browser.screenshot(driver, testName);
    }

    // ---- helpers

    void signIn(String email) {
        page.signInOnTheForm(email);
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
        // dormant: its last interaction 40 days ago and no open task; the other one was created just now
        String dormant = createAccount("Gemeinde Wiggensbach", "MUNICIPALITY");
        assertEquals(201, crm.admin().post("/interactions", Map.of("type", "NOTE", "subject", "Letzter Kontakt",
                "occurredAt", java.time.Instant.now().minus(java.time.Duration.ofDays(40)).toString(),
                "accountIds", java.util.List.of(dormant))).status());
        createAccount("Markt Altusried", "MUNICIPALITY");
        signIn(TestCrm.ADMIN);
        go("pipeline/municipalities");
        waitForText(By.cssSelector("main table"), "Gemeinde Wiggensbach");
        waitForText(By.cssSelector("main table"), "Markt Altusried");
        WebElement dormantRow = row("Gemeinde Wiggensbach");
        WebElement freshRow = row("Markt Altusried");
        assertEquals("Ruht", dormantRow.findElement(By.cssSelector(".tag.warn")).getText());
        assertTrue(dormantRow.getAttribute("class").contains("stale"), dormantRow.getAttribute("class"));
        assertTrue(freshRow.findElements(By.cssSelector(".tag.warn")).isEmpty(), freshRow.getText());
        assertTrue(!freshRow.getText().contains("Ruht"), freshRow.getText());
        assertTrue(freshRow.getText().contains("Keine Verkaufschance"), freshRow.getText());
    }

    /** The table row of the overview that names this municipality. */
    WebElement row(String name) {
        return driver.findElements(By.cssSelector("main table tbody tr")).stream()
                .filter(tr -> tr.getText().contains(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + name));
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

    /** The links to the page in the mails SES was asked to send to this address, as paths after "#/". */
    @SuppressWarnings("unchecked")
    static List<String> pageLinks(String to) {
        String app = crm.crm.services().config().appUrl();
        List<String> links = new java.util.ArrayList<>();
        for (Map<String, Object> mail : crm.crm.outbox().mails()) {
            if (!((List<String>) mail.get("to")).contains(to)) {
                continue;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(app) + "#/(\\S+)")
                    .matcher((String) mail.get("body"));
            while (m.find()) {
                links.add(m.group(1));
            }
        }
        return links;
    }

    @Test
    void everyLinkOfTheCrmsMailsOpensTheViewOfWhatItNames() throws Exception {
        String member = "mara@integreat.example";
        crm.member(member, "MEMBER");
        String account = createAccount("Markt Wertach", "MUNICIPALITY");
        crm.admin().post("/contacts", Map.of("firstName", "Wilma", "lastName", "Wertacher",
                "emails", List.of("wilma@wertach.de"), "accountId", account));
        String marker = "<script>document.title='pwned'</script>";
        sendMail(member, List.of(crm.inboundAddress()), String.join("\r\n",
                "From: Mara <" + member + ">", "To: Wilma Wertacher <wilma@wertach.de>", "Subject: Angebot Wertach",
                "Message-ID: <web-links-1@integreat.example>", "MIME-Version: 1.0",
                "Content-Type: multipart/alternative; boundary=\"alt\"", "",
                "--alt", "Content-Type: text/plain; charset=utf-8", "", "Anbei das Angebot.",
                "--alt", "Content-Type: multipart/related; boundary=\"rel\"", "",
                "--rel", "Content-Type: text/html; charset=utf-8", "",
                "<p>Anbei das <a href=\"https://integreat-app.de/\">Angebot</a>.</p>" + marker
                        + "<img src=\"https://tracker.example/p.gif\" onerror=\"alert(1)\"><img src=\"cid:logo@wertach\" alt=\"Logo\">",
                "--rel", "Content-Type: image/png", "Content-ID: <logo@wertach>", "Content-Transfer-Encoding: base64", "",
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
                "--rel--", "--alt--", ""));
        sendMail(member, List.of(crm.inboundAddress()), String.join("\r\n",
                "From: Mara <" + member + ">", "To: nobody@elsewhere.example", "Subject: Unbekannt in Wertach",
                "Message-ID: <web-links-2@integreat.example>", "Content-Type: text/plain; charset=utf-8", "", "Hallo", ""));
        crm.as(member).post("/tasks", Map.of("title", "Wertach anrufen", "dueDate", LocalDate.now().minusDays(1).toString(),
                "accountId", account));
        Map<String, Object> run = LocalReminders.run(crm.crm.functions(), "ReminderFunction");
        List<String> links = pageLinks(member);
        assertTrue(links.stream().anyMatch(l -> l.startsWith("interactions/")), links.toString());
        assertTrue(links.contains("unresolved"), links.toString());
        assertTrue(links.stream().anyMatch(l -> l.startsWith("tasks/")), links + " " + run);

        signIn(member);
        for (String link : links) {
            go(link);
            if (link.startsWith("interactions/")) {
                waitForText(By.cssSelector("main h1"), "Angebot Wertach");
                waitForText(By.id("mail-records"), "Wilma Wertacher");
                waitForText(By.id("mail-records"), "Markt Wertach");
                assertTrue(!driver.findElement(By.cssSelector("main")).getText().contains("null"), "nothing missing shows as text");
                WebElement frame = driver.findElement(By.id("mail-html"));
                assertEquals("allow-popups allow-popups-to-escape-sandbox", frame.getAttribute("sandbox"), "no scripts in the mail");
                wait.until(d -> frame.getAttribute("srcdoc") != null && frame.getAttribute("srcdoc").contains("Angebot"));
                String srcdoc = frame.getAttribute("srcdoc");
                assertTrue(!srcdoc.contains("<script") && !srcdoc.contains("onerror") && !srcdoc.contains(" src=\"https://tracker"), srcdoc);
                // the inline logo comes from its kept file (a presigned link, allowed by the frame's policy), nothing else
                java.util.regex.Matcher logo = java.util.regex.Pattern.compile("<img alt=\"Logo\" data-attachment=\"0\" src=\"(http://[^\"]+X-Amz-Signature[^\"]+)\"")
                        .matcher(srcdoc.replace("&amp;", "&"));
                assertTrue(logo.find(), "the inline image is shown: " + srcdoc);
                String origin = java.net.URI.create(logo.group(1)).resolve("/").toString().replaceAll("/$", "");
                assertTrue(srcdoc.contains("img-src data: " + origin + "\""), "remote images blocked: " + srcdoc);
                driver.findElement(By.id("remote-images")).click();
                wait.until(d -> frame.getAttribute("srcdoc").contains("src=\"https://tracker.example/p.gif\""));
                assertTrue(!driver.getTitle().contains("pwned"));
                Browser.screenshot(driver, "mail-view");
            } else if (link.equals("unresolved")) {
                waitForText(By.cssSelector("main"), "Unbekannt in Wertach");
                waitForText(By.cssSelector("main"), "Hallo");
                driver.findElement(By.linkText("Unbekannt in Wertach")).click();
                waitForText(By.cssSelector("main h1"), "Unbekannt in Wertach");
                waitForText(By.cssSelector("main"), "nobody@elsewhere.example");
                // and gone again, through the inbox's discard of the selected mails
                go("inbox");
                String unresolved = (String) crm.admin().get("/unresolved").items().stream()
                        .filter(m -> "Unbekannt in Wertach".equals(m.get("subject"))).findFirst().orElseThrow().get("id");
                wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("input[name=selected][value='" + unresolved + "']"))).click();
                driver.findElement(By.id("discard-selected")).click();
                wait.until(d -> crm.admin().get("/unresolved").items().stream().noneMatch(m -> unresolved.equals(m.get("id"))));
            } else {
                waitForText(By.cssSelector("main"), "Wertach anrufen");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSplitOpportunityWithSharesIsCreatedEditedAndDeletedOnTheBoard() {
        String first = createAccount("Gemeinde Teilung Nord", "MUNICIPALITY");
        String second = createAccount("Gemeinde Teilung Süd", "MUNICIPALITY");
        signIn(TestCrm.ADMIN);
        go("pipeline");
        heading();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("new-opportunity"))).click();
        WebElement form = dialog();
        type(form, "name", "Teilung Nord-Süd");
        new Select(form.findElement(By.name("type"))).selectByValue("SPLIT");
        new Select(form.findElement(By.name("account0"))).selectByValue(first);
        type(form, "share0", "60");
        new Select(form.findElement(By.name("account1"))).selectByValue(second);
        type(form, "share1", "40");
        submit(form);
        dialogClosed();
        waitForText(By.cssSelector("main"), "Teilung Nord-Süd");
        List<Map<String, Object>> created = crm.admin().get("/opportunities?accountId=" + second).items();
        assertEquals(1, created.size(), created.toString());
        String id = (String) created.get(0).get("id");
        TestCrm.Reply split = crm.admin().get("/opportunities/" + id);
        assertEquals("SPLIT", split.string("type"));
        assertEquals(List.of(60, 40), ((List<Map<String, Object>>) split.json().get("accounts")).stream()
                .map(a -> ((Number) a.get("share")).intValue()).toList());

        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-edit='" + id + "']"))).click();
        form = dialog();
        type(form, "name", "Teilung Nord-Süd 2027");
        type(form, "amount", "1200");
        submit(form);
        dialogClosed();
        waitForText(By.cssSelector("main"), "Teilung Nord-Süd 2027");
        assertEquals(1200, ((Number) crm.admin().get("/opportunities/" + id).json().get("amount")).intValue());

        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-delete='" + id + "']"))).click();
        submit(dialog());
        dialogClosed();
        wait.until(d -> crm.admin().get("/opportunities/" + id).status() == 404);
    }

    @Test
    void anAdminChangesAMembersRole() {
        String email = "rolle@integreat.example";
        crm.member(email, "MEMBER");
        String id = crm.as(email).get("/me").string("id");
        signIn(TestCrm.ADMIN);
        go("team");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-role='" + id + "']"))).click();
        WebElement form = dialog();
        new Select(form.findElement(By.name("role"))).selectByValue("ADMIN");
        submit(form);
        dialogClosed();
        wait.until(d -> "ADMIN".equals(crm.admin().get("/members/" + id).string("role")));
    }

    @Test
    void anAdminExportsAndErasesAPersonAndReadsTheAuditLog() {
        String id = crm.admin().post("/contacts", Map.of("firstName", "Gerda", "lastName", "Löschmich",
                "emails", List.of("gerda.loeschmich@example.net"))).string("id");
        signIn(TestCrm.ADMIN);
        go("contacts/" + id);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("export-contact")));
        waitForText(By.cssSelector("main h1"), "Gerda Löschmich");
        driver.findElement(By.id("export-contact")).click();
        wait.until(d -> crm.admin().get("/audit").items().stream()
                .anyMatch(e -> "CONTACT_EXPORTED".equals(e.get("action")) && id.equals(e.get("recordId"))));

        driver.findElement(By.id("erase-contact")).click();
        WebElement form = dialog();
        assertTrue(form.getText().contains("Gerda Löschmich"), form.getText());
        type(form, "confirmName", "Gerda");
        type(form, "reason", "Antrag vom 1.12. per Mail");
        submit(form);
        waitForText(By.cssSelector("dialog[open]"), "Der Name stimmt nicht überein.");
        assertEquals(200, crm.admin().get("/contacts/" + id).status(), "nothing erased on a wrong name");
        type(form, "confirmName", "Gerda Löschmich");
        submit(form);
        dialogClosed();
        wait.until(d -> crm.admin().get("/contacts/" + id).status() == 404);
        waitForText(By.cssSelector("main h1"), "Kontakte");

        driver.findElement(By.cssSelector("#nav a[data-nav=audit]")).click();
        waitForText(By.cssSelector("main h1"), "Protokoll");
        waitForText(By.id("audit"), "Löschung (Art. 17)");
        waitForText(By.id("audit"), "Antrag vom 1.12. per Mail");
        assertFalse(driver.findElement(By.id("audit")).getText().contains("Löschmich"), "the log names records, not people");
    }

    @Test
    void theQuarantineIsWorkedFromThePage() throws Exception {
        sendMail("stranger@elsewhere.example", List.of(crm.inboundAddress()), String.join("\r\n",
                "From: stranger@elsewhere.example", "To: " + crm.inboundAddress(), "Subject: Fremde Mail",
                "Content-Type: text/plain; charset=utf-8", "", "Hallo", ""));
        signIn(TestCrm.ADMIN);
        driver.findElement(By.cssSelector("#nav a[data-nav=quarantine]")).click();
        waitForText(By.cssSelector("main"), "Fremde Mail");
        waitForText(By.cssSelector("main"), "not an active member");
        String id = (String) crm.admin().get("/quarantine").items().get(0).get("id");
        driver.findElement(By.cssSelector("[data-delete='" + id + "']")).click();
        submit(dialog());
        dialogClosed();
        wait.until(d -> crm.admin().get("/quarantine").items().stream().noneMatch(q -> id.equals(q.get("id"))));

        // a member who wrote from a private address: released as that member's mail
        String member = "privat@integreat.example";
        crm.member(member, "MEMBER");
        String memberId = crm.as(member).get("/me").string("id");
        sendMail("jo.privat@elsewhere.example", List.of(crm.inboundAddress()), String.join("\r\n",
                "From: jo.privat@elsewhere.example", "To: kunde@elsewhere.example", "Subject: Von zu Hause",
                "Content-Type: text/plain; charset=utf-8", "", "Hallo", ""));
        driver.navigate().refresh();
        waitForText(By.cssSelector("main"), "Von zu Hause");
        String released = (String) crm.admin().get("/quarantine").items().stream()
                .filter(q -> "Von zu Hause".equals(q.get("subject"))).findFirst().orElseThrow().get("id");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-release='" + released + "']"))).click();
        WebElement form = dialog();
        new Select(form.findElement(By.name("memberId"))).selectByValue(memberId);
        submit(form);
        dialogClosed();
        wait.until(d -> crm.admin().get("/unresolved").items().stream().anyMatch(m -> "Von zu Hause".equals(m.get("subject"))
                && memberId.equals(m.get("authorId"))));
        // the shared inbox stays as the other tests expect it
        crm.admin().get("/unresolved").items().stream().filter(m -> "Von zu Hause".equals(m.get("subject")))
                .forEach(m -> assertEquals(204, crm.admin().delete("/unresolved/" + m.get("id")).status()));
    }

    /** Speaks SMTP to the runner's listener, as a mail client sending with BCC to the inbound address. */
    static void sendMail(String from, List<String> recipients, String message) throws Exception {
        TestSmtp.send(smtp.port(), from, recipients, message);
    }

    /** As {@link #sendMail(String, List, String)}, to the SMTP listener on {@code port} (other tests start their own). */
    static void sendMail(int port, String from, List<String> recipients, String message) throws Exception {
        TestSmtp.send(port, from, recipients, message);
    }

    @Test
    @SuppressWarnings("unchecked")
    void adminsEditTheSettingsWithFieldErrorsAndTheConflictPrompt() {
        String adminId = crm.admin().get("/me").string("id");
        signIn(TestCrm.ADMIN);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#nav a[data-nav=settings]"))).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Einstellungen"));
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("settings")));
        assertEquals("30", form.findElement(By.name("retention.quarantineDays")).getAttribute("value"));

        type(form, "retention.quarantineDays", "0");
        submit(form);
        wait.until(d -> "true".equals(form.findElement(By.name("retention.quarantineDays")).getAttribute("aria-invalid")));
        long version = ((Number) crm.admin().get("/settings").json().get("version")).longValue();

        type(form, "retention.quarantineDays", "20");
        type(form, "neverLog.domains", "Praxis-Example.de");
        form.findElement(By.id("add-team-address")).click();
        WebElement row = wait.until(d -> form.findElements(By.cssSelector(".team-address")).stream().findFirst().orElse(null));
        type(row, "teamAddress", "info@integreat.example");
        new Select(row.findElement(By.name("teamMember"))).selectByValue(adminId);
        submit(form);
        wait.until(d -> ((Number) crm.admin().get("/settings").json().get("version")).longValue() == version + 1);
        Map<String, Object> saved = crm.admin().get("/settings").json();
        assertEquals(20, ((Map<String, Object>) saved.get("retention")).get("quarantineDays"));
        assertEquals(List.of("praxis-example.de"), ((Map<String, Object>) saved.get("neverLog")).get("domains"));
        assertEquals(List.of(Map.of("address", "info@integreat.example", "memberId", adminId)), saved.get("teamAddresses"));

        // another admin saves meanwhile: the page says so and reloads, nothing is overwritten
        WebElement fresh = wait.until(d -> {
            WebElement f = d.findElement(By.id("settings"));
            return "20".equals(f.findElement(By.name("retention.quarantineDays")).getAttribute("value")) ? f : null;
        });
        type(fresh, "retention.heldDays", "7");
        TestCrm.Reply other = SettingsApiTest.put(crm.admin(), crm.admin().get("/settings").etag(), Map.of("retention", Map.of("heldDays", 21)));
        assertEquals(200, other.status(), other.toString());
        submit(fresh);
        WebElement conflict = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#settings .conflict")));
        assertTrue(conflict.getText().contains("Jemand anderes hat diesen Datensatz inzwischen geändert"), conflict.getText());
        assertEquals(21, ((Map<String, Object>) crm.admin().get("/settings").json().get("retention")).get("heldDays"));
        conflict.findElement(By.tagName("button")).click();
        wait.until(d -> "21".equals(d.findElement(By.id("settings")).findElement(By.name("retention.heldDays")).getAttribute("value")));
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
    void snoozeAMunicipalityInTheOverviewAndUndoIt() throws Exception {
        String accountId = createAccount("Stadt Neu-Ulm", "MUNICIPALITY");
        String ownerId = crm.admin().get("/me").string("id");
        TestCrm.Reply created = crm.admin().post("/opportunities", Map.of("name", "Integreat Neu-Ulm", "type", "STANDARD",
                "accountIds", List.of(accountId), "ownerId", ownerId));
        assertEquals(201, created.status(), created.toString());
        signIn(TestCrm.ADMIN);
        go("pipeline/municipalities");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-snooze='" + accountId + "']"))).click();
        WebElement form = dialog();
        String until = LocalDate.now().plusDays(40).toString();
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", form.findElement(By.name("until")), until);
        type(form, "reason", "Gemeinderat tagt im Januar");
        submit(form);
        dialogClosed();
        By cell = By.cssSelector("td[data-municipality='" + accountId + "']");
        waitForText(cell, "zurückgestellt bis");
        waitForText(cell, "Gemeinderat tagt im Januar");
        Map<String, Object> row = crm.admin().get("/pipeline/municipalities?limit=200").items().stream()
                .filter(m -> accountId.equals(m.get("accountId"))).findFirst().orElseThrow();
        assertEquals(until, row.get("snoozedUntil"));
        Browser.screenshot(driver, testName + "-snoozed");

        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[aria-label='Zurückstellung aufheben: Stadt Neu-Ulm']"))).click();
        waitForText(By.id("status"), "Zurückstellung aufgehoben");
        wait.until(d -> !d.findElement(cell).getText().contains("zurückgestellt"));
        assertEquals(null, crm.admin().get("/opportunities/" + created.string("id")).json().get("snooze"));

        // and from the board's card
        go("pipeline");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-snooze='" + created.string("id") + "']"))).click();
        form = dialog();
        type(form, "reason", "Nach den Ferien");
        submit(form);
        dialogClosed();
        waitForText(By.id("status"), "Zurückgestellt bis");
        assertEquals("Nach den Ferien", ((Map<?, ?>) crm.admin().get("/opportunities/" + created.string("id")).json().get("snooze")).get("reason"));
    }

    @Test
    void aRecurringTaskFromTheFormComesBackWhenCompleted() {
        signIn(TestCrm.ADMIN);
        go("tasks");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("new-task"))).click();
        WebElement form = dialog();
        type(form, "title", "Monatsbericht an die Kommunen");
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", form.findElement(By.name("dueDate")), "2027-01-31");
        new Select(form.findElement(By.name("recurrenceUnit"))).selectByValue("MONTH");
        type(form, "recurrenceEvery", "1");
        submit(form);
        dialogClosed();
        waitForText(By.cssSelector("main .tasks"), "wiederholt sich alle 1 Monate");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[aria-label='Erledigt: Monatsbericht an die Kommunen']"))).click();
        waitForText(By.id("status"), "rledigt");
        // the next occurrence is open, at the month's end
        waitForText(By.cssSelector("main .tasks"), "28.02.2027");
        List<Map<String, Object>> open = crm.admin().get("/tasks?assignee=me&status=OPEN&limit=200").items().stream()
                .filter(task -> "Monatsbericht an die Kommunen".equals(task.get("title"))).toList();
        assertEquals(1, open.size(), open::toString);
        assertEquals("2027-02-28", open.get(0).get("dueDate"));
        assertEquals(Map.of("every", 1, "unit", "MONTH"), open.get(0).get("recurrence"));
    }

    @Test
    void theFollowUpSettingAndTheCalendarLinkOnTheTeamPage() throws Exception {
        TestCrm.Caller vera = crm.member("vera@integreat.example", "MEMBER");
        signIn("vera@integreat.example");
        go("team");
        WebElement days = wait.until(ExpectedConditions.elementToBeClickable(By.id("follow-up-days")));
        assertEquals("7", days.getAttribute("value"));
        days.clear();
        days.sendKeys("3");
        driver.findElement(By.cssSelector("#my-settings button[type=submit]")).click();
        waitForText(By.id("status"), "Gespeichert");
        assertEquals(3, ((Number) vera.get("/me").json().get("followUpDays")).intValue());

        driver.findElement(By.id("calendar-create")).click();
        String url = wait.until(d -> {
            List<WebElement> shown = d.findElements(By.id("calendar-url"));
            return shown.isEmpty() ? null : shown.get(0).getText();
        });
        assertTrue(url.endsWith(".ics") && url.contains("/calendar/"), url);
        String file = url.substring(url.lastIndexOf('/') + 1);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI feed = java.net.URI.create("http://localhost:" + page.server.port() + "/calendar/" + file);
        assertEquals(200, http.send(java.net.http.HttpRequest.newBuilder(feed).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        driver.findElement(By.id("calendar-revoke")).click();
        waitForText(By.id("calendar-link"), "widerrufen");
        assertEquals(404, http.send(java.net.http.HttpRequest.newBuilder(feed).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void theTimelineSaysWhetherAnOutboundMailWasAnswered() {
        String accountId = createAccount("Stadt Günzburg", "MUNICIPALITY");
        assertEquals(201, crm.admin().post("/contacts", Map.of("lastName", "Gruber", "emails", List.of("gruber@guenzburg.example"),
                "accountId", accountId)).status());
        crm.receive(TestMails.mail().from(TestCrm.ADMIN).to("gruber@guenzburg.example").subject("Angebot Günzburg")
                .messageId("timeline-follow-up@integreat.example").text("Guten Tag,\nanbei das Angebot.\n").build(), crm.inboundAddress());
        signIn(TestCrm.ADMIN);
        go("accounts/" + accountId);
        waitForText(By.id("timeline"), "Angebot Günzburg");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#timeline [data-follow-up] button"))).click();
        waitForText(By.cssSelector("#timeline [data-follow-up]"), "Wartet auf Antwort bis");
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

    @Test
    void possibleDuplicatesShowAsAHintOnTheRecordAndInTheirList() throws Exception {
        String city = createAccount("Stadt Weißenburg", "MUNICIPALITY");
        createAccount("Stadt Weissenburg", "PARTNER");
        String juergen = crm.admin().post("/contacts", Map.of("firstName", "Jürgen", "lastName", "Müllerhaus",
                "accountId", city)).string("id");
        crm.admin().post("/contacts", Map.of("firstName", "Juergen", "lastName", "Muellerhaus", "accountId", city));
        signIn(TestCrm.ADMIN);

        go("contacts/" + juergen);
        waitForText(By.cssSelector("main h1"), "Jürgen Müllerhaus");
        WebElement hint = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("duplicate-hint")));
        assertTrue(hint.getText().contains("Juergen Muellerhaus (gleicher Name)"), hint.getText());
        Browser.screenshot(driver, testName + "-hint");
        hint.findElement(By.linkText("Juergen Muellerhaus")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Juergen Muellerhaus"));
        hint = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("duplicate-hint")));
        assertTrue(hint.getText().contains("Jürgen Müllerhaus"), hint.getText());

        go("accounts/" + city);
        waitForText(By.cssSelector("main h1"), "Stadt Weißenburg");
        waitForText(By.id("duplicate-hint"), "Stadt Weissenburg (gleicher Name)");

        go("contacts");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("to-duplicates"))).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Dubletten"));
        waitForText(By.id("duplicates-contacts"), "Juergen Muellerhaus");
        String contacts = driver.findElement(By.id("duplicates-contacts")).getText();
        assertTrue(contacts.contains("Jürgen Müllerhaus") && contacts.contains("gleicher Name"), contacts);
        String accounts = driver.findElement(By.id("duplicates-accounts")).getText();
        assertTrue(accounts.contains("Stadt Weißenburg") && accounts.contains("Stadt Weissenburg"), accounts);
        Browser.screenshot(driver, testName + "-list");

        // no hint where there is no twin
        String alone = createAccount("Markt Einzigartig", "MUNICIPALITY");
        go("accounts/" + alone);
        waitForText(By.cssSelector("main h1"), "Markt Einzigartig");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main [data-duplicates=none]")));
        assertEquals(0, driver.findElements(By.id("duplicate-hint")).size());
    }
}
