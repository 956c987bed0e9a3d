package dev.junction.server.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.Role;
import dev.junction.server.EngineApi;
import dev.junction.server.JunctionServer;
import dev.junction.server.ServerConfig;
import dev.junction.server.api.ConnectFlowTest;
import dev.junction.spec.SourceText;
import dev.junction.store.DeadLetter;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's journey, one operator in one browser session, through the console's pages only (the
 * set-up and the final checks use the engine and WireMock): signs in; connects tenant northwind's CRM
 * through the OAuth connect flow against mock-oauth2-server; opens the per-tenant sync that reads that
 * CRM, asks for suggestions, accepts one, previews the mapped value and saves a new version; runs the
 * sync for northwind, where the Helpdesk (WireMock) refuses record c-2 once with a 422 so the run ends
 * partial with one dead letter; finds c-2's request on the run page by its key, replays the dead letter,
 * and sees it leave the open list while the Helpdesk receives c-2 again and accepts it. The CRM (WireMock)
 * answers only a bearer token, so every read goes through the connection the browser made. Hostile text
 * in a record and in the refusal stays text; no script runs, no CSP violation is reported. Screenshots:
 * {@code target/console-screenshots/journey-*.png}.
 */
class ConsoleJourneyBrowserTest {
    static final String HOSTILE = ConsoleBrowserTest.HOSTILE;
    static final String SYNC = "journey-contacts";

    @TempDir
    static Path dataDir;
    static MockOAuth2Server provider;
    static WireMockServer api;
    static Engine engine;
    static JunctionServer server;
    static Playwright playwright;
    static Browser browser;
    final List<String> consoleErrors = new ArrayList<>();
    Page page;

