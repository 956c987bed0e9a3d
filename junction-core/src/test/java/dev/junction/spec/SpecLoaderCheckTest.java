package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A connector's health check, {@code check:}: how it reads, its defaults, and what it refuses with file:line. */
class SpecLoaderCheckTest {
    private final SpecLoader loader = new SpecLoader();

    private LoadResult load(String check) {
        return loader.loadTexts(List.of(new SourceText("api.yaml", """
                kind: Connector
                name: api
                config: { region: { type: string, default: eu } }
                secrets: { token: {} }
                baseUrl: https://api.example.com
                auth: { type: bearer, token: "{{ secrets.token }}" }
                """ + check)));
    }

    private static List<String> problems(LoadResult result) {
        return result.problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void aConnectorWithoutACheckHasNone() {
        LoadResult result = load("");

        assertThat(problems(result)).isEmpty();
        assertThat(result.connectors().get("api").check()).isNull();
    }

    @Test
    void readsACheckWithItsDefaults() {
        LoadResult result = load("check: { request: { path: /v1/me } }\n");

        assertThat(problems(result)).isEmpty();
        CheckSpec check = result.connectors().get("api").check();
        assertThat(check).isEqualTo(new CheckSpec(new RequestSpec("GET", "/v1/me", Map.of(), Map.of(), null), List.of(), null));
        assertThat(check.healthy(200)).isTrue();
        assertThat(check.healthy(204)).isTrue();
        assertThat(check.healthy(301)).isFalse();
    }

    @Test
    void readsEveryPartOfACheck() {
        LoadResult result = load("""
                check:
                  request:
                    method: post
                    path: /v1/ping
                    query: { region: "{{ config.region }}" }
                    headers: { X-Token: "{{ secrets.token }}" }
                    body: "{ 'ping': true }"
                  expect:
                    status: [200, 202]
                    condition: "status = 'active'"
                """);

        assertThat(problems(result)).isEmpty();
        assertThat(result.connectors().get("api").check()).isEqualTo(new CheckSpec(new RequestSpec("POST", "/v1/ping",
                Map.of("region", "{{ config.region }}"), Map.of("X-Token", "{{ secrets.token }}"), "{ 'ping': true }"), List.of(200, 202),
                "status = 'active'"));
        assertThat(result.connectors().get("api").check().healthy(204)).isFalse();
    }

    @Test
    void reportsEachProblemOfACheckWithItsFileAndLine() {
        LoadResult result = load("""
                check:
                  request: { method: FETCH, path: "/v1/{{ config.nope }}" }
                  expect:
                    status: [200, 99, ok]
                    condition: "status = "
                  every: 5m
                """);

        assertThat(problems(result)).containsExactly(
                "api.yaml:8:22 check.request.method: 'FETCH' is not one of GET, POST, PUT, PATCH, DELETE",
                "api.yaml:8:35 check.request.path: unknown template variable 'config.nope' (known: config.region, secrets.token)",
                "api.yaml:10:19 check.expect.status[1]: expected an HTTP status code of a healthy answer (100 to 599), such as status: [200, 204],"
                        + " found '99'",
                "api.yaml:10:23 check.expect.status[2]: expected an HTTP status code of a healthy answer (100 to 599), such as status: [200, 204],"
                        + " found 'ok'",
                "api.yaml:11:16 check.expect.condition: not a valid JSONata expression: Unexpected end of expression (at character 9)",
                "api.yaml:12:3 check.every: unknown key (allowed: request, expect, account)");
    }

    @Test
    void reportsACheckOfTheWrongShape() {
        assertThat(problems(load("check: /v1/me\n"))).containsExactly("api.yaml:7:8 check: expected a mapping with a cheap request and what a"
                + " healthy answer looks like, such as { request: { path: /v1/me }, expect: { status: [200] } }, found '/v1/me'");
        assertThat(problems(load("check: { expect: { status: 200 } }\n"))).containsExactly("api.yaml:7:1 check: missing required key 'request'");
    }
}
