package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The merge screen of two duplicates (web/views/merge.js) in headless Chromium against the local runner, like
 * WebPageTest: its rows and defaults (the module's pure logic, called in the page), the screen opened from a
 * pair, and the merge, the merged-away id and the undo through the API.
 */
class MergePageTest {
    static TestCrm crm;
    static PageSession page;
    static WebDriver driver;
    WebDriverWait wait;
    String testName;

    @BeforeAll
    static void start() throws Exception {
        crm = new TestCrm();
        page = PageSession.serve(crm);
        driver = page.startBrowser();
    }

    @AfterAll
    static void stop() {
        if (page != null) {
            page.close();
        }
    }

    @BeforeEach
    void signIn(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        wait = page.waiting();
        page.signIn(TestCrm.ADMIN);
    }

    @AfterEach
    void screenshot() throws Exception {
        Browser.screenshot(driver, "merge-" + testName);
    }

    /** Calls the merge module's pure functions in the page: {@code script} sees the module as {@code m}. */
    @SuppressWarnings("unchecked")
    Map<String, Object> inPage(String script) {
        Object out = ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('" + page.base + "views/merge.js').then((m) => done(JSON.parse(JSON.stringify((() => {" + script + "})()))),"
                + " (e) => done({ error: String(e) }));");
        assertTrue(out instanceof Map && !((Map<?, ?>) out).containsKey("error"), String.valueOf(out));
        return (Map<String, Object>) out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> row(Map<String, Object> rows, String field) {
        return ((List<Map<String, Object>>) rows.get("rows")).stream().filter(r -> field.equals(r.get("field"))).findFirst().orElseThrow();
    }

    @Test
    void theRowsKeepTheKeptValueFillWhatItLacksAndJoinTheLists() {
        String records = "const kept = { id: 'A', firstName: 'Jürgen', lastName: 'Müllerhaus', title: 'Amtsleiter', accountId: null, notes: '',"
                + " emails: ['j@stadt.de'], phones: ['+49 821 1'] };"
                + "const other = { id: 'B', firstName: 'Juergen', lastName: 'Müllerhaus', title: null, accountId: 'ACC', notes: 'Neu',"
                + " emails: ['jm@stadt.de'], phones: ['+49 821 1', '+49 821 2'] };";
        Map<String, Object> defaults = inPage(records + "const rows = m.mergeRows('contacts', kept, other); return { rows, take: m.takeOf(rows) };");
        Map<String, Object> firstName = row(defaults, "firstName");
        assertEquals(List.of(true, true, "kept", "Jürgen"), List.of(firstName.get("choosable"), firstName.get("differs"),
                firstName.get("pick"), firstName.get("result")));
        Map<String, Object> lastName = row(defaults, "lastName");
        assertEquals(List.of(false, false, "Müllerhaus"), List.of(lastName.get("choosable"), lastName.get("differs"), lastName.get("result")));
        // an empty field of the kept record is filled from the other, without a choice
        assertEquals(List.of(false, "other", "ACC"), List.of(row(defaults, "accountId").get("choosable"), row(defaults, "accountId").get("pick"),
                row(defaults, "accountId").get("result")));
        assertEquals("Neu", row(defaults, "notes").get("result"));
        assertEquals(List.of(false, "kept", "Amtsleiter"), List.of(row(defaults, "title").get("choosable"), row(defaults, "title").get("pick"),
                row(defaults, "title").get("result")));
        // lists: the union, the kept record's first, each value once
        assertEquals(List.of("j@stadt.de", "jm@stadt.de"), row(defaults, "emails").get("result"));
        assertEquals(List.of("+49 821 1", "+49 821 2"), row(defaults, "phones").get("result"));
        assertEquals(List.of(), defaults.get("take"));

        // picking the other's first name (by its id) takes it; a pick where there is no choice changes nothing
        Map<String, Object> picked = inPage(records + "const rows = m.mergeRows('contacts', kept, other, { firstName: 'B', title: 'B', notes: 'A' });"
                + " return { rows, take: m.takeOf(rows) };");
        assertEquals(List.of("other", "Juergen"), List.of(row(picked, "firstName").get("pick"), row(picked, "firstName").get("result")));
        assertEquals("Amtsleiter", row(picked, "title").get("result"));
        assertEquals("Neu", row(picked, "notes").get("result"));
        assertEquals(List.of("firstName"), picked.get("take"));

        // accounts: an address without any part is empty, equal addresses are no choice, more domains than the limit are flagged
        Map<String, Object> accounts = inPage("const domains = (n, p) => Array.from({ length: n }, (_, i) => p + i + '.de');"
                + "const a = { id: 'A', name: 'Stadt Weißenburg', type: 'MUNICIPALITY', address: { street: 'Markt 1', city: 'Weißenburg' },"
                + " emailDomains: domains(6, 'a') };"
                + "const b = { id: 'B', name: 'Stadt Weissenburg', type: 'PARTNER', address: { street: 'Markt 1', city: 'Weißenburg' },"
                + " emailDomains: domains(5, 'b'), phone: '+49 9141 0' };"
                + "const c = { id: 'C', name: 'Stadt Weißenburg', type: 'MUNICIPALITY', address: { street: null, city: null }, emailDomains: [] };"
                + "return { rows: m.mergeRows('accounts', a, b, { type: 'B' }), empty: m.mergeRows('accounts', c, b) };");
        assertEquals(List.of(false, false), List.of(row(accounts, "address").get("choosable"), row(accounts, "address").get("differs")));
        assertEquals(List.of(true, "PARTNER"), List.of(row(accounts, "type").get("choosable"), row(accounts, "type").get("result")));
        assertEquals("+49 9141 0", row(accounts, "phone").get("result"));
        assertEquals(true, row(accounts, "emailDomains").get("tooMany"));
        @SuppressWarnings("unchecked")
        Map<String, Object> empty = Map.of("rows", accounts.get("empty"));
        assertEquals(List.of(false, "other"), List.of(row(empty, "address").get("choosable"), row(empty, "address").get("pick")));
        assertEquals(false, row(empty, "emailDomains").get("tooMany"));
    }

    String contact(String first, String last, String account, Map<String, Object> more) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("firstName", first, "lastName", last, "accountId", account));
        body.putAll(more);
        TestCrm.Reply reply = crm.admin().post("/contacts", body);
        assertEquals(201, reply.status(), reply.toString());
        return reply.string("id");
    }

    String account(String name) {
        TestCrm.Reply reply = crm.admin().post("/accounts", Map.of("name", name, "type", "MUNICIPALITY"));
        assertEquals(201, reply.status(), reply.toString());
        return reply.string("id");
    }

    WebElement mergeTable() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("merge-table")));
    }

    @Test
    void aPairOpensTheScreenThatComparesBothRecordsFieldByFieldAndSwapsTheKeptOne() {
        String city = account("Stadt Gunzenhausen");
        String kept = contact("Jürgen", "Schäffler", city, Map.of("title", "Amtsleiter", "emails", List.of("j.schaeffler@gunzenhausen.de")));
        String other = contact("Juergen", "Schaeffler", city, Map.of("title", "Leiter Integration", "notes", "Ruft lieber vormittags an",
                "emails", List.of("juergen.schaeffler@gunzenhausen.de")));

        // from the hint on the record: the record itself is the kept one
        driver.get(page.base + "#/contacts/" + kept);
        WebElement hint = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("duplicate-hint")));
        WebElement open = hint.findElement(By.cssSelector("a.merge-open"));
        assertEquals("Zusammenführen…", open.getText());
        assertEquals("Mit Juergen Schaeffler zusammenführen", open.getAttribute("aria-label"));
        open.sendKeys(Keys.ENTER);
        WebElement table = mergeTable();
        wait.until(d -> d.getCurrentUrl().endsWith("#/merge/contacts/" + kept + "/" + other));
        assertEquals("Behalten: Jürgen Schäffler", table.findElement(By.id("merge-kept")).getText());
        assertEquals("Wird übernommen: Juergen Schaeffler", table.findElement(By.id("merge-other")).getText());
        assertEquals(4, table.findElements(By.cssSelector("thead th[scope=col]")).size());

        // a row per field; where both differ a radio each, labelled, the kept value chosen
        WebElement title = table.findElement(By.cssSelector("tr[data-field=title]"));
        assertTrue(title.getAttribute("class").contains("differs"));
        assertEquals("Funktion (unterschiedlich)", title.findElement(By.cssSelector("th[scope=row]")).getAttribute("textContent"));
        WebElement keptTitle = driver.findElement(By.id("pick-title-kept"));
        WebElement otherTitle = driver.findElement(By.id("pick-title-other"));
        assertTrue(keptTitle.isSelected() && !otherTitle.isSelected());
        assertEquals("Funktion: Leiter Integration",
                driver.findElement(By.cssSelector("label[for=pick-title-other]")).getAttribute("textContent"));
        assertEquals("Amtsleiter", driver.findElement(By.id("result-title")).getText());
        // the same value: no choice, no highlight; the kept one's empty notes are filled; the addresses are joined
        WebElement account = table.findElement(By.cssSelector("tr[data-field=accountId]"));
        assertFalse(account.getAttribute("class").contains("differs"));
        assertEquals(0, account.findElements(By.cssSelector("input")).size());
        assertTrue(account.getText().contains("Stadt Gunzenhausen"), account.getText());
        assertEquals("Ruft lieber vormittags an", driver.findElement(By.id("result-notes")).getText());
        assertEquals(0, driver.findElements(By.id("pick-notes-kept")).size());
        assertEquals("j.schaeffler@gunzenhausen.de, juergen.schaeffler@gunzenhausen.de", driver.findElement(By.id("result-emails")).getText());
        assertTrue(table.getText().contains("Verlaufseinträge"), table.getText());

        // keyboard only: the other's title, then swap; the pick stays with its value
        otherTitle.sendKeys(Keys.SPACE);
        wait.until(ExpectedConditions.textToBe(By.id("result-title"), "Leiter Integration"));
        WebElement swap = driver.findElement(By.id("merge-swap"));
        assertEquals("Stattdessen „Juergen Schaeffler“ behalten", swap.getText());
        swap.sendKeys(Keys.ENTER);
        wait.until(d -> d.getCurrentUrl().endsWith("#/merge/contacts/" + other + "/" + kept));
        wait.until(ExpectedConditions.textToBe(By.id("merge-kept"), "Behalten: Juergen Schaeffler"));
        assertTrue(driver.findElement(By.id("pick-title-kept")).isSelected());
        assertEquals("Leiter Integration", driver.findElement(By.id("result-title")).getText());
        assertEquals("merge-swap", driver.switchTo().activeElement().getAttribute("id"));

        // from the list of duplicates: the pair's first record is the kept one
        driver.get(page.base + "#/duplicates");
        WebElement pairs = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("duplicates-contacts")));
        WebElement fromList = wait.until(d -> pairs.findElement(By.cssSelector("a.merge-open")));
        assertTrue(fromList.getAttribute("aria-label").startsWith("Zusammenführen: "), fromList.getAttribute("aria-label"));
        fromList.click();
        mergeTable();
        assertTrue(driver.getCurrentUrl().contains("#/merge/contacts/"), driver.getCurrentUrl());
    }

    /** Opens the merge screen from the list of duplicates, swapped if need be so that {@code keptName} is kept. */
    void openFromTheList(String keptName, String otherName) {
        driver.get(page.base + "#/duplicates");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("duplicates-contacts")));
        WebElement open = wait.until(d -> d.findElements(By.cssSelector("#duplicates-contacts a.merge-open")).stream()
                .filter(a -> a.getAttribute("aria-label").contains(keptName) && a.getAttribute("aria-label").contains(otherName))
                .findFirst().orElse(null));
        open.sendKeys(Keys.ENTER);
        WebElement kept = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("merge-kept")));
        if (!kept.getText().equals("Behalten: " + keptName)) {
            driver.findElement(By.id("merge-swap")).sendKeys(Keys.ENTER);
            wait.until(ExpectedConditions.textToBe(By.id("merge-kept"), "Behalten: " + keptName));
        }
    }

    String activeId() {
        return driver.switchTo().activeElement().getAttribute("id");
    }

    @Test
    void mergingKeepsTheChosenValuesAndTheOthersAddressTheMergedAwayIdLeadsToTheKeptOneAndUndoSeparatesThem() throws Exception {
        String city = account("Stadt Treuchtlingen");
        String kept = contact("Jürgen", "Wöhrl", city, Map.of("title", "Amtsleiter", "emails", List.of("j.woehrl@treuchtlingen.de")));
        String other = contact("Juergen", "Woehrl", city, Map.of("title", "Leiter Integration",
                "emails", List.of("juergen.woehrl@treuchtlingen.de"), "phones", List.of("+49 9142 960 0")));
        assertEquals(201, crm.admin().post("/interactions", Map.of("type", "CALL", "summary", "Förderantrag besprochen",
                "contactIds", List.of(other))).status());

        openFromTheList("Jürgen Wöhrl", "Juergen Woehrl");
        assertTrue(driver.getCurrentUrl().endsWith("#/merge/contacts/" + kept + "/" + other), driver.getCurrentUrl());
        // keyboard only: the other's title, then the merge
        driver.findElement(By.id("pick-title-other")).sendKeys(Keys.SPACE);
        wait.until(ExpectedConditions.textToBe(By.id("result-title"), "Leiter Integration"));
        driver.findElement(By.id("merge-submit")).sendKeys(Keys.ENTER);

        // the kept record with the banner, which has the focus
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("merge-result")));
        assertTrue(banner.getText().startsWith("Zusammengeführt."), banner.getText());
        assertTrue(banner.getText().contains("Verlaufseinträge: 1"), banner.getText());
        wait.until(d -> "merge-result".equals(activeId()));
        assertTrue(driver.getCurrentUrl().endsWith("#/contacts/" + kept), driver.getCurrentUrl());
        assertEquals("Jürgen Wöhrl", driver.findElement(By.cssSelector("main h1")).getText());
        String details = driver.findElement(By.cssSelector("main .facts")).getText();
        assertTrue(details.contains("Leiter Integration") && details.contains("j.woehrl@treuchtlingen.de")
                && details.contains("juergen.woehrl@treuchtlingen.de") && details.contains("+49 9142 960 0"), details);
        assertTrue(driver.findElement(By.id("timeline")).getText().contains("Förderantrag besprochen"));
        assertEquals(301, crm.admin().get("/contacts/" + other).status());

        // a link to the merged-away contact (another tab, signed in there too) shows the kept one and says so
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(page.base + "#/contacts/" + other);
        WebElement email = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#signin input[name=email]")));
        email.clear();
        email.sendKeys(TestCrm.ADMIN);
        driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
        WebElement note = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("merged-note")));
        assertEquals("Dieser Datensatz wurde mit „Jürgen Wöhrl“ zusammengeführt.", note.getText());
        assertEquals("Jürgen Wöhrl", driver.findElement(By.cssSelector("main h1")).getText());
        wait.until(d -> d.getCurrentUrl().endsWith("#/contacts/" + kept));
        Browser.screenshot(driver, "merge-" + testName + "-followed");
        driver.close();
        driver.switchTo().window(first);

        // undo, confirmed: both again, as they were
        driver.findElement(By.id("merge-undo")).sendKeys(Keys.ENTER);
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open]")));
        assertTrue(dialog.getText().contains("„Jürgen Wöhrl“ und „Juergen Woehrl“ werden wieder getrennt"), dialog.getText());
        dialog.findElement(By.cssSelector("button[type=submit]")).sendKeys(Keys.ENTER);
        WebElement undone = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("merge-restored")));
        assertEquals("Juergen Woehrl", undone.getText());
        wait.until(d -> "merge-result".equals(activeId()));
        details = driver.findElement(By.cssSelector("main .facts")).getText();
        assertTrue(details.contains("Amtsleiter") && !details.contains("juergen.woehrl@treuchtlingen.de"), details);
        undone.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Juergen Woehrl"));
        details = driver.findElement(By.cssSelector("main .facts")).getText();
        assertTrue(details.contains("Leiter Integration") && details.contains("juergen.woehrl@treuchtlingen.de"), details);
        assertTrue(driver.findElement(By.id("timeline")).getText().contains("Förderantrag besprochen"));
        assertEquals(0, driver.findElements(By.id("merged-note")).size());
        assertEquals(200, crm.admin().get("/contacts/" + other).status());
    }

    @Test
    void theScreenForTwoAccountsMergesThemAndTheUndoSeparatesThem() {
        String kept = account("Stadt Weißenburg");
        String other = account("Stadt Weissenburg");
        String person = contact("Anna", "Reiß", other, Map.of());
        driver.get(page.base + "#/merge/accounts/" + kept + "/" + other);
        mergeTable();
        driver.findElement(By.id("merge-submit")).sendKeys(Keys.ENTER);
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("merge-result")));
        assertTrue(banner.getText().startsWith("Zusammengeführt."), banner.getText());
        wait.until(d -> d.getCurrentUrl().endsWith("#/accounts/" + kept));
        assertEquals("Stadt Weißenburg", driver.findElement(By.cssSelector("main h1")).getText());
        assertTrue(driver.findElement(By.cssSelector("main")).getText().contains("Anna Reiß"), "the contact is the kept account's");
        assertEquals(301, crm.admin().get("/accounts/" + other).status());
        assertEquals(kept, crm.admin().get("/contacts/" + person).string("accountId"));

        driver.findElement(By.id("merge-undo")).sendKeys(Keys.ENTER);
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open]")));
        dialog.findElement(By.cssSelector("button[type=submit]")).sendKeys(Keys.ENTER);
        WebElement undone = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("merge-restored")));
        assertEquals("Stadt Weissenburg", undone.getText());
        assertEquals(200, crm.admin().get("/accounts/" + other).status());
        assertEquals(other, crm.admin().get("/contacts/" + person).string("accountId"));
    }

    @Test
    void twoOpenOpportunitiesOfOneTypeAreRefusedInTheMembersLanguage() {
        String kept = account("Stadt Pappenheim");
        String other = account("Stadt Pappenheim");
        String owner = crm.crm.services().members().resolveCaller(TestCrm.ADMIN).id();
        for (String id : List.of(kept, other)) {
            assertEquals(201, crm.admin().post("/opportunities", Map.of("name", "Integreat " + id, "type", "STANDARD",
                    "accountIds", List.of(id), "ownerId", owner)).status());
        }
        driver.get(page.base + "#/merge/accounts/" + kept + "/" + other);
        mergeTable();
        driver.findElement(By.id("merge-submit")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#merge-summary .alert"),
                "beide haben eine offene Verkaufschance für dieselbe Kommune"));
        assertEquals(200, crm.admin().get("/accounts/" + other).status());
    }

    @Test
    void aRecordChangedMeanwhileIsReloadedWithTheChoicesAndARefusalNamesTheField() throws Exception {
        String city = account("Markt Pleinfeld");
        String kept = contact("Jürgen", "Pfäffle", city, Map.of("title", "Bürgermeister",
                "emails", List.of("a1@pleinfeld.de", "a2@pleinfeld.de", "a3@pleinfeld.de", "a4@pleinfeld.de", "a5@pleinfeld.de", "a6@pleinfeld.de")));
        String other = contact("Juergen", "Pfaeffle", city, Map.of("title", "Zweiter Bürgermeister",
                "emails", List.of("b1@pleinfeld.de", "b2@pleinfeld.de", "b3@pleinfeld.de", "b4@pleinfeld.de", "b5@pleinfeld.de")));
        driver.get(page.base + "#/merge/contacts/" + kept + "/" + other);
        mergeTable();
        assertEquals("zusammen mehr als 10: bitte vorher im Datensatz kürzen",
                driver.findElement(By.cssSelector("#result-emails .field-error")).getText());
        driver.findElement(By.id("pick-title-other")).sendKeys(Keys.SPACE);

        // the other one changes while the screen is open: 412, both reloaded, the pick kept, and the screen says so
        TestCrm.Reply fresh = crm.admin().get("/contacts/" + other);
        TestCrm.Reply changed = crm.admin().ifMatch(fresh.etag()).patch("/contacts/" + other, Map.of("title", "Erster Bürgermeister"));
        assertEquals(200, changed.status(), changed.toString());
        driver.findElement(By.id("merge-submit")).sendKeys(Keys.ENTER);
        WebElement summary = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#merge-summary .alert")));
        assertEquals("Die Datensätze wurden inzwischen geändert und sind jetzt neu geladen. Bitte die Auswahl prüfen und erneut zusammenführen.",
                summary.getText());
        wait.until(d -> "merge-summary".equals(activeId()));
        assertEquals("Erster Bürgermeister", driver.findElement(By.id("result-title")).getText());
        assertTrue(driver.findElement(By.id("pick-title-other")).isSelected());
        Browser.screenshot(driver, "merge-" + testName + "-412");

        // eleven addresses together are refused (422 naming emails): said in German, the field by its label
        driver.findElement(By.id("merge-submit")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#merge-summary .alert"),
                "E-Mail-Adressen: zusammen mehr als 10"));
        assertTrue(driver.findElement(By.cssSelector("#merge-summary .alert")).getText().startsWith("Nicht zusammengeführt:"));
        assertEquals(200, crm.admin().get("/contacts/" + other).status());
    }

    @Test
    void anUndoAfterTheKeptContactWasEditedIsRefusedInTheMembersLanguage() {
        String city = account("Stadt Ellingen");
        String kept = contact("Jürgen", "Hüttl", city, Map.of());
        String other = contact("Juergen", "Huettl", city, Map.of("title", "Kämmerer"));
        driver.get(page.base + "#/merge/contacts/" + kept + "/" + other);
        mergeTable();
        driver.findElement(By.id("merge-submit")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("merge-undo")));

        TestCrm.Reply now = crm.admin().get("/contacts/" + kept);
        assertEquals("Kämmerer", now.string("title"));
        assertEquals(200, crm.admin().ifMatch(now.etag()).patch("/contacts/" + kept, Map.of("title", "Stadtkämmerer")).status());
        driver.findElement(By.id("merge-undo")).sendKeys(Keys.ENTER);
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open]")));
        dialog.findElement(By.cssSelector("button[type=submit]")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("dialog[open] .summary"),
                "der behaltene Datensatz wurde seit dem Zusammenführen geändert"));
        assertEquals(301, crm.admin().get("/contacts/" + other).status());
    }
}
