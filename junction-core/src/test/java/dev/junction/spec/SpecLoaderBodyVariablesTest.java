package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Warnings for a body variable nothing binds ({@code $page} under cursor pagination), GraphQL specs
 * as read, and the pagination placements {@code in: body} of offset and page.
 */
class SpecLoaderBodyVariablesTest {
    private final SpecLoader loader = new SpecLoader();

    private LoadResult load(String operations) {
        return loader.loadTexts(List.of(new SourceText("api.yaml", """
                kind: Connector
                name: api
                baseUrl: https://api.example.com
                """ + operations)));
    }

    private static List<String> warnings(LoadResult result) {
        return result.warnings().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void warnsOfAPageVariableTheStreamsPaginationDoesNotProvideAndStillLoads() {
        LoadResult result = load("""
                streams:
                  tickets:
                    request: { method: POST, path: /search, body: "{ 'page': $page, 'after': $cursor }" }
                    records: "$.items"
                    primaryKey: id
                    pagination: { type: cursor, nextPath: "$.next", in: body }
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(warnings(result)).containsExactly("api.yaml:6:51 streams.tickets.request.body: variable $page is never bound here, so it is empty"
                + " in every request; the stream's pagination (cursor) does not provide it ($cursor comes with cursor and relay pagination, $offset and"
                + " $limit with offset, $page and $size with page) (bound here: $cursor, $since, $config)");
    }

    @Test
    void warnsWhenABodyPaginationNeverReadsItsVariable() {
        LoadResult result = load("""
                streams:
                  orders:
                    request: { path: /rpc }
                    jsonrpc: { method: order.list, params: "{ 'limit': $limit }" }
                    records: items
                    primaryKey: id
                    pagination: { type: offset, limit: 50, in: body }
                """);

        assertThat(warnings(result)).containsExactly("api.yaml:7:44 streams.orders.jsonrpc.params: the stream's pagination (offset) sends the offset"
                + " only in the request body, but this expression never reads $offset, so every page would ask for the first one again; use $offset in it");
    }

    @Test
    void warnsOfARecordVariableInABatchAction() {
        LoadResult result = load("""
                actions:
                  upsert:
                    request: { path: /batch, body: "{ 'items': $record }" }
                    batch: { maxRecords: 10 }
                """);

        assertThat(warnings(result)).containsExactly("api.yaml:6:36 actions.upsert.request.body: variable $record is never bound here, so it is empty"
                + " in every request; a batch action's call carries $records (bound here: $records, $config); did you mean 'records'?");
    }

    @Test
    void knowsVariablesTheExpressionBindsItselfFunctionsAndStringLiterals() {
        LoadResult result = load("""
                streams:
                  search:
                    request:
                      method: POST
                      path: /search
                      body: "( $n := $page * 10; { 'from': $n, 'tags': $map(['a'], $string), 'note': 'costs $5', 'f': function($x) { $x }($since), 'g': λ($y) { $y }($page) } )"
                    records: "$.items"
                    primaryKey: id
                    pagination: { type: page, in: body }
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void readsAGraphQlStreamAsAPostWithPageInfoBesideItsNodesAndTheCursorInTheBody() {
        LoadResult result = load("""
                streams:
                  contacts:
                    request: { path: /graphql }
                    graphql:
                      query: "query($after: String) { contacts(after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }"
                      variables: "{ 'after': $cursor }"
                    records: "$.data.contacts.nodes"
                    primaryKey: id
                    pagination: { type: relay }
                  orders:
                    request: { path: /graphql }
                    graphql: { query: "query($p: Int) { orders(page: $p) { id } }", variables: "{ 'p': $page }" }
                    records: "$.data.orders"
                    primaryKey: id
                    pagination: { type: page }
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        var streams = result.connectors().get("api").streams();
        StreamSpec contacts = streams.get("contacts");
        assertThat(contacts.format()).isEqualTo(StreamSpec.Format.GRAPHQL);
        assertThat(contacts.request().method()).isEqualTo("POST");
        assertThat(contacts.pagination()).isEqualTo(new PaginationSpec.Relay("$.data.contacts.pageInfo"));
        assertThat(((PaginationSpec.Page) streams.get("orders").pagination()).in()).isEqualTo(PaginationSpec.CursorIn.BODY);
    }

    @Test
    void refusesAGraphQlCallWithARequestBodyOrBesideJsonRpc() {
        LoadResult result = load("""
                streams:
                  a:
                    request: { path: /graphql, body: "{}" }
                    graphql: { query: "{ a { id } }" }
                    records: "$.data.a"
                    primaryKey: id
                actions:
                  b:
                    request: { path: /graphql }
                    graphql: { query: "mutation { b }" }
                    jsonrpc: { method: b }
                """);

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "api.yaml:7:14 streams.a.graphql: a GraphQL call builds its request body from query and variables; remove request.body",
                "api.yaml:13:14 actions.b.graphql: a call is either GraphQL or JSON-RPC; remove graphql or jsonrpc");
    }

    @Test
    void aBodyPaginationNeedsABodyAndASoapStreamTakesNoIn() {
        LoadResult result = load("""
                streams:
                  a:
                    request: { path: /a }
                    records: "$.items"
                    primaryKey: id
                    pagination: { type: offset, limit: 10, in: body }
                  b:
                    request: { path: /b }
                    soap: { body: "<b>{{ page }}</b>" }
                    records: b.item
                    primaryKey: id
                    pagination: { type: page, in: body }
                """);

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "api.yaml:9:25 streams.a.pagination.type: in: body sends the offset in the request body; add request.body, a JSONata expression"
                        + " using $offset, such as \"{ 'offset': $offset }\"",
                "api.yaml:15:35 streams.b.pagination.in: a SOAP stream sends the values in its envelope (soap.body); remove in");
    }

    @Test
    void aRelayPageInfoDefaultsToTheOneBesideEdges() {
        LoadResult result = load("""
                streams:
                  repos:
                    request: { path: /graphql }
                    graphql: { query: "query($a: String) { viewer { repositories(after: $a) { edges { node { id } } pageInfo { endCursor hasNextPage } } } }", variables: "{ 'a': $cursor }" }
                    records: "$.data.viewer.repositories.edges"
                    primaryKey: node.id
                    pagination: { type: relay }
                  plain:
                    request: { path: /graphql }
                    graphql: { query: "{ a }" }
                    records: "$.data.a"
                    primaryKey: id
                    pagination: { type: relay, pageInfo: "$.data.pageInfo" }
                  bad:
                    request: { path: /graphql }
                    graphql: { query: "{ a }", variables: "{ 'after': $cursor }" }
                    records: "$.data.a"
                    primaryKey: id
                    pagination: { type: relay }
                """);

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "api.yaml:22:5 streams.bad.pagination: missing required key 'pageInfo'");
        assertThat(warnings(result)).containsExactly("api.yaml:13:14 streams.plain.graphql: the stream's pagination (relay) sends the cursor only"
                + " in the request body, but the call has no variables, so every page would ask for the first one again; add variables using $cursor");
    }

    @Test
    void theExamplesLoadWithoutWarnings() {
        LoadResult result = loader.load(List.of(Path.of("../examples")));

        assertThat(result.warnings()).extracting(SpecProblem::toString).filteredOn(w -> !w.contains("holds no definition")).isEmpty();
    }
}
