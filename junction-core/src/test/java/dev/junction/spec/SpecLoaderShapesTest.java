package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.spec.AuthSpec.Placement;
import dev.junction.spec.FieldMapping.Constant;
import dev.junction.spec.FieldMapping.Expression;
import dev.junction.spec.FieldMapping.ValueMap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every supported shape loads into exactly the expected records. */
class SpecLoaderShapesTest {
    private static final Path VALID = Path.of("src/test/resources/specs/valid");
    private final SpecLoader loader = new SpecLoader();

    @Test
    void loadsEveryShapeOfTheValidDirectoryWithoutProblems() {
        LoadResult result = loader.load(List.of(VALID));

        assertThat(result.problems()).isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(result.specs()).extracting(s -> s.kind() + "/" + s.name()).containsExactly(
                "Connection/crm", "Connection/helpdesk", "Connector/acme-crm", "Connector/helpdesk", "Sync/crm-contacts-to-helpdesk");
    }

    @Test
    void readsAConnectorWithBearerAuthCursorAndOffsetPagination() {
        ConnectorSpec crm = loader.load(List.of(VALID)).connectors().get("acme-crm");

        SourceLocation at = new SourceLocation("src/test/resources/specs/valid/connectors/acme-crm.yaml", 2, 1);
        assertThat(crm).isEqualTo(new ConnectorSpec(
                "acme-crm",
                "1",
                "A CRM",
                ordered("baseUrl", new FieldSpec("baseUrl", "string", false, "http://127.0.0.1:8080", "Where the API lives"),
                        "pageSize", new FieldSpec("pageSize", "integer", false, "100", null),
                        "region", new FieldSpec("region", "string", false, null, null)),
                Map.of("token", new FieldSpec("token", "string", true, null, "API token")),
                "{{ config.baseUrl }}",
                new AuthSpec.Bearer("{{ secrets.token }}"),
                Map.of("User-Agent", "junction", "X-Token", "{{ secrets.token }}"),
                new RetrySpec(3, Duration.ofMillis(200), Duration.ofMinutes(1)),
                new RateLimitSpec(100, Duration.ofSeconds(10)),
                Map.of(
                        "contacts", new StreamSpec("contacts",
                                new RequestSpec("GET", "/v1/contacts", Map.of("limit", "100", "region", "{{ config.region }}"), Map.of(), null),
                                "$.results", "id",
                                new PaginationSpec.Cursor("$.paging.next.after", "after"),
                                new StreamSpec.IncrementalSpec("updatedAt", "updatedSince"),
                                10_000),
                        "companies", new StreamSpec("companies",
                                new RequestSpec("GET", "/v1/companies", Map.of(), Map.of("Authorization-Extra", "{{ secrets.token }}"), null),
                                "$", "id",
                                new PaginationSpec.Offset("offset", "limit", 50),
                                null,
                                20)),
                Map.of(),
                at));
        assertThat(crm.config().keySet()).containsExactly("baseUrl", "pageSize", "region");
        assertThat(crm.streams().keySet()).containsExactly("contacts", "companies");
    }

    @Test
    void aConnectorOptsInToTracePropagationWithTracingPropagate() {
        LoadResult result = loader.loadTexts(List.of(new SourceText("c.yaml", """
                kind: Connector
                name: traced
                baseUrl: http://x
                tracing: { propagate: true }
                ---
                kind: Connector
                name: quiet
                baseUrl: http://x
                """)));

        assertThat(result.problems()).isEmpty();
        assertThat(result.connectors().get("traced").propagateTrace()).isTrue();
        assertThat(result.connectors().get("quiet").propagateTrace()).isFalse();
        assertThat(result.connectors().get("traced").withOperations(Map.of(), Map.of()).propagateTrace()).isTrue();
    }

