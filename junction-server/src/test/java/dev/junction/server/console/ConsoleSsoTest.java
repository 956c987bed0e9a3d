package dev.junction.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.Role;
import dev.junction.server.EngineApi;
import dev.junction.server.JunctionServer;
import dev.junction.server.OidcSettings;
import dev.junction.server.ServerConfig;
import dev.junction.server.api.ApiFixture;
import dev.junction.store.AuditEntry;
import dev.junction.store.AuditQuery;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single sign-on to the console against mock-oauth2-server in this process, over HTTP with a client
 * that keeps cookies: the whole authorization code flow (start → provider → callback → session →
 * overview), the role and tenant mapping, people refused, and what an attacker or a broken provider
 * could send — a tampered, replayed or foreign state, a wrong nonce, an ID token of another issuer, an
 * error from the provider, a provider that does not answer. Each failure shows the sign-in form with a
 * sentence, and signs nobody in.
 */
class ConsoleSsoTest {
    static final String CLIENT_ID = "junction-console";

    @TempDir
    static Path dataDir;
    static ApiFixture api;
    static MockOAuth2Server provider;
    static String issuer;
    static JunctionServer operators;
    static JunctionServer tenants;
    static final List<JunctionServer> servers = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        provider = new MockOAuth2Server(new OAuth2Config(false, null, null, false));
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        issuer = "http://127.0.0.1:" + provider.url("/").port() + "/default";
        api = ApiFixture.start(dataDir);
        operators = server(operatorSettings(issuer));
        tenants = server(new OidcSettings(URI.create(issuer), null, CLIENT_ID, "the-client-secret", null, "junction_role",
                Map.of("viewer", Role.VIEWER, "editor", Role.EDITOR), "junction_tenant", List.of(), null, List.of()).checked());
    }

    static OidcSettings operatorSettings(String issuer) {
        return new OidcSettings(URI.create(issuer), "Acme SSO", CLIENT_ID, "the-client-secret", List.of("openid", "email"), "groups",
                Map.of("junction-admins", Role.ADMIN, "junction-editors", Role.EDITOR, "staff", Role.VIEWER), null, List.of("acme.test"), null,
                List.of()).checked();
    }

    /** Another server over the same engine, with these single sign-on settings. */
    static JunctionServer server(OidcSettings oidc) {
        JunctionServer server = EngineApi.builder(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withConsoleOidc(oidc), api.engine).build().start();
        servers.add(server);
        return server;
    }

    @AfterAll
    static void stop() {
        servers.forEach(s -> s.stop(java.time.Duration.ZERO));
        if (api != null) {
            api.close();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    /** The next token the provider issues is for {@code subject} with these claims. */
    static void nextUser(String subject, Map<String, Object> claims) {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject, "JWT", List.of(CLIENT_ID), claims, 3600));
    }

    /**
     * A browser: keeps cookies; follows redirects when asked to (by itself: the tests' JDK client follows
     * none, {@code jdk.httpclient.redirects.retrylimit=1}).
     */
    static final class Browser {
        final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        final HttpClient stepping = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> follow(URI uri) throws Exception {
            HttpResponse<String> response = step(uri);
            for (int hops = 0; hops < 10 && response.statusCode() >= 300 && response.statusCode() < 400; hops++) {
                response = step(location(response));
            }
            return response;
        }

        HttpResponse<String> step(URI uri) throws Exception {
            return stepping.send(HttpRequest.newBuilder(uri).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Where a redirect answer sends the browser. */
        static URI location(HttpResponse<?> response) {
            assertThat(response.statusCode()).as(String.valueOf(response.headers().map())).isBetween(300, 399);
            return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
        }
    }

    /** Signs in through the provider on {@code server}, following every redirect; the last answer (the callback's). */
    static HttpResponse<String> signOn(Browser browser, JunctionServer server) throws Exception {
        return browser.follow(server.baseUrl().resolve("/console/sso/start"));
    }

    @Test
    void theWholeCodeFlowSignsAPersonInWithTheirRoleAndTheAuditLogNamesThem() throws Exception {
        nextUser("u-alice", Map.of("email", "alice@acme.test", "groups", List.of("junction-editors", "other")));
        Browser browser = new Browser();

        HttpResponse<String> callback = signOn(browser, operators);

        assertThat(callback.statusCode()).as(callback.uri() + " " + callback.headers().map() + callback.body()).isEqualTo(200);
        assertThat(callback.uri().getPath()).isEqualTo("/console/sso/callback");
        assertThat(callback.body()).contains("Signed in as alice@acme.test", "<meta http-equiv=\"refresh\" content=\"0; url=/console\">");
        assertThat(callback.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("junction_console=")
                .contains("HttpOnly", "SameSite=Strict", "Path=/console"));
        assertThat(callback.headers().firstValue("Content-Security-Policy")).contains(ConsoleHeaders.CSP);
        HttpResponse<String> overview = browser.follow(operators.baseUrl().resolve("/console"));
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("editor (operator)", "Sign out");
        // an editor's form works through the session: the audit log names the person, not a token
        String csrf = ConsoleTest.csrfOf(overview.body());
        HttpResponse<String> check = browser.stepping.send(HttpRequest.newBuilder(operators.baseUrl().resolve("/console/connections/northwind-crm/check"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("_csrf=" + ConsoleTest.enc(csrf)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(check.statusCode()).as(check.body()).isEqualTo(303);
        List<AuditEntry> byAlice = api.engine.audit().query(AuditQuery.newest(20).withActor("sso:alice@acme.test")).entries();
        assertThat(byAlice).extracting(AuditEntry::action).contains("console.signOn", "console.checkConnection");
        assertThat(byAlice).filteredOn(e -> e.action().equals("console.signOn")).first().satisfies(e -> assertThat(e.detail())
                .contains("u-alice", issuer, "editor").doesNotContain("the-client-secret"));
    }

    @Test
    void theHighestMappedRoleWinsAndATenantClaimConfinesThePerson() throws Exception {
        nextUser("u-ada", Map.of("email", "ada@acme.test", "groups", List.of("staff", "junction-admins")));
        Browser admin = new Browser();
        assertThat(signOn(admin, operators).statusCode()).isEqualTo(200);
        assertThat(admin.follow(operators.baseUrl().resolve("/console")).body()).contains("admin (operator)");

        nextUser("u-nora", Map.of("email", "nora@northwind.example", "junction_role", "viewer", "junction_tenant", "northwind"));
        Browser nora = new Browser();
        assertThat(signOn(nora, tenants).statusCode()).isEqualTo(200);
        assertThat(nora.follow(tenants.baseUrl().resolve("/console")).body()).contains("viewer of tenant northwind");
        assertThat(nora.follow(tenants.baseUrl().resolve("/console/connections/northwind-crm")).statusCode()).isEqualTo(200);
        HttpResponse<String> foreign = nora.follow(tenants.baseUrl().resolve("/console/connections/globex-crm"));
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain("globex-crm-token");
    }

    @Test
    void aPersonWhoMapsToNoRoleOrIsNotOnTheAllowListIsRefusedWithAClearPage() throws Exception {
        nextUser("u-bob", Map.of("email", "bob@acme.test", "groups", List.of("marketing")));
        Browser bob = new Browser();
        HttpResponse<String> refused = signOn(bob, operators);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("bob@acme.test", "no value of the 'groups' claim maps to a Junction role", "API token")
                .doesNotContain("Exception", "at dev.junction");
        assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("junction_console="));
        assertThat(bob.follow(operators.baseUrl().resolve("/console")).uri().getPath()).isEqualTo("/console/sign-in");

        nextUser("u-eve", Map.of("email", "eve@elsewhere.test", "groups", List.of("junction-admins")));
        HttpResponse<String> outsider = signOn(new Browser(), operators);
        assertThat(outsider.statusCode()).isEqualTo(403);
        assertThat(outsider.body()).contains("verified email address at acme.test");

        nextUser("u-tim", Map.of("email", "tim@northwind.example", "junction_role", "editor"));
        HttpResponse<String> noTenant = signOn(new Browser(), tenants);
        assertThat(noTenant.statusCode()).isEqualTo(403);
        assertThat(noTenant.body()).contains("junction_tenant");
    }

    @Test
    void aTamperedReplayedOrForeignStateSignsNobodyIn() throws Exception {
        nextUser("u-alice", Map.of("email", "alice@acme.test", "groups", List.of("junction-admins")));
        Browser browser = new Browser();
        URI authorize = Browser.location(browser.step(operators.baseUrl().resolve("/console/sso/start")));
        assertThat(authorize.toString()).startsWith(issuer + "/authorize").contains("code_challenge_method=S256", "nonce=", "state=",
                "client_id=" + CLIENT_ID);
        URI callback = Browser.location(browser.step(authorize));
        assertThat(callback.getPath()).isEqualTo("/console/sso/callback");

        HttpResponse<String> tampered = browser.step(URI.create(callback.toString().replaceFirst("state=[^&]+", "state=forged")));
        assertThat(tampered.statusCode()).isEqualTo(400);
        assertThat(tampered.body()).contains("did not start in this browser");

        // the real callback in another browser (no cookie binding it): refused, and the sign-on is spent
        HttpResponse<String> elsewhere = new Browser().step(callback);
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        HttpResponse<String> replayed = browser.step(callback);
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(replayed.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("junction_console="));
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() throws Exception {
        nextUser("u-alice", Map.of("email", "alice@acme.test", "groups", List.of("junction-admins")));
        Browser browser = new Browser();
        URI authorize = Browser.location(browser.step(operators.baseUrl().resolve("/console/sso/start")));
        // an attacker's authorization (another nonce) finished under this browser's state
        URI callback = Browser.location(browser.step(URI.create(authorize.toString().replaceFirst("nonce=[^&]+", "nonce=someone-elses"))));

        HttpResponse<String> answer = browser.step(callback);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(answer.body()).contains("ID token was not accepted", "nonce");
        assertThat(answer.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("junction_console="));
    }

    @Test
    void theProvidersErrorIsShownAndSignsNobodyIn() throws Exception {
        Browser browser = new Browser();
        URI authorize = Browser.location(browser.step(operators.baseUrl().resolve("/console/sso/start")));
        String state = authorize.getRawQuery().replaceFirst(".*state=([^&]+).*", "$1");

        HttpResponse<String> denied = browser.step(operators.baseUrl().resolve("/console/sso/callback?state=" + state
                + "&error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E"));

        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("did not sign you in: access_denied", "&lt;script&gt;").doesNotContain("<script>alert");
    }

    @Test
    void aProviderThatDoesNotAnswerShowsTheSignInFormWithWhatIsWrong() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }
        JunctionServer down = server(operatorSettings("http://127.0.0.1:" + closed + "/gone"));

        HttpResponse<String> answer = new Browser().step(down.baseUrl().resolve("/console/sso/start"));

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).contains("did not answer", "Sign in with Acme SSO", "API token").doesNotContain("Exception:", "at com.nimbusds");
    }

    @Test
    void withoutConfigurationThereIsNoSingleSignOn() throws Exception {
        assertThat(new Browser().follow(api.uri("/console/sign-in")).body()).doesNotContain("/console/sso/start");
        assertThat(new Browser().follow(operators.baseUrl().resolve("/console/sign-in")).body())
                .contains("<a class=\"button\" href=\"/console/sso/start\">Sign in with Acme SSO</a>");

        HttpResponse<String> start = new Browser().step(api.uri("/console/sso/start"));
        assertThat(start.statusCode()).isEqualTo(404);
        assertThat(start.body()).contains("not configured");
        assertThat(new Browser().step(api.uri("/console/sso/callback?state=x&code=y")).statusCode()).isEqualTo(404);
    }

    @Test
    void aSignedOnSessionEndsAfterTheIdleAndAbsoluteLimits() {
        ConsoleTest.MovingClock clock = new ConsoleTest.MovingClock();
        SessionStore store = new SessionStore(api.engine.tokens(), clock);
        dev.junction.engine.Principal person = new dev.junction.engine.Principal("sso:alice@acme.test", Role.EDITOR, null);
        SessionStore.Session idle = store.createSignedOn(person);
        SessionStore.Session busy = store.createSignedOn(person);

        assertThat(store.principal(idle.id())).contains(person);
        for (int i = 0; i < 13; i++) {
            clock.now = clock.now.plus(java.time.Duration.ofMinutes(59));
            assertThat(store.principal(busy.id())).as("busy after %d x 59 min", i + 1).isEqualTo(i < 12 ? java.util.Optional.of(person)
                    : java.util.Optional.empty());
        }
        assertThat(store.principal(idle.id())).isEmpty();
    }
}
