package io.beadhub.dashboard;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The machine's headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven by
 * Selenium. The driver and browser paths are given, so Selenium Manager never downloads anything. Without
 * Chromium the browser tests are skipped with a message saying how to install it, unless {@code CI=true}:
 * then they fail, so a CI run cannot pass by skipping them.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = System.getProperty("beadhub.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER = System.getProperty("beadhub.chromedriver", "/usr/bin/chromedriver");
  static final String INSTALL = "apt-get install -y chromium chromium-driver";
  /** Selenium warns that it has no DevTools bindings for this Chromium's version; the tests use none. */
  private static final java.util.logging.Logger SELENIUM_LOG = quiet();

  private final ChromeDriver driver;
  private final Path profile;
  private final String base;

  private Browser(ChromeDriver driver, Path profile, String base) {
    this.driver = driver;
    this.profile = profile;
    this.base = base;
  }

  /** Skips (developer machine) or fails (CI) the calling tests when Chromium is not installed. */
  static boolean chromiumPresent() {
    return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
  }

  static void requireChromium() {
    if (chromiumPresent()) {
      return;
    }
    String what = "headless Chromium not found (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(what + ": CI must run the dashboard's browser tests. Install it with: " + INSTALL);
    }
    String message = what + ": the dashboard's browser tests are SKIPPED. Install it with: sudo " + INSTALL;
    System.err.println("[beadhub] " + message);
    Assumptions.abort(message);
  }

  static Browser start(String base) {
    requireChromium();
    try {
      Path profile = Files.createTempDirectory("beadhub-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM);
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--window-size=1400,1000", "--user-data-dir=" + profile);
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
      return new Browser(driver, profile, base);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.util.logging.Logger quiet() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.openqa.selenium");
    log.setLevel(java.util.logging.Level.SEVERE);
    return log;
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Loads {@code path} afresh (never just a fragment change of the current page). */
  void open(String path) {
    driver.get("about:blank");
    driver.get(base + path);
  }

  /** Opens the page signed in with {@code key}, as the link {@code bdh :dashboard} prints. */
  void signIn(String key, String path) {
    open(path + "#api_key=" + key);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The first element matching {@code css}, waiting up to 10 s for it. */
  WebElement find(String css) {
    return await(() -> all(css).stream().findFirst().orElse(null), "an element " + css);
  }

  /** Waits up to 10 s until {@code css} matches an element whose text contains {@code text}. */
  WebElement findWithText(String css, String text) {
    return await(() -> all(css).stream().filter(e -> e.getText().contains(text)).findFirst().orElse(null),
        css + " with text " + text);
  }

  <T> T await(Supplier<T> probe, String what) {
    return await(probe, what, Duration.ofSeconds(10));
  }

  <T> T await(Supplier<T> probe, String what, Duration atMost) {
    Object[] found = new Object[1];
    try {
      Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
        found[0] = probe.get();
        return found[0] != null && !Boolean.FALSE.equals(found[0]);
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      Path shot = Path.of("target", "browser-failures", what.replaceAll("[^A-Za-z0-9]+", "-") + ".png");
      screenshot(shot);
      throw new AssertionError("waited " + atMost.toSeconds() + " s for " + what + " at " + driver.getCurrentUrl()
          + " (screenshot " + shot + "); the page says:\n" + driver.findElement(By.tagName("body")).getText(), e);
    }
    @SuppressWarnings("unchecked")
    T t = (T) found[0];
    return t;
  }

  String text(String css) {
    return find(css).getText();
  }

  void screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> paths = Files.walk(profile)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temp directory left behind is harmless
      }
    }
  }
}
