package app.integreat.crm.local;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every browser test of the page shares: the local runner serving web/ with local sign-in tokens, headless
 * Chromium on it (see {@link Browser}) and the sign-in. One per test class, closed in its {@code @AfterAll}.
 */
final class PageSession implements AutoCloseable {
    final LocalServer server;
    /** The page's address, ending in "/". */
    final String base;
    /** Null until {@link #startBrowser()}: a test may need to set up the page's data or the browser first. */
    WebDriver driver;

    private PageSession(LocalServer server) {
        this.server = server;
        this.base = "http://127.0.0.1:" + server.port() + "/";
    }

    /** Serves the page (and the API on the same origin) for {@code crm} on a free port. */
    static PageSession serve(TestCrm crm) throws IOException {
        LocalServer server = new LocalServer(crm.crm, new LocalTokens("http://localhost/local-issuer", Clock.systemUTC()),
                TestCrm.ROOT.resolve("web"), 0);
        server.start();
        return new PageSession(server);
    }

    WebDriver startBrowser() throws IOException {
        driver = Browser.start();
        return driver;
    }

    /** A 20 s wait that looks again for a replaced element: the page redraws views as data arrives. */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Opens the start page without the session an earlier test left in the browser: it shows the sign-in form. */
    void signedOut() {
        driver.get(base + "#/");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear(); localStorage.clear();");
        driver.navigate().refresh();
    }

    /** Fills the sign-in form the page shows with {@code email} and submits it. */
    void submitSignIn(String email) {
        WebElement field = waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#signin input[name=email]")));
        field.clear();
        field.sendKeys(email);
        driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
    }

    /** Signs in on the form the page shows and waits for the navigation, which only a signed-in page has. */
    void signInOnTheForm(String email) {
        submitSignIn(email);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#nav a[data-nav=accounts]")));
    }

    /** Signs in afresh as {@code email}, whoever was signed in before. */
    void signIn(String email) {
        signedOut();
        signInOnTheForm(email);
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.quit();
        }
        server.close();
    }
}
