package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.connector.internal.GraphQlCalls;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * GraphQL streams and actions declared in YAML, against WireMock answering as a GraphQL server
 * does (HTTP 200 with {@code data} and {@code errors}): the exact request bodies, Relay, offset and
 * page variables, errors classified by {@code extensions.code}, and partial data.
 */
class GraphQlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final List<ConnectionClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    private static LoadResult load(String operations) {
        return new SpecLoader().loadTexts(List.of(new SourceText("shop.yaml", """
                kind: Connector
                name: shop
                baseUrl: %s
                retry: { maxAttempts: 3, initialDelay: 1ms, maxDelay: 2ms }
                """.formatted(server.baseUrl()) + operations)));
    }

    private ConnectionClient client(String operations) {
        LoadResult result = load(operations);
        assertThat(result.problems()).isEmpty();
        var options = PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).build();
        var client = ConnectionClient.create(result.connectors().get("shop"), new dev.junction.spec.ConnectionSpec("shop", "shop", "default",
                "sandbox", Map.of(), Map.of(), new dev.junction.spec.SourceLocation("c.yaml", 1, 1)), new EnvSecretResolver(name -> null), options);
        clients.add(client);
        return client;
    }

    private static CallContext context() {
        return new CallContext("run-1", null, null, List.of(), true);
    }

    private static List<String> ids(PageReader reader) {
        List<String> ids = new ArrayList<>();
        reader.forEachRemaining(page -> page.records().forEach(r -> ids.add(r.path("id").asText())));
        return ids;
    }

    private static final String QUERY = "query($after: String) { contacts(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }";

    private static final String RELAY = """
            streams:
              contacts:
                request: { path: /graphql }
                graphql:
                  query: "%s"
                  variables: "{ 'after': $cursor }"
                records: "$.data.contacts.nodes"
                primaryKey: id
                pagination: { type: relay }
            """.formatted(QUERY);

    private static String page(String ids, boolean more, String end) {
        return "{\"data\":{\"contacts\":{\"nodes\":[" + ids + "],\"pageInfo\":{\"hasNextPage\":" + more + ",\"endCursor\":"
                + (end == null ? "null" : "\"" + end + "\"") + "}}}}";
    }

    @Test
    void aRelayStreamPostsQueryAndVariablesAndFollowsEndCursorWithPageInfoBesideTheNodes() {
        server.stubFor(post(urlEqualTo("/graphql")).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"query\":\"" + QUERY + "\",\"variables\":{}}"))
                .willReturn(okJson(page("{\"id\":\"a\"},{\"id\":\"b\"}", true, "Y3Vyc29yOjI="))));
        server.stubFor(post(urlEqualTo("/graphql"))
                .withRequestBody(equalToJson("{\"query\":\"" + QUERY + "\",\"variables\":{\"after\":\"Y3Vyc29yOjI=\"}}"))
                .willReturn(okJson(page("{\"id\":\"c\"}", false, "Y3Vyc29yOjM="))));

        assertThat(ids(client(RELAY).readStream("contacts", ReadOptions.full(context())))).containsExactly("a", "b", "c");
        server.verify(2, postRequestedFor(urlEqualTo("/graphql")));
    }

    @Test
    void offsetVariablesAreBoundInTheBodyAndNotSentInTheQuery() {
        var client = client("""
                streams:
                  orders:
                    request: { path: /graphql }
                    graphql: { query: "query($o: Int, $n: Int) { orders(offset: $o, limit: $n) { id } }", variables: "{ 'o': $offset, 'n': $limit }" }
                    records: "$.data.orders"
                    primaryKey: id
                    pagination: { type: offset, limit: 2 }
                """);
        String query = "query($o: Int, $n: Int) { orders(offset: $o, limit: $n) { id } }";
        server.stubFor(post(urlEqualTo("/graphql")).withRequestBody(equalToJson("{\"query\":\"" + query + "\",\"variables\":{\"o\":0,\"n\":2}}"))
                .willReturn(okJson("{\"data\":{\"orders\":[{\"id\":\"1\"},{\"id\":\"2\"}]}}")));
        server.stubFor(post(urlEqualTo("/graphql")).withRequestBody(equalToJson("{\"query\":\"" + query + "\",\"variables\":{\"o\":2,\"n\":2}}"))
                .willReturn(okJson("{\"data\":{\"orders\":[{\"id\":\"3\"}]}}")));

        assertThat(ids(client.readStream("orders", ReadOptions.full(context())))).containsExactly("1", "2", "3");
    }

    @Test
    void pageVariablesAreBoundInAPlainJsonBodyWhileTheQueryKeepsItsParameters() {
        var client = client("""
                streams:
                  items:
                    request: { method: POST, path: /search, body: "{ 'page': $page, 'size': $size }" }
                    records: "$.items"
                    primaryKey: id
                    pagination: { type: page, sizeParam: per_page, size: 2, stopOn: short }
                """);
        server.stubFor(post(urlPathEqualTo("/search")).withQueryParam("page", equalTo("1")).withQueryParam("per_page", equalTo("2")).withRequestBody(equalToJson("{\"page\":1,\"size\":2}"))
                .willReturn(okJson("{\"items\":[{\"id\":\"1\"},{\"id\":\"2\"}]}")));
        server.stubFor(post(urlPathEqualTo("/search")).withQueryParam("page", equalTo("2")).withQueryParam("per_page", equalTo("2")).withRequestBody(equalToJson("{\"page\":2,\"size\":2}"))
                .willReturn(okJson("{\"items\":[{\"id\":\"3\"}]}")));

        assertThat(ids(client.readStream("items", ReadOptions.full(context())))).containsExactly("1", "2", "3");
    }

    @Test
    void aNumericCursorStaysANumberInTheBody() {
        var client = client("""
                streams:
                  events:
                    request: { method: POST, path: /events, body: "{ 'after': $cursor }" }
                    records: "$.events"
                    primaryKey: id
                    pagination: { type: cursor, nextPath: "$.next", in: body }
                """);
        server.stubFor(post(urlEqualTo("/events")).withRequestBody(equalToJson("{}"))
                .willReturn(okJson("{\"events\":[{\"id\":\"1\"}],\"next\":1042}")));
        server.stubFor(post(urlEqualTo("/events")).withRequestBody(equalToJson("{\"after\":1042}"))
                .willReturn(okJson("{\"events\":[{\"id\":\"2\"}],\"next\":null}")));

        assertThat(ids(client.readStream("events", ReadOptions.full(context())))).containsExactly("1", "2");
    }

    @Test
    void jsonRpcParamsSeeThePageNumber() {
        var client = client("""
                streams:
                  invoices:
                    request: { path: /rpc }
                    jsonrpc: { method: invoice.list, params: "{ 'page': $page }" }
                    records: items
                    primaryKey: id
                    pagination: { type: page, in: body }
                """);
        server.stubFor(post(urlEqualTo("/rpc")).withRequestBody(equalToJson("{\"jsonrpc\":\"2.0\",\"method\":\"invoice.list\",\"params\":{\"page\":1},\"id\":1}"))
                .willReturn(okJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"items\":[{\"id\":\"a\"}]}}")));
        server.stubFor(post(urlEqualTo("/rpc")).withRequestBody(equalToJson("{\"jsonrpc\":\"2.0\",\"method\":\"invoice.list\",\"params\":{\"page\":2},\"id\":1}"))
                .willReturn(okJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"items\":[]}}")));

        assertThat(ids(client.readStream("invoices", ReadOptions.full(context())))).containsExactly("a");
    }

    private ApiError firstPageError(String answer) {
        server.stubFor(post(urlPathEqualTo("/graphql")).willReturn(okJson(answer)));
        return catchThrowableOfType(ApiException.class, () -> client(RELAY).readStream("contacts", ReadOptions.full(context())).next()).error();
    }

    @Test
    void errorsWithoutDataFailThePageWithTheirMessagesAndUnauthenticatedIsAuth() {
        ApiError error = firstPageError("{\"errors\":[{\"message\":\"Not logged in\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}],\"data\":null}");

        assertThat(error.category()).isEqualTo(ApiError.Category.AUTH);
        assertThat(error.code()).isEqualTo("graphql_error");
        assertThat(error.providerCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(error.message()).isEqualTo("POST " + server.baseUrl() + "/graphql answered HTTP 200 with an error: Not logged in (UNAUTHENTICATED);"
                + " check the credentials of connection 'shop'");
        server.verify(1, postRequestedFor(urlPathEqualTo("/graphql")));
    }

    @Test
    void aValidationErrorIsPermanentAndNotRetried() {
        ApiError error = firstPageError("{\"errors\":[{\"message\":\"Cannot query field 'emial' on type 'Contact'.\",\"extensions\":"
                + "{\"code\":\"GRAPHQL_VALIDATION_FAILED\"}},{\"message\":\"second\"}]}");

        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.message()).endsWith("answered HTTP 200 with an error: Cannot query field 'emial' on type 'Contact'. (GRAPHQL_VALIDATION_FAILED); second");
        server.verify(1, postRequestedFor(urlPathEqualTo("/graphql")));
    }

    @Test
    void aFieldNulledByAnInternalErrorIsRetryableAndRetried() {
        server.stubFor(post(urlPathEqualTo("/graphql")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                .willReturn(okJson("{\"errors\":[{\"message\":\"upstream timed out\",\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],"
                        + "\"data\":{\"contacts\":null}}")));
        server.stubFor(post(urlPathEqualTo("/graphql")).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(okJson(page("{\"id\":\"a\"}", false, null))));

        assertThat(ids(client(RELAY).readStream("contacts", ReadOptions.full(context())))).containsExactly("a");
        server.verify(2, postRequestedFor(urlPathEqualTo("/graphql")));
    }

    @Test
    void aDeclaredRuleOverridesTheGraphQlClassification() {
        var client = client(RELAY + """
                    errors: [ { when: { bodyPath: "$.errors[0].extensions.code", equals: FORBIDDEN }, as: permanent } ]
                """);
        server.stubFor(post(urlPathEqualTo("/graphql")).willReturn(okJson("{\"errors\":[{\"message\":\"no access to contacts\","
                + "\"extensions\":{\"code\":\"FORBIDDEN\"}}],\"data\":null}")));

        ApiError error = catchThrowableOfType(ApiException.class, () -> client.readStream("contacts", ReadOptions.full(context())).next()).error();

        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.code()).isEqualTo("error_in_body");
    }

    @Test
    void partialDataIsReadAndItsErrorsAreLoggedAsAWarning() {
        Logger logger = (Logger) LoggerFactory.getLogger(GraphQlCalls.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            server.stubFor(post(urlPathEqualTo("/graphql")).willReturn(okJson("{\"data\":{\"contacts\":{\"nodes\":[{\"id\":\"a\"},null],"
                    + "\"pageInfo\":{\"hasNextPage\":false}}},\"errors\":[{\"message\":\"Contact 7 is hidden\",\"path\":[\"contacts\",\"nodes\",1]}]}")));

            List<String> ids = ids(client(RELAY).readStream("contacts", ReadOptions.full(context())));

            assertThat(ids).containsExactly("a");
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("stream 'contacts' page 1: the GraphQL answer"
                    + " holds data and 1 error(s); the data is used (1 null item(s) at the records path skipped) and the errors are left out:"
                    + " Contact 7 is hidden");
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void anActionSendsItsRecordAsVariablesAndAFailedMutationIsPermanent() {
        var client = client("""
                actions:
                  upsertContact:
                    request: { path: /graphql }
                    graphql:
                      query: "mutation($input: ContactInput!) { upsertContact(input: $input) { id } }"
                      variables: "{ 'input': { 'email': $record.email } }"
                """);
        String mutation = "mutation($input: ContactInput!) { upsertContact(input: $input) { id } }";
        server.stubFor(post(urlEqualTo("/graphql")).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"query\":\"" + mutation + "\",\"variables\":{\"input\":{\"email\":\"a@example.com\"}}}"))
                .willReturn(okJson("{\"data\":{\"upsertContact\":{\"id\":\"c1\"}}}")));
        server.stubFor(post(urlEqualTo("/graphql"))
                .withRequestBody(equalToJson("{\"query\":\"" + mutation + "\",\"variables\":{\"input\":{\"email\":\"bad\"}}}"))
                .willReturn(okJson("{\"data\":{\"upsertContact\":null},\"errors\":[{\"message\":\"email is invalid\",\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}")));

        JsonNode good = JSON.createObjectNode().put("email", "a@example.com");
        assertThat(client.call("upsertContact", List.of(good), context()).outcomes()).hasSize(1);
        ApiError error = catchThrowableOfType(ApiException.class,
                () -> client.call("upsertContact", List.of(JSON.createObjectNode().put("email", "bad")), context())).error();

        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.message()).endsWith("answered HTTP 200 with an error: email is invalid (BAD_USER_INPUT)");
    }

    @Test
    void aNon2xxAnswerIsClassifiedByAnAuthOrPermanentCodeElseByItsStatus() {
        server.stubFor(post(urlPathEqualTo("/graphql")).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[{\"message\":\"Unknown argument 'frist'\",\"extensions\":{\"code\":\"GRAPHQL_VALIDATION_FAILED\"}}]}")));
        ApiError refused = catchThrowableOfType(ApiException.class, () -> client(RELAY).readStream("contacts", ReadOptions.full(context())).next()).error();
        assertThat(refused.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(refused.code()).isEqualTo("graphql_error");
        assertThat(refused.message()).endsWith("failed with HTTP 400: Unknown argument 'frist' (GRAPHQL_VALIDATION_FAILED)");

        server.resetAll();
        server.stubFor(post(urlPathEqualTo("/graphql")).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"errors\":[{\"message\":\"bad token\"}]}")));
        ApiError unauthorized = catchThrowableOfType(ApiException.class,
                () -> client(RELAY).readStream("contacts", ReadOptions.full(context())).next()).error();
        assertThat(unauthorized.category()).isEqualTo(ApiError.Category.AUTH);
        assertThat(unauthorized.code()).isEqualTo("http_401");
    }

    @Test
    void theRelayExampleInTheDocsLoadsWithoutWarningsAndReadsItsPages() throws Exception {
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/connectors.md"));
        String section = docs.substring(docs.indexOf("### GraphQL"));
        String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", section.indexOf("```yaml\n") + 8));
        LoadResult result = new SpecLoader().loadTexts(List.of(new SourceText("shop.yaml", yaml)));
        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        var connection = new dev.junction.spec.ConnectionSpec("shop", "shop", "default", "sandbox",
                Map.of("baseUrl", new dev.junction.spec.ValueRef.Literal(server.baseUrl())),
                Map.of("token", new dev.junction.spec.ValueRef.Literal("shop-token-1")), new dev.junction.spec.SourceLocation("c.yaml", 1, 1));
        var client = ConnectionClient.create(result.connectors().get("shop"), connection, new EnvSecretResolver(name -> null),
                PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).build());
        clients.add(client);
        String query = result.connectors().get("shop").streams().get("customers").request().body();
        assertThat(query).startsWith("{\"query\": \"query Customers(");
        server.stubFor(post(urlEqualTo("/graphql")).withHeader("Authorization", equalTo("Bearer shop-token-1"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.variables", equalToJson("{\"first\":100}")))
                .willReturn(okJson("{\"data\":{\"customers\":{\"nodes\":[{\"id\":\"c1\"}],\"pageInfo\":{\"hasNextPage\":false}}}}")));
        server.stubFor(post(urlEqualTo("/graphql"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.variables",
                        equalToJson("{\"first\":100,\"after\":\"MQ==\",\"since\":\"2026-01-01T00:00:00Z\"}")))
                .willReturn(okJson("{\"data\":{\"customers\":{\"nodes\":[{\"id\":\"c2\"}],\"pageInfo\":{\"hasNextPage\":false}}}}")));
        server.stubFor(post(urlEqualTo("/graphql"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.variables",
                        equalToJson("{\"first\":100,\"since\":\"2026-01-01T00:00:00Z\"}")))
                .willReturn(okJson("{\"data\":{\"customers\":{\"nodes\":[{\"id\":\"c1\"}],\"pageInfo\":{\"hasNextPage\":true,\"endCursor\":\"MQ==\"}}}}")));

        assertThat(ids(client.readStream("customers", ReadOptions.full(context())))).containsExactly("c1");
        assertThat(ids(client.readStream("customers", new ReadOptions("2026-01-01T00:00:00Z", context())))).containsExactly("c1", "c2");
    }
}
