package dev.junction.server.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.junction.server.api.ApiFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync's page and its mapping editor in the system's Chromium, headless (started as
 * {@link ConsoleBrowserTest} starts it): an editor opens a sync, asks for suggestions, accepts one,
 * sees the preview map a record (hostile record text stays text, no script runs), saves a new version
 * of the Sync that the definitions API lists, and Run now leads to the run's page.
 */
class SyncBrowserTest {
    @TempDir
    static Path dataDir;
    static ApiFixture api;
    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void start() {
        ConsoleBrowserTest.skipWithoutChromium();
        api = ApiFixture.start(dataDir);
        SyncConsoleTest.hostileContact(api);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = ConsoleBrowserTest.launch(playwright);
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
    void anEditorAcceptsASuggestionPreviewsSavesANewVersionAndRunsTheSync() {
        int before = api.engine.definitions().currentVersion("Sync", ApiFixture.CLASSIC_SYNC);
        List<String> errors = new ArrayList<>();
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(api.server.baseUrl().toString()))) {
            Page page = context.newPage();
            page.onConsoleMessage(m -> {
                if (m.type().equals("error")) {
                    errors.add(m.text());
                }
            });
            page.onResponse(r -> {
                if (r.status() >= 400) {
                    errors.add(r.status() + " " + r.url());
                }
            });
            page.navigate("/console");
            page.getByLabel("API token").fill(api.editor());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Syncs")).click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(ApiFixture.CLASSIC_SYNC).setExact(true)).click();
            assertThat(page.locator("#definition-yaml")).containsText("kind: Sync");
            assertThat(page.locator("#current-version")).hasText(Integer.toString(before));
            ConsoleBrowserTest.SCREENSHOTS.toFile().mkdirs();
            page.screenshot(new Page.ScreenshotOptions().setCaret(com.microsoft.playwright.options.ScreenshotCaret.INITIAL).setPath(ConsoleBrowserTest.SCREENSHOTS.resolve("sync.png")).setFullPage(true));

            page.locator("#mapping-link").click();
            page.locator("#suggest").click();
            assertThat(page.locator("#suggestions")).isVisible();
            String target = page.locator("#suggestions tbody tr").first().locator("td").first().textContent().strip();
            page.locator("#suggestions button.accept").first().click();
            assertThat(page.locator("#editor-message")).containsText("Accepted: " + target);
            assertThat(page.locator(".preview-output").first()).containsText("\"" + target + "\"");
            assertThat(page.locator(".preview-output").first()).containsText(SyncConsoleTest.HOSTILE_FIRST);
            assertThat(page.locator("img[src=x]")).hasCount(0);
            assertThat(page.evaluate("() => document.querySelectorAll('#preview script').length")).isEqualTo(0);
            page.screenshot(new Page.ScreenshotOptions().setCaret(com.microsoft.playwright.options.ScreenshotCaret.INITIAL).setPath(ConsoleBrowserTest.SCREENSHOTS.resolve("mapping-editor.png")).setFullPage(true));

            page.locator("#save").click();
            assertThat(page.locator("#saved")).containsText("Saved as version " + (before + 1));
            assertThat(page.locator("#current-version")).hasText(Integer.toString(before + 1));
            var versions = api.body(api.get("/api/v1/definitions/Sync/" + ApiFixture.CLASSIC_SYNC + "/versions", api.viewer()));
            assertThat(versions.get(0).path("version").asInt()).isEqualTo(before + 1);
            assertThat(api.engine.definitions().get("Sync", ApiFixture.CLASSIC_SYNC).source()).contains(target + ":");

            page.locator("#run-now").click();
            page.waitForURL(url -> url.contains("/console/runs/"));
            assertThat(page.locator("h1")).containsText("Run ");
            page.screenshot(new Page.ScreenshotOptions().setCaret(com.microsoft.playwright.options.ScreenshotCaret.INITIAL).setPath(ConsoleBrowserTest.SCREENSHOTS.resolve("sync-run.png")).setFullPage(true));
            // Chromium's own favicon request answers 404 outside the page's network events; a CSP violation or a failing request would show here
            assertThat(errors).as("console errors").noneMatch(e -> e.contains("Content Security Policy") || e.matches("[45][0-9][0-9] .*"));
        }
    }
}
