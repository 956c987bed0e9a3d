package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.schema.FieldDiscovery;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector's hooks on the requests around a call: OAuth 2.0 token requests and session logins
 * (with credentials hidden from the hook) and field-discovery requests, against WireMock.
 */
class CredentialRequestHooksTest {
    /** Adds a header and a query parameter, and reports in headers what it saw of the body and Authorization. */
    private static final String PRE_REQUEST = "\"= $merge([$, {'headers': $merge([headers, {'X-Tenant': 'acme', 'X-Seen-Body': $string(body),"
            + " 'X-Seen-Auth': $string(headers.Authorization)}]), 'query': $merge([query, {'region': 'eu'}])}])\"";

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final List<ConnectionClient> clients = new ArrayList<>();
    private final TestPeers.CollectingSink exchanges = new TestPeers.CollectingSink();

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    @Test
    void aTokenRequestGetsTheHooksHeadersAndQueryButTheHookSeesNoCredentials() {
        server.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(okJson("{\"access_token\":\"tok-1\",\"expires_in\":3600}")));
        server.stubFor(get(urlPathEqualTo("/api/contacts")).willReturn(okJson("[{\"id\":1}]")));

        read(client(OAUTH2, "preRequest: " + PRE_REQUEST + "\n  postResponse: \"= $exists(body.access_token) ? $merge([$, {'status': 418}]) : $\""));

        server.verify(postRequestedFor(urlPathEqualTo("/oauth/token")).withHeader("X-Tenant", equalTo("acme")).withQueryParam("region", equalTo("eu"))
                .withHeader("X-Seen-Body", equalTo("null")).withHeader("X-Seen-Auth", absent())
                .withHeader("Authorization", containing("Basic ")).withRequestBody(equalTo("grant_type=client_credentials")));
        server.verify(getRequestedFor(urlPathEqualTo("/api/contacts")).withHeader("X-Tenant", equalTo("acme"))
                .withHeader("X-Seen-Auth", absent()).withHeader("Authorization", equalTo("Bearer tok-1")));
    }

    @Test
    void aResponseHookSeesTheStatusOfATokenResponseAndMayRefuseIt() {
        server.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(okJson("{\"access_token\":\"tok-1\"}").withHeader("X-Denied", "yes")));

        ApiException e = catchThrowableOfType(ApiException.class, () -> read(client(OAUTH2,
                "postResponse: \"= $lookup(headers, 'x-denied') = 'yes' or $lookup(headers, 'X-Denied') = 'yes' ? $merge([$, {'status': 401}]) : $\"")));

        assertThat(e.category()).isEqualTo(ApiError.Category.AUTH);
        assertThat(e.getMessage()).contains("token endpoint").contains("HTTP 401");
        server.verify(0, getRequestedFor(urlPathEqualTo("/api/contacts")));
    }

    @Test
    void aHookCannotSendATokenRequestElsewhere() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> read(client(OAUTH2,
                "preRequest: \"= $merge([$, {'url': 'http://127.0.0.1:9/collect'}])\"")));

        assertThat(e.error().code()).isEqualTo("hook_failed");
        assertThat(e.getMessage()).isEqualTo("a hook changed the credential request POST " + server.baseUrl() + "/oauth/token to POST"
                + " http://127.0.0.1:9/collect; hooks may change the headers and query of token and login requests, not where they go");
        server.verify(0, postRequestedFor(urlPathEqualTo("/oauth/token")));
    }

    @Test
    void aSessionLoginGetsTheHooksHeadersWithItsCredentialBodyIntact() {
        server.stubFor(post(urlPathEqualTo("/auth/login")).willReturn(okJson("{\"session\":{\"token\":\"sess-1\"}}")));
        server.stubFor(get(urlPathEqualTo("/api/contacts")).willReturn(okJson("[{\"id\":1}]")));

        read(client("""
                auth:
                  type: session
                  loginUrl: /auth/login
                  body: { username: "{{ secrets.user }}", password: "{{ secrets.password }}" }
                  tokenPath: $.session.token
                """, "preRequest: " + PRE_REQUEST));

        server.verify(postRequestedFor(urlPathEqualTo("/auth/login")).withHeader("X-Tenant", equalTo("acme")).withQueryParam("region", equalTo("eu"))
                .withHeader("X-Seen-Body", equalTo("null")).withRequestBody(equalToJson("{\"username\":\"ada\",\"password\":\"pa55word\"}")));
        server.verify(getRequestedFor(urlPathEqualTo("/api/contacts")).withHeader("Authorization", equalTo("Bearer sess-1")));
        assertThat(exchanges.exchanges.toString()).doesNotContain("pa55word").doesNotContain("sess-1");
    }

    @Test
    void aDiscoveryRequestRunsTheConnectorHooks() {
        server.stubFor(get(urlPathEqualTo("/api/fields")).willReturn(okJson("[{\"key\":\"plan\"}]")));
        LoadResult loaded = load("auth: { type: bearer, token: \"{{ secrets.password }}\" }\n",
                "preRequest: \"= $merge([$, {'headers': $merge([headers, {'X-Tenant': 'acme'}])}])\"");

        List<FieldDiscovery.Field> fields = FieldDiscovery.read(loaded.connectors().get("acme"), loaded.connections().get("crm"), "contacts",
                secrets(), PipelineOptions.builder().build());

        assertThat(fields).containsExactly(new FieldDiscovery.Field("plan", null));
        server.verify(getRequestedFor(urlPathEqualTo("/api/fields")).withHeader("X-Tenant", equalTo("acme"))
                .withHeader("Authorization", equalTo("Bearer pa55word")));
    }

    private static final String OAUTH2 = """
            auth:
              type: oauth2
              grant: client_credentials
              tokenUrl: /oauth/token
              clientId: client-1
              clientSecret: "{{ secrets.password }}"
            """;

    private static void read(ConnectionClient client) {
        client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))).nextPage();
    }

    private ConnectionClient client(String auth, String hooks) {
        LoadResult loaded = load(auth, hooks);
        var client = ConnectionClient.create(loaded.connectors().get("acme"), loaded.connections().get("crm"), secrets(),
                PipelineOptions.builder().exchangeSink(exchanges).build());
        clients.add(client);
        return client;
    }

    private static EnvSecretResolver secrets() {
        return new EnvSecretResolver(Map.of("USER", "ada", "PASSWORD", "pa55word")::get);
    }

    private static LoadResult load(String auth, String hooks) {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("acme.yaml", """
                kind: Connector
                name: acme
                secrets: { user: { required: false }, password: {} }
                baseUrl: %s
                retry: { maxAttempts: 1 }
                %shooks:
                  %s
                streams:
                  contacts:
                    request: { path: /api/contacts }
                    records: $
                    primaryKey: id
                    discovery: { request: { path: /api/fields }, fields: $, name: key }
                ---
                kind: Connection
                name: crm
                connector: acme
                secrets: { user: "${env:USER}", password: "${env:PASSWORD}" }
                """.formatted(server.baseUrl(), auth, hooks))));
        assertThat(loaded.problems()).isEmpty();
        return loaded;
    }
}
