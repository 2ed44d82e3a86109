package io.github.jwtauth.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium and ChromeDriver for the browser tests, never a downloaded browser:
 * the paths are given ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}, or the system
 * properties {@code jwtauth.chromium} / {@code jwtauth.chromedriver}). Under {@code CI=true} a
 * missing browser fails the suite; elsewhere its tests are skipped with the reason. Stateless.
 */
public final class Chromium {
  public static final Path CHROMIUM =
      Path.of(System.getProperty("jwtauth.chromium", "/usr/bin/chromium"));
  public static final Path CHROMEDRIVER =
      Path.of(System.getProperty("jwtauth.chromedriver", "/usr/bin/chromedriver"));

  private Chromium() {}

  /**
   * Null when the browser can run (and ChromeDriver's path is then set for Selenium); otherwise the
   * reason to skip. Fails under {@code CI=true}.
   */
  public static String unavailableReason() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String why =
          CHROMIUM
              + " or "
              + CHROMEDRIVER
              + " is missing: install Debian's chromium and "
              + "chromium-driver (apt-get install chromium chromium-driver; .ci/run does)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and the browser tests cannot run: " + why);
      }
      return "browser tests skipped outside CI: " + why;
    }
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    return null;
  }

  /**
   * Headless options with everything that would reach out to the network switched off, a fresh
   * profile directory, and any extra arguments.
   */
  public static ChromeOptions options(Path profileDir, String... extraArgs) {
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    List<String> args =
        new ArrayList<>(
            List.of(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--user-data-dir=" + profileDir));
    args.addAll(List.of(extraArgs));
    o.addArguments(args);
    return o;
  }

  /** Starts ChromeDriver on a free port, logging to {@code logFile}. */
  public static ChromeDriver start(ChromeOptions options, Path logFile) {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(logFile.toFile())
            .build();
    return new ChromeDriver(service, options);
  }
}
