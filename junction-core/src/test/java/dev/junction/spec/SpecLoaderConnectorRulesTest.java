package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The connector-runtime keys: pagination styles and stop conditions, rateLimit, retry.maxTotalWait, timeouts and errors. */
class SpecLoaderConnectorRulesTest {
    private static final String HEAD = """
            kind: Connector
            name: graph
            baseUrl: http://127.0.0.1:9
            """;

    private final SpecLoader loader = new SpecLoader();

    private ConnectorSpec load(String yaml) {
        LoadResult result = loader.loadTexts(List.of(new SourceText("graph.yaml", HEAD + yaml)));
        assertThat(result.problems()).isEmpty();
        return result.connectors().get("graph");
    }

    private List<String> problems(String yaml) {
        return loader.loadTexts(List.of(new SourceText("graph.yaml", HEAD + yaml))).problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void readsEveryPaginationStyleAndStopCondition() {
        ConnectorSpec spec = load("""
                streams:
                  byHeader:
                    request: { path: /a }
                    records: $.items
                    primaryKey: id
                    pagination: { type: cursor, nextHeader: X-Next-Cursor, param: cursor, hasMorePath: $.has_more }
                  relay:
                    request: { method: POST, path: /graphql, body: "{ 'query': 'q', 'variables': { 'after': $cursor } }" }
                    records: $.data.contacts.nodes
                    primaryKey: id
                    pagination: { type: relay, pageInfo: $.data.contacts.pageInfo }
                  bodyCursor:
                    request: { method: POST, path: /search, body: "{ 'after': $cursor }" }
                    records: $.results
                    primaryKey: id
                    pagination: { type: cursor, nextPath: $.next, in: body, totalPath: $.total }
                  capped:
                    request: { path: /b }
                    records: $
                    primaryKey: id
                    pagination: { type: offset, limit: 100, stopOn: empty }
                  pages:
                    request: { path: /c }
                    records: $
                    primaryKey: id
                    pagination: { type: page, size: 50, sizeParam: per_page, stopOn: short, totalPath: $.count }
                """);

        assertThat(spec.streams().get("byHeader").pagination())
                .isEqualTo(new PaginationSpec.Cursor(null, "cursor", "X-Next-Cursor", PaginationSpec.CursorIn.QUERY, "$.has_more", null));
        assertThat(spec.streams().get("relay").pagination()).isEqualTo(new PaginationSpec.Relay("$.data.contacts.pageInfo"));
        assertThat(spec.streams().get("bodyCursor").pagination())
                .isEqualTo(new PaginationSpec.Cursor("$.next", null, null, PaginationSpec.CursorIn.BODY, null, "$.total"));
        assertThat(spec.streams().get("capped").pagination())
                .isEqualTo(new PaginationSpec.Offset("offset", "limit", 100, PaginationSpec.StopOn.EMPTY, null, null));
        assertThat(spec.streams().get("pages").pagination())
                .isEqualTo(new PaginationSpec.Page("page", 1, "per_page", 50, PaginationSpec.StopOn.SHORT, null, "$.count"));
    }

    @Test
    void readsRateLimitRetryTimeoutsAndErrorRules() {
        ConnectorSpec spec = load("""
                rateLimit: { requests: 100, per: 10s, maxConcurrency: 4, learnFromHeaders: true }
                retry: { maxAttempts: 8, maxTotalWait: 5m }
                timeouts: { connect: 2s, read: 30s, total: 2m }
                errors:
                  - { when: { status: 200, bodyPath: "$.errors" }, as: permanent, message: "$.errors[0].message" }
                  - { when: { bodyPath: "$.success", equals: false }, as: permanent }
                  - { when: { status: 400, bodyPath: "$.code", equals: LOCK_TIMEOUT }, as: retryable }
                  - { when: { bodyMatches: "<(soap:)?Fault>" }, as: permanent, message: faultstring }
                streams:
                  users:
                    request: { path: /users }
                    records: $
                    primaryKey: id
                    errors: [ { when: { status: 404 }, as: retryable } ]
                actions:
                  save:
                    request: { path: /save, body: "$records" }
                    errors: [ { when: { bodyPath: "$.ok", equals: 0 }, as: auth } ]
                """);

        assertThat(spec.rateLimit()).isEqualTo(new RateLimitSpec(100, Duration.ofSeconds(10), 4, true));
        assertThat(spec.retry()).isEqualTo(new RetrySpec(8, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(5)));
        assertThat(spec.timeouts()).isEqualTo(new TimeoutSpec(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(2)));
        assertThat(spec.errors()).containsExactly(
                new ErrorRuleSpec(200, "$.errors", null, null, "permanent", "$.errors[0].message"),
                new ErrorRuleSpec(null, "$.success", false, null, "permanent", null),
                new ErrorRuleSpec(400, "$.code", "LOCK_TIMEOUT", null, "retryable", null),
                new ErrorRuleSpec(null, null, null, "<(soap:)?Fault>", "permanent", "faultstring"));
        assertThat(spec.streams().get("users").errors()).containsExactly(new ErrorRuleSpec(404, null, null, null, "retryable", null));
        assertThat(spec.actions().get("save").errors()).containsExactly(new ErrorRuleSpec(null, "$.ok", 0L, null, "auth", null));
    }

    @Test
    void aBudgetMayOnlyCapConcurrencyOrLearnFromHeaders() {
        assertThat(load("rateLimit: { maxConcurrency: 2 }\n").rateLimit()).isEqualTo(new RateLimitSpec(0, null, 2, false));
        assertThat(load("rateLimit: { learnFromHeaders: true }\n").rateLimit()).isEqualTo(new RateLimitSpec(0, null, 0, true));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                argumentSet("requests without per, and a YAML 1.1 boolean", "rateLimit: { requests: 10, learnFromHeaders: yes }",
                        List.of("graph.yaml:4:1 rateLimit: missing required key 'per'",
                                "graph.yaml:4:46 rateLimit.learnFromHeaders: expected true or false, found 'yes'")),
                argumentSet("a total timeout shorter than read, and an unknown timeout", "timeouts: { read: 30s, total: 10s, idle: 1s }",
                        List.of("graph.yaml:4:31 timeouts.total: expected at least read (30s), found '10s'",
                                "graph.yaml:4:36 timeouts.idle: unknown key (allowed: connect, read, total)")),
                argumentSet("errors as a mapping", "errors: { when: { status: 200 } }",
                        List.of("graph.yaml:4:9 errors: expected a list of rules such as '- { when: { status: 200, bodyPath: \"$.errors\" }, as: permanent }', found a mapping")),
                argumentSet("every part of a rule wrong", "errors: [ { when: { status: 700, equals: 1, bodyMatches: '(' }, as: fatal } ]",
                        List.of("graph.yaml:4:29 errors[0].when.status: expected an HTTP status code (100 to 599), found '700'",
                                "graph.yaml:4:42 errors[0].when.equals: needs bodyPath: the value at bodyPath is compared with it",
                                "graph.yaml:4:58 errors[0].when.bodyMatches: not a valid regular expression: Unclosed group near index 1",
                                "graph.yaml:4:69 errors[0].as: 'fatal' is not one of permanent, retryable, auth")),
                argumentSet("an empty condition and a bad message path", "errors: [ { when: {}, as: auth, message: '$..x' } ]",
                        List.of("graph.yaml:4:19 errors[0].when: expected at least one of status, bodyPath, equals, bodyMatches, found nothing",
                                "graph.yaml:4:42 errors[0].message: invalid JSON path '$..x': empty key at position 3")));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void refusesMalformedRuntimeKeys(String yaml, List<String> expected) {
        assertThat(problems(yaml + "\n")).containsExactlyElementsOf(expected);
    }

    @Test
    void aBodyCursorNeedsARequestBody() {
        assertThat(problems("""
                streams:
                  s:
                    request: { path: /s }
                    records: $
                    primaryKey: id
                    pagination: { type: relay, pageInfo: $.pageInfo }
                """)).containsExactly("graph.yaml:9:25 streams.s.pagination.type: relay pagination sends the cursor in the request body; "
                + "add request.body, a JSONata expression using $cursor, such as \"{ 'query': '...', 'variables': { 'after': $cursor } }\"");
    }
}
