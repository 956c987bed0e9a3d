package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.SpecProblem;
import dev.junction.store.ExchangeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An OAuth 2.0 access token sent where the API wants it ({@code auth.in}, {@code name}, {@code prefix}): Amazon's Selling
 * Partner API takes the Login with Amazon token in {@code x-amz-access-token}, Zoho in {@code Authorization: Zoho-oauthtoken},
 * Facebook's Graph API as the {@code access_token} query parameter. Against WireMock as the token endpoint and the API.
 */
class OAuth2TokenPlacementTest {
    @RegisterExtension
    static final WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final List<ConnectionClient> clients = new ArrayList<>();
    private final List<ExchangeRecord> exchanges = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(ConnectionClient::close);
    }

    private static LoadResult load(String placement) {
        return new SpecLoader().loadTexts(List.of(new SourceText("api.yaml", """
                kind: Connector
                name: api
                baseUrl: %s
                secrets: { clientSecret: {}, refreshToken: {} }
                auth:
                  type: oauth2
                  grant: refresh_token
                  tokenUrl: /auth/o2/token
                  clientId: amzn1.application-oa2-client.1
                  clientSecret: "{{ secrets.clientSecret }}"
                  refreshToken: "{{ secrets.refreshToken }}"
                  clientAuth: body
                %s
                streams:
                  orders: { request: { path: /orders/v0/orders }, records: $.payload.Orders, primaryKey: AmazonOrderId }
                ---
                kind: Connection
                name: api
                connector: api
                secrets: { clientSecret: "${env:LWA_SECRET}", refreshToken: "${env:LWA_REFRESH}" }
                """.formatted(api.baseUrl(), placement.indent(2).stripTrailing()))));
    }

    private ConnectionClient client(String placement) {
        LoadResult loaded = load(placement);
        assertThat(loaded.problems()).isEmpty();
        ConnectionClient client = ConnectionClient.create(loaded.connectors().get("api"), loaded.connections().get("api"),
                new EnvSecretResolver(Map.of("LWA_SECRET", "lwa-client-secret-1", "LWA_REFRESH", "Atzr|refresh-token-1")::get), PipelineOptions.builder().exchangeSink(exchanges::add).build());
        clients.add(client);
        return client;
    }

    private static void tokens(String... accessTokens) {
        for (int i = 0; i < accessTokens.length; i++) {
            api.stubFor(post(urlPathEqualTo("/auth/o2/token")).inScenario("tokens").whenScenarioStateIs(i == 0 ? Scenario.STARTED : "t" + i)
                    .willSetStateTo("t" + (i + 1)).willReturn(okJson("{\"access_token\": \"" + accessTokens[i] + "\", \"token_type\": \"bearer\","
                            + " \"expires_in\": 3600}")));
        }
    }

    private static void orders() {
        api.stubFor(get(urlPathEqualTo("/orders/v0/orders")).willReturn(okJson("{\"payload\": {\"Orders\": [{\"AmazonOrderId\": \"902-1\"}]}}")));
    }

    private void read(ConnectionClient client) {
        client.readStream("orders", ReadOptions.full(CallContext.of("api"))).forEachRemaining(page -> { });
    }

    @Test
    void theSellingPartnerApiGetsTheTokenInItsOwnHeaderWithoutAPrefixAndTheLogHidesIt() {
        tokens("Atza|access-token-1");
        orders();

        read(client("in: header\nname: x-amz-access-token"));

        api.verify(getRequestedFor(urlPathEqualTo("/orders/v0/orders")).withHeader("x-amz-access-token", equalTo("Atza|access-token-1"))
                .withHeader("Authorization", absent()));
        assertThat(exchanges.toString()).doesNotContain("access-token-1").doesNotContain("refresh-token-1");
        assertThat(exchanges.getLast().requestHeaders().get("x-amz-access-token")).containsExactly("[redacted]");
    }

    @Test
    void aPrefixOfTheApisOwnAndARefusedTokenReplacedOnce() {
        tokens("1000.zoho-token-1", "1000.zoho-token-2");
        api.stubFor(get(urlPathEqualTo("/orders/v0/orders")).withHeader("Authorization", equalTo("Zoho-oauthtoken 1000.zoho-token-1"))
                .willReturn(aResponse().withStatus(401).withBody("{\"code\": \"INVALID_TOKEN\"}")));
        api.stubFor(get(urlPathEqualTo("/orders/v0/orders")).withHeader("Authorization", equalTo("Zoho-oauthtoken 1000.zoho-token-2"))
                .willReturn(okJson("{\"payload\": {\"Orders\": []}}")));

        read(client("prefix: \"Zoho-oauthtoken \""));

        api.verify(2, getRequestedFor(urlPathEqualTo("/orders/v0/orders")));
        api.verify(2, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/auth/o2/token")));
    }

    @Test
    void inTheQueryUnderTheNameTheApiGives() {
        tokens("EAAB-graph-token-1");
        orders();

        read(client("in: query\nname: access_token"));

        api.verify(getRequestedFor(urlPathEqualTo("/orders/v0/orders")).withQueryParam("access_token", equalTo("EAAB-graph-token-1"))
                .withHeader("Authorization", absent()));
        assertThat(exchanges.getLast().url()).endsWith("access_token=[redacted]");
    }

    @Test
    void withoutPlacementTheTokenIsABearerTokenAndAQueryWithoutANameIsALoadError() {
        tokens("plain-token-1");
        orders();

        read(client(""));

        api.verify(getRequestedFor(urlPathEqualTo("/orders/v0/orders")).withHeader("Authorization", equalTo("Bearer plain-token-1")));
        assertThat(load("in: query").problems()).extracting(SpecProblem::message)
                .containsExactly("missing required key 'name' (the query parameter's name, with in: query)");
    }
}
