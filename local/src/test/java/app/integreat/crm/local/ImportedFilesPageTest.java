package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The files a Salesforce import brought (attachments and files) on the account and contact views of
 * the page, in headless Chromium against the real local runner, after {@code crm import salesforce}
 * of testdata/salesforce. A screenshot per view lands in target/screenshots/.
 */
class ImportedFilesPageTest {
    static TestCrm crm;
    static PageSession page;
    static WebDriver driver;
    static String base;

    @BeforeAll
    static void importAndStart() throws Exception {
        crm = new TestCrm();
        crm.inbound(); // the mail bucket, where imported files are kept
        page = PageSession.serve(crm);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ImportCommand.run(new ArrayDeque<>(List.of("salesforce",
                        SalesforceImportTest.FIXTURES.resolve("weekly-export").toString(), "--port", String.valueOf(page.server.port()))),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        base = page.base;
        driver = page.startBrowser();
    }

    @AfterAll
    static void stop() {
        if (page != null) {
            page.close();
        }
    }

    WebDriverWait waiting() {
        return page.waiting();
    }

    void signInAndOpen(String hash) {
        page.signIn(TestCrm.ADMIN);
        driver.get(base + "#/" + hash);
    }

    /** The files section of the view: its heading and each file's link text and address. */
    record Shown(String heading, List<String> names, List<String> urls) {
    }

    Shown files() {
        WebElement list = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#files")));
        String heading = list.findElement(By.xpath("ancestor::section/h2")).getText();
        List<WebElement> links = list.findElements(By.cssSelector("a[data-file]"));
        return new Shown(heading, links.stream().map(WebElement::getText).toList(),
                links.stream().map(link -> link.getAttribute("href")).toList());
    }

    @Test
    void theAccountViewListsItsImportedFilesWithWorkingDownloadLinks() throws Exception {
        String account = (String) crm.admin().get("/accounts?q=musterhausen").items().get(0).get("id");
        signInAndOpen("accounts/" + account);
        Shown shown = files();
        Browser.screenshot(driver, "theAccountViewListsItsImportedFiles");
        assertEquals("Dateien", shown.heading(), "German first");
        assertEquals(List.of("Angebot Musterhausen.txt"), shown.names());
        assertEquals("Angebot für Musterhausen: 15000\n", SalesforceImportTest.download(shown.urls().get(0)));
        String row = driver.findElement(By.cssSelector("#files li")).getText();
        assertTrue(row.contains("KB") && row.contains("aus Salesforce"), row);
    }

    @Test
    void theContactViewListsItsImportedFilesAndAContactWithoutFilesShowsNoSection() throws Exception {
        Map<String, Object> erika = crm.admin().get("/contacts?email=erika@privat.example").items().get(0);
        signInAndOpen("contacts/" + erika.get("id"));
        Shown shown = files();
        Browser.screenshot(driver, "theContactViewListsItsImportedFiles");
        assertEquals(List.of("visitenkarte.txt"), shown.names());
        assertEquals("Erika Mustermann, Integrationsbeauftragte\n", SalesforceImportTest.download(shown.urls().get(0)));

        Map<String, Object> max = crm.admin().get("/contacts?email=max.beispiel@privat.example").items().get(0);
        driver.get(base + "#/contacts/" + max.get("id"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main h1"), "Max"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline")));
        assertFalse(driver.findElements(By.cssSelector("#files")).size() > 0, "no files, no section");
    }
}
