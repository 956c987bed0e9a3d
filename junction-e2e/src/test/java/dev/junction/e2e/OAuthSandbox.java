package dev.junction.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * An OAuth 2.0 provider (mock-oauth2-server: authorization code with PKCE, refresh, RFC 7009
 * revocation) and the API it guards (WireMock: {@code GET /contacts} for a bearer token, the product's
 * return page, and a receiver of Junction's outbound events), in the test JVM, for {@code junction serve}
 * processes that connect a tenant's account through the connect page as a browser does. It records what
 * the server sent it — the access tokens it presented, the refresh tokens, codes and PKCE verifiers it
 * spent, the tokens it revoked — so a test knows every credential value the provider issued.
 */
final class OAuthSandbox implements AutoCloseable {
    static final String CONNECTOR = "oauth-crm";
    /** A CRM contact's address: a value the store must hold in plaintext somewhere (the positive control of a scan). */
    static final String CONTROL_EMAIL = "leakscan-control-7d41@example.com";

    private final MockOAuth2Server provider;
    private final WireMockServer api;
    private final List<RecordedRequest> providerRequests = new ArrayList<>();
    private final AtomicBoolean refuseNextTokenCall = new AtomicBoolean();

    OAuthSandbox() {
        provider = new MockOAuth2Server(new OAuth2Config(false, null, null, false), new RefusedTokenCall(refuseNextTokenCall));
        try {
            provider.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        api = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        api.stubFor(get(urlPathEqualTo("/contacts")).atPriority(5).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"results\": [{\"id\": \"c1\", \"email\": \"" + CONTROL_EMAIL + "\", \"name\": \"Ada\"},"
                        + " {\"id\": \"c2\", \"email\": \"b@example.com\", \"name\": \"Bo\"}]}")));
        api.stubFor(get(urlPathMatching("/product/.*")).willReturn(aResponse().withBody("back in the product")));
        api.stubFor(post(urlPathEqualTo("/events")).willReturn(aResponse().withStatus(204)));
    }

    String issuer() {
        return "http://127.0.0.1:" + provider.url("/").port() + "/default";
    }

    String returnUrlPrefix() {
        return api.baseUrl() + "/product/";
    }

    String eventsUrl() {
        return api.baseUrl() + "/events";
    }

    /**
     * The OAuth connector, its app connection (the product's client, whose secret is
     * {@code ${env:OAUTH_CRM_CLIENT_SECRET}}) and a per-tenant sync of its contacts to each tenant's
     * Helpdesk, as YAML for POST /api/v1/definitions.
     */
    String definitions(String sync) {
        return """
                kind: Connector
                name: %s
                config:
                  baseUrl: { type: string }
                  issuer: { type: string }
                  clientId: { type: string }
                secrets:
                  clientSecret: {}
                  accessToken: { required: false }
                  refreshToken: { required: false }
                baseUrl: "{{ config.baseUrl }}"
                auth:
                  type: oauth2
                  grant: authorization_code
                  tokenUrl: "{{ config.issuer }}/token"
                  discoveryUrl: "{{ config.issuer }}/.well-known/openid-configuration"
                  clientId: "{{ config.clientId }}"
                  clientSecret: "{{ secrets.clientSecret }}"
                  accessToken: "{{ secrets.accessToken }}"
                  refreshToken: "{{ secrets.refreshToken }}"
                  scopes: [openid, contacts]
                streams:
                  contacts: { request: { path: /contacts }, records: "$.results", primaryKey: id }
                ---
                kind: Connection
                name: oauth-crm-app
                connector: %s
                config: { baseUrl: "%s", issuer: "%s", clientId: junction-app }
                secrets: { clientSecret: "${env:OAUTH_CRM_CLIENT_SECRET}" }
                ---
                kind: Sync
                name: %s
                source: { connector: %s, stream: contacts, mode: full }
                destination: { connector: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
                mapping:
                  external_id: "= 'oauth-' & id"
                  email: email
                  name: name
                onRowError: dead-letter
                """.formatted(CONNECTOR, CONNECTOR, api.baseUrl(), issuer(), sync, CONNECTOR);
    }

    /**
     * Connects {@code connection} of {@code tenantToken}'s tenant as a user does: a connect session, the
     * connect page in a browser (cookies, redirects followed), the provider's sign-in, the callback, and
     * back on the product's return page. @return the return page's query parameters
     */
    Map<String, String> connect(URI server, String tenantToken, String connection) {
        // the browser follows redirects through Browser.follow: the JDK client of a Junction JVM follows none itself
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> session = send(browser, HttpRequest.newBuilder(server.resolve("/api/v1/connect/sessions"))
                .header("Authorization", "Bearer " + tenantToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"connector\": \"" + CONNECTOR + "\", \"connection\": \"" + connection
                        + "\", \"returnUrl\": \"" + returnUrlPrefix() + "done\"}")));
        if (session.statusCode() != 201) {
            throw new AssertionError("POST /api/v1/connect/sessions answered " + session.statusCode() + ": " + session.body());
        }
        Matcher url = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+)\"").matcher(session.body());
        if (!url.find()) {
            throw new AssertionError("no url in " + session.body());
        }
        HttpResponse<String> page = follow(browser, HttpRequest.newBuilder(URI.create(url.group(1))).GET());
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"").matcher(page.body());
        if (page.statusCode() != 200 || !csrf.find()) {
            throw new AssertionError("the connect page answered " + page.statusCode() + ": " + page.body());
        }
        HttpResponse<String> landed = follow(browser, HttpRequest.newBuilder(page.uri()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))));
        Map<String, String> params = new LinkedHashMap<>();
        if (landed.uri().getRawQuery() != null) {
            for (String pair : landed.uri().getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** From now on the API refuses {@code accessToken} (401): the next call with it makes the server refresh. */
    void refuse(String accessToken) {
        api.stubFor(get(urlPathEqualTo("/contacts")).atPriority(1).withHeader("Authorization", equalTo("Bearer " + accessToken))
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                        .withBody("{\"error\": \"invalid_token\"}")));
    }

    /** From now on the API refuses every token, and the provider answers the next token call {@code invalid_grant}. */
    void refuseEverything() {
        api.stubFor(any(urlPathEqualTo("/contacts")).atPriority(1).willReturn(aResponse().withStatus(401).withBody("{\"error\": \"invalid_token\"}")));
        refuseNextTokenCall.set(true);
    }

    /** The provider's token endpoint answering {@code invalid_grant} once, when asked to (mock-oauth2-server tries added routes first). */
    private record RefusedTokenCall(AtomicBoolean armed) implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getMethod().equals("POST") && request.getUrl().encodedPath().endsWith("/token") && armed.get();
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            armed.set(false);
            return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 400,
                    "{\"error\": \"invalid_grant\", \"error_description\": \"refresh token revoked\"}", null);
        }
    }

    /** Every access token the server presented to the API. */
    Set<String> accessTokensPresented() {
        Set<String> tokens = new LinkedHashSet<>();
        api.findAll(getRequestedFor(urlPathEqualTo("/contacts"))).forEach(r -> {
            String header = r.getHeader("Authorization");
            if (header != null && header.startsWith("Bearer ")) {
                tokens.add(header.substring("Bearer ".length()));
            }
        });
        return tokens;
    }

    /** How many outbound events Junction delivered to the product. */
    int eventsReceived() {
        return api.findAll(postRequestedFor(urlPathEqualTo("/events"))).size();
    }

    /**
     * The credential values the server sent the provider, by kind: {@code code}, {@code code_verifier},
     * {@code refresh_token} (spent), {@code token} (revoked), from every request so far.
     */
    Map<String, Set<String>> credentialsSentToProvider() {
        RecordedRequest r;
        while ((r = take()) != null) {
            providerRequests.add(r);
        }
        Map<String, Set<String>> sent = new LinkedHashMap<>();
        for (RecordedRequest request : providerRequests) {
            String body = request.getBody().clone().readUtf8();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                    if (Set.of("code", "code_verifier", "refresh_token", "token").contains(name)) {
                        sent.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return sent;
    }

    /** The paths the server called at the provider, in order. */
    List<String> providerPaths() {
        credentialsSentToProvider();
        return providerRequests.stream().map(RecordedRequest::getPath).toList();
    }

    private RecordedRequest take() {
        try {
            return provider.takeRequest(200, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        return Api.send(client, request.timeout(Api.REQUEST_BOUND).build());
    }

    /** {@link #send}, following redirects as a browser does. */
    private static HttpResponse<String> follow(HttpClient client, HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Api.REQUEST_BOUND).build();
        try {
            return dev.junction.sandbox.Browser.follow(client, built);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(built.method() + " " + built.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        api.stop();
        provider.shutdown();
    }
}
