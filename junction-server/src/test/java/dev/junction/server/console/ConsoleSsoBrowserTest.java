package dev.junction.server.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.junction.engine.Role;
import dev.junction.server.OidcSettings;
import dev.junction.server.ServerConfig;
import dev.junction.server.api.ApiFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single sign-on in a real browser (Playwright, the system's Chromium headless; skipped or required as
 * {@link ConsoleBrowserTest} says): the sign-in page offers "Sign in with Acme SSO", mock-oauth2-server's
 * interactive login page takes a user and their claims, and the person lands on the overview with the
 * role their groups map to. The provider is reached as {@code localhost} and the console as
 * {@code 127.0.0.1} — two sites, as in a real deployment, so the {@code SameSite} cookies are put to the
 * test. A hostile email address is shown as text on the pages single sign-on writes it into.
 */
class ConsoleSsoBrowserTest {
    static final String HOSTILE = "<img src=x onerror=\"window.pwned=1\">";

    @TempDir
    static Path dataDir;
    static ApiFixture api;
    static MockOAuth2Server provider;
    static Playwright playwright;
    static Browser browser;
    BrowserContext context;
    Page page;
    final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        ConsoleBrowserTest.skipWithoutChromium();
        provider = new MockOAuth2Server(new OAuth2Config(true, null, null, false));
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        String issuer = "http://localhost:" + provider.url("/").port() + "/default";
        OidcSettings oidc = new OidcSettings(URI.create(issuer), "Acme SSO", "junction-console", "the-client-secret", List.of("openid", "email"),
                "groups", Map.of("junction-editors", Role.EDITOR, "junction-admins", Role.ADMIN), null, List.of("acme.test"), null, List.of()).checked();
        api = ApiFixture.start(dataDir, ServerConfig.defaults().withConsoleOidc(oidc));
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = ConsoleBrowserTest.launch(playwright);
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
        if (provider != null) {
            provider.shutdown();
        }
    }

    @BeforeEach
    void openContext() {
        context = browser.newContext(new Browser.NewContextOptions().setBaseURL(api.server.baseUrl().toString()).setJavaScriptEnabled(true));
        page = context.newPage();
        page.onConsoleMessage(message -> {
            // the refusal page's own status (403) and the favicon the browser asks for (404) are reported as failed loads: not what is looked for
            if (message.type().equals("error") && page.url().startsWith(api.server.baseUrl().toString())
                    && !message.text().startsWith("Failed to load resource: the server responded with a status of")) {
                consoleErrors.add(message.text());
            }
        });
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setCaret(com.microsoft.playwright.options.ScreenshotCaret.INITIAL).setPath(ConsoleBrowserTest.SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /** From the sign-in page through the provider's login form, as {@code user} with these claims (JSON). */
    void signOnAs(String user, String claimsJson) {
        page.navigate("/console");
        assertThat(page).hasURL(api.server.baseUrl() + "/console/sign-in");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with Acme SSO")).click();
        assertThat(page).hasURL(java.util.regex.Pattern.compile("^http://localhost:\\d+/default/authorize\\?.*"));
        page.locator("input[name=username]").fill(user);
        page.locator("textarea[name=claims]").fill(claimsJson);
        page.locator("input[type=submit]").click();
    }

    @Test
    void aPersonSignsInThroughTheProviderAndSeesTheOverview() {
        page.navigate("/console/sign-in");
        screenshot("sso-sign-in");

        signOnAs("alice", "{\"email\": \"alice@acme.test\", \"groups\": [\"junction-editors\"]}");

        assertThat(page).hasURL(api.server.baseUrl() + "/console");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Overview"))).isVisible();
        assertThat(page.locator(".who")).hasText("editor (operator)");
        screenshot("sso-overview");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Connections")).click();
        assertThat(page).hasURL(api.server.baseUrl() + "/console/connections");
        assertThat(consoleErrors).as("console errors (a CSP violation shows here)").isEmpty();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        assertThat(page).hasURL(api.server.baseUrl() + "/console/sign-in");
        page.navigate("/console");
        assertThat(page).hasURL(api.server.baseUrl() + "/console/sign-in");
    }

    @Test
    void aPersonWithoutARoleIsRefusedAndAHostileAddressStaysText() {
        signOnAs("mallory", "{\"email\": \"" + HOSTILE.replace("\"", "\\\"") + "@acme.test\", \"groups\": [\"marketing\"]}");

        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/console/sso/callback\\?.*"));
        assertThat(page.locator(".error")).containsText("does not let you in");
        assertThat(page.locator(".error")).containsText(HOSTILE + "@acme.test");
        assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
        assertThat(page.locator(".error img")).hasCount(0);
        screenshot("sso-refused");
        page.navigate("/console");
        assertThat(page).hasURL(api.server.baseUrl() + "/console/sign-in");

        signOnAs("mallory", "{\"email\": \"" + HOSTILE.replace("\"", "\\\"") + "@acme.test\", \"groups\": [\"junction-admins\"]}");
        assertThat(page).hasURL(api.server.baseUrl() + "/console");
        assertThat(page.locator(".who")).hasText("admin (operator)");
        assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
        assertThat(consoleErrors).as("console errors (a CSP violation shows here)").isEmpty();
    }
}