    @Test
    void readsAConnectorWithApiKeyAuthPagePaginationLinkNextUrlAndActions() {
        ConnectorSpec helpdesk = loader.load(List.of(VALID)).connectors().get("helpdesk");

        assertThat(helpdesk.config()).isEqualTo(Map.of(
                "baseUrl", new FieldSpec("baseUrl", "string", true, null, null),
                "verbose", new FieldSpec("verbose", "boolean", false, "false", null)));
        assertThat(helpdesk.secrets()).isEqualTo(Map.of("apiKey", new FieldSpec("apiKey", "string", true, null, null)));
        assertThat(helpdesk.auth()).isEqualTo(new AuthSpec.ApiKey(Placement.QUERY, "key", "{{ secrets.apiKey }}"));
        assertThat(helpdesk.retry()).isEqualTo(RetrySpec.DEFAULT);
        assertThat(helpdesk.rateLimit()).isNull();
        assertThat(helpdesk.headers()).isEmpty();
        assertThat(helpdesk.streams().get("tickets").pagination()).isEqualTo(new PaginationSpec.Page("page", 0, "per_page", 25));
        assertThat(helpdesk.streams().get("agents").pagination()).isEqualTo(new PaginationSpec.Link());
        assertThat(helpdesk.streams().get("events")).isEqualTo(new StreamSpec("events",
                new RequestSpec("POST", "/events/search", Map.of(), Map.of(), "{ 'since': '2020' }"),
                "$.items", "id", new PaginationSpec.NextUrl("$.next"), null, 10_000));
        assertThat(helpdesk.actions()).isEqualTo(Map.of(
                "upsertUsers", new ActionSpec("upsertUsers",
                        new RequestSpec("POST", "/users/batch", Map.of(), Map.of(), "{ 'users': $records }"),
                        new ActionSpec.BatchLimits(50),
                        new ActionSpec.ResultsSpec("$.results", "error.message", "status", List.of("created"))),
                "deleteUser", new ActionSpec("deleteUser", new RequestSpec("DELETE", "/users", Map.of(), Map.of(), null), null, null)));
    }

    @Test
    void readsConnectionsWithLiteralsAndReferences() {
        Map<String, ConnectionSpec> connections = loader.load(List.of(VALID)).connections();
        String file = "src/test/resources/specs/valid/connections.yaml";

        assertThat(connections.get("crm")).isEqualTo(new ConnectionSpec("crm", "acme-crm", "default", "sandbox",
                Map.of("baseUrl", new ValueRef.Env("ACME_CRM_URL"), "pageSize", new ValueRef.Literal("50")),
                Map.of("token", new ValueRef.Env("ACME_CRM_TOKEN")),
                new SourceLocation(file, 1, 1)));
        assertThat(connections.get("helpdesk")).isEqualTo(new ConnectionSpec("helpdesk", "helpdesk", "t1", "production",
                Map.of("baseUrl", new ValueRef.Literal("http://localhost:9000")),
                Map.of("apiKey", new ValueRef.File("/run/secrets/helpdesk")),
                new SourceLocation(file, 8, 1)));
    }

    @Test
    void readsASyncWithEveryKindOfMappingValue() {
        SyncSpec sync = loader.load(List.of(VALID)).syncs().get("crm-contacts-to-helpdesk");
        String file = "src/test/resources/specs/valid/syncs/crm-to-helpdesk.yaml";

        Map<String, Object> tiers = ordered("gold", 1, "silver", 2, "bronze", 3);
        assertThat(sync).isEqualTo(new SyncSpec(
                "crm-contacts-to-helpdesk",
                "Contacts become users",
                new SyncSpec.Source("crm", "contacts", SyncSpec.ReadMode.INCREMENTAL),
                new SyncSpec.Destination("helpdesk", "upsertUsers", "external_id", SyncSpec.WriteMode.UPSERT),
                List.of(
                        new FieldMapping("external_id", new FieldMapping.Path("id"), new SourceLocation(file, 7, 3)),
                        new FieldMapping("profile.first_name", new FieldMapping.Path("properties.firstname"), new SourceLocation(file, 8, 3)),
                        new FieldMapping("full_name", new Expression("properties.firstname & ' ' & properties.lastname"), new SourceLocation(file, 9, 3)),
                        new FieldMapping("source_system", new Constant("acme"), new SourceLocation(file, 10, 3)),
                        new FieldMapping("score", new Constant(7), new SourceLocation(file, 11, 3)),
                        new FieldMapping("vip", new Constant(false), new SourceLocation(file, 12, 3)),
                        new FieldMapping("nothing", new Constant(null), new SourceLocation(file, 13, 3)),
                        new FieldMapping("priority", new ValueMap("properties.tier", tiers, true, 3), new SourceLocation(file, 14, 3)),
                        new FieldMapping("tier_label", new ValueMap("properties.tier", Map.of("gold", "Gold"), false, null),
                                new SourceLocation(file, 15, 3))),
                new SyncSpec.Batch(10, 4),
                SyncSpec.OnRowError.FAIL,
                new SourceLocation(file, 1, 1)));
    }

