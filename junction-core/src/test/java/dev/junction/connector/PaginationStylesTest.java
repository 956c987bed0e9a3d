package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.ErrorRuleSpec;
import dev.junction.spec.PaginationSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.StreamSpec;
import dev.junction.spec.ValueRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cursor in a header, GraphQL Relay, cursor in a POST body, and every stop condition, against WireMock. */
class PaginationStylesTest {
    /** A WireMock server on 127.0.0.1 for the whole class, reset after each test. */
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final List<ConnectionClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    private PageReader read(StreamSpec stream) {
        var connector = Specs.connector(server.baseUrl() + "/api", new AuthSpec.None(), Map.of(stream.name(), stream), Map.of());
        var connection = Specs.connection(Map.of(), Map.of("token", new ValueRef.Env("CRM_TOKEN")));
        var options = PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).build();
        var client = ConnectionClient.create(connector, connection, new EnvSecretResolver(Map.of("CRM_TOKEN", "t")::get), options);
        clients.add(client);
        return client.readStream(stream.name(), ReadOptions.full(new CallContext("run-1", null, null, List.of(), true)));
    }

    private static StreamSpec stream(RequestSpec request, String records, PaginationSpec pagination) {
        return new StreamSpec("items", request, records, "id", pagination, null, 20);
    }

    private static StreamSpec getStream(String records, PaginationSpec pagination) {
        return stream(new RequestSpec("GET", "/items", Map.of(), Map.of(), null), records, pagination);
    }

    private static List<String> ids(PageReader reader) {
        List<String> ids = new ArrayList<>();
        reader.forEachRemaining(page -> page.records().forEach(r -> ids.add(r.get("id").asText())));
        return ids;
    }

    private static String records(String... ids) {
        StringBuilder out = new StringBuilder("[");
        for (String id : ids) {
            out.append(out.length() == 1 ? "" : ",").append("{\"id\":\"").append(id).append("\"}");
        }
        return out.append("]").toString();
    }

    @Test
    void followsACursorGivenInAResponseHeader() {
        server.stubFor(get(urlPathEqualTo("/api/items")).withQueryParam("cursor", absent())
                .willReturn(okJson(records("1", "2")).withHeader("X-Next-Cursor", "abc")));
        server.stubFor(get(urlPathEqualTo("/api/items")).withQueryParam("cursor", equalTo("abc")).willReturn(okJson(records("3"))));

        var reader = read(getStream("$", new PaginationSpec.Cursor(null, "cursor", "X-Next-Cursor", PaginationSpec.CursorIn.QUERY, null, null)));

        assertThat(ids(reader)).containsExactly("1", "2", "3");
        assertThat(reader.pagesRead()).isEqualTo(2);
    }

    @Test
    void walksAGraphQlRelayConnectionWithTheCursorAsAVariable() {
        String query = "query($after: String) { contacts(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }";
        String body = "{ 'query': '" + query + "', 'variables': { 'first': 2, 'after': $cursor } }";
        server.stubFor(post("/api/graphql").withRequestBody(equalToJson("{\"query\":\"" + query + "\",\"variables\":{\"first\":2}}"))
                .willReturn(okJson("{\"data\":{\"contacts\":{\"nodes\":" + records("1", "2")
                        + ",\"pageInfo\":{\"hasNextPage\":true,\"endCursor\":\"Y3Vyc29yMg==\"}}}}")));
        server.stubFor(post("/api/graphql").withRequestBody(equalToJson("{\"query\":\"" + query + "\",\"variables\":{\"first\":2,\"after\":\"Y3Vyc29yMg==\"}}"))
                .willReturn(okJson("{\"data\":{\"contacts\":{\"nodes\":" + records("3")
                        + ",\"pageInfo\":{\"hasNextPage\":false,\"endCursor\":\"Y3Vyc29yMw==\"}}}}")));

        var reader = read(stream(new RequestSpec("POST", "/graphql", Map.of(), Map.of(), body), "$.data.contacts.nodes",
                new PaginationSpec.Relay("$.data.contacts.pageInfo")));

        assertThat(ids(reader)).containsExactly("1", "2", "3");
        server.verify(2, postRequestedFor(urlPathEqualTo("/api/graphql")).withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void graphQlErrorsInA200StopTheReadThroughTheStreamsErrorRule() {
        server.stubFor(post("/api/graphql").willReturn(okJson("{\"errors\":[{\"message\":\"Cannot query field 'nodez'\"}]}")));
        var request = new RequestSpec("POST", "/graphql", Map.of(), Map.of(), "{ 'query': '{ contacts { nodez } }', 'variables': { 'after': $cursor } }");
        var stream = new StreamSpec("items", request, "$.data.contacts.nodes", "id", new PaginationSpec.Relay("$.data.contacts.pageInfo"), null, 20,
                List.of(new ErrorRuleSpec(200, "$.errors", null, null, "permanent", "$.errors[0].message")));

        ApiException e = catchThrowableOfType(ApiException.class, () -> read(stream).nextPage());

        assertThat(e.getMessage()).isEqualTo("POST " + server.baseUrl() + "/api/graphql answered HTTP 200 with an error: Cannot query field 'nodez'");
    }

    @Test
    void sendsTheCursorInAPostBodyAndStopsAtTheTotalCount() {
        server.stubFor(post("/api/search").withRequestBody(equalToJson("{\"filter\":\"all\"}"))
                .willReturn(okJson("{\"total\":3,\"next\":\"p2\",\"results\":" + records("1", "2") + "}")));
        server.stubFor(post("/api/search").withRequestBody(equalToJson("{\"filter\":\"all\",\"after\":\"p2\"}"))
                .willReturn(okJson("{\"total\":3,\"next\":\"p3\",\"results\":" + records("3") + "}")));

        var reader = read(stream(new RequestSpec("POST", "/search", Map.of(), Map.of(), "{ 'filter': 'all', 'after': $cursor }"), "$.results",
                new PaginationSpec.Cursor("$.next", null, null, PaginationSpec.CursorIn.BODY, null, "$.total")));

        assertThat(ids(reader)).containsExactly("1", "2", "3");
        server.verify(2, postRequestedFor(urlPathEqualTo("/api/search")));
    }

    @Test
    void stopsWhenTheHasMoreFlagIsFalseEvenWithACursor() {
        server.stubFor(get(urlPathEqualTo("/api/items")).withQueryParam("after", absent())
                .willReturn(okJson("{\"has_more\":true,\"next\":\"c2\",\"data\":" + records("1") + "}")));
        server.stubFor(get(urlPathEqualTo("/api/items")).withQueryParam("after", equalTo("c2"))
                .willReturn(okJson("{\"has_more\":false,\"next\":\"c3\",\"data\":" + records("2") + "}")));

        var reader = read(getStream("$.data", new PaginationSpec.Cursor("$.next", "after", null, PaginationSpec.CursorIn.QUERY, "$.has_more", null)));

        assertThat(ids(reader)).containsExactly("1", "2");
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/items")));
    }

    @Test
    void offsetWithStopOnEmptyKeepsGoingWhenTheServerCapsTheLimit() {
        // asked for 100, the server gives at most 2: a short page is not the end
        server.stubFor(get(urlPathEqualTo("/api/items")).withQueryParam("offset", equalTo("0")).willReturn(okJson(records("1", "2"))));
        server.stubFor(get(urlPathEqualTo("/api/items")).withQueryParam("offset", equalTo("2")).willReturn(okJson(records("3", "4"))));
        server.stubFor(get(urlPathEqualTo("/api/items")).withQueryParam("offset", equalTo("4")).willReturn(okJson(records())));

        var reader = read(getStream("$", new PaginationSpec.Offset("offset", "limit", 100, PaginationSpec.StopOn.EMPTY, null, null)));

        assertThat(ids(reader)).containsExactly("1", "2", "3", "4");
        assertThat(reader.pagesRead()).isEqualTo(3);
    }

    @Test
    void offsetWithTheDefaultStopOnShortStopsAfterTheCappedPage() {
        server.stubFor(get(urlPathEqualTo("/api/items")).withQueryParam("offset", equalTo("0")).willReturn(okJson(records("1", "2"))));

        var reader = read(getStream("$", new PaginationSpec.Offset("offset", "limit", 100)));

        assertThat(ids(reader)).containsExactly("1", "2");
        server.verify(1, getRequestedFor(urlPathEqualTo("/api/items")));
    }

    @Test
    void pageNumbersStopOnAShortPageWhenAsked() {
        server.stubFor(get(urlPathEqualTo("/api/items")).withQueryParam("page", equalTo("1")).withQueryParam("per_page", equalTo("2"))
                .willReturn(okJson(records("1", "2"))));
        server.stubFor(get(urlPathEqualTo("/api/items")).withQueryParam("page", equalTo("2")).willReturn(okJson(records("3"))));

        var reader = read(getStream("$", new PaginationSpec.Page("page", 1, "per_page", 2, PaginationSpec.StopOn.SHORT, null, null)));

        assertThat(ids(reader)).containsExactly("1", "2", "3");
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/items")));
    }

    @Test
    void pageNumbersStopAtTheTotalCount() {
        server.stubFor(get(urlPathEqualTo("/api/items")).withQueryParam("page", equalTo("0"))
                .willReturn(okJson("{\"count\":\"4\",\"items\":" + records("1", "2") + "}")));
        server.stubFor(get(urlPathEqualTo("/api/items")).withQueryParam("page", equalTo("1"))
                .willReturn(okJson("{\"count\":\"4\",\"items\":" + records("3", "4") + "}")));

        var reader = read(getStream("$.items", new PaginationSpec.Page("page", 0, null, 0, PaginationSpec.StopOn.EMPTY, null, "$.count")));

        assertThat(ids(reader)).containsExactly("1", "2", "3", "4");
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/items")));
    }

    @Test
    void aRepeatedRelayCursorStopsWithTheLoopError() {
        server.stubFor(post("/api/graphql").willReturn(okJson("{\"data\":{\"c\":{\"nodes\":" + records("1")
                + ",\"pageInfo\":{\"hasNextPage\":true,\"endCursor\":\"same\"}}}}")));

        var reader = read(stream(new RequestSpec("POST", "/graphql", Map.of(), Map.of(), "{ 'query': 'q', 'variables': { 'after': $cursor } }"),
                "$.data.c.nodes", new PaginationSpec.Relay("$.data.c.pageInfo")));
        reader.nextPage();
        ApiException e = catchThrowableOfType(ApiException.class, reader::nextPage);

        assertThat(e.getMessage()).isEqualTo("stream 'items': the API returned cursor 'same' twice; stopping to avoid an endless loop");
        assertThat(e.error().code()).isEqualTo("pagination_loop");
    }
}
