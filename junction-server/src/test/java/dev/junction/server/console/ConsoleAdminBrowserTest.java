package dev.junction.server.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.Role;
import dev.junction.server.EngineApi;
import dev.junction.server.JunctionServer;
import dev.junction.server.ServerConfig;
import dev.junction.spec.SourceText;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The console's connection forms, admin pages and alert set-up pages in headless Chromium (started as
 * {@link ConsoleBrowserTest} starts it): a tenant's editor makes a connection through the OAuth connect
 * flow against mock-oauth2-server and finds it with its account; an editor makes an API-key connection
 * and deletes it; an admin makes a token (its secret shown once), revokes it and reads the audit log;
 * an admin sends a channel a test and silences alerts. Hostile names and texts stay text, no script
 * runs, and the browser reports no Content-Security-Policy violation.
 */
class ConsoleAdminBrowserTest {
    static final String HOSTILE = ConsoleBrowserTest.HOSTILE;
    static final String CLIENT_SECRET = "app-client-secret-value";

    @TempDir
    static Path dataDir;
    static MockOAuth2Server provider;
    static WireMockServer api;
    static Engine engine;
    static JunctionServer server;
    static Playwright playwright;
    static Browser browser;
    BrowserContext context;
    Page page;
    final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        ConsoleBrowserTest.skipWithoutChromium();
        provider = new MockOAuth2Server(new OAuth2Config(false, null, null, false));
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        api = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        api.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withHeader("Content-Type", "application/json").withBody("{\"data\": []}")));
        Map<String, String> env = Map.of("OAUTH_CRM_CLIENT_SECRET", CLIENT_SECRET, "JUNCTION_MASTER_KEY",
                java.util.Base64.getEncoder().encodeToString(new byte[32]), "HOOK_SECRET", "hook-secret-value-31337");
        // the provider and the API run on this machine: a tenant's connection reaches them only because private addresses are allowed
        engine = Engine.open(EngineConfig.embedded(dataDir, env::get).withEgress(dev.junction.http.EgressPolicy.DEFAULT.withAllowPrivate(true)));
        String issuer = "http://127.0.0.1:" + provider.url("/").port() + "/default";
        var applied = engine.definitions().apply(List.of(new SourceText("oauth-crm.yaml",
                        dev.junction.server.api.ConnectFlowTest.oauthConnector("oauth-crm", api.baseUrl(), issuer, "{{ config.issuer }}", "")),
                new SourceText("helpdesk.yaml", Files.readString(Path.of("..", "examples", "tenants", "helpdesk.connector.yaml"))),
                new SourceText("alerts.yaml", ConsoleAdminTest.alerting(api.port()).replace("${env:ACME_CRM_WEBHOOK_SECRET}", "${env:HOOK_SECRET}")
                        .replace("/alerts\"", "/alerts-hook\""))), "local:test");
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
        server = EngineApi.builder(ServerConfig.defaults().withHost("127.0.0.1").withPort(0), engine).build().start();
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
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
        if (engine != null) {
            engine.close();
        }
        if (api != null) {
            api.stop();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    @BeforeEach
    void openContext() {
        context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.baseUrl().toString()).setJavaScriptEnabled(true));
        page = ConsoleBrowserTest.page(context, consoleErrors);
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    void signIn(Role role, String tenant) {
        String token = engine.tokens().create(role, tenant, "browser-" + role.wireName(), null, "local:test").secret();
        page.navigate("/console");
        page.getByLabel("API token").fill(token);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page).hasURL(server.baseUrl() + "/console");
    }

    void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setCaret(com.microsoft.playwright.options.ScreenshotCaret.INITIAL).setPath(ConsoleBrowserTest.SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    void click(AriaRole role, String name) {
        page.getByRole(role, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
    }

    /** Nothing hostile ran: no script set window.pwned, no injected image, no inline script, no CSP violation. */
    void nothingRan() {
        assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
        assertThat(page.locator("img[src=x]")).hasCount(0);
        assertThat((Number) page.evaluate("() => [...document.scripts].filter(s => !s.src).length")).isEqualTo(0);
        // a form shown again with its error answers 400, and the console has no favicon: Chromium reports both, neither is a violation
        assertThat(consoleErrors.stream().filter(e -> !e.contains("status of 400") && !e.contains("/favicon.ico"))).as("console errors (a CSP violation shows here)").isEmpty();
    }

    @Test
    void aTenantsEditorConnectsThroughTheProviderAndSeesTheConnectionWithItsAccount() {
        signIn(Role.EDITOR, "northwind");

        click(AriaRole.LINK, "Connections");
        click(AriaRole.LINK, "New connection");
        page.locator("input[name=connector][value=oauth-crm]").check();
        screenshot("connection-new");
        click(AriaRole.BUTTON, "Next");
        page.getByLabel("Name").fill("northwind-oauth");
        screenshot("connection-fields-oauth");
        click(AriaRole.BUTTON, "Connect");
        assertThat(page.locator("button")).hasText("Continue to sign in"); // the connect page: then the provider, then back
        page.locator("button").click();
        page.waitForURL("**/console/connected?**");
        screenshot("connection-connected");
        assertThat(page.locator("#connect-outcome")).hasText("connected");
        click(AriaRole.LINK, "Open northwind-oauth");

        assertThat(page.locator("h1")).hasText("northwind-oauth");
        String account = engine.managedConnections().account("northwind-oauth").id();
        assertThat(page.locator("dl.facts")).containsText(account);
        assertThat(page.locator("dl.facts")).containsText("northwind");
        click(AriaRole.BUTTON, "Check now");
        screenshot("connection-oauth");
        assertThat(page.locator("#connection-status")).hasText("ok");
        assertThat(page.content()).doesNotContain(CLIENT_SECRET);
        nothingRan();
    }

    @Test
    void anEditorMakesAnApiKeyConnectionAfterAnErrorAndDeletesIt() {
        signIn(Role.EDITOR, null);
        page.navigate("/console/connections/new");
        page.locator("input[name=connector][value=helpdesk]").check();
        page.getByLabel("Tenant").fill("globex");
        click(AriaRole.BUTTON, "Next");
        page.getByLabel("Name").fill("Bad Name");
        page.getByLabel("baseUrl").fill(HOSTILE);
        page.getByLabel("apiKey").fill("key-never-shown-123");
        click(AriaRole.BUTTON, "Create connection");

        assertThat(page.locator("#form-error")).containsText("name must be lower-case");
        assertThat(page.getByLabel("baseUrl")).hasValue(HOSTILE);
        assertThat(page.getByLabel("apiKey")).hasValue("");
        nothingRan();
        page.getByLabel("Name").fill("globex-desk");
        page.getByLabel("baseUrl").fill(api.baseUrl());
        page.getByLabel("apiKey").fill("key-never-shown-123");
        click(AriaRole.BUTTON, "Create connection");
        assertThat(page.locator("h1")).hasText("globex-desk");
        assertThat(page.content()).doesNotContain("key-never-shown-123");

        click(AriaRole.LINK, "Delete…");
        screenshot("connection-delete");
        click(AriaRole.BUTTON, "Delete");
        assertThat(page).hasURL(server.baseUrl() + "/console/connections");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("globex-desk"))).hasCount(0);
        nothingRan();
    }

    @Test
    void anAdminMakesATokenSeesItsSecretOnceRevokesItAndReadsTheAuditLog() {
        signIn(Role.ADMIN, null);

        click(AriaRole.LINK, "Tokens");
        page.getByLabel("Role").selectOption("editor");
        page.getByLabel("Name").fill(HOSTILE);
        page.getByLabel("Expires in days").fill("7");
        click(AriaRole.BUTTON, "Create token");
        screenshot("token-created");
        String secret = page.locator("#token-secret").textContent();
        assertThat(engine.tokens().authenticate(secret)).isPresent();
        assertThat(page.locator("dl.facts")).containsText(HOSTILE);
        nothingRan();

        click(AriaRole.LINK, "Back to the tokens");
        screenshot("tokens");
        assertThat(page.content()).doesNotContain(secret);
        page.locator("tr", new Page.LocatorOptions().setHasText(HOSTILE)).getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions()
                .setName("Revoke")).click();
        assertThat(page.locator("tr", new Page.LocatorOptions().setHasText(HOSTILE))).containsText("revoked");
        assertThat(engine.tokens().authenticate(secret)).isEmpty();

        click(AriaRole.LINK, "Audit log");
        page.getByLabel("Action").fill("console.revokeToken");
        click(AriaRole.BUTTON, "Filter");
        screenshot("audit-log");
        assertThat(page.locator("table.audit-log tbody tr")).hasCount(1);
        assertThat(page.locator("table.audit-log")).containsText("console.revokeToken");
        nothingRan();
    }

    @Test
    void anAdminSendsAChannelATestAndSilencesARuleWithHostileTextShownAsText() {
        signIn(Role.ADMIN, null);

        click(AriaRole.LINK, "Alerts");
        click(AriaRole.LINK, "Rules");
        screenshot("alert-rules");
        assertThat(page.locator("table.alert-rules")).containsText(ConsoleAdminTest.HOSTILE);
        click(AriaRole.LINK, "Channels");
        page.locator("tr", new Page.LocatorOptions().setHasText("ops-hook")).getByRole(AriaRole.BUTTON,
                new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Send test")).click();
        screenshot("alert-channels");
        assertThat(page.locator("#test-result")).containsText("ops-hook");
        assertThat(page.content()).doesNotContain("hook-secret-value-31337");
        click(AriaRole.LINK, "Silences");
        page.getByLabel("Rule").selectOption("any-run-failed");
        page.getByLabel("Until (UTC)").fill(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusDays(1).withSecond(0).withNano(0).toString());
        page.getByLabel("Reason").fill(HOSTILE);
        click(AriaRole.BUTTON, "Silence");
        screenshot("alert-silences");
        assertThat(page.locator("table.alert-silences")).containsText(HOSTILE);
        nothingRan();
        click(AriaRole.BUTTON, "End now");
        assertThat(page.locator("table.alert-silences")).hasCount(0);
    }
}
