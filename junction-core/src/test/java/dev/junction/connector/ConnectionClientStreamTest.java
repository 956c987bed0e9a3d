package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.PaginationSpec;
import dev.junction.spec.StreamSpec;
import dev.junction.spec.ValueRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionClientStreamTest {
    /** A WireMock server on 127.0.0.1 for the whole class, reset after each test. */
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final List<ConnectionClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    private ConnectionClient client(StreamSpec stream) {
        var connector = Specs.connector(server.baseUrl() + "/api", new AuthSpec.Bearer("{{ secrets.token }}"), Map.of(stream.name(), stream), Map.of());
        var connection = Specs.connection(Map.of(), Map.of("token", new ValueRef.Env("CRM_TOKEN")));
        var options = PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).build();
        var client = ConnectionClient.create(connector, connection, new EnvSecretResolver(Map.of("CRM_TOKEN", "tok-crm-1")::get), options);
        clients.add(client);
        return client;
    }

    private static ReadOptions full() {
        return ReadOptions.full(new CallContext("run-1", null, null, List.of(), false));
    }

    private static List<String> ids(PageReader reader) {
        List<String> ids = new ArrayList<>();
        reader.forEachRemaining(page -> page.records().forEach(r -> ids.add(r.get("id").asText())));
        return ids;
    }

    private static String page(String recordsField, String extra, String... ids) {
        StringBuilder records = new StringBuilder();
        for (String id : ids) {
            records.append(records.isEmpty() ? "" : ",").append("{\"id\":\"").append(id).append("\"}");
        }
        return "{\"" + recordsField + "\":[" + records + "]" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    @Test
    void aSingleRecordStreamReadsTheBodyAsOneRecord() {
        server.stubFor(get(urlPathEqualTo("/api/me")).willReturn(okJson("{\"id\": \"u-7\", \"email\": \"ana@example.com\"}")));
        server.stubFor(get(urlPathEqualTo("/api/empty")).willReturn(aResponse().withStatus(204)));
        server.stubFor(get(urlPathEqualTo("/api/list")).willReturn(okJson("[{\"id\": \"1\"}]")));

        assertThat(ids(client(Specs.stream("me", "/me", StreamSpec.SINGLE, null)).readStream("me", full()))).containsExactly("u-7");
        assertThat(ids(client(Specs.stream("empty", "/empty", StreamSpec.SINGLE, null)).readStream("empty", full()))).isEmpty();
        var list = client(Specs.stream("list", "/list", StreamSpec.SINGLE, null)).readStream("list", full());
        assertThatThrownBy(() -> ids(list)).isInstanceOf(ApiException.class)
                .hasMessageContaining("stream 'list' page 1: records: single expects one object as the answer's body but found an array (for a list write records: $)");
    }

    @Test
    void walksEveryPageOfACursorStreamAndStopsWhenTheCursorIsGone() {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).withQueryParam("after", absent())
                .willReturn(okJson(page("results", "\"paging\":{\"next\":{\"after\":\"c2\"}}", "1", "2"))));
        server.stubFor(get(urlPathEqualTo("/api/contacts")).withQueryParam("after", equalTo("c2"))
                .willReturn(okJson(page("results", "\"paging\":{\"next\":{\"after\":\"c3\"}}", "3", "4"))));
        server.stubFor(get(urlPathEqualTo("/api/contacts")).withQueryParam("after", equalTo("c3"))
                .willReturn(okJson(page("results", "\"paging\":{\"next\":null}", "5"))));

        var reader = client(Specs.stream("contacts", "/contacts", "$.results", new PaginationSpec.Cursor("$.paging.next.after", "after")))
                .readStream("contacts", full());

        assertThat(ids(reader)).containsExactly("1", "2", "3", "4", "5");
        assertThat(reader.pagesRead()).isEqualTo(3);
        server.verify(3, getRequestedFor(urlPathEqualTo("/api/contacts")).withHeader("Authorization", equalTo("Bearer tok-crm-1"))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void stopsACursorStreamWhenTheCursorIsAnEmptyText() {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).willReturn(okJson(page("results", "\"next\":\"\"", "1"))));

        var reader = client(Specs.stream("contacts", "/contacts", "results", new PaginationSpec.Cursor("next", "after"))).readStream("contacts", full());

        assertThat(ids(reader)).containsExactly("1");
    }

    @Test
    void walksOffsetPagesUntilAShortPage() {
        server.stubFor(get(urlPathEqualTo("/api/users")).withQueryParam("offset", equalTo("0")).withQueryParam("limit", equalTo("2"))
                .willReturn(okJson(page("data", "", "a", "b"))));
        server.stubFor(get(urlPathEqualTo("/api/users")).withQueryParam("offset", equalTo("2")).withQueryParam("limit", equalTo("2"))
                .willReturn(okJson(page("data", "", "c", "d"))));
        server.stubFor(get(urlPathEqualTo("/api/users")).withQueryParam("offset", equalTo("4")).willReturn(okJson(page("data", "", "e"))));

        var reader = client(Specs.stream("users", "/users", "$.data", new PaginationSpec.Offset("offset", "limit", 2))).readStream("users", full());

        assertThat(ids(reader)).containsExactly("a", "b", "c", "d", "e");
        server.verify(3, getRequestedFor(urlPathEqualTo("/api/users")));
    }

    @Test
    void walksOffsetPagesUntilAnEmptyPage() {
        server.stubFor(get(urlPathEqualTo("/api/users")).withQueryParam("offset", equalTo("0")).willReturn(okJson(page("data", "", "a", "b"))));
        server.stubFor(get(urlPathEqualTo("/api/users")).withQueryParam("offset", equalTo("2")).willReturn(okJson(page("data", ""))));

        var reader = client(Specs.stream("users", "/users", "$.data", new PaginationSpec.Offset("offset", "limit", 2))).readStream("users", full());

        assertThat(ids(reader)).containsExactly("a", "b");
        assertThat(reader.pagesRead()).isEqualTo(2);
    }

    @Test
    void walksOneBasedPageNumbersUntilAnEmptyPage() {
        server.stubFor(get(urlPathEqualTo("/api/tickets")).withQueryParam("page", equalTo("1")).withQueryParam("per_page", equalTo("2"))
                .willReturn(okJson(page("tickets", "", "t1", "t2"))));
        server.stubFor(get(urlPathEqualTo("/api/tickets")).withQueryParam("page", equalTo("2")).willReturn(okJson(page("tickets", "", "t3"))));
        server.stubFor(get(urlPathEqualTo("/api/tickets")).withQueryParam("page", equalTo("3")).willReturn(okJson(page("tickets", ""))));

        var reader = client(Specs.stream("tickets", "/tickets", "tickets", new PaginationSpec.Page("page", 1, "per_page", 2))).readStream("tickets", full());

        assertThat(ids(reader)).containsExactly("t1", "t2", "t3");
        server.verify(3, getRequestedFor(urlPathEqualTo("/api/tickets")));
    }

    @Test
    void walksZeroBasedPageNumbers() {
        server.stubFor(get(urlPathEqualTo("/api/tickets")).withQueryParam("p", equalTo("0")).willReturn(okJson(page("tickets", "", "t1"))));
        server.stubFor(get(urlPathEqualTo("/api/tickets")).withQueryParam("p", equalTo("1")).willReturn(okJson(page("tickets", ""))));

        var reader = client(Specs.stream("tickets", "/tickets", "tickets", new PaginationSpec.Page("p", 0, null, 0))).readStream("tickets", full());

        assertThat(ids(reader)).containsExactly("t1");
    }

    @Test
    void followsRelativeAndAbsoluteLinkHeaderNextUrls() {
        server.stubFor(get(urlPathEqualTo("/api/orders")).withQueryParam("page", absent())
                .willReturn(okJson("[{\"id\":\"o1\"}]").withHeader("Link", "</api/orders?page=2>; rel=\"next\", </api/orders?page=9>; rel=\"last\"")));
        server.stubFor(get(urlPathEqualTo("/api/orders")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("[{\"id\":\"o2\"}]").withHeader("Link", "<" + server.baseUrl() + "/api/orders?page=3>; rel=next")));
        server.stubFor(get(urlPathEqualTo("/api/orders")).withQueryParam("page", equalTo("3"))
                .willReturn(okJson("[{\"id\":\"o3\"}]").withHeader("Link", "</api/orders?page=1>; rel=\"first prev\"")));

        var reader = client(Specs.stream("orders", "/orders", "$", new PaginationSpec.Link())).readStream("orders", full());

        assertThat(ids(reader)).containsExactly("o1", "o2", "o3");
    }

    @Test
    void followsNextUrlsFromTheBody() {
        server.stubFor(get(urlPathEqualTo("/api/events")).withQueryParam("cursor", absent())
                .willReturn(okJson(page("items", "\"next\":\"events?cursor=b\"", "e1"))));
        server.stubFor(get(urlPathEqualTo("/api/events")).withQueryParam("cursor", equalTo("b"))
                .willReturn(okJson(page("items", "\"next\":\"" + server.baseUrl() + "/api/events?cursor=c\"", "e2"))));
        server.stubFor(get(urlPathEqualTo("/api/events")).withQueryParam("cursor", equalTo("c"))
                .willReturn(okJson(page("items", "\"next\":null", "e3"))));

        var reader = client(Specs.stream("events", "/events", "items", new PaginationSpec.NextUrl("$.next"))).readStream("events", full());

        assertThat(ids(reader)).containsExactly("e1", "e2", "e3");
    }

    @Test
    void readsASingleRequestWhenTheStreamHasNoPagination() {
        server.stubFor(get(urlPathEqualTo("/api/agents")).willReturn(okJson("[{\"id\":\"a1\"},{\"id\":\"a2\"}]")));

        var reader = client(Specs.stream("agents", "/agents", "$", new PaginationSpec.None())).readStream("agents", full());

        assertThat(ids(reader)).containsExactly("a1", "a2");
        assertThat(reader.nextPage()).isEmpty();
    }

    @Test
    void requestsNothingUntilThePageIsAskedFor() {
        server.stubFor(get(urlPathEqualTo("/api/agents")).willReturn(okJson("[]")));

        var reader = client(Specs.stream("agents", "/agents", "$", new PaginationSpec.None())).readStream("agents", full());
        server.verify(0, getRequestedFor(urlPathEqualTo("/api/agents")));

        assertThat(reader.hasNext()).isTrue();
        assertThat(reader.next().records()).isEmpty();
        server.verify(1, getRequestedFor(urlPathEqualTo("/api/agents")));
    }

    @Test
    void sendsTheIncrementalCheckpointOnEveryPage() {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).withQueryParam("since", equalTo("2026-01-01T00:00:00Z")).withQueryParam("after", absent())
                .willReturn(okJson(page("results", "\"next\":\"c2\"", "1"))));
        server.stubFor(get(urlPathEqualTo("/api/contacts")).withQueryParam("since", equalTo("2026-01-01T00:00:00Z")).withQueryParam("after", equalTo("c2"))
                .willReturn(okJson(page("results", "", "2"))));

        var reader = client(Specs.stream("contacts", "/contacts", "results", new PaginationSpec.Cursor("next", "after")))
                .readStream("contacts", new ReadOptions("2026-01-01T00:00:00Z", CallContext.of("crm")));

        assertThat(ids(reader)).containsExactly("1", "2");
    }

    @Test
    void stopsWithAClearErrorWhenTheApiRepeatsACursor() {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).withQueryParam("after", absent())
                .willReturn(okJson(page("results", "\"next\":\"abc\"", "1"))));
        server.stubFor(get(urlPathEqualTo("/api/contacts")).withQueryParam("after", equalTo("abc"))
                .willReturn(okJson(page("results", "\"next\":\"abc\"", "2"))));

        var reader = client(Specs.stream("contacts", "/contacts", "results", new PaginationSpec.Cursor("next", "after"))).readStream("contacts", full());
        assertThat(reader.nextPage()).isPresent();
        assertThat(reader.nextPage()).isPresent();
        ApiException e = catchThrowableOfType(ApiException.class, reader::nextPage);

        assertThat(e).hasMessage("stream 'contacts': the API returned cursor 'abc' twice; stopping to avoid an endless loop");
        assertThat(e.error().code()).isEqualTo("pagination_loop");
        assertThat(e.category()).isEqualTo(ApiError.Category.PERMANENT);
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/contacts")));
    }

    @Test
    void stopsWhenAPageIsIdenticalToThePreviousOne() {
        server.stubFor(get(urlPathEqualTo("/api/tickets")).willReturn(okJson(page("tickets", "", "same"))));
        // a server that ignores the page parameter

        var reader = client(Specs.stream("tickets", "/tickets", "tickets", new PaginationSpec.Page("page", 1, null, 0))).readStream("tickets", full());
        reader.nextPage();
        ApiException e = catchThrowableOfType(ApiException.class, reader::nextPage);

        assertThat(e).hasMessage("stream 'tickets': page 2 is identical to page 1; stopping to avoid an endless loop");
    }

    @Test
    void stopsAtOnceWhenAStuckCursorRepeatsTheSamePage() {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).willReturn(okJson(page("results", "\"next\":\"abc\"", "1"))));

        var reader = client(Specs.stream("contacts", "/contacts", "results", new PaginationSpec.Cursor("next", "after"))).readStream("contacts", full());
        reader.nextPage();
        ApiException e = catchThrowableOfType(ApiException.class, reader::nextPage);

        assertThat(e).hasMessage("stream 'contacts': the API returned cursor 'abc' twice; stopping to avoid an endless loop");
    }

    @Test
    void stopsWithAClearErrorAfterMaxPages() {
        for (int i = 1; i <= 4; i++) {
            server.stubFor(get(urlPathEqualTo("/api/tickets")).withQueryParam("page", equalTo(Integer.toString(i)))
                    .willReturn(okJson(page("tickets", "", "t" + i))));
        }

        var reader = client(Specs.stream("tickets", "/tickets", "tickets", new PaginationSpec.Page("page", 1, null, 0), 3)).readStream("tickets", full());
        List<Integer> pages = new ArrayList<>();
        ApiException e = catchThrowableOfType(ApiException.class, () -> reader.forEachRemaining(p -> pages.add(p.number())));

        assertThat(pages).containsExactly(1, 2, 3);
        assertThat(e).hasMessage("stream 'tickets': read 3 pages (maxPages) and the API still reports more;"
                + " raise maxPages on the stream if it is really this long");
        server.verify(3, getRequestedFor(urlPathEqualTo("/api/tickets")));
    }

    @Test
    void namesStreamPageAndPathWhenTheRecordsAreNotAnArray() {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).willReturn(okJson("{\"results\":{\"id\":\"1\"}}")));

        var reader = client(Specs.stream("contacts", "/contacts", "$.results", new PaginationSpec.None())).readStream("contacts", full());
        ApiException e = catchThrowableOfType(ApiException.class, reader::nextPage);

        assertThat(e).hasMessage("stream 'contacts' page 1: expected an array of records at '$.results' but found an object;"
                + " check the stream's records path");
        assertThat(e.error().providerDetail()).isEqualTo("{\"results\":{\"id\":\"1\"}}");
    }

    @Test
    void refusesANextUrlOnAnotherOriginSoCredentialsStayHome() {
        server.stubFor(get(urlPathEqualTo("/api/events")).willReturn(okJson(page("items", "\"next\":\"https://evil.example/steal\"", "e1"))));

        var reader = client(Specs.stream("events", "/events", "items", new PaginationSpec.NextUrl("next"))).readStream("events", full());
        assertThat(reader.nextPage()).isPresent();
        ApiException e = catchThrowableOfType(ApiException.class, reader::nextPage);

        assertThat(e).hasMessage("stream 'events': the next URL 'https://evil.example/steal' points to another origin than "
                + server.baseUrl() + "; not following it, so credentials are not sent there"
                + " (after page 1)");
    }

    @Test
    void rendersQueryAndHeaderTemplatesAndTagsExchangesWithConnectionAndTenant() {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).withQueryParam("limit", equalTo("2")).withHeader("X-Tenant", equalTo("crm"))
                .willReturn(okJson("[]")));
        var stream = new StreamSpec("contacts", new dev.junction.spec.RequestSpec(null, "contacts", Map.of("limit", "{{ config.pageSize }}"),
                Map.of("X-Tenant", "crm"), null), "$", "id", null, null, 0);
        var sink = new TestPeers.CollectingSink();
        var connector = Specs.connector(server.baseUrl() + "/api/", new AuthSpec.None(), Map.of("contacts", stream), Map.of());
        var options = PipelineOptions.builder().exchangeSink(sink).sleeper(new TestPeers.RecordingSleeper()).build();
        try (var client = ConnectionClient.create(connector, Specs.connection(Map.of(), Map.of()), new EnvSecretResolver(n -> null), options)) {
            assertThat(ids(client.readStream("contacts", full()))).isEmpty();
        }

        assertThat(sink.exchanges).singleElement().satisfies(exchange -> {
            assertThat(exchange.url()).isEqualTo(server.baseUrl() + "/api/contacts?limit=2");
            assertThat(exchange.connection()).isEqualTo("crm");
            assertThat(exchange.tenant()).isEqualTo("tenant-a");
            assertThat(exchange.runId()).isEqualTo("run-1");
        });
    }

    @Test
    void keepsOnePageInMemoryAtATime() {
        server.stubFor(get(urlPathEqualTo("/api/agents")).willReturn(okJson("[{\"id\":\"a1\"}]")));

        PageReader reader = client(Specs.stream("agents", "/agents", "$", new PaginationSpec.None())).readStream("agents", full());
        Page page = reader.next();

        assertThat(page.number()).isEqualTo(1);
        assertThat(page.raw()).isInstanceOf(JsonNode.class);
        assertThat(reader.hasNext()).isFalse();
    }
}
