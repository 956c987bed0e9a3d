package dev.junction.server.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.junction.server.api.ApiFixture;
import dev.junction.store.RunCounters;
import dev.junction.store.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's pictures of the console, taken in the system Chromium from a store with a day of
 * plausible history (runs of three syncs every hour, a few partial and failed ones) and the demo's
 * mapping editor with a suggestion accepted. They land in {@code target/console-screenshots/docs-*.png}
 * on every run (so a changed page shows there); {@code -Djunction.writeDocsScreenshots=true} also
 * copies them to {@code docs/images/}, which the README shows.
 */
class DocsScreenshotsTest {
    static final Path DOCS_IMAGES = Path.of("..", "docs", "images");

    @TempDir
    static Path dataDir;
    static ApiFixture api;
    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void start() {
        ConsoleBrowserTest.skipWithoutChromium();
        api = ApiFixture.start(dataDir);
        history();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = ConsoleBrowserTest.launch(playwright);
    }

    /** A day of runs: three syncs, one run each an hour, records varying by hour, some partial or failed. */
    private static void history() {
        Random random = new Random(7);
        Instant now = Instant.now();
        String[][] syncs = {{ApiFixture.CLASSIC_SYNC, "default"}, {ApiFixture.TENANT_SYNC, "northwind"}, {ApiFixture.TENANT_SYNC, "globex"}};
        for (int hour = 23; hour >= 1; hour--) {
            for (int s = 0; s < syncs.length; s++) {
                String id = "docs-" + hour + "-" + s;
                Instant started = now.minus(Duration.ofHours(hour)).plusSeconds(60L * s);
                long read = 400 + random.nextInt(1_600) + (hour > 8 && hour < 16 ? 2_000 : 0);
                long failed = random.nextInt(12) == 0 ? 5 + random.nextInt(40) : 0;
                RunStatus status = failed > 0 ? RunStatus.PARTIAL : random.nextInt(40) == 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED;
                long written = status == RunStatus.FAILED ? 0 : read - failed;
                api.engine.store().runs().start(id, syncs[s][0], syncs[s][1], "schedule", started);
                api.engine.store().runs().finish(id, status, new RunCounters(read, written / 3, written - written / 3, 0, failed, 0, random.nextInt(4), 0),
                        status == RunStatus.FAILED ? "destination failed: HTTP 503 from POST /users/batch after 5 attempts" : null,
                        started.plusSeconds(20 + random.nextInt(60)));
            }
        }
        ConsoleTest.run(api, "northwind");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable open : new AutoCloseable[] {browser, playwright, api}) {
            if (open != null) {
                open.close();
            }
        }
    }

    @Test
    void theOverviewAndTheMappingEditorAsTheReadmeShowsThem() throws IOException {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(api.server.baseUrl().toString())
                .setViewportSize(1280, 900))) {
            Page page = context.newPage();
            page.navigate("/console");
            page.getByLabel("API token").fill(api.editor());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            assertThat(page.locator("h1")).hasText("Overview");
            save(page, "docs-overview");

            page.navigate("/console/syncs/" + ApiFixture.CLASSIC_SYNC + "/mapping");
            page.locator("#suggest").click();
            page.locator("#suggestions button.accept").first().click();
            assertThat(page.locator("#editor-message")).containsText("Accepted: ");
            page.setViewportSize(1280, 1700); // down to the suggestions and the first previewed records
            save(page, "docs-mapping-editor");
        }
    }

    private static void save(Page page, String name) throws IOException {
        Files.createDirectories(ConsoleBrowserTest.SCREENSHOTS);
        Path shot = ConsoleBrowserTest.SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setCaret(com.microsoft.playwright.options.ScreenshotCaret.INITIAL).setPath(shot).setFullPage(false));
        if (Boolean.getBoolean("junction.writeDocsScreenshots")) {
            Files.createDirectories(DOCS_IMAGES);
            Files.copy(shot, DOCS_IMAGES.resolve(name.substring("docs-".length()) + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
