package dev.junction.server.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jwt.SignedJWT;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.EventType;
import dev.junction.engine.Role;
import dev.junction.sandbox.Browser;
import dev.junction.server.EngineApi;
import dev.junction.server.JunctionServer;
import dev.junction.server.ServerConfig;
import dev.junction.spec.SourceText;
import dev.junction.store.EventDelivery;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connect flow end to end, as a browser goes through it: a product asks for a session, the user
 * opens the connect page, is sent to the provider (mock-oauth2-server: authorization code with PKCE),
 * comes back to the callback, and lands on the product's return URL; the tokens are stored encrypted,
 * a sample read uses them, the product got {@code connection.created}. And what must be refused:
 * a tampered or replayed state, another browser, a callback at another address than the redirect URI, a second
 * submission, a return URL not allowed.
 */
public class ConnectFlowTest {
    private static final String CLIENT_SECRET = "app-client-secret-value";

    @TempDir
    Path dataDir;

    private MockOAuth2Server provider;
    private WireMockServer api; // the provider's API and the product's return page
    private Engine engine;
    private JunctionServer server;
    private String tenantEditor;
    private String issuer;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws IOException {
        provider = new MockOAuth2Server(new OAuth2Config(false, null, null, false));
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        api = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        api.stubFor(get(urlPathEqualTo("/contacts")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"results\": [{\"id\": \"c1\", \"email\": \"a@example.com\"}]}")));
        api.stubFor(get(urlPathMatching("/product/.*")).willReturn(aResponse().withBody("back in the product")));
        Map<String, String> env = Map.of("OAUTH_CRM_CLIENT_SECRET", CLIENT_SECRET, "JUNCTION_MASTER_KEY",
                java.util.Base64.getEncoder().encodeToString(new byte[32]));
        // the provider and the API run on this machine: a customer's connection reaches them only because the operator allows private addresses
        engine = Engine.open(EngineConfig.embedded(dataDir, env::get).withEgress(dev.junction.http.EgressPolicy.DEFAULT.withAllowPrivate(true)));
        issuer = "http://127.0.0.1:" + provider.url("/").port() + "/default";
        var applied = engine.definitions().apply(List.of(new SourceText("oauth-crm.yaml", oauthConnector("oauth-crm", "{{ config.issuer }}", "")),
                new SourceText("helpdesk.yaml", Files.readString(Path.of("..", "examples", "demo", "helpdesk.connector.yaml")))),
                "local:test");
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
        tenantEditor = engine.tokens().create(Role.EDITOR, "northwind", "product", null, "local:test").secret();
        server = EngineApi.builder(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withConnectReturnUrls(List.of(URI.create(api.baseUrl() + "/product/"))), engine).build().start();
    }

    private String oauthConnector(String name, String discovery, String moreAuth) {
        return oauthConnector(name, api.baseUrl(), issuer, discovery, moreAuth);
    }

    /**
     * An authorization-code connector (discovery at {@code discovery}/.well-known/openid-configuration) whose API is at {@code apiUrl},
     * with its app connection {@code NAME-app} (the client secret from {@code OAUTH_CRM_CLIENT_SECRET}); {@code moreAuth}: one more auth line.
     */
    public static String oauthConnector(String name, String apiUrl, String issuer, String discovery, String moreAuth) {
        return """
                kind: Connector
                name: %1$s
                config:
                  baseUrl: { type: string, description: "The CRM's API <b>address</b>" }
                  issuer: { type: string }
                  clientId: { type: string }
                  region: { type: string, required: false, default: "eu", description: "Your account's region" }
                secrets:
                  clientSecret: {}
                  accessToken: { required: false }
                  refreshToken: { required: false }
                baseUrl: "{{ config.baseUrl }}"
                auth:
                  type: oauth2
                  grant: authorization_code
                  tokenUrl: "{{ config.issuer }}/token"
                  discoveryUrl: "%4$s/.well-known/openid-configuration"
                  clientId: "{{ config.clientId }}"
                  clientSecret: "{{ secrets.clientSecret }}"
                  accessToken: "{{ secrets.accessToken }}"
                  refreshToken: "{{ secrets.refreshToken }}"
                  scopes: [openid, contacts]
                %5$s
                streams:
                  contacts: { request: { path: /contacts }, records: "$.results", primaryKey: id }
                ---
                kind: Connection
                name: %1$s-app
                connector: %1$s
                config: { baseUrl: "%2$s", issuer: "%3$s", clientId: junction-app }
                secrets: { clientSecret: "${env:OAUTH_CRM_CLIENT_SECRET}" }
                """.formatted(name, apiUrl, issuer, discovery, moreAuth.isEmpty() ? "" : "  " + moreAuth);
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(2));
        engine.close();
        api.stop();
        provider.shutdown();
    }

    /** The browsers that follow redirects ({@link Browser#follow}: the test JVM's JDK client follows none itself). */
    private static final java.util.Set<HttpClient> FOLLOWING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static HttpClient browser(HttpClient.Redirect redirects) {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        if (redirects != HttpClient.Redirect.NEVER) {
            FOLLOWING.add(client);
        }
        return client;
    }

    private HttpResponse<String> call(HttpClient client, HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        return FOLLOWING.contains(client) ? Browser.follow(client, built) : client.send(built, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode session(String connector, String connection, String returnUrl) throws Exception {
        HttpResponse<String> made = call(HttpClient.newHttpClient(), HttpRequest.newBuilder(server.baseUrl().resolve("/api/v1/connect/sessions"))
                .header("Authorization", "Bearer " + tenantEditor).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"connector\": \"" + connector + "\", \"connection\": \"" + connection
                        + "\", \"returnUrl\": \"" + returnUrl + "\"}")));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        return json.readTree(made.body());
    }

    private static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as(html).isTrue();
        return m.group(1);
    }

    private static HttpRequest.Builder form(URI url, Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    @Test
    void aUserConnectsThroughTheProviderAndASampleReadUsesTheStoredToken() throws Exception {
        String subscription = engine.events().create(api.baseUrl() + "/events", List.of("connection.*"), "northwind", null).subscription().id();
        JsonNode session = session("oauth-crm", "northwind-crm", api.baseUrl() + "/product/done?x=1");
        HttpClient browser = browser(HttpClient.Redirect.NORMAL);

        HttpResponse<String> page = call(browser, HttpRequest.newBuilder(URI.create(session.get("url").asText())).GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> v.contains("default-src 'none'"));
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(page.body()).contains("name=\"config.region\"", "value=\"eu\"").doesNotContain("config.baseUrl", "clientSecret", "<script");
        HttpResponse<String> landed = call(browser, form(page.uri(), Map.of("csrf", hidden(page.body(), "csrf"), "config.region", "us\"><script>")));

        assertThat(landed.uri().getPath()).isEqualTo("/product/done");
        assertThat(query(landed.uri())).containsEntry("x", "1").containsEntry("status", "connected").containsEntry("connection", "northwind-crm");
        HttpResponse<String> shown = call(HttpClient.newHttpClient(), HttpRequest.newBuilder(server.baseUrl().resolve("/api/v1/connections/northwind-crm"))
                .header("Authorization", "Bearer " + tenantEditor).GET());
        JsonNode connection = json.readTree(shown.body());
        assertThat(connection.at("/tenant").asText()).isEqualTo("northwind");
        assertThat(connection.at("/config/region/value").asText()).isEqualTo("us\"><script>");
        assertThat(connection.at("/secrets/accessToken").toString()).isEqualTo("{\"set\":true,\"stored\":true}");
        assertThat(shown.body()).doesNotContain(CLIENT_SECRET);
        String sub = connection.at("/account/id").asText();
        assertThat(sub).isNotBlank(); // from the provider's userinfo (its discovery document names it)

        HttpResponse<String> sampled = call(HttpClient.newHttpClient(), HttpRequest.newBuilder(
                        server.baseUrl().resolve("/api/v1/connections/northwind-crm/streams/contacts/schema/discover"))
                .header("Authorization", "Bearer " + tenantEditor).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(sampled.statusCode()).as(sampled.body()).isEqualTo(200);
        String bearer = api.findAll(getRequestedFor(urlPathEqualTo("/contacts"))).getFirst().getHeader("Authorization").substring("Bearer ".length());
        assertThat(SignedJWT.parse(bearer).getJWTClaimsSet().getIssuer()).endsWith("/default");
        assertThat(SignedJWT.parse(bearer).getJWTClaimsSet().getSubject()).isEqualTo(sub);
        assertThat(Files.readString(dataDir.resolve("junction.mv.db"), StandardCharsets.ISO_8859_1)).doesNotContain(bearer, CLIENT_SECRET);
        // the flow's own calls are in the exchange log, as the connection's, with the client secret and every token hidden
        var exchanges = engine.exchanges().find(new dev.junction.store.ExchangeQuery(null, null, null, "northwind-crm", null, null, null, null, 100));
        assertThat(exchanges).extracting(e -> e.method() + " " + java.net.URI.create(e.url()).getPath())
                .contains("GET /default/.well-known/openid-configuration", "POST /default/token", "GET /default/userinfo");
        assertThat(exchanges.toString()).doesNotContain(bearer, CLIENT_SECRET);

        List<EventDelivery> deliveries = engine.events().deliveries(subscription, null, 10);
        assertThat(deliveries).extracting(EventDelivery::type).containsExactly(EventType.CONNECTION_CREATED.wireName());
        assertThat(deliveries.getFirst().payload()).contains("\"connection\":\"northwind-crm\"", "\"account\":{\"id\":\"" + sub + "\"")
                .doesNotContain(bearer);
    }

    /** Through the connect page with the browser {@code client}, to the return URL. */
    private HttpResponse<String> connect(HttpClient client, String connector, String connection) throws Exception {
        JsonNode session = session(connector, connection, api.baseUrl() + "/product/done");
        HttpResponse<String> page = call(client, HttpRequest.newBuilder(URI.create(session.get("url").asText())).GET());
        return call(client, form(page.uri(), Map.of("csrf", hidden(page.body(), "csrf"))));
    }

    @Test
    void aConnectorsDeclaredIdentityRequestNamesTheAccountAndAConnectionThatNeedsReauthIsReconnectedInPlace() throws Exception {
        api.stubFor(get(urlPathEqualTo("/me")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 4711, \"profile\": {\"email\": \"ana@northwind.example\"}}")));
        var applied = engine.definitions().apply(List.of(new SourceText("oauth-me.yaml", oauthConnector("oauth-me", "{{ config.issuer }}",
                "identity: { path: /me, id: \"$.id\", name: \"$.profile.email\" }"))), "local:test");
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
        String subscription = engine.events().create(api.baseUrl() + "/events", List.of("connection.*"), "northwind", null).subscription().id();

        assertThat(connect(browser(HttpClient.Redirect.NORMAL), "oauth-me", "northwind-me").uri().getQuery()).contains("status=connected");
        // its tokens were refused for good (the health checks record that as needs_reauth): the product offers a reconnect
        var record = engine.store().connections().find("northwind-me").orElseThrow();
        engine.store().connections().save(new dev.junction.store.ConnectionRecord(record.name(), record.connector(), record.tenant(), record.environment(),
                "needs_reauth", "invalid_grant", record.updatedAt()));
        HttpResponse<String> again = connect(browser(HttpClient.Redirect.NORMAL), "oauth-me", "northwind-me");

        assertThat(again.uri().getQuery()).contains("status=connected", "connection=northwind-me");
        JsonNode shown = json.readTree(call(HttpClient.newHttpClient(), HttpRequest.newBuilder(server.baseUrl().resolve("/api/v1/connections/northwind-me"))
                .header("Authorization", "Bearer " + tenantEditor).GET()).body());
        assertThat(shown.get("account").toString()).isEqualTo("{\"id\":\"4711\",\"name\":\"ana@northwind.example\"}");
        assertThat(shown.get("status").asText()).isNotEqualTo("needs_reauth");
        assertThat(engine.definitions().get("Connection", "northwind-me").version()).isEqualTo(2);
        List<EventDelivery> deliveries = engine.events().deliveries(subscription, null, 10);
        assertThat(deliveries).extracting(EventDelivery::type).containsExactly("connection.created", "connection.created");
        assertThat(deliveries).extracting(d -> json.readTree(d.payload()).at("/data/reconnected").asBoolean()).containsExactlyInAnyOrder(false, true);
        assertThat(deliveries).allSatisfy(d -> assertThat(d.payload()).contains("\"account\":{\"id\":\"4711\",\"name\":\"ana@northwind.example\"}"));
    }

    @Test
    void aConnectorThatSendsItsTokenWithAPrefixOfItsOwnIsAskedWhoTheAccountIsTheSameWay() throws Exception {
        // Zoho answers its identity request only to Authorization: Zoho-oauthtoken <token>
        api.stubFor(get(urlPathEqualTo("/me")).withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching("Zoho-oauthtoken .+"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"ZUID\": 7001, \"Email\": \"ana@northwind.example\"}")));
        var applied = engine.definitions().apply(List.of(new SourceText("oauth-zoho.yaml", oauthConnector("oauth-zoho", "{{ config.issuer }}",
                "identity: { path: /me, id: \"$.ZUID\", name: \"$.Email\" }\n  prefix: \"Zoho-oauthtoken \""))), "local:test");
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();

        assertThat(connect(browser(HttpClient.Redirect.NORMAL), "oauth-zoho", "northwind-zoho").uri().getQuery()).contains("status=connected");

        JsonNode shown = json.readTree(call(HttpClient.newHttpClient(), HttpRequest.newBuilder(server.baseUrl().resolve("/api/v1/connections/northwind-zoho"))
                .header("Authorization", "Bearer " + tenantEditor).GET()).body());
        assertThat(shown.get("account").toString()).isEqualTo("{\"id\":\"7001\",\"name\":\"ana@northwind.example\"}");
        api.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/me"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching("Zoho-oauthtoken .+")));
    }

    @Test
    void aProviderAtAMetadataAddressIsNotCalledAndABrowserGoesBackToTheProductWithAnError() throws Exception {
        var applied = engine.definitions().apply(List.of(new SourceText("oauth-meta.yaml", oauthConnector("oauth-meta", "http://169.254.169.254/latest",
                ""))), "local:test");
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
        JsonNode session = session("oauth-meta", "northwind-meta", api.baseUrl() + "/product/done");
        HttpClient browser = browser(HttpClient.Redirect.NEVER);
        HttpResponse<String> page = call(browser, HttpRequest.newBuilder(URI.create(session.get("url").asText())).header("Accept", "text/html").GET());

        HttpResponse<String> submitted = call(browser, form(page.uri(), Map.of("csrf", hidden(page.body(), "csrf"))).header("Accept", "text/html,*/*"));

        assertThat(submitted.statusCode()).isEqualTo(303);
        assertThat(query(URI.create(submitted.headers().firstValue("Location").orElseThrow()))).containsEntry("status", "error")
                .containsEntry("error", "refused").containsEntry("connection", "northwind-meta");
        var refused = engine.exchanges().find(new dev.junction.store.ExchangeQuery(null, null, null, "northwind-meta", null, null, null, null, 10));
        assertThat(refused).singleElement().satisfies(e -> assertThat(e.error()).contains("169.254.169.254", "cloud metadata address"));
    }

    @Test
    void aBrowserGetsAnEscapedHtmlPageForAnUnknownLinkAndIsSentBackToTheProductFromAKnownSession() throws Exception {
        HttpClient browser = browser(HttpClient.Redirect.NEVER);
        HttpResponse<String> unknown = call(browser, HttpRequest.newBuilder(server.baseUrl().resolve("/connect/%3Cscript%3E")).header("Accept", "text/html").GET());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(t -> t.startsWith("text/html"));
        assertThat(unknown.headers().firstValue("Content-Security-Policy")).contains(dev.junction.server.api.internal.ConnectPage.CSP);
        assertThat(unknown.body()).contains("<h1>Not found</h1>", "This connect link is not valid").doesNotContain("<script");
        // without text/html (an API client), the same refusal is problem+json
        assertThat(call(browser, HttpRequest.newBuilder(server.baseUrl().resolve("/connect/nope")).GET()).headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> t.startsWith("application/problem+json"));

        JsonNode session = session("oauth-crm", "northwind-crm", api.baseUrl() + "/product/done#top");
        call(browser, HttpRequest.newBuilder(URI.create(session.get("url").asText())).GET());
        HttpResponse<String> otherBrowser = call(browser(HttpClient.Redirect.NEVER), HttpRequest.newBuilder(URI.create(session.get("url").asText()))
                .header("Accept", "text/html").GET());

        assertThat(otherBrowser.statusCode()).isEqualTo(303);
        assertThat(otherBrowser.headers().firstValue("Location").orElseThrow())
                .isEqualTo(api.baseUrl() + "/product/done?connection=northwind-crm&error=refused&status=error#top");
    }

    @Test
    void theProviderIsAskedWithPkceAndTheOneCallbackAndTheVerifierNeverLeavesTheServer() throws Exception {
        JsonNode session = session("oauth-crm", "northwind-crm", api.baseUrl() + "/product/done");
        HttpClient browser = browser(HttpClient.Redirect.NEVER);
        HttpResponse<String> page = call(browser, HttpRequest.newBuilder(URI.create(session.get("url").asText())).GET());

        HttpResponse<String> toProvider = call(browser, form(page.uri(), Map.of("csrf", hidden(page.body(), "csrf"))));

        assertThat(toProvider.statusCode()).isEqualTo(303);
        Map<String, String> asked = query(URI.create(toProvider.headers().firstValue("Location").orElseThrow()));
        assertThat(asked).containsEntry("response_type", "code").containsEntry("client_id", "junction-app")
                .containsEntry("redirect_uri", server.baseUrl() + "/connect/callback").containsEntry("code_challenge_method", "S256")
                .containsEntry("scope", "openid contacts").containsKey("state").doesNotContainKey("code_verifier");
        assertThat(asked.get("code_challenge")).hasSize(43);
    }

    @Test
    void aTamperedStateAReplayedCallbackAnotherBrowserAndASecondSubmissionAreRefused() throws Exception {
        JsonNode session = session("oauth-crm", "northwind-crm", api.baseUrl() + "/product/done");
        HttpClient browser = browser(HttpClient.Redirect.NEVER);
        HttpResponse<String> page = call(browser, HttpRequest.newBuilder(URI.create(session.get("url").asText())).GET());
        HttpResponse<String> toProvider = call(browser, form(page.uri(), Map.of("csrf", hidden(page.body(), "csrf"))));
        URI back = URI.create(call(browser, HttpRequest.newBuilder(URI.create(toProvider.headers().firstValue("Location").orElseThrow())).GET())
                .headers().firstValue("Location").orElseThrow());
        assertThat(back.getPath()).isEqualTo("/connect/callback");
        String state = query(back).get("state");

        // a second submission of the page, a tampered state, another browser
        assertThat(call(browser, form(page.uri(), Map.of("csrf", hidden(page.body(), "csrf")))).statusCode()).isEqualTo(404);
        assertThat(call(browser, HttpRequest.newBuilder(URI.create(back.toString().replace(state, state.substring(1) + "A"))).GET()).statusCode())
                .isEqualTo(404);
        assertThat(call(HttpClient.newHttpClient(), HttpRequest.newBuilder(back).GET()).statusCode()).isEqualTo(409);
        assertThat(call(browser, HttpRequest.newBuilder(server.baseUrl().resolve("/connect/callback?code=x")).GET()).statusCode()).isEqualTo(401);
        // the callback reached at another address than the redirect URI the provider was given
        HttpResponse<String> elsewhere = call(browser, HttpRequest.newBuilder(URI.create(back.toString().replace("127.0.0.1", "localhost"))).GET());
        assertThat(elsewhere.statusCode()).isEqualTo(409);
        assertThat(json.readTree(elsewhere.body()).at("/detail").asText()).contains("but the provider was asked to send it to " + server.baseUrl()
                + "/connect/callback");

        HttpResponse<String> first = call(browser, HttpRequest.newBuilder(back).GET());
        HttpResponse<String> replayed = call(browser, HttpRequest.newBuilder(back).GET());

        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.headers().firstValue("Location").orElseThrow()).contains("status=connected");
        assertThat(replayed.statusCode()).isEqualTo(404);
        assertThat(replayed.headers().firstValue("Content-Type")).hasValueSatisfying(t -> t.startsWith("application/problem+json"));
    }

    @Test
    void aUserWhoDeniesAccessGoesBackWithTheFailureAndTheProductGetsConnectionFailed() throws Exception {
        String subscription = engine.events().create(api.baseUrl() + "/events", List.of("connection.*"), "northwind", null).subscription().id();
        JsonNode session = session("oauth-crm", "northwind-crm", api.baseUrl() + "/product/done");
        HttpClient browser = browser(HttpClient.Redirect.NEVER);
        HttpResponse<String> page = call(browser, HttpRequest.newBuilder(URI.create(session.get("url").asText())).GET());
        URI toProvider = URI.create(call(browser, form(page.uri(), Map.of("csrf", hidden(page.body(), "csrf")))).headers().firstValue("Location").orElseThrow());

        HttpResponse<String> back = call(browser, HttpRequest.newBuilder(server.baseUrl().resolve("/connect/callback?error=access_denied&state="
                + query(toProvider).get("state"))).GET());

        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(query(URI.create(back.headers().firstValue("Location").orElseThrow()))).containsEntry("status", "failed")
                .containsEntry("error", "provider_error").containsEntry("connection", "northwind-crm");
        assertThat(engine.events().deliveries(subscription, null, 10)).extracting(EventDelivery::type).containsExactly("connection.failed");
        assertThat(engine.definitions().applied().connections()).doesNotContainKey("northwind-crm");
    }

    @Test
    void aFormFromAnotherSiteAndAReturnUrlNotAllowedAreRefused() throws Exception {
        HttpResponse<String> notAllowed = call(HttpClient.newHttpClient(), HttpRequest.newBuilder(server.baseUrl().resolve("/api/v1/connect/sessions"))
                .header("Authorization", "Bearer " + tenantEditor).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"connector\": \"oauth-crm\", \"connection\": \"northwind-crm\", \"returnUrl\":"
                        + " \"https://evil.example/product/done\"}")));
        assertThat(notAllowed.statusCode()).isEqualTo(400);
        assertThat(json.readTree(notAllowed.body()).at("/detail").asText()).startsWith("returnUrl 'https://evil.example/product/done' is not allowed");

        JsonNode session = session("oauth-crm", "northwind-crm", api.baseUrl() + "/product/done");
        HttpClient browser = browser(HttpClient.Redirect.NEVER);
        HttpResponse<String> page = call(browser, HttpRequest.newBuilder(URI.create(session.get("url").asText())).GET());
        // another site's form: the user's cookie may come along, but not the page's CSRF token
        assertThat(call(browser, form(page.uri(), Map.of("csrf", "forged"))).statusCode()).isEqualTo(409);
        assertThat(call(HttpClient.newHttpClient(), HttpRequest.newBuilder(page.uri()).GET()).statusCode()).isEqualTo(409);
        assertThat(call(browser, HttpRequest.newBuilder(server.baseUrl().resolve("/connect/not-a-session")).GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void anApiKeyConnectorGetsAFormAndDisconnectingRevokesOAuthTokensAtTheProvider() throws Exception {
        JsonNode session = session("helpdesk", "northwind-helpdesk", api.baseUrl() + "/product/done");
        HttpClient browser = browser(HttpClient.Redirect.NEVER);
        HttpResponse<String> page = call(browser, HttpRequest.newBuilder(URI.create(session.get("url").asText())).GET());
        assertThat(page.body()).contains("name=\"secrets.apiKey\" type=\"password\"", "name=\"config.baseUrl\"");

        HttpResponse<String> done = call(browser, form(page.uri(), Map.of("csrf", hidden(page.body(), "csrf"), "config.baseUrl", api.baseUrl(),
                "secrets.apiKey", "typed-api-key")));

        assertThat(done.headers().firstValue("Location").orElseThrow()).contains("status=connected", "connection=northwind-helpdesk");
        assertThat(engine.definitions().get("Connection", "northwind-helpdesk").source()).contains("${stored:apiKey}").doesNotContain("typed-api-key");

        // an OAuth connection, then its disconnect
        HttpClient oauthBrowser = browser(HttpClient.Redirect.NORMAL);
        JsonNode oauth = session("oauth-crm", "northwind-crm", api.baseUrl() + "/product/done");
        HttpResponse<String> oauthPage = call(oauthBrowser, HttpRequest.newBuilder(URI.create(oauth.get("url").asText())).GET());
        call(oauthBrowser, form(oauthPage.uri(), Map.of("csrf", hidden(oauthPage.body(), "csrf"))));
        while (take() != null) {
            // drain what the connect flow asked
        }

        HttpResponse<String> disconnected = call(HttpClient.newHttpClient(), HttpRequest.newBuilder(
                server.baseUrl().resolve("/api/v1/connect/connections/northwind-crm")).header("Authorization", "Bearer " + tenantEditor).DELETE());

        assertThat(disconnected.statusCode()).as(disconnected.body()).isEqualTo(200);
        assertThat(json.readTree(disconnected.body()).get("revoked").asBoolean()).isTrue();
        List<String> paths = Stream.generate(() -> take()).takeWhile(r -> r != null).map(RecordedRequest::getPath).toList();
        assertThat(paths).contains("/default/revoke");
        assertThat(engine.definitions().applied().connections()).doesNotContainKey("northwind-crm");
    }

    @Test
    void aClientWithAPrivateKeyConnectsAndDisconnectsWithSignedAssertionsAndNoSecret() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair keys = generator.generateKeyPair();
        Path pem = Files.writeString(dataDir.resolveSibling(dataDir.getFileName() + "-client.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        String connector = oauthConnector("signed-crm", issuer, "")
                .replace("  clientSecret: \"{{ secrets.clientSecret }}\"", "  clientAuth: private_key_jwt\n  privateKey: \"{{ secrets.clientSecret }}\"")
                .replace("${env:OAUTH_CRM_CLIENT_SECRET}", "${file:" + pem.toString().replace('\\', '/') + "}");
        var applied = engine.definitions().apply(List.of(new SourceText("signed-crm.yaml", connector)), "local:test");
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
        while (take() != null) {
            // nothing of the setup's
        }

        HttpResponse<String> landed = connect(browser(HttpClient.Redirect.NORMAL), "signed-crm", "northwind-signed");
        assertThat(query(landed.uri())).containsEntry("status", "connected");
        HttpResponse<String> disconnected = call(HttpClient.newHttpClient(), HttpRequest.newBuilder(
                server.baseUrl().resolve("/api/v1/connect/connections/northwind-signed")).header("Authorization", "Bearer " + tenantEditor).DELETE());
        assertThat(json.readTree(disconnected.body()).get("revoked").asBoolean()).as(disconnected.body()).isTrue();

        List<RecordedRequest> asked = Stream.generate(this::take).takeWhile(r -> r != null).toList();
        Map<String, String> seen = new LinkedHashMap<>();
        for (RecordedRequest request : asked.stream().filter(r -> "POST".equals(r.getMethod())).toList()) {
            Map<String, String> fields = query(URI.create("?" + request.getBody().readUtf8()));
            assertThat(fields).containsEntry("client_id", "junction-app").doesNotContainKey("client_secret");
            assertThat(request.getHeader("Authorization")).isNull();
            SignedJWT assertion = SignedJWT.parse(fields.get("client_assertion"));
            assertThat(assertion.verify(new com.nimbusds.jose.crypto.RSASSAVerifier((java.security.interfaces.RSAPublicKey) keys.getPublic()))).isTrue();
            assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo("junction-app");
            seen.put(request.getPath(), assertion.getJWTClaimsSet().getAudience().getFirst());
            assertThat(engine.exchanges().find(new dev.junction.store.ExchangeQuery(null, null, null, "northwind-signed", null, null, null, null, 100))
                    .toString()).doesNotContain(fields.get("client_assertion"));
        }
        // the code exchange and the revocations, each assertion for the endpoint it was sent to
        assertThat(seen).containsEntry("/default/token", issuer + "/token").containsEntry("/default/revoke", issuer + "/revoke");
    }

    @Test
    void aTokenAnswerInAnEnvelopeIsReadWhereTheConnectorSaysAndHidden() throws Exception {
        api.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/envelope/token")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"code\":0,\"data\":{\"acc\":\"envelope-access-1\","
                        + "\"rt\":\"envelope-refresh-1\",\"ttl\":\"86400\"}}")));
        String connector = oauthConnector("enveloped-crm", issuer, "tokenResponse: { accessToken: \"$.data.acc\", refreshToken: \"$.data.rt\","
                + " expiresIn: \"$.data.ttl\" }").replace("tokenUrl: \"{{ config.issuer }}/token\"", "tokenUrl: \"" + api.baseUrl() + "/envelope/token\"");
        var applied = engine.definitions().apply(List.of(new SourceText("enveloped-crm.yaml", connector)), "local:test");
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();

        HttpResponse<String> landed = connect(browser(HttpClient.Redirect.NORMAL), "enveloped-crm", "northwind-enveloped");
        assertThat(query(landed.uri())).containsEntry("status", "connected");
        HttpResponse<String> sampled = call(HttpClient.newHttpClient(), HttpRequest.newBuilder(
                        server.baseUrl().resolve("/api/v1/connections/northwind-enveloped/streams/contacts/schema/discover"))
                .header("Authorization", "Bearer " + tenantEditor).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(sampled.statusCode()).as(sampled.body()).isEqualTo(200);
        assertThat(api.findAll(getRequestedFor(urlPathEqualTo("/contacts"))).getLast().getHeader("Authorization")).isEqualTo("Bearer envelope-access-1");
        assertThat(engine.exchanges().find(new dev.junction.store.ExchangeQuery(null, null, null, "northwind-enveloped", null, null, null, null, 100))
                .toString()).contains("/envelope/token").doesNotContain("envelope-access-1", "envelope-refresh-1");
    }

    private RecordedRequest take() {
        try {
            return provider.takeRequest(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }
}
