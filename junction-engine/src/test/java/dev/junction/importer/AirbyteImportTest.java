package dev.junction.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction import airbyte}: what an Airbyte low-code manifest becomes, what is left to a human, and how broken manifests are refused. */
class AirbyteImportTest {
    @TempDir
    Path dir;

    private final ConnectorImporter importer = new ConnectorImporter();

    static String fixture(String name) {
        try {
            return Path.of(AirbyteImportTest.class.getResource("/import/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text).toString();
    }

    private static ConnectorSpec load(ImportedConnector c) {
        LoadResult result = new SpecLoader().loadTexts(List.of(new SourceText("c.yaml", c.yaml()), new SourceText("conn.yaml", c.connection())));
        assertThat(result.problems()).isEmpty();
        return result.connectors().get(c.name());
    }

    @Test
    void definitionsReferencesAndParametersMakeCursorPagedStreamsWithIncrementalReadsAndASubStream() {
        ImportedConnector c = importer.airbyte(fixture("pinecrest.airbyte.yaml"), null);

        assertThat(c.name()).isEqualTo("pinecrest");
        assertThat(c.streams()).containsExactly("projects", "tasks");
        assertThat(c.yaml())
                .contains("baseUrl: { type: string, default: \"https://api.pinecrest.example/v2\"")
                .contains("workspace: { type: string, description: \"The workspace's slug\" }")
                .contains("task_status: { type: string, default: open")
                .contains("secrets:\n  api_token: { description: \"API token from Settings > Tokens\" }")
                .contains("auth: { type: bearer, token: \"{{ secrets.api_token }}\" }")
                .contains("request: { path: \"/projects\", query: { per_page: 2 }, headers: { X-Workspace: \"{{ config.workspace }}\" } }")
                .contains("records: \"$.data\"")
                .contains("pagination: { type: cursor, nextPath: \"$.meta.next_cursor\", param: cursor, hasMorePath: \"$.meta.has_more\" }")
                .contains("incremental: { cursorField: updated_at, param: updated_since }")
                .contains("request: { path: \"/projects/{{ parent.id }}/tasks\", query: { status: \"{{ config.task_status }}\", per_page: 2 }")
                .contains("primaryKey: task_id")
                .contains("parent: { stream: projects, key: id }");
        assertThat(String.join("\n", c.needsHuman()))
                .contains("stream 'projects': transformations (AddFields) are not mapped")
                .contains("stream 'projects': the error_handler (response filter IGNORE on [403]; backoff ExponentialBackoffStrategy) is not mapped")
                .contains("stream 'projects': incremental_sync.start_datetime is not mapped")
                .contains("stream 'tasks' request_parameters.since: '{{ stream_interval.start_time }}' uses Jinja that Junction templates cannot express")
                .contains("check (CheckStream) is not mapped")
                .doesNotContain("$parameters").doesNotContain("authenticator differs");
        ConnectorSpec spec = load(c);
        assertThat(spec.streams().get("tasks").primaryKey()).isEqualTo("task_id");
    }

    @Test
    void apiKeyWithAPrefixStartingAfterOffsetPageAndLinkPaging() {
        ImportedConnector c = importer.airbyte(fixture("tollgate.airbyte.yaml"), "tollgate");

        assertThat(c.streams()).containsExactly("charges", "payouts", "disputes", "events");
        assertThat(c.yaml())
                .contains("auth: { type: api-key, in: header, name: Authorization, value: \"Token {{ secrets.api_key }}\" }")
                .contains("request: { path: \"/v1/charges\", query: { currency: \"{{ config.currency }}\", limit: 2 } }")
                .contains("pagination: { type: cursor, nextPath: \"$.data[-1].id\", param: starting_after, hasMorePath: \"$.has_more\" }")
                .contains("pagination: { type: offset, offsetParam: skip, limit: 50, limitParam: take, stopOn: short }")
                .contains("pagination: { type: page, param: page, start: 1, sizeParam: per_page, size: 25, stopOn: short }")
                .contains("pagination: { type: link }");
        assertThat(String.join("\n", c.needsHuman()))
                .contains("record_filter '{{ record['status'] != 'void' }}' is not mapped")
                .contains("the Jinja '| default('usd')' after config currency is dropped")
                .contains("stream 'events': the composite primary key [\"id\",\"created\"] has no Junction form");
        load(c);
    }

    @Test
    void oauthRefreshTokenATemplatedBaseUrlANextUrlAndACursorInTheBody() {
        ImportedConnector c = importer.airbyte(fixture("harborline.airbyte.yaml"), null);

        assertThat(c.yaml())
                .contains("baseUrl: \"{{ config.base_url }}/api\"")
                .contains("auth: { type: oauth2, grant: refresh_token, tokenUrl: \"{{ config.tokenUrl }}\", clientId: \"{{ config.client_id }}\","
                        + " clientSecret: \"{{ secrets.client_secret }}\", refreshToken: \"{{ secrets.refresh_token }}\", scopes: [shipments.read] }")
                .contains("tokenUrl: { type: string, default: \"https://auth.harborline.example/oauth/token\"")
                .contains("pagination: { type: next-url, nextPath: \"$.links.next\" }")
                .contains("body: \"{ \\\"status\\\": \\\"in_transit\\\", \\\"limit\\\": 100, \\\"next_token\\\": $cursor }\"")
                .contains("pagination: { type: cursor, nextPath: \"$.next_token\", in: body }")
                .doesNotContain("baseUrl: { type: string");
        assertThat(String.join("\n", c.needsHuman()))
                .contains("the field_path step '*' (a wildcard or template) has no JSON path form")
                .contains("stop_condition '{{ now_utc() > config['end'] }}' is not mapped")
                .contains("request_body_json.owner: a template in a JSON body has no Junction form");
        load(c);
    }

    @Test
    void anOAuthAuthenticatorsTokenFieldsBodyAndUndeclaredSecretImportAndAFieldJunctionWritesIsLeftToAHuman() throws IOException {
        String manifest = """
                type: DeclarativeSource
                definitions:
                  requester:
                    type: HttpRequester
                    url_base: "https://x.example/api"
                    path: /widgets
                    authenticator:
                      type: OAuthAuthenticator
                      grant_type: client_credentials
                      token_refresh_endpoint: "https://x.example/oauth/token"
                      client_id: "{{ config['client_id'] }}"
                      client_secret: "{{ config['client_secret'] }}"
                      refresh_request_body: { account_id: "{{ config['account_id'] }}", region: eu, FIELD }
                      access_token_name: accessToken
                      expires_in_name: expiresAt
                      token_expiry_is_time_of_expiration: true
                streams:
                  - name: widgets
                    primary_key: id
                    retriever: { requester: { $ref: "#/definitions/requester" }, record_selector: { extractor: { field_path: [items] } } }
                """;
        ImportedConnector c = importer.airbyte(file("manifest.yaml", manifest.replace(", FIELD", "")), "widgets");

        assertThat(c.yaml()).contains("tokenParams: { account_id: \"{{ config.account_id }}\", region: eu }")
                .contains("clientSecret: \"{{ secrets.client_secret }}\"")
                .contains("tokenResponse: { accessToken: \"$.accessToken\", expiresAt: \"$.expiresAt\" }");
        assertThat(String.join("\n", c.needsHuman())).doesNotContain("is not mapped")
                .contains("authenticator.client_secret: config['client_secret'] is not a property of spec.connection_specification; it is an"
                        + " optional secret (a credential)");
        assertThat(String.join("\n", c.guessed())).contains("authenticator.client_secret: config field client_secret is a credential, so it is a"
                + " secret here (the spec does not mark it airbyte_secret)");
        load(c);

        ImportedConnector reserved = importer.airbyte(file("reserved.yaml", manifest.replace("FIELD", "audience: https://api.x.example")), "widgets");
        assertThat(String.join("\n", reserved.needsHuman()))
                .contains(".refresh_request_body.audience is not mapped (Junction writes audience from its own settings); check auth:");
    }

    @Test
    void aJwtAuthenticatorImportsAsJwtAuthWithItsKeyHeadersClaimsAndLifetime() throws IOException {
        String manifest = """
                type: DeclarativeSource
                definitions:
                  requester:
                    type: HttpRequester
                    url_base: "https://api.appstoreconnect.example/v1"
                    path: /apps
                    authenticator:
                      type: JwtAuthenticator
                      secret_key: "{{ config['private_key'] }}"
                      algorithm: ALGORITHM
                      token_duration: 1200
                      header_prefix: Bearer
                      jwt_headers: { kid: "{{ config['key_id'] }}", typ: JWT }
                      jwt_payload: { iss: "{{ config['issuer_id'] }}", aud: appstoreconnect-v1 }
                      additional_jwt_payload: { scope_version: 2 }
                spec:
                  connection_specification:
                    properties:
                      private_key: { type: string, airbyte_secret: true }
                      key_id: { type: string }
                      issuer_id: { type: string }
                streams:
                  - name: apps
                    primary_key: id
                    retriever: { requester: { $ref: "#/definitions/requester" }, record_selector: { extractor: { field_path: [data] } } }
                """;
        ImportedConnector c = importer.airbyte(file("asc.yaml", manifest.replace("ALGORITHM", "ES256")), "asc");

        assertThat(c.yaml()).contains("type: jwt").contains("algorithm: ES256").contains("privateKey: \"{{ secrets.private_key }}\"")
                .contains("keyId: \"{{ config.key_id }}\"").contains("iss: \"{{ config.issuer_id }}\"").contains("aud: appstoreconnect-v1")
                .contains("scope_version: 2").contains("lifetime: \"1200s\"").contains("notBefore: true").contains("prefix: \"Bearer \"");
        assertThat(String.join("\n", c.needsHuman())).doesNotContain("JwtAuthenticator");
        ConnectorSpec spec = load(c);
        assertThat(spec.auth()).isInstanceOfSatisfying(dev.junction.spec.AuthSpec.Jwt.class, jwt -> {
            assertThat(jwt.claims()).containsEntry("scope_version", 2);
            assertThat(jwt.lifetime()).isEqualTo(java.time.Duration.ofMinutes(20));
        });

        ImportedConnector secp256k1 = importer.airbyte(file("k1.yaml", manifest.replace("ALGORITHM", "ES256K")), "asc");
        assertThat(String.join("\n", secp256k1.needsHuman())).contains("the JwtAuthenticator's algorithm 'ES256K' is not one Junction signs with");
    }

    @Test
    void aSessionTokenAuthenticatorImportsAsASessionLoginAndWhatItCannotSayIsNoted() throws IOException {
        String manifest = """
                type: DeclarativeSource
                definitions:
                  requester:
                    type: HttpRequester
                    url_base: "https://api.metabase.example"
                    path: /api/card
                    authenticator:
                      type: SessionTokenAuthenticator
                      login_requester:
                        type: HttpRequester
                        url_base: "https://api.metabase.example"
                        path: api/session
                        http_method: POST
                        request_headers: { X-Client: junction }
                        request_body_json: { username: "{{ config['username'] }}", password: "{{ config['password'] }}", meta: { remember: true } }
                      session_token_path: [id]
                      expiration_duration: P13D
                      request_authentication: { type: ApiKey, inject_into: { type: RequestOption, inject_into: header, field_name: X-Metabase-Session } }
                spec:
                  connection_specification:
                    properties:
                      username: { type: string }
                      password: { type: string, airbyte_secret: true }
                streams:
                  - name: cards
                    primary_key: id
                    retriever: { requester: { $ref: "#/definitions/requester" }, record_selector: { extractor: { field_path: [] } } }
                """;
        ImportedConnector c = importer.airbyte(file("metabase.yaml", manifest), "metabase");

        assertThat(c.yaml()).contains("type: session").contains("loginUrl: \"/api/session\"").contains("method: POST")
                .contains("password: \"{{ secrets.password }}\"").contains("remember: true").contains("X-Client: junction")
                .contains("tokenPath: \"$.id\"").contains("ttl: \"1123200s\"").contains("name: X-Metabase-Session").contains("prefix: \"\"");
        assertThat(String.join("\n", c.needsHuman())).doesNotContain("SessionTokenAuthenticator", "session_token_path");
        ConnectorSpec spec = load(c);
        assertThat(spec.auth()).isInstanceOfSatisfying(dev.junction.spec.AuthSpec.Session.class, session -> {
            assertThat(session.body()).containsEntry("meta", java.util.Map.of("remember", true));
            assertThat(session.ttl()).isEqualTo(java.time.Duration.ofDays(13));
        });

        ImportedConnector oddPath = importer.airbyte(file("odd-path.yaml", manifest.replace("session_token_path: [id]",
                "session_token_path: [\"data\", \"the token\"]")), "metabase");
        assertThat(String.join("\n", oddPath.needsHuman())).contains(".session_token_path [data, the token] is not mapped (expected field names)");
        assertThat(oddPath.yaml()).doesNotContain("\nauth:");
    }

    @Test
    void siblingKeysOverrideAReferenceAndParametersFillTemplatesInBothSpellings() throws IOException {
        String path = file("manifest.yaml", """
                type: DeclarativeSource
                definitions:
                  requester: { type: HttpRequester, url_base: "https://x.example/api", path: "/wrong", http_method: GET }
                  stream:
                    type: DeclarativeStream
                    retriever:
                      type: SimpleRetriever
                      requester: { $ref: "#/definitions/requester", path: "/{{ parameters['path'] }}/all" }
                      record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: ["{{ parameters.records }}"] } }
                streams:
                  - $ref: "#/definitions/stream"
                    $parameters: { name: widgets, path: widgets, primary_key: [sku], records: items }
                """);
        ImportedConnector c = importer.airbyte(path, "widgets");

        assertThat(c.yaml()).contains("request: { path: \"/widgets/all\" }").contains("records: \"$.items\"").contains("primaryKey: sku")
                .contains("spec.connection_specification has no properties").doesNotContain("\nauth:");
        load(c);
    }

    @Test
    void malformedManifestsAreRefusedSayingWhereAndWhatWasExpected() throws IOException {
        String notYaml = file("broken.yaml", "streams: [\n");
        assertThatThrownBy(() -> importer.airbyte(notYaml, null)).isInstanceOf(ImportException.class).hasMessageStartingWith(notYaml + ":1:11: not YAML or JSON: ");

        String noStreams = file("spec.yaml", "version: 6.0.0\ntype: DeclarativeSource\nspec: {}\n");
        assertThatThrownBy(() -> importer.airbyte(noStreams, null)).hasMessage(noStreams
                + ": not an Airbyte declarative manifest: expected a non-empty 'streams' list (and type: DeclarativeSource), found keys version, type, spec");

        String missing = file("missing.yaml", """
                type: DeclarativeSource
                definitions: { requester: { type: HttpRequester }, paginator: { type: NoPagination } }
                streams:
                  - name: a
                    retriever: { requester: { $ref: "#/definitions/requestr" } }
                """);
        assertThatThrownBy(() -> importer.airbyte(missing, null)).hasMessage(missing
                + ": streams[0].retriever.requester.$ref: \"#/definitions/requestr\" points to nothing in the manifest; expected one of #/definitions/{requester, paginator}");

        String loop = file("loop.yaml", """
                type: DeclarativeSource
                definitions:
                  a: { $ref: "#/definitions/b" }
                  b: { type: X, inner: { $ref: "#/definitions/a" } }
                streams:
                  - $ref: "#/definitions/a"
                """);
        assertThatThrownBy(() -> importer.airbyte(loop, null)).hasMessage(loop
                + ": definitions.a.inner.$ref: \"#/definitions/b\" refers back to itself (#/definitions/b -> #/definitions/a -> #/definitions/b); expected definitions without a loop");

        String source = file("other.yaml", "type: Spec\nstreams: []\n");
        assertThatThrownBy(() -> importer.airbyte(source, null)).hasMessage(source + ": type is 'Spec'; expected an Airbyte manifest with type: DeclarativeSource");
    }

    @Test
    void unmappedComponentsAreNotesNotCrashes() throws IOException {
        String path = file("odd.yaml", """
                type: DeclarativeSource
                streams:
                  - type: DeclarativeStream
                    name: things
                    retriever:
                      type: SimpleRetriever
                      requester:
                        type: HttpRequester
                        url_base: "https://odd.example"
                        path: /things
                        authenticator: { type: SelectiveAuthenticator, authenticator_selection_path: [auth_type] }
                        request_parameters: { key: "{{ config['secret_key'] }}" }
                      record_selector: { extractor: { type: DpathExtractor, field_path: [] } }
                      paginator: { type: DefaultPaginator, pagination_strategy: { type: StopConditionPaginationStrategyDecorator } }
                      partition_router: { type: ListPartitionRouter, values: [a, b], cursor_field: kind }
                  - type: DeclarativeStream
                    name: async
                    retriever: { type: AsyncRetriever }
                spec:
                  connection_specification:
                    properties: { secret_key: { type: string, airbyte_secret: true }, tags: { type: array } }
                """);
        ImportedConnector c = importer.airbyte(path, null);

        assertThat(c.streams()).containsExactly("things");
        assertThat(String.join("\n", c.needsHuman()))
                .contains("stream 'things' authenticator: the authenticator SelectiveAuthenticator is not mapped")
                .contains("request_parameters.key names a secret; Junction keeps secrets out of URLs")
                .contains("StopConditionPaginationStrategyDecorator is not mapped")
                .contains("partition_router ListPartitionRouter is not mapped")
                .contains("stream 'async': retriever AsyncRetriever is not mapped; not imported")
                .contains("spec property tags: type array has no config field type");
        assertThat(c.yaml()).contains("request: { path: \"/things\" }").doesNotContain("\nauth:");
        load(c);
    }
}
