package dev.junction.server.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import dev.junction.engine.Role;
import dev.junction.server.api.ApiFixture;
import dev.junction.store.AlertRecord;
import dev.junction.store.DeadLetter;
import dev.junction.store.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 * The console in a real browser: Playwright driving the system's Chromium headless (it downloads no
 * browser: {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}, the executable from {@code JUNCTION_CHROMIUM} or
 * {@code /usr/bin/chromium}; {@code .ci/run} installs Debian's {@code chromium} when it is missing). A
 * user signs in with a token, reads the overview, opens a connection and a run; a tenant's viewer gets
 * the 404 page for another tenant's connection; hostile record text stays text; the page runs no inline
 * script and the browser reports no Content-Security-Policy violation. Screenshots of each page go to
 * {@code target/console-screenshots}.
 */
class ConsoleBrowserTest {
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final String HOSTILE = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">";

    @TempDir
    static Path dataDir;
    static ApiFixture api;
    static RunRecord northwindRun;
    static Playwright playwright;
    static Browser browser;
    BrowserContext context;
    Page page;
    final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    static void start() {
        skipWithoutChromium();
        api = ApiFixture.start(dataDir);
        northwindRun = ConsoleTest.run(api, "northwind");
        Instant now = Instant.now();
        api.engine.store().deadLetters().add(new DeadLetter(0, now, northwindRun.id(), northwindRun.sync(), "c-hostile", "HTTP 422: " + HOSTILE,
                "{}", "helpdesk", DeadLetter.State.OPEN, null, null, DeadLetter.Kind.WRITE, "northwind"));
        api.engine.store().alerts().fire(new AlertRecord("alr_hostile", "hostile-rule", "sync=s tenant=northwind", "northwind", "s", null, "error",
                AlertRecord.Status.FIRING, HOSTILE, now, now, null, now), List.of());
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = launch(playwright);
    }

    /**
     * Skips the calling test class when there is no Chromium and {@link #REQUIRE} is not set: a developer's
     * machine without it still passes the README's test command; .ci/run installs it and sets REQUIRE.
     */
    static void skipWithoutChromium() {
        Path chromium = chromium();
        if (!Files.isExecutable(chromium) && System.getenv(REQUIRE) == null) {
            org.junit.jupiter.api.Assumptions.abort("no Chromium at " + chromium + ": the console's browser tests are skipped (install Debian's"
                    + " chromium, or point JUNCTION_CHROMIUM at one; .ci/run installs it and sets " + REQUIRE + " so they always run there)");
        }
    }

    /** Set (by .ci/run) to fail rather than skip the browser tests when Chromium is missing. */
    static final String REQUIRE = "JUNCTION_REQUIRE_BROWSER";

    static Path chromium() {
        return Path.of(System.getenv().getOrDefault("JUNCTION_CHROMIUM", "/usr/bin/chromium"));
    }

