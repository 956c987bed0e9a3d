package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.http.CallContext;
import dev.junction.http.EgressPolicy;
import dev.junction.http.EgressProxy;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.DefinitionTrust;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection's own {@code proxy:} (an API that allow-lists one egress address), against WireMock as the API and WireMock's
 * browser proxying as the proxy: it goes through its proxy while others go direct, {@code none} bypasses the process's proxy,
 * a URL with credentials is a reference, and a tenant's connection cannot set one.
 */
class ConnectionProxyTest {
    private static WireMockServer api;
    private static WireMockServer proxy;
    private final List<ConnectionClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        api = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        api.stubFor(get(urlEqualTo("/api/contacts")).willReturn(okJson("[{\"id\":1}]")));
        proxy = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").enableBrowserProxying(true));
        proxy.start();
    }

    @AfterAll
    static void stop() {
        api.stop();
        proxy.stop();
    }

    @AfterEach
    void close() {
        clients.forEach(ConnectionClient::close);
        proxy.resetRequests();
        api.resetRequests();
    }

    @Test
    void aConnectionWithItsOwnProxyGoesThroughItAndAnotherGoesDirect() {
        read(client("proxy: http://127.0.0.1:" + proxy.port(), Map.of(), EgressProxy.NONE, null));
        read(client("", Map.of(), EgressProxy.NONE, null));

        assertThat(proxy.findAll(getRequestedFor(urlEqualTo("/api/contacts")))).hasSize(1);
        assertThat(api.findAll(getRequestedFor(urlEqualTo("/api/contacts")))).hasSize(2);
    }

    @Test
    void proxyNoneBypassesTheProcesssProxyAndAReferenceCarriesTheCredentials() {
        EgressProxy processProxy = EgressProxy.of("http://127.0.0.1:" + proxy.port(), List.of());
        read(client("proxy: none", Map.of(), processProxy, null));
        assertThat(proxy.findAll(getRequestedFor(urlEqualTo("/api/contacts")))).isEmpty();

        read(client("proxy: \"${env:CRM_PROXY_URL}\"", Map.of("CRM_PROXY_URL", "http://svc:pr0xy-pw@127.0.0.1:" + proxy.port()), EgressProxy.NONE, null));
        assertThat(proxy.findAll(getRequestedFor(urlEqualTo("/api/contacts")))).singleElement()
                .satisfies(r -> assertThat(r.getHeader("Proxy-Authorization")).startsWith("Basic "));
    }

    @Test
    void aTenantsConnectionCannotSetAProxy() {
        assertThatThrownBy(() -> read(client("proxy: http://127.0.0.1:" + proxy.port(), Map.of(), EgressProxy.NONE, DefinitionTrust.TENANT)))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("connection 'crm' proxy: a tenant's connection goes through the server's own proxy settings (egress.proxy); proxy: is for"
                        + " the operator's connections");
        assertThat(proxy.getAllServeEvents()).isEmpty();
    }

    @Test
    void aBadProxyIsALoadErrorAtItsPlace() {
        assertThat(problems("proxy: http://nat-proxy.internal")).containsExactly("crm.yaml:4:8 proxy: expected a proxy URL like"
                + " http://proxy.internal:3128 (or http://user:password@host:port): the port is missing (http://nat-proxy.internal:PORT), or none");
        assertThat(problems("proxy: http://svc:secret@nat-proxy.internal:3128")).containsExactly("crm.yaml:4:8 proxy: a proxy URL with credentials is"
                + " a secret: write a reference such as \"${env:CRM_PROXY_URL}\" (not repeated here)");
        assertThat(problems("proxy: \"${env:CRM_PROXY_URL}\"")).isEmpty();
    }

    private static List<String> problems(String proxyLine) {
        return load(proxyLine).problems().stream().map(Object::toString).toList();
    }

    private static LoadResult load(String proxyLine) {
        String connector = """
                kind: Connector
                name: acme
                baseUrl: http://127.0.0.1:%d/api
                streams:
                  contacts: { request: { path: /contacts }, records: $, primaryKey: id }
                """.formatted(api.port());
        String connection = """
                kind: Connection
                name: crm
                connector: acme
                %s
                """.formatted(proxyLine);
        return new SpecLoader().loadTexts(List.of(new SourceText("acme.yaml", connector), new SourceText("crm.yaml", connection)));
    }

    private ConnectionClient client(String proxyLine, Map<String, String> env, EgressProxy processProxy, DefinitionTrust trust) {
        LoadResult loaded = load(proxyLine);
        assertThat(loaded.problems()).isEmpty();
        var options = PipelineOptions.builder().egress(EgressPolicy.DEFAULT.withProxy(processProxy)).build();
        var connection = loaded.connections().get("crm");
        var client = ConnectionClient.create(loaded.connectors().get("acme"), trust == null ? connection : connection.withTrust(trust),
                new EnvSecretResolver(env::get), options);
        clients.add(client);
        return client;
    }

    private static void read(ConnectionClient client) {
        client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))).next();
    }
}