    @Test
    void fillsTheDocumentedDefaultsOfAMinimalSet() {
        LoadResult result = loader.loadTexts(List.of(new SourceText("min.yaml", """
                kind: Connector
                name: c
                baseUrl: http://localhost
                streams:
                  s: { request: { path: /s }, records: $, primaryKey: id }
                  p: { request: { path: /p }, records: $, primaryKey: id, pagination: { type: page } }
                actions:
                  a: { request: { path: /a } }
                ---
                kind: Connection
                name: n
                connector: c
                ---
                kind: Sync
                name: y
                source: { connection: n, stream: s }
                destination: { connection: n, action: a, key: id }
                mapping: { id: id }
                """)));

        assertThat(result.problems()).isEmpty();
        ConnectorSpec c = result.connectors().get("c");
        assertThat(c.auth()).isEqualTo(new AuthSpec.None());
        assertThat(c.retry()).isEqualTo(RetrySpec.DEFAULT);
        assertThat(c.config()).isEmpty();
        assertThat(c.secrets()).isEmpty();
        assertThat(c.streams().get("s")).isEqualTo(
                new StreamSpec("s", new RequestSpec("GET", "/s", Map.of(), Map.of(), null), "$", "id", new PaginationSpec.None(), null, 10_000));
        assertThat(c.streams().get("p").pagination()).isEqualTo(new PaginationSpec.Page("page", 1, null, 0));
        assertThat(c.actions().get("a").request().method()).isEqualTo("POST");
        assertThat(result.connections().get("n")).isEqualTo(
                new ConnectionSpec("n", "c", "default", "production", Map.of(), Map.of(), new SourceLocation("min.yaml", 10, 1)));
        SyncSpec y = result.syncs().get("y");
        assertThat(y.source().mode()).isEqualTo(SyncSpec.ReadMode.FULL);
        assertThat(y.destination().mode()).isEqualTo(SyncSpec.WriteMode.UPSERT);
        assertThat(y.batch()).isEqualTo(SyncSpec.Batch.DEFAULT);
        assertThat(y.onRowError()).isEqualTo(SyncSpec.OnRowError.DEAD_LETTER);
        assertThat(y.description()).isNull();
    }

    @Test
    void readsTheOtherAuthSchemesAndEnumValues() {
        LoadResult result = loader.loadTexts(List.of(new SourceText("auth.yaml", """
                kind: Connector
                name: basic
                secrets: { user: {}, password: {} }
                baseUrl: http://localhost
                auth: { type: basic, username: "{{ secrets.user }}", password: "{{ secrets.password }}" }
                ---
                kind: Connector
                name: header-key
                secrets: { apiKey: {} }
                baseUrl: http://localhost
                auth: { type: api-key, name: X-Api-Key, value: "{{ secrets.apiKey }}" }
                ---
                kind: Connector
                name: none
                baseUrl: http://localhost
                auth: { type: none }
                actions:
                  a: { request: { method: patch, path: /a } }
                ---
                kind: Connection
                name: n
                connector: none
                ---
                kind: Sync
                name: y
                source: { connection: n, stream: s }
                destination: { connection: n, action: a, key: id, mode: update }
                mapping: { id: id }
                onRowError: dead-letter
                """)));

        assertThat(result.connectors().get("basic").auth()).isEqualTo(new AuthSpec.Basic("{{ secrets.user }}", "{{ secrets.password }}"));
        assertThat(result.connectors().get("header-key").auth()).isEqualTo(new AuthSpec.ApiKey(Placement.HEADER, "X-Api-Key", "{{ secrets.apiKey }}"));
        assertThat(result.connectors().get("none").auth()).isEqualTo(new AuthSpec.None());
        assertThat(result.connectors().get("none").actions().get("a").request().method()).isEqualTo("PATCH");
        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "auth.yaml:26:34 source.stream: connector 'none' (of connection 'n') has no stream 's' (it declares no streams)");
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... keysAndValues) {
        Map<String, V> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return out;
    }
}