    /** The system Chromium, headless; a clear message when it is missing or does not start. */
    static Browser launch(Playwright playwright) {
        Path chromium = chromium();
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("no Chromium at " + chromium + ": install Debian's (apt-get install chromium; .ci/run does) or point"
                    + " JUNCTION_CHROMIUM at a Chromium executable");
        }
        try {
            return playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium).setHeadless(true)
                    .setArgs(List.of("--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                            "--disable-sync")));
        } catch (PlaywrightException e) {
            throw new IllegalStateException("Chromium at " + chromium + " did not start: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void openContext() {
        context = browser.newContext(new Browser.NewContextOptions().setBaseURL(api.server.baseUrl().toString()).setJavaScriptEnabled(true));
        page = page(context, consoleErrors);
    }

    /** A new page of {@code context} whose console errors (a Content-Security-Policy violation shows there) are added to {@code errors}. */
    static Page page(BrowserContext context, List<String> errors) {
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                errors.add(message.text() + " (" + message.location() + ")");
            }
        });
        return page;
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    void signIn(String token) {
        page.navigate("/console");
        assertThat(page).hasURL(api.server.baseUrl() + "/console/sign-in");
        page.getByLabel("API token").fill(token);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page).hasURL(api.server.baseUrl() + "/console");
    }

    void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setCaret(com.microsoft.playwright.options.ScreenshotCaret.INITIAL).setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Test
    void aUserSignsInReadsTheOverviewAndOpensAConnectionAndARun() {
        signIn(api.tenant("northwind", Role.VIEWER));
        screenshot("overview");

        assertThat(page.locator("h1")).hasText("Overview");
        assertThat(page.locator("#runs-total")).hasText("1");
        assertThat(page.locator(".who")).containsText("viewer of tenant northwind");
        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("Connections")).click();
        screenshot("connections");
        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("northwind-crm")).click();
        screenshot("connection");
        assertThat(page.locator("h1")).hasText("northwind-crm");
        assertThat(page.locator("#connection-status")).isVisible();
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check now"))).isVisible();

        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("Syncs")).click();
        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName(northwindRun.id())).click();
        screenshot("run");
        assertThat(page.locator("h1")).hasText("Run " + northwindRun.id());
        assertThat(page.locator("#run-status")).hasText(northwindRun.status().name().toLowerCase());
        assertThat(page.locator(".dead-letters")).containsText("c-hostile");
        assertThat(page.locator(".dead-letters")).containsText("HTTP 422: " + HOSTILE);
        page.navigate("/console/connectors");
        screenshot("connectors");
        assertThat(page.locator("#connector-acme-crm")).containsText("contacts");
        assertThat(consoleErrors).as("console errors (a CSP violation shows here)").isEmpty();
    }

    @Test
    void anEditorSendsARequestThroughItsConnectionFromItsPage() {
        signIn(api.tenant("northwind", Role.EDITOR));
        page.navigate("/console/connections/northwind-crm");

        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("Send a request through it…")).click();
        page.getByLabel("Path below the connector's base URL").fill("/v1/owners");
        page.getByLabel("Query, one name=value a line").fill("limit=1");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();

        assertThat(page.locator("#answer-status")).hasText("200");
        assertThat(page.locator("#answer-body")).containsText("\"results\"");
        assertThat(consoleErrors).as("console errors (a CSP violation shows here)").isEmpty();
    }

    @Test
    void anEditorCancelsAQueuedFlowExecutionAndReadsTheAlerts() throws java.io.IOException {
        Path flow = Path.of("..", "examples", "flows", "contact-card.flow.yaml");
        assertThat(api.engine.definitions().apply(List.of(new dev.junction.spec.SourceText(flow.toString(),
                Files.readString(flow)))).ok()).isTrue();
        var queued = api.engine.store().flowExecutions().createOrFind(dev.junction.store.FlowExecution.queued("fx-browser-1", "contact-card", 1,
                "northwind", "{}", null, null, Instant.now()));
        signIn(api.tenant("northwind", Role.EDITOR));

        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("Flows")).click();
        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("contact-card")).click();
        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName(queued.id())).click();
        assertThat(page.locator("#execution-status")).hasText("queued");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel")).click();
        screenshot("flow-execution");
        assertThat(page.locator("#execution-status")).hasText("cancelled");
        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("Alerts")).click();
        screenshot("alerts");
        assertThat(page.locator(".alerts-firing")).containsText(HOSTILE);
        assertThat(page.locator("img[src=x]")).hasCount(0);
        assertThat(consoleErrors).as("console errors (a CSP violation shows here)").isEmpty();
    }

    @Test
    void aTenantsViewerGetsTheNotFoundPageForAnotherTenantsConnection() {
        signIn(api.tenant("northwind", Role.VIEWER));

        Response response = page.navigate("/console/connections/globex-crm");
        screenshot("not-found");

        assertThat(response.status()).isEqualTo(404);
        assertThat(page.locator("h1")).hasText("Not found");
        assertThat(page.content()).doesNotContain("globex-crm-token");
    }

    @Test
    void hostileTextIsShownAsTextAndNoInlineScriptRuns() {
        signIn(api.tenant("northwind", Role.VIEWER));

        Response response = page.navigate("/console");

        assertThat(page.getByText(HOSTILE)).isVisible();
        assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
        assertThat(page.locator("img[src=x]")).hasCount(0);
        assertThat(response.headers().get("content-security-policy")).isEqualTo(ConsoleHeaders.CSP);
        assertThat((Number) page.evaluate("() => [...document.scripts].filter(s => !s.src).length")).isEqualTo(0);
        assertThat((Number) page.evaluate("() => document.querySelectorAll('[style]').length")).isEqualTo(0);
        assertThat(page.evaluate("() => typeof window.htmx")).as("htmx loads from its webjar under the policy").isEqualTo("object");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() {
        signIn(api.tenant("northwind", Role.EDITOR));
        page.navigate("/console/connections/northwind-crm");

        page.evaluate("() => document.querySelector('form[action$=check] input[name=_csrf]').remove()");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check now")).click();

        assertThat(page.locator("h1")).hasText("Forbidden");
        assertThat(page.locator(".error")).containsText("CSRF");
    }
}
