package app.integreat.crm.local;

import static app.integreat.crm.local.TestMails.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The start page shows the caller's held mails (in their name, sender not verified) with confirm and drop, and
 * the link a new alias gets confirms it: in headless Chromium against the local runner, like WebPageTest.
 */
class HeldMailsPageTest {
    static final String LENA = "lena@integreat.example";
    static TestCrm crm;
    static PageSession page;
    static WebDriver driver;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        crm = new TestCrm();
        crm.member(LENA, "MEMBER");
        page = PageSession.serve(crm);
        base = page.base;
        driver = page.startBrowser();
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            Browser.screenshot(driver, "heldMailsPage");
        }
        if (page != null) {
            page.close();
        }
    }

    static String hold(String subject) {
        String raw = mail().from(LENA).to("erika.mueller@augsburg.de").subject(subject).text("...").build();
        Map<String, Object> outcome = crm.inbound().deliver(raw.getBytes(StandardCharsets.UTF_8), LENA,
                List.of(crm.inboundAddress()), new LocalInbound.Verdicts("PASS", "PASS", "GRAY"));
        assertEquals("HELD", outcome.get("result"));
        return (String) outcome.get("id");
    }

    @Test
    void theStartPageListsHeldMailsToConfirmOrDropAndAnAliasLinkConfirmsIt() throws Exception {
        String confirmed = hold("Angebot an Augsburg");
        String dropped = hold("Nicht von mir");
        WebDriverWait wait = page.waiting();
        // the link of the mail the member got lands on the start page
        driver.get(base + "#/pending-mails/" + confirmed);
        page.submitSignIn(LENA);

        WebElement held = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("held")));
        assertTrue(held.getText().contains("Bitte bestätigen"), held.getText());
        assertEquals(2, held.findElements(By.cssSelector("li")).size());
        assertTrue(held.getText().contains("Angebot an Augsburg") && held.getText().contains("Nicht von mir"), held.getText());
        Browser.screenshot(driver, "heldMailsPage-held");

        driver.findElement(By.cssSelector("button[data-confirm='" + confirmed + "']")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("held-" + confirmed)));
        wait.until(d -> crm.admin().get("/unresolved").items().stream().anyMatch(i -> "Angebot an Augsburg".equals(i.get("subject"))));
        driver.findElement(By.cssSelector("button[data-drop='" + dropped + "']")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("held")));
        assertEquals(List.of(), crm.as(LENA).get("/pending-mails").items());


        // the link mailed to a new alias confirms it for the signed-in member
        assertEquals(200, crm.as(LENA).post("/me/aliases", Map.of("address", "lena@privat.example")).status());
        Matcher link = MemberAliasesTest.LINK.matcher((String) crm.sentTo("lena@privat.example").get(0).get("body"));
        assertTrue(link.find());
        driver.get(base + "#/aliases/confirm/" + link.group(1));
        WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alias-result")));
        assertTrue(result.getText().contains("lena@privat.example"), result.getText());
        assertEquals(List.of("lena@privat.example"), crm.as(LENA).get("/me").json().get("aliases"));
    }
}
