package dev.junction.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The browser the console's tests run in: the system Chromium starts headless (or this test fails
 * saying where it looked and why it did not start), its version is written next to the screenshots
 * ({@code target/console-screenshots/chromium-version.txt}) so every test report says which browser it
 * ran with, and it is recent enough for what the console relies on (Content-Security-Policy level 3
 * reporting, {@code <details>}, CSS grid). Skipped like the other browser tests when Chromium is
 * missing and {@code JUNCTION_REQUIRE_BROWSER} is not set.
 */
class ChromiumSmokeTest {
    /** The oldest Chromium major version the console is tested with (Debian 12's security updates ship newer). */
    static final int MINIMUM_MAJOR = 120;

    @Test
    void theSystemChromiumStartsAndItsVersionIsRecorded() throws IOException {
        Path chromium = ConsoleBrowserTest.chromium();
        ConsoleBrowserTest.skipWithoutChromium();
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            Browser browser = ConsoleBrowserTest.launch(playwright);
            String version = browser.version();
            browser.close();
            Files.createDirectories(ConsoleBrowserTest.SCREENSHOTS);
            Files.writeString(ConsoleBrowserTest.SCREENSHOTS.resolve("chromium-version.txt"), "Chromium " + version + " at " + chromium + "\n");
            int major = Integer.parseInt(version.replaceAll("\\..*", ""));
            assertThat(major).as("Chromium %s at %s is older than the %d the console is tested with; install a newer one (apt-get install"
                    + " chromium) or point JUNCTION_CHROMIUM at one", version, chromium, MINIMUM_MAJOR).isGreaterThanOrEqualTo(MINIMUM_MAJOR);
        }
    }
}
