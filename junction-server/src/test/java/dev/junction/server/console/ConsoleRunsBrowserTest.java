package dev.junction.server.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.junction.engine.Role;
import dev.junction.server.api.ApiFixture;
import dev.junction.store.DeadLetter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run page and the inbox in a real browser (the system Chromium headless, as
 * {@link ConsoleBrowserTest} starts it): an editor opens a run, reads its timeline and row errors,
 * filters its requests by a record key through the form, ticks a dead letter and replays it, and sees it
 * leave the open list; opens the inbox, an event's page, and replays the dead event. Hostile text in dead
 * letters, requests, inbox payloads and drift stays text: no script runs, no image is injected, and the
 * browser reports no Content-Security-Policy violation. Screenshots go to {@code target/console-screenshots}.
 */
class ConsoleRunsBrowserTest {
    @TempDir
    static Path dataDir;
    static Playwright playwright;
    static Browser browser;
    static ApiFixture api;
    static ConsoleRunsTest.Seeded seeded;
    /** What the page reported as errors in this test. */
    final List<String> consoleErrors = new ArrayList<>();
    BrowserContext context;
    Page page;

    @BeforeAll
    static void start() {
        ConsoleBrowserTest.skipWithoutChromium();
        api = ApiFixture.start(dataDir);
        seeded = ConsoleRunsTest.seed(api);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = ConsoleBrowserTest.launch(playwright);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable opened : new AutoCloseable[] {browser, playwright, api}) { // in that order: the browser first
            if (opened != null) {
                opened.close();
            }
        }
    }

    /** A fresh browser context per test, collecting what the page reports as errors. */
    @BeforeEach
    void openContext() {
        context = browser.newContext(new Browser.NewContextOptions().setBaseURL(api.server.baseUrl().toString()));
        page = context.newPage();
        // the browser asks for /favicon.ico by itself (the console has none): not an error of the page
        page.onConsoleMessage(m -> consoleErrors.addAll(m.type().equals("error") && !m.location().contains("/favicon.ico")
                ? List.of(m.text() + " (" + m.location() + ")") : List.of()));
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    void signIn(String token) {
        page.navigate("/console/sign-in");
        page.getByLabel("API token").fill(token);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page).hasURL(api.server.baseUrl() + "/console");
    }

    void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setCaret(com.microsoft.playwright.options.ScreenshotCaret.INITIAL).setPath(ConsoleBrowserTest.SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /**
     * No script of the data ran, no element came from it, no element carries a style (an empty {@code style=""} a script of the
     * page leaves on a hidden input is no style), and the browser reported nothing (a CSP violation shows there).
     */
    void assertNothingRan() {
        assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
        assertThat(page.locator("img[src=x]")).hasCount(0);
        assertThat((Number) page.evaluate("() => [...document.scripts].filter(s => !s.src).length")).isEqualTo(0);
        assertThat((String) page.evaluate("() => [...document.querySelectorAll('[style]:not([style=\"\"])')].map(e => e.outerHTML.slice(0, 120)).join()")).isEmpty();
        assertThat(consoleErrors).as("console errors (a CSP violation shows here)").isEmpty();
    }

    @Test
    void anEditorOpensARunFiltersItsRequestsByKeyAndReplaysADeadLetter() {
        signIn(api.tenant("northwind", Role.EDITOR));
        screenshot("overview-records");
        assertThat(page.locator("#records-chart")).isVisible();
        assertThat(page.locator("table.drift")).containsText("field" + ConsoleRunsTest.HOSTILE);
        assertNothingRan();

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Syncs")).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(seeded.data().northwindRun.id())).click();
        screenshot("run-detail");
        assertThat(page.locator("h1")).hasText("Run " + seeded.data().northwindRun.id());
        assertThat(page.locator("ol.timeline-steps")).containsText("page read (northwind-crm)");
        assertThat(page.locator("table.reasons")).containsText("HTTP 422: " + ConsoleRunsTest.HOSTILE);
        assertNothingRan();

        page.getByLabel("Record key").fill("hostile-key-1");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*\\?key=hostile-key-1#requests$"));
        assertThat(page.locator("table.requests tbody tr")).hasCount(1);
        page.locator("table.requests summary").click();
        screenshot("run-requests-by-key");
        assertThat(page.locator("table.requests")).containsText("{\"name\":\"" + ConsoleRunsTest.HOSTILE + "\"}");
        assertNothingRan();

        DeadLetter letter = seeded.data().northwindDeadLetters.getFirst();
        assertThat(page.locator("#dead-letter-" + letter.id())).isVisible();
        page.getByLabel("Select dead letter " + letter.id(), new Page.GetByLabelOptions().setExact(true)).check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Replay selected")).click();
        screenshot("run-replayed");
        assertThat(page.locator("#notice")).containsText("Replay started");
        assertThat(page.locator("#dead-letter-" + letter.id())).hasCount(0);
        assertThat(api.engine.deadLetters().get(letter.id()).state()).isEqualTo(DeadLetter.State.REPLAYED);
        assertNothingRan();
    }

    @Test
    void anEditorOpensTheInboxAndReplaysADeadEvent() {
        signIn(api.tenant("northwind", Role.EDITOR));

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Inbox")).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("dead").setExact(true)).click();
        screenshot("inbox");
        assertThat(page.locator("table.inbox")).containsText("the subscriber said " + ConsoleRunsTest.HOSTILE);
        assertThat(page.locator("table.inbox")).not().containsText("globex");
        assertNothingRan();

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Long.toString(seeded.deadEvent())).setExact(true)).click();
        screenshot("inbox-event");
        assertThat(page.locator("#event-status")).hasText("dead");
        assertThat(page.locator("#payload")).containsText("\"name\" : \"<script>window.pwned=1</script><img src=x onerror=");
        assertThat(page.locator("#payload")).not().containsText("hunter2-secret");
        assertNothingRan();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Replay")).click();
        assertThat(page.locator("#event-status")).not().hasText("dead");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Replay"))).hasCount(0);
        assertNothingRan();
    }
}
