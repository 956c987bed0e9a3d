package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sub-streams ({@code parent:}), date slices ({@code slice:}) and the lookback window and sort order of {@code incremental:}. */
class SpecLoaderPartitionsTest {
    private final SpecLoader loader = new SpecLoader();

    private LoadResult load(String streams) {
        return loader.loadTexts(List.of(new SourceText("api.yaml", """
                kind: Connector
                name: api
                baseUrl: https://api.example.com
                streams:
                  companies: { request: { path: /companies }, records: $.data, primaryKey: id }
                """ + streams)));
    }

    private static List<String> problems(LoadResult result) {
        return result.problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void readsAParentASliceAndALookback() {
        LoadResult result = load("""
                  contacts:
                    request: { path: "/companies/{{ parent.id }}/contacts" }
                    records: $.data
                    primaryKey: id
                    incremental: { cursorField: updatedAt, param: since, lookback: 10m }
                    parent: { stream: companies, key: id, as: company, parallel: 3 }
                  events:
                    request: { path: /events, query: { from: "{{ slice.start }}", to: "{{ slice.end }}" } }
                    records: $.data
                    primaryKey: id
                    incremental: { cursorField: updatedAt }
                    slice: { start: 2024-01-01, step: 1d, parallel: 4 }
                """);

        assertThat(problems(result)).isEmpty();
        var streams = result.connectors().get("api").streams();
        assertThat(streams.get("contacts").parent()).isEqualTo(new StreamSpec.ParentSpec("companies", "id", "company", 3));
        assertThat(streams.get("contacts").incremental().lookback()).isEqualTo(Duration.ofMinutes(10));
        assertThat(streams.get("events").slice()).isEqualTo(new StreamSpec.SliceSpec(Instant.parse("2024-01-01T00:00:00Z"), null, Duration.ofDays(1), 4));
        assertThat(streams.get("events").incremental().param()).isNull(); // a sliced stream may leave it out
        assertThat(streams.get("companies").partitioned()).isFalse();
        assertThat(streams.get("contacts").parent().as()).isEqualTo("company");
    }

    @Test
    void aStreamWhoseBodyReadsSinceNeedsNoIncrementalParamAndOneThatDoesNotStillDoes() {
        LoadResult search = load("""
                  changed:                      # a search API: the checkpoint goes in the POST body's filter
                    request: { method: POST, path: /search, body: "{ 'filter': $since ? { 'updatedAfter': $since } : {}, 'after': $cursor }" }
                    records: $.results
                    primaryKey: id
                    pagination: { type: cursor, nextPath: "$.next", in: body }
                    incremental: { cursorField: updatedAt }
                """);
        LoadResult list = load("""
                  listed:
                    request: { method: POST, path: /list, body: "{ 'after': $cursor }" }
                    records: $.results
                    primaryKey: id
                    pagination: { type: cursor, nextPath: "$.next", in: body }
                    incremental: { cursorField: updatedAt }
                """);

        assertThat(problems(search)).isEmpty();
        assertThat(search.connectors().get("api").streams().get("changed").incremental().param()).isNull();
        assertThat(problems(list)).singleElement().satisfies(p -> assertThat(p).endsWith("streams.listed.incremental: missing required key 'param'"
                + " (the query parameter the checkpoint is sent in; a stream whose request.body, or job.start's body, reads $since needs none)"));
    }

    @Test
    void reportsAParentThatIsMissingItselfOrASubStreamAndARequestThatDoesNotUseIt() {
        LoadResult result = load("""
                  contacts:
                    request: { path: "/companies/{{ parent.id }}/contacts" }
                    records: $.data
                    primaryKey: id
                    parent: { stream: companys, key: id }
                  self: { request: { path: "/{{ parent.id }}" }, records: $, primaryKey: id, parent: { stream: self, key: id } }
                  nested: { request: { path: "/{{ parent.id }}" }, records: $, primaryKey: id, parent: { stream: grand, key: id } }
                  grand: { request: { path: "/{{ parent.id }}" }, records: $, primaryKey: id, parent: { stream: contacts, key: id } }
                  same: { request: { path: /same }, records: $, primaryKey: id, parent: { stream: companies, key: id, as: "1x", parallel: 0 } }
                """);

        assertThat(problems(result)).containsExactly(
                "api.yaml:10:23 streams.contacts.parent.stream: no stream 'companys' in this connector; did you mean 'companies'? (streams: companies, contacts, self, nested, grand, same)",
                "api.yaml:11:96 streams.self.parent.stream: a stream cannot be its own parent",
                "api.yaml:12:98 streams.nested.parent.stream: stream 'grand' is a sub-stream of a sub-stream; sub-streams nest two levels at most (a parent may be a sub-stream of a plain stream)",
                "api.yaml:14:73 streams.same.parent: the request of a sub-stream must use a field of the parent record, such as {{parent.id}} in request.path or request.query, or $parent.id in a JSONata request.body; otherwise each parent reads the same records",
                "api.yaml:14:107 streams.same.parent.as: '1x' is not a field name; use letters, digits, '_' and '-', starting with a letter or '_'",
                "api.yaml:14:123 streams.same.parent.parallel: expected a positive integer, found '0'");
    }

    @Test
    void aSoapStreamCannotBeSlicedYet() {
        LoadResult result = load("""
                  orders:
                    request: { path: /soap }
                    records: $.GetOrdersResponse.order
                    primaryKey: id
                    soap: { version: "1.1", action: GetOrders, body: "<GetOrders xmlns='urn:x'/>" }
                    slice: { start: 2024-01-01, step: 1d }
                """);

        assertThat(problems(result)).anyMatch(p -> p.contains("streams.orders.slice: a SOAP stream cannot be a sub-stream or sliced yet"));
    }

    @Test
    void reportsPartitionVariablesOfAStreamThatHasNoPartitions() {
        LoadResult result = load("""
                  plain: { request: { path: "/x/{{ parent.id }}", query: { from: "{{ slice.start }}" } }, records: $, primaryKey: id }
                """);

        assertThat(problems(result)).hasSize(2).allSatisfy(p -> assertThat(p).contains("unknown template variable"));
        assertThat(problems(result).getFirst()).contains("'parent.id'");
        assertThat(problems(result).get(1)).contains("'slice.start'");
    }

    @Test
    void reportsBadSlicesAndLookbacks() {
        LoadResult result = load("""
                  a: { request: { path: /a, query: { from: "{{ slice.start }}" } }, records: $, primaryKey: id, slice: { start: 2024-13-01, step: 1d } }
                  b: { request: { path: /b, query: { from: "{{ slice.start }}" } }, records: $, primaryKey: id, slice: { start: 2024-01-02, end: 2024-01-01, step: 1w } }
                  c: { request: { path: /c }, records: $, primaryKey: id, slice: { start: 2024-01-01, step: 1d, parallel: 2 } }
                  d: { request: { path: "/{{ parent.id }}/{{ slice.end }}" }, records: $, primaryKey: id, parent: { stream: companies, key: id }, slice: { start: 2024-01-01, step: 1d } }
                  e: { request: { path: /e, query: { since: x } }, records: $, primaryKey: id, incremental: { cursorField: t, param: since, lookback: soon } }
                  f: { request: { path: "/f/{{ slice.end }}" }, records: $, primaryKey: id, slice: { step: 1h } }
                """);

        assertThat(problems(result)).containsExactly(
                "api.yaml:6:113 streams.a.slice.start: expected a date such as 2024-01-01 or an instant such as 2024-01-01T00:00:00Z, found '2024-13-01'",
                "api.yaml:7:130 streams.b.slice.end: end 2024-01-01T00:00:00Z must be after start 2024-01-02T00:00:00Z",
                "api.yaml:7:148 streams.b.slice.step: expected a duration such as 500ms, 2s, 1m or 1h, found '1w'",
                "api.yaml:8:66 streams.c.slice: the request of a sliced stream must use {{slice.start}} and {{slice.end}} (in request.query or request.path), or $slice.start and $slice.end in a JSONata request.body; otherwise each slice reads the same records",
                "api.yaml:9:138 streams.d.slice: a stream is either a sub-stream (parent) or sliced by date, not both",
                "api.yaml:10:135 streams.e.incremental.lookback: expected a duration such as 500ms, 2s, 1m or 1h, found 'soon'",
                "api.yaml:11:77 streams.f.slice: missing required key 'start'");
    }

    @Test
    void readsWhetherAStreamReturnsItsRecordsSortedByTheCursorAndAssumesNotByDefault() {
        LoadResult result = load("""
                  contacts: { request: { path: /contacts }, records: $, primaryKey: id, incremental: { cursorField: updatedAt, param: since, sorted: true } }
                  deals: { request: { path: /deals }, records: $, primaryKey: id, incremental: { cursorField: updatedAt, param: since, sorted: false } }
                  notes: { request: { path: /notes }, records: $, primaryKey: id, incremental: { cursorField: updatedAt, param: since } }
                """);

        assertThat(problems(result)).isEmpty();
        var streams = result.connectors().get("api").streams();
        assertThat(streams.get("contacts").incremental().sorted()).isTrue();
        assertThat(streams.get("deals").incremental().sorted()).isFalse();
        assertThat(streams.get("notes").incremental().sorted()).isFalse();
    }

    @Test
    void reportsASortedThatIsNotTrueOrFalseAndSuggestsItForAMisspeltKey() {
        LoadResult result = load("""
                  a: { request: { path: /a }, records: $, primaryKey: id, incremental: { cursorField: t, param: since, sorted: ascending } }
                  b: { request: { path: /b }, records: $, primaryKey: id, incremental: { cursorField: t, param: since, sorted: "true" } }
                  c: { request: { path: /c }, records: $, primaryKey: id, incremental: { cursorField: t, param: since, sort: true } }
                  d: { request: { path: /d }, records: $, primaryKey: id, incremental: { cursorField: t, param: since, sortedBy: t } }
                """);

        assertThat(problems(result)).containsExactly(
                "api.yaml:6:112 streams.a.incremental.sorted: expected true (the API returns the records of each read in ascending cursorField"
                        + " order) or false (in any order, the default), found 'ascending'",
                "api.yaml:7:112 streams.b.incremental.sorted: expected true (the API returns the records of each read in ascending cursorField"
                        + " order) or false (in any order, the default), found 'true'",
                "api.yaml:8:104 streams.c.incremental.sort: unknown key; did you mean 'sorted'? (allowed: cursorField, param, in, format, start, lookback, sorted)",
                "api.yaml:9:104 streams.d.incremental.sortedBy: unknown key; did you mean 'sorted'? (allowed: cursorField, param, in, format, start, lookback, sorted)");
    }
}