    @BeforeAll
    static void start() throws Exception {
        ConsoleBrowserTest.skipWithoutChromium();
        provider = new MockOAuth2Server(new OAuth2Config(false, null, null, false));
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        api = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        stubApis();
        Map<String, String> env = Map.of("OAUTH_CRM_CLIENT_SECRET", "app-client-secret-value", "DESK_API_KEY", "desk-key-never-shown",
                "JUNCTION_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(new byte[32]));
        // the provider and the APIs run on this machine: a tenant's connection reaches them only because private addresses are allowed
        engine = Engine.open(EngineConfig.embedded(dataDir, env::get).withEgress(dev.junction.http.EgressPolicy.DEFAULT.withAllowPrivate(true)));
        String issuer = "http://127.0.0.1:" + provider.url("/").port() + "/default";
        var applied = engine.definitions().apply(List.of(
                new SourceText("oauth-crm.yaml", ConnectFlowTest.oauthConnector("oauth-crm", api.baseUrl(), issuer, "{{ config.issuer }}", "")),
                new SourceText("journey.yaml", deskAndSync(api.baseUrl()))), "local:test");
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
        engine.runQueue().start(); // as the server's process does: Run now and Replay queue runs for its workers
        server = EngineApi.builder(ServerConfig.defaults().withHost("127.0.0.1").withPort(0), engine).build().start();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = ConsoleBrowserTest.launch(playwright);
    }

    /**
     * The CRM's contacts (only with a bearer token), the Helpdesk's users (the fields suggestions read) and its
     * one-user upsert, which refuses c-2 with a 422 the first time and accepts it after.
     */
    static void stubApis() {
        api.stubFor(get(urlEqualTo("/contacts")).withHeader("Authorization", matching("Bearer .+")).willReturn(json("""
                {"results": [{"id": "c-1", "email": "ada@example.com", "full_name": "Ada Lovelace"},
                             {"id": "c-2", "email": "grace@example.com", "full_name": "Grace Hopper"},
                             {"id": "c-3", "email": "hostile@example.com", "full_name": %s}]}""".formatted(quoted(HOSTILE)))));
        api.stubFor(get(urlEqualTo("/contacts")).atPriority(10).willReturn(aResponse().withStatus(401)));
        api.stubFor(get(urlPathMatching("/desk/users")).willReturn(json("""
                {"data": [{"external_id": "u-9", "email": "someone@example.com", "full_name": "Someone Else"}]}""")));
        api.stubFor(put(urlPathMatching("/desk/users/c-[13]")).willReturn(json("{}")));
        api.stubFor(put(urlEqualTo("/desk/users/c-2")).inScenario("refuse once").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json("{\"error\": " + quoted("email refused " + HOSTILE) + "}").withStatus(422)).willSetStateTo("accepted"));
        api.stubFor(put(urlEqualTo("/desk/users/c-2")).inScenario("refuse once").whenScenarioStateIs("accepted").willReturn(json("{}")));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The Helpdesk connector (one user per call), northwind's Helpdesk connection, and the per-tenant sync from the OAuth CRM to it. */
    static String deskAndSync(String baseUrl) {
        return """
                kind: Connector
                name: desk
                config: { baseUrl: { type: string } }
                secrets: { apiKey: {} }
                baseUrl: "{{ config.baseUrl }}"
                auth: { type: api-key, in: header, name: X-Api-Key, value: "{{ secrets.apiKey }}" }
                streams:
                  users: { request: { path: /desk/users }, records: "$.data", primaryKey: external_id }
                actions:
                  upsertUser:
                    request: { method: PUT, path: "/desk/users/{{ record.external_id }}", body: "$record" }
                ---
                kind: Connection
                name: northwind-desk
                connector: desk
                tenant: northwind
                config: { baseUrl: "%s" }
                secrets: { apiKey: "${env:DESK_API_KEY}" }
                ---
                kind: Sync
                name: %s
                source: { connector: oauth-crm, stream: contacts, mode: full }
                destination: { connector: desk, action: upsertUser, key: external_id, mode: upsert }
                mapping:
                  external_id: id
                  email: email
                """.formatted(baseUrl, SYNC);
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

    @Test
    void anOperatorConnectsMapsRunsFindsTheFailedRecordAndReplaysIt() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.baseUrl().toString()))) {
            page = ConsoleBrowserTest.page(context, consoleErrors);
            signIn();
            connect();
            int version = mapAndSave();
            assertThat(engine.definitions().currentVersion("Sync", SYNC)).isEqualTo(version);
            RunRecord run = runPartial();
            replay(run);
        }
    }

    void signIn() {
        String token = engine.tokens().create(Role.EDITOR, null, "journey-editor", null, "local:test").secret();
        page.navigate("/console");
        page.getByLabel("API token").fill(token);
        click(AriaRole.BUTTON, "Sign in");
        assertThat(page).hasURL(server.baseUrl() + "/console");
        screenshot("journey-1-signed-in");
        nothingRan();
    }

    /** Step 2: northwind's CRM connection through the connect flow; the provider signs the user in and the console shows it connected. */
    void connect() {
        click(AriaRole.LINK, "Connections");
        click(AriaRole.LINK, "New connection");
        page.locator("input[name=connector][value=oauth-crm]").check();
        page.getByLabel("Tenant").fill("northwind");
        click(AriaRole.BUTTON, "Next");
        page.getByLabel("Name").fill("northwind-crm");
        click(AriaRole.BUTTON, "Connect");
        page.locator("button").click(); // "Continue to sign in": to the provider, and back
        page.waitForURL("**/console/connected?**");
        assertThat(page.locator("#connect-outcome")).hasText("connected");
        click(AriaRole.LINK, "Open northwind-crm");
        assertThat(page.locator("dl.facts")).containsText("northwind");
        screenshot("journey-2-connected");
        nothingRan();
    }

    /** Step 3: the sync narrowed to northwind, its mapping editor: suggest, accept full_name, preview, save. Answers the version saved. */
    int mapAndSave() {
        int before = engine.definitions().currentVersion("Sync", SYNC);
        click(AriaRole.LINK, "Syncs");
        click(AriaRole.LINK, SYNC);
        click(AriaRole.LINK, "northwind");
        page.locator("#mapping-link").click();
        page.locator("#suggest").click();
        Locator suggestion = page.locator("#suggestions tbody tr", new Page.LocatorOptions().setHasText("full_name"));
        assertThat(suggestion).hasCount(1);
        suggestion.locator("button.accept").click();
        assertThat(page.locator("#editor-message")).containsText("Accepted: full_name");
        page.locator("#preview-button").click();
        assertThat(page.locator("#preview")).containsText("Ada Lovelace");
        assertThat(page.locator("#preview")).containsText("\"full_name\"");
        screenshot("journey-3-mapping");
        nothingRan();
        page.locator("#save").click();
        assertThat(page.locator("#saved")).containsText("Saved as version " + (before + 1));
        return before + 1;
    }

    /** Step 4: Run now for northwind; the run ends partial, its one dead letter is c-2. */
    RunRecord runPartial() {
        page.locator("#run-now").click();
        page.waitForURL("**/console/runs/**");
        String runId = page.url().replaceAll(".*/console/runs/([^/?#]+).*", "$1");
        await(() -> engine.runs().get(runId).status().finished(), () -> String.valueOf(engine.runs().get(runId)));
        RunRecord run = engine.runs().get(runId);
        assertThat(run.status()).as(String.valueOf(run)).isEqualTo(RunStatus.PARTIAL);
        page.reload();
        assertThat(page.locator("h1")).hasText("Run " + runId);
        assertThat(page.locator("ol.timeline-steps")).containsText("page read (northwind-crm)"); // the connection the browser made
        assertThat(page.locator("table.reasons")).containsText("422");
        screenshot("journey-4-run-partial");
        nothingRan();
        return run;
    }

    /** Step 5: the run's requests filtered by c-2 show its refused call; its dead letter replayed leaves the open list. */
    void replay(RunRecord run) {
        page.getByLabel("Record key").fill("c-2");
        click(AriaRole.BUTTON, "Filter");
        assertThat(page.locator("table.requests tbody tr")).hasCount(1);
        assertThat(page.locator("table.requests")).containsText("/desk/users/c-2");
        assertThat(page.locator("table.requests")).containsText("422");
        screenshot("journey-5-requests-by-key");
        nothingRan();
        List<DeadLetter> letters = engine.deadLetters().list(SYNC, "northwind", run.id(), 10);
        assertThat(letters).extracting(DeadLetter::recordKey).containsExactly("c-2");
        DeadLetter letter = letters.getFirst();
        page.getByLabel("Select dead letter " + letter.id(), new Page.GetByLabelOptions().setExact(true)).check();
        click(AriaRole.BUTTON, "Replay selected");
        assertThat(page.locator("#notice")).containsText("Replay started");
        assertThat(page.locator("#dead-letter-" + letter.id())).hasCount(0);
        screenshot("journey-6-replayed");
        nothingRan();
        await(() -> api.findAll(putRequestedFor(urlEqualTo("/desk/users/c-2"))).size() == 2
                && engine.deadLetters().get(letter.id()).state() == DeadLetter.State.REPLAYED, () -> engine.deadLetters().get(letter.id()).toString());
        var sent = api.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals("/desk/users/c-2")).toList();
        assertThat(sent).extracting(e -> e.getResponse().getStatus()).containsExactlyInAnyOrder(422, 200);
        assertThat(sent.getFirst().getRequest().getBodyAsString()).contains("grace@example.com", "Grace Hopper");
    }

    void click(AriaRole role, String name) {
        page.getByRole(role, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
    }

    /**
     * A full-page screenshot. The caret stays as it is: hiding it, Playwright puts a style on the focused field, and htmx settling a swap
     * just after copies that style to the new field, which the console's CSP refuses (a console error that no user would cause).
     */
    void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(ConsoleBrowserTest.SCREENSHOTS.resolve(name + ".png")).setFullPage(true)
                .setCaret(com.microsoft.playwright.options.ScreenshotCaret.INITIAL));
    }

    /** Nothing hostile ran: no script set window.pwned, no injected image, no inline script, and no console error (a CSP violation shows there). */
    void nothingRan() {
        assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
        assertThat(page.locator("img[src=x]")).hasCount(0);
        assertThat((Number) page.evaluate("() => [...document.scripts].filter(s => !s.src).length")).isEqualTo(0);
        // the console has no favicon: Chromium asks for one by itself
        assertThat(consoleErrors.stream().filter(e -> !e.contains("/favicon.ico"))).as("console errors (a CSP violation shows here)").isEmpty();
    }

    /** Waits (up to 30 s) for what the engine does after a page answered: a run or a replay ending. */
    static void await(BooleanSupplier done, java.util.function.Supplier<String> state) {
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(100))
                    .until(done::getAsBoolean);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("waited 30 s: " + state.get(), e);
        }
    }
}
