package io.hazardgate.testing;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through its own chromedriver (both installed by .ci/run; tests using it are marked {@code @Needs(ExternalProgram.CHROMIUM)}), with a fresh
 * profile and no background networking: this machine's network is closed.
 */
public final class Browser {
    private static final Path CHROMIUM = ExternalProgram.CHROMIUM.binary("chromium");
    private static final Path CHROMEDRIVER = ExternalProgram.CHROMIUM.binary("chromedriver");

    private Browser() {}

    public static ChromeDriver start(Path profileDir) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--no-first-run", "--window-size=1600,1000", "--user-data-dir=" + profileDir.toAbsolutePath(),
                "--autoplay-policy=no-user-gesture-required");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }
}
