package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.store.CredentialRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Auth templates and per-stream rendering, through connectors loaded from YAML, against WireMock. */
class ConnectionClientAuthTest {
    private static WireMockServer server;
    private final List<ConnectionClient> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void resetServer() {
        server.resetAll();
        server.stubFor(get(urlEqualTo("/api/contacts")).willReturn(okJson("[{\"id\":1}]")));
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    @Test
    void rendersTheApiKeyNameFromConfig() {
        ConnectionClient client = client("""
                auth: { type: api-key, in: header, name: "{{ config.keyHeader }}", value: "{{ secrets.token }}" }
                """, "keyHeader: X-Acme-Key", CredentialRepository.inMemory());

        client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))).nextPage();

        server.verify(getRequestedFor(urlEqualTo("/api/contacts")).withHeader("X-Acme-Key", equalTo("token-value-1")));
    }

    @Test
    void sendsAnApiKeyInACookieNextToTheRequestsOwnCookies() {
        ConnectionClient client = client("""
                auth: { type: api-key, in: cookie, name: session_key, value: "{{ secrets.token }}" }
                headers: { Cookie: "lang=en" }
                """, "", CredentialRepository.inMemory());

        client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))).nextPage();

        server.verify(getRequestedFor(urlEqualTo("/api/contacts")).withHeader("Cookie", equalTo("lang=en; session_key=token-value-1"))
                .withCookie("session_key", equalTo("token-value-1")));
    }

    @Test
    void anOptionalValueOnlyAnUnusedStreamNeedsBreaksNothingElse() {
        ConnectionClient client = client("", "", CredentialRepository.inMemory());

        assertThat(client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))).nextPage().orElseThrow().records()).hasSize(1);
        String expected = "connector 'acme' stream 'regional' request.query.region: template '{{ config.region }}' has no value for"
                + " 'config.region'; set config.region on connection 'crm' or give it a default in connector 'acme'";
        assertThatThrownBy(() -> client.prepareStream("regional")).isInstanceOf(ConnectorException.class).hasMessage(expected);
        assertThatThrownBy(() -> client.readStream("regional", ReadOptions.full(CallContext.of("crm")))).hasMessage(expected);
    }

    @Test
    void rendersTokenParamsFromTheConnectionsConfigAndSecrets() {
        server.stubFor(post(urlEqualTo("/oauth/token")).willReturn(okJson("{\"access_token\":\"wm-access-token-2\",\"expires_in\":3599}")));
        ConnectionClient client = client("""
                auth:
                  type: oauth2
                  grant: client_credentials
                  tokenUrl: /oauth/token
                  clientId: zoom-app
                  clientSecret: "{{ secrets.token }}"
                  tokenParams: { grant_type: account_credentials, account_id: "{{ config.keyHeader }}", app_key: "{{ secrets.token }}" }
                """, "keyHeader: acc-7", CredentialRepository.inMemory());

        client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))).nextPage();

        server.verify(postRequestedFor(urlEqualTo("/oauth/token"))
                .withRequestBody(equalTo("grant_type=account_credentials&account_id=acc-7&app_key=token-value-1")));
        server.verify(getRequestedFor(urlEqualTo("/api/contacts")).withHeader("Authorization", equalTo("Bearer wm-access-token-2")));
    }

    @Test
    void theDocsClientAssertionTokenParamsAndTokenResponseExamplesLoad() throws Exception {
        List<String> blocks = DocsExamples.yamlBlocks("#### OAuth 2.0", "### TLS and client certificates").stream()
                .filter(b -> b.contains("private_key_jwt") || b.contains("account_credentials") || b.contains("tokenResponse")).toList();
        assertThat(blocks).hasSize(4); // the overview, Entra ID with a certificate, Zoom, a data envelope
        for (String auth : blocks) {
            String connector = """
                    kind: Connector
                    name: docs
                    config:
                      tenantId: { required: false }
                      clientId: { required: false }
                      certificate: { required: false }
                      accountId: { required: false }
                      appId: { required: false }
                    secrets:
                      privateKey: {}
                      clientSecret: {}
                      appSecret: {}
                      refreshToken: {}
                    baseUrl: http://127.0.0.1:1
                    %s
                    streams:
                      contacts: { request: { path: /contacts }, records: "$", primaryKey: id }
                    """.formatted(auth.strip().indent(20).strip());
            LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("docs.yaml", connector)));
            assertThat(loaded.problems()).as(auth).isEmpty();
        }
    }

    @Test
    void obtainsAnOAuth2TokenFromATokenUrlRelativeToTheBaseUrlAndStoresItUnderTheConnection() {
        server.stubFor(post(urlEqualTo("/oauth/token")).willReturn(okJson("{\"access_token\":\"wm-access-token-1\",\"expires_in\":3600}")));
        CredentialRepository credentials = CredentialRepository.inMemory();
        ConnectionClient client = client("""
                auth:
                  type: oauth2
                  grant: client_credentials
                  tokenUrl: /oauth/token
                  clientId: "{{ config.keyHeader }}"
                  clientSecret: "{{ secrets.token }}"
                  clientAuth: body
                """, "keyHeader: app-1", credentials);

        client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))).nextPage();

        server.verify(postRequestedFor(urlEqualTo("/oauth/token"))
                .withRequestBody(equalTo("grant_type=client_credentials&client_id=app-1&client_secret=token-value-1")));
        server.verify(getRequestedFor(urlEqualTo("/api/contacts")).withHeader("Authorization", equalTo("Bearer wm-access-token-1")));
        assertThat(credentials.find("tenant-a", "crm").orElseThrow().value("access_token")).isEqualTo("wm-access-token-1");
    }

    @Test
    void namesTheConnectionWhenAPrivateKeyCannotBeRead() {
        assertThatThrownBy(() -> client("""
                auth:
                  type: oauth2
                  grant: jwt_bearer
                  tokenUrl: /oauth/token
                  issuer: svc
                  privateKey: "{{ secrets.token }}"
                """, "", CredentialRepository.inMemory()))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("connection 'crm': auth.privateKey: expected a PEM private key (-----BEGIN PRIVATE KEY-----), found none");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"expires_in\":\"3600\"", "\"expires_in\":3600", "\"expires_on\":\"EPOCH\"", "\"expires_at\":EPOCH"})
    void readsTheTokensExpiryInTheShapesProvidersSendIt(String expiry) {
        long epoch = Instant.now().getEpochSecond() + 3600;
        server.stubFor(post(urlEqualTo("/oauth/token")).willReturn(okJson("{\"access_token\":\"wm-access-token-2\"," + expiry.replace("EPOCH", Long.toString(epoch)) + "}")));
        CredentialRepository credentials = CredentialRepository.inMemory();
        ConnectionClient client = client("""
                auth:
                  type: oauth2
                  grant: client_credentials
                  tokenUrl: /oauth/token
                  clientId: app-1
                  clientSecret: "{{ secrets.token }}"
                """, "keyHeader: app-1", credentials);

        client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))).nextPage();

        // stored with the token: refreshed ahead of that time, not only after the API refuses it
        Instant expiresAt = Instant.parse(credentials.find("tenant-a", "crm").orElseThrow().value("expires_at"));
        assertThat(expiresAt).isBetween(Instant.ofEpochSecond(epoch - 60), Instant.ofEpochSecond(epoch + 60));
    }

    private ConnectionClient client(String auth, String config, CredentialRepository credentials) {
        String connector = """
                kind: Connector
                name: acme
                config:
                  keyHeader: { required: false }
                  region: { required: false }
                secrets:
                  token: {}
                baseUrl: %s/api
                %s
                streams:
                  contacts:
                    request: { path: /contacts }
                    records: "$"
                    primaryKey: id
                  regional:
                    request: { path: /contacts, query: { region: "{{ config.region }}" } }
                    records: "$"
                    primaryKey: id
                """.formatted(server.baseUrl(), auth);
        String connection = """
                kind: Connection
                name: crm
                connector: acme
                tenant: tenant-a
                config: { %s }
                secrets: { token: "${env:TOKEN}" }
                """.formatted(config);
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("acme.yaml", connector), new SourceText("crm.yaml", connection)));
        assertThat(loaded.problems()).isEmpty();
        ConnectionClient client = ConnectionClient.create(loaded.connectors().get("acme"), loaded.connections().get("crm"),
                new EnvSecretResolver(Map.of("TOKEN", "token-value-1")::get), PipelineOptions.builder().credentials(credentials).build());
        clients.add(client);
        return client;
    }
}
