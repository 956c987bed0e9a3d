package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.junction.http.ApiException;
import dev.junction.store.ExchangeQuery;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests a caller writes, sent through a connection's pipeline against WireMock: the connection's
 * API key added and hidden in the log, the API's answer passed on whatever its status (its cookies
 * not), a refused key marking the connection, and what is refused before anything is sent.
 */
class ConnectionRequestsTest extends RefusedCredentialsFixture {
    private static final String YAML = """
            kind: Connector
            name: crm
            config: { baseUrl: {} }
            secrets: { apiKey: {} }
            baseUrl: "{{ config.baseUrl }}/crm/v3"
            auth: { type: api-key, in: header, name: X-Api-Key, value: "{{ secrets.apiKey }}" }
            streams:
              contacts: { request: { path: /objects/contacts }, records: $.results, primaryKey: id }
            ---
            kind: Connection
            name: crm
            connector: crm
            tenant: acme
            config: { baseUrl: "${env:API_URL}" }
            secrets: { apiKey: "${env:CRM_KEY}" }
            """;

    @Test
    void aGetGoesBelowTheBaseUrlWithTheConnectionsKeyAndItsAnswerComesBackWithoutItsCookies() {
        api.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts/42")).willReturn(okJson("{\"id\": \"42\", \"email\": \"ada@example.com\"}")
                .withHeader("Set-Cookie", "__cf_bm=abc; Path=/").withHeader("X-Request-Id", "r-1")));
        open(YAML, Map.of("CRM_KEY", "key-4711"));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("properties", "email,firstname");
        query.put("archived", "false");

        ConnectionRequests.Answer answer = engine.requests().send("crm", "acme", new ConnectionRequests.Request("get", "/objects/contacts/42", query,
                Map.of("Accept", "application/json"), null));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\": \"42\", \"email\": \"ada@example.com\"}");
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.headers()).containsEntry("x-request-id", List.of("r-1")).doesNotContainKey("set-cookie");
        api.verify(getRequestedFor(urlEqualTo("/crm/v3/objects/contacts/42?properties=email%2Cfirstname&archived=false"))
                .withHeader("X-Api-Key", equalTo("key-4711")).withHeader("Accept", equalTo("application/json")));
        assertThat(answer.logId()).startsWith("request:");
        var logged = engine.exchanges().find(ExchangeQuery.forRun(answer.logId()));
        assertThat(logged).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.connection()).isEqualTo("crm");
            assertThat(e.tenant()).isEqualTo("acme");
            assertThat(e.toString()).doesNotContain("key-4711");
        });
    }

    @Test
    void aPostsBodyIsSentOnceAndTheApisRefusalIsPassedOnAsItIs() {
        api.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts")).willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                .withBody("{\"status\": \"error\", \"message\": \"Contact already exists. Existing ID: 42\", \"category\": \"CONFLICT\"}")));
        api.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts/7")).willReturn(aResponse().withStatus(404)));
        api.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/batch/read")).willReturn(aResponse().withStatus(503)));
        open(YAML, Map.of("CRM_KEY", "key-4711"));
        byte[] contact = "{\"properties\": {\"email\": \"ada@example.com\"}}".getBytes(StandardCharsets.UTF_8);

        var conflict = engine.requests().send("crm", null, new ConnectionRequests.Request("POST", "/objects/contacts", Map.of(),
                Map.of("Content-Type", "application/json"), contact));
        var missing = engine.requests().send("crm", null, new ConnectionRequests.Request("GET", "/objects/contacts/7", Map.of(), Map.of(), null));
        var unavailable = engine.requests().send("crm", null, new ConnectionRequests.Request("POST", "/objects/contacts/batch/read", Map.of(),
                Map.of("Content-Type", "application/json"), "{\"inputs\": []}".getBytes(StandardCharsets.UTF_8)));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(new String(conflict.body(), StandardCharsets.UTF_8)).contains("Existing ID: 42");
        api.verify(1, postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts")).withRequestBody(equalToJson("{\"properties\": {\"email\":"
                + " \"ada@example.com\"}}")).withHeader("X-Api-Key", equalTo("key-4711")));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(unavailable.status()).as("a POST that reached the API is not sent again").isEqualTo(503);
        api.verify(1, postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/batch/read")));
        assertThat(engine.health().status("crm", null).status()).as("an API's refusal of one request says nothing of the key")
                .isNotEqualTo("needs_reauth");
    }

    /** An API that echoes the request (httpbin's /headers, a token introspection) does not hand the connection's key to the caller. */
    @Test
    void theConnectionsSecretsAreHiddenInTheAnswerAsInTheLog() {
        api.stubFor(get(urlPathEqualTo("/crm/v3/echo")).willReturn(okJson("{\"headers\": {\"X-Api-Key\": \"key-4711\"}}")
                .withHeader("X-Echo-Key", "key-4711")));
        open(YAML, Map.of("CRM_KEY", "key-4711"));

        var answer = engine.requests().send("crm", null, new ConnectionRequests.Request("GET", "/echo", null, null, null));

        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"headers\": {\"X-Api-Key\": \"[redacted]\"}}");
        assertThat(answer.headers()).containsEntry("x-echo-key", List.of("[redacted]"));
    }

    /** A body given without a type goes as JSON when it is JSON, else as text; a type the caller gives is kept. */
    @Test
    void aBodyWithoutAContentTypeGetsOneByWhatItIs() {
        api.stubFor(post(urlPathEqualTo("/crm/v3/notes")).willReturn(okJson("{}")));
        open(YAML, Map.of("CRM_KEY", "key-4711"));

        for (String body : List.of("{\"text\": \"hi\"}", "hi there", "<note/>")) {
            engine.requests().send("crm", null, new ConnectionRequests.Request("POST", "/notes", null,
                    body.startsWith("<") ? Map.of("content-type", "application/xml") : null, body.getBytes(StandardCharsets.UTF_8)));
        }

        List<String> types = api.getAllServeEvents().reversed().stream().map(e -> e.getRequest().getHeader("Content-Type")).toList();
        assertThat(types).containsExactly("application/json", "text/plain; charset=UTF-8", "application/xml");
    }

    @Test
    void aRefusedKeyIsPassedOnAndMarksTheConnectionAsARunsCallWould() throws Exception {
        api.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"status\": \"error\", \"message\": \"Authentication credentials not found.\", \"category\": \"INVALID_AUTHENTICATION\"}")));
        open(YAML, Map.of("CRM_KEY", "revoked-key"));

        var answer = engine.requests().send("crm", null, new ConnectionRequests.Request("GET", "/objects/contacts", Map.of(), Map.of(), null));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(engine.health().status("crm", null).status()).isEqualTo("needs_reauth");
        assertThat(onlyEvent().path("connection").asText()).isEqualTo("crm");
    }

    /** An OAuth 2.0 connection: the token obtained before the call, and a token the API refuses replaced once, as for a run's call. */
    @Test
    void anOAuthConnectionsTokenIsObtainedAndARefusedOneReplacedBeforeTheAnswerIsPassedOn() {
        api.stubFor(post(urlPathEqualTo("/oauth/token")).inScenario("tokens").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(okJson("{\"access_token\": \"tok-1\", \"token_type\": \"bearer\", \"expires_in\": 3600}")).willSetStateTo("second"));
        api.stubFor(post(urlPathEqualTo("/oauth/token")).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\": \"tok-2\", \"token_type\": \"bearer\", \"expires_in\": 3600}")));
        api.stubFor(get(urlPathEqualTo("/crm/v3/me")).withHeader("Authorization", equalTo("Bearer tok-1")).willReturn(aResponse().withStatus(401)));
        api.stubFor(get(urlPathEqualTo("/crm/v3/me")).withHeader("Authorization", equalTo("Bearer tok-2")).willReturn(okJson("{\"user\": \"ada\"}")));
        open("""
                kind: Connector
                name: crm
                config: { baseUrl: {} }
                secrets: { clientSecret: {} }
                baseUrl: "{{ config.baseUrl }}/crm/v3"
                auth: { type: oauth2, grant: client_credentials, tokenUrl: "{{ config.baseUrl }}/oauth/token", clientId: app,
                        clientSecret: "{{ secrets.clientSecret }}" }
                streams:
                  me: { request: { path: /me }, records: $, primaryKey: user }
                ---
                kind: Connection
                name: crm
                connector: crm
                config: { baseUrl: "${env:API_URL}" }
                secrets: { clientSecret: "${env:CLIENT_SECRET}" }
                """, Map.of("CLIENT_SECRET", "s3cret-client"));

        var answer = engine.requests().send("crm", null, new ConnectionRequests.Request("GET", "/me", null, null, null));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"user\": \"ada\"}");
        api.verify(2, postRequestedFor(urlPathEqualTo("/oauth/token")));
        assertThat(engine.exchanges().find(ExchangeQuery.forRun(answer.logId())).toString()).doesNotContain("tok-2", "s3cret-client");
    }

    @Test
    void whatIsNotARequestToSendIsRefusedBeforeAnythingIsSentSayingWhatWasExpected() {
        open(YAML, Map.of("CRM_KEY", "key-4711"));
        ConnectionRequests requests = engine.requests();

        assertThatThrownBy(() -> requests.send("crm", null, new ConnectionRequests.Request("TRACE", "/x", null, null, null)))
                .isInstanceOf(EngineException.Invalid.class).hasMessage("method 'TRACE' is not one to send; expected one of GET, POST, PUT, PATCH, DELETE, HEAD");
        for (String path : List.of("https://evil.example/steal", "/objects/../../admin", "/objects/%2e%2e/x", "objects", "//evil.example/x",
                "/objects?archived=true")) {
            assertThatThrownBy(() -> requests.send("crm", null, new ConnectionRequests.Request("GET", path, null, null, null))).as(path)
                    .isInstanceOf(EngineException.Invalid.class).hasMessageContaining("is not a path below the connector's base URL");
        }
        for (String header : List.of("Authorization", "cookie", "Host", "Content-Length", "Accept-Encoding")) {
            assertThatThrownBy(() -> requests.send("crm", null, new ConnectionRequests.Request("GET", "/x", null, Map.of(header, "v"), null)))
                    .isInstanceOf(EngineException.Invalid.class).hasMessageStartingWith("header '" + header + "' is the connection's or the transport's");
        }
        assertThatThrownBy(() -> requests.send("crm", null, new ConnectionRequests.Request("GET", "/x", null, null, new byte[] {1})))
                .isInstanceOf(EngineException.Invalid.class).hasMessage("GET takes no body; send it with POST, PUT, PATCH or DELETE");
        assertThatThrownBy(() -> requests.send("crm", "globex", new ConnectionRequests.Request("GET", "/x", null, null, null)))
                .isInstanceOf(EngineException.NotFound.class).hasMessage("no connection named 'crm' is applied");
        assertThatThrownBy(() -> requests.send("nope", null, new ConnectionRequests.Request("GET", "/x", null, null, null)))
                .isInstanceOf(EngineException.NotFound.class);
        assertThat(api.getAllServeEvents()).isEmpty();
    }

    @Test
    void anApiThatSendsNothingBackIsAnErrorNamingTheRequest() {
        api.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        open(YAML, Map.of("CRM_KEY", "key-4711"));

        assertThatThrownBy(() -> engine.requests().send("crm", null, new ConnectionRequests.Request("GET", "/objects/contacts", null, null, null)))
                .isInstanceOf(ApiException.class).hasMessageContaining("/crm/v3/objects/contacts");
    }
}
