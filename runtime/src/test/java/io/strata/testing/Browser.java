package io.strata.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A real headless Chromium driven through Selenium and Debian's {@code chromium-driver} (installed by
 * {@code .ci/run}). Chromedriver and every browser process it starts are remembered by PID and killed
 * on {@link #close()}, even when the browser did not answer {@code quit}. Screenshots go to
 * {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Set<Long> pids = ConcurrentHashMap.newKeySet();

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /**
     * Starts chromedriver and a headless Chromium with a 1400×1000 window. Fails with the reason
     * (never skips) when Chromium or its driver is missing.
     */
    public static Browser start() {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing: install Debian's chromium and chromium-driver"
                        + " (.ci/run does)");
            }
        }
        Set<Long> before = ConcurrentHashMap.newKeySet();
        ProcessHandle.current().descendants().forEach(p -> before.add(p.pid()));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions", "--lang=en-US");
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            killNewDescendants(before);
            throw e;
        }
        Browser browser = new Browser(service, driver);
        ProcessHandle.current().descendants().filter(p -> !before.contains(p.pid())).forEach(p -> browser.pids.add(p.pid()));
        return browser;
    }

    private static void killNewDescendants(Set<Long> before) {
        ProcessHandle.current().descendants().filter(p -> !before.contains(p.pid()))
                .filter(p -> p.info().command().orElse("").contains("chrom"))
                .forEach(ProcessHandle::destroyForcibly);
    }

    public WebDriver driver() {
        return driver;
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    /**
     * Waits (polling the page, no sleeps) until {@code condition} returns non-null and not false. Live pages redraw
     * their rows, so an element that went stale between finding and reading it is simply looked for again.
     */
    public <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(200)).withMessage(what)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; page text: "
                    + bodyText(), e);
        }
    }

    /** The element once it is displayed. */
    public WebElement visible(By by, Duration timeout) {
        return await(timeout, by + " visible", d -> d.findElements(by).stream().filter(WebElement::isDisplayed)
                .findFirst().orElse(null));
    }

    /** Clicks the first displayed and enabled element {@code css} finds; a row redrawn meanwhile is found again. */
    public void click(String css, Duration timeout) {
        await(timeout, "to click " + css, d -> {
            WebElement e = d.findElements(By.cssSelector(css)).stream().filter(x -> x.isDisplayed() && x.isEnabled())
                    .findFirst().orElse(null);
            if (e == null) {
                return false;
            }
            e.click();
            return true;
        });
    }

    /** Types into the displayed input {@code css} finds, replacing what it held. */
    public void type(String css, String text, Duration timeout) {
        WebElement input = visible(By.cssSelector(css), timeout);
        input.clear();
        input.sendKeys(text);
    }

    /** The text of the first displayed element once it contains every one of {@code parts} (read inside the wait). */
    public String textContaining(By by, Duration timeout, String... parts) {
        return await(timeout, by + " showing " + String.join(", ", parts), d -> d.findElements(by).stream()
                .filter(WebElement::isDisplayed).map(WebElement::getText)
                .filter(t -> java.util.Arrays.stream(parts).allMatch(t::contains)).findFirst().orElse(null));
    }

    public String bodyText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(no page: " + e.getMessage() + ")";
        }
    }

    /** Runs a script in the page (for example to read a chart's point count). */
    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** Saves a PNG of the page as {@code target/screenshots/<name>.png} and returns its path. */
    public Path screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path to = dir.resolve(name + ".png");
            Files.copy(shot.toPath(), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write screenshot " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException ignored) {
            // killed below by PID
        }
        service.stop();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
        }
    }
}
