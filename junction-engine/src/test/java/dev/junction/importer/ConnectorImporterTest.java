package dev.junction.importer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the importer decides from small descriptions, and how it refuses files that are not descriptions. */
class ConnectorImporterTest {
    @TempDir
    Path dir;

    private final ConnectorImporter importer = new ConnectorImporter();

    private String file(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file.toString();
    }

    private static ConnectorSpec load(ImportedConnector c) {
        LoadResult result = new SpecLoader().loadTexts(List.of(new SourceText("c.yaml", c.yaml()), new SourceText("conn.yaml", c.connection())));
        assertThat(result.problems()).isEmpty();
        return result.connectors().get(c.name());
    }

    @Test
    void aYamlFileThatIsNotADescriptionIsRefusedNamingWhatWasExpected() throws IOException {
        String path = file("connector.yaml", "kind: Connector\nname: crm\n");
        assertThatThrownBy(() -> importer.openApi(path, null)).isInstanceOf(ImportException.class).hasMessage(path
                + ": not an OpenAPI or Swagger description: expected a top-level key 'openapi' (3.0, 3.1) or 'swagger' (2.0), found keys kind, name");
    }

    @Test
    void brokenYamlIsRefusedWithItsLineAndColumn() throws IOException {
        String path = file("broken.yaml", "openapi: 3.0.0\ninfo: [\n");
        assertThatThrownBy(() -> importer.openApi(path, null)).isInstanceOf(ImportException.class)
                .hasMessage(path + ":2:8: not YAML or JSON: while parsing a flow node: expected the node content, but found '<stream end>'");
    }

    @Test
    void aMissingFileAndAnUnsupportedVersionAreClearErrors() throws IOException {
        assertThatThrownBy(() -> importer.openApi(dir.resolve("nope.yaml").toString(), null)).hasMessage(dir.resolve("nope.yaml") + ": no such file");
        String old = file("old.json", "{\"swagger\": \"1.2\", \"apis\": []}");
        assertThatThrownBy(() -> importer.openApi(old, null))
                .hasMessage(old + ": version '1.2' is not supported; expected openapi: 3.0.x or 3.1.x, or swagger: \"2.0\"");
    }

    @Test
    void postmanRefusesAnOpenApiFileAndAVersionOneCollection() throws IOException {
        String openapi = file("api.json", "{\"openapi\": \"3.0.0\", \"info\": {}, \"paths\": {}}");
        assertThatThrownBy(() -> importer.postman(openapi, null)).hasMessage(openapi
                + ": not a Postman collection: expected an object with 'info' and an 'item' array (a Collection v2.1 export), found keys openapi, info,"
                + " paths; this looks like OpenAPI: use junction import openapi");
        String v1 = file("v1.json", "{\"id\": \"x\", \"name\": \"old\", \"requests\": []}");
        assertThatThrownBy(() -> importer.postman(v1, null)).hasMessageContaining("a Postman collection v1; export it again as Collection v2.1");
        String notJson = file("notes.txt", "hello");
        assertThatThrownBy(() -> importer.postman(notJson, null)).hasMessageStartingWith(notJson + ":1:1: not JSON: Unrecognized token 'hello'");
    }

    @Test
    void namesAreSanitisedAndDuplicatesGetASuffix() throws IOException {
        String path = file("dup.yaml", """
                openapi: 3.0.0
                info: { title: "Über API!", version: "1" }
                servers: [{ url: "https://x.example" }]
                paths:
                  /v1/users:
                    get:
                      responses: { "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: object, properties: { user_id: { type: integer } } } } } } } }
                  /v2/users:
                    get:
                      responses: { "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: object } } } } } }
                  /v2/users/{user id}:
                    put: { operationId: "1 save user", responses: { "200": { description: ok } } }
                    delete: { operationId: "1 save user", responses: { "204": { description: ok } } }
                """);
        ImportedConnector c = importer.openApi(path, "My API!");

        assertThat(c.name()).isEqualTo("my-api");
        assertThat(c.streams()).containsExactly("users", "v2_users");
        assertThat(c.actions()).containsExactly("_1_save_user", "_1_save_user_2");
        ConnectorSpec spec = load(c);
        assertThat(spec.streams().get("users").primaryKey()).isEqualTo("user_id");
        assertThat(c.needsHuman()).contains("stream 'v2_users': no field of its records looks like a key; primaryKey is 'id', check it");
        assertThat(c.guessed()).contains("name 'My API!' is not a connector name ([a-z0-9][a-z0-9-]*); used 'my-api'");
    }

    @Test
    void oauthAuthorizationCodeAndAQueryApiKeyBecomeTheirConnectorAuth() throws IOException {
        String code = file("code.yaml", """
                openapi: 3.0.0
                info: { title: Notes, version: "1" }
                servers: [{ url: "https://notes.example/api" }]
                security: [{ oauth: [notes.read] }]
                paths: {}
                components:
                  securitySchemes:
                    oauth:
                      type: oauth2
                      flows:
                        authorizationCode:
                          authorizationUrl: https://notes.example/oauth/authorize
                          tokenUrl: https://notes.example/oauth/token
                          scopes: { notes.read: read }
                """);
        ConnectorSpec spec = load(importer.openApi(code, null));
        assertThat(spec.auth()).isInstanceOfSatisfying(dev.junction.spec.AuthSpec.OAuth2.class, oauth -> {
            assertThat(oauth.grant().toString()).isEqualToIgnoringCase("authorization_code");
            assertThat(oauth.scopes()).containsExactly("notes.read");
            assertThat(oauth.connect().authorizeUrl()).isEqualTo("{{ config.authorizeUrl }}");
        });
        assertThat(spec.config().get("authorizeUrl").defaultValue()).isEqualTo("https://notes.example/oauth/authorize");
        assertThat(spec.secrets()).containsKeys("clientSecret", "accessToken", "refreshToken");

        String query = file("query.yaml", """
                openapi: 3.1.0
                info: { title: Weather, version: "1" }
                servers: [{ url: "https://weather.example" }]
                paths: {}
                components: { securitySchemes: { key: { type: apiKey, in: query, name: appid } } }
                """);
        ImportedConnector weather = importer.openApi(query, null);
        assertThat(weather.yaml()).contains("auth: { type: api-key, in: query, name: appid, value: \"{{ secrets.apiKey }}\" }");
        assertThat(weather.needsHuman()).anySatisfy(n -> assertThat(n).startsWith("no list endpoint was found"));
        load(weather);

        String atlas = file("atlas.yaml", """
                openapi: 3.0.1
                info: { title: MongoDB Atlas Administration API, version: "2.0" }
                servers: [{ url: "https://cloud.mongodb.com" }]
                security: [{ DigestAuth: [] }]
                paths: {}
                components: { securitySchemes: { DigestAuth: { type: http, scheme: digest } } }
                """);
        assertThat(load(importer.openApi(atlas, null)).auth()).isInstanceOfSatisfying(dev.junction.spec.AuthSpec.Digest.class,
                digest -> assertThat(digest.password()).isEqualTo("{{ secrets.password }}"));
    }

    @Test
    void aDescriptionIsReadFromAUrl() throws IOException {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            server.stubFor(get(urlPathEqualTo("/openapi.yaml")).willReturn(aResponse().withBody(
                    Files.readString(Path.of("src/test/resources/import/ledgerly.openapi31.yaml")))));
            ImportedConnector c = importer.openApi(server.baseUrl() + "/openapi.yaml", null);
            assertThat(c.streams()).containsExactly("invoices", "customers");
            assertThat(c.yaml()).startsWith("# Imported by junction import openapi from " + server.baseUrl() + "/openapi.yaml\n");
            String missing = server.baseUrl() + "/missing.yaml";
            assertThatThrownBy(() -> importer.openApi(missing, null)).hasMessage(missing + ": answered HTTP 404; expected the description (HTTP 200)");
        } finally {
            server.stop();
        }
    }

    @Test
    void aListUnderAParentsKeyBecomesASubStreamAndOtherPathParametersConfigFields() throws IOException {
        String path = file("nested.yaml", """
                openapi: 3.0.0
                info: { title: Code, version: "1" }
                servers: [{ url: "https://code.example" }]
                components:
                  schemas:
                    Named: { type: array, items: { type: object, properties: { login: { type: string }, id: { type: integer } } } }
                paths:
                  /orgs/{org}/members:
                    get: { responses: { "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Named" } } } } } }
                  /orgs:
                    get: { responses: { "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Named" } } } } } }
                  /repos/{owner}/{repo}/issues:
                    get: { responses: { "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Named" } } } } } }
                  /orgs/{org}:
                    get: { responses: { "200": { description: ok, content: { application/json: { schema: { type: object } } } } } }
                """);
        ImportedConnector c = importer.openApi(path, null);

        assertThat(c.streams()).containsExactly("orgs", "members", "issues");
        ConnectorSpec spec = load(c);
        assertThat(spec.streams().get("members").parent().stream()).isEqualTo("orgs");
        assertThat(c.yaml()).contains("request: { path: \"/orgs/{{ parent.id }}/members\" }").contains("parent: { stream: orgs, key: id }")
                .contains("request: { path: \"/repos/{{ config.owner }}/{{ config.repo }}/issues\" }");
        assertThat(spec.config()).containsKeys("owner", "repo");
    }

    @Test
    void postmanReadsLinkHeadersAndBearerAuthFromSavedResponsesAndSaysWhatHasNoValue() throws IOException {
        String path = file("links.postman.json", """
                {
                  "info": { "name": "Tickets", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
                  "variable": [ { "key": "host", "value": "" } ],
                  "item": [ {
                    "name": "List tickets",
                    "request": {
                      "method": "GET",
                      "auth": { "type": "bearer", "bearer": [ { "key": "token", "value": "{{token}}" } ] },
                      "url": { "raw": "{{host}}/tickets?per_page=25&page=1", "query": [ { "key": "per_page", "value": "25" }, { "key": "page", "value": "1" } ] }
                    },
                    "response": [ {
                      "name": "ok", "code": 200,
                      "header": [ { "key": "Link", "value": "<https://t.example/tickets?page=2>; rel=\\"next\\"" } ],
                      "body": "{ \\"tickets\\": [ { \\"ticket_id\\": 1, \\"subject\\": \\"Hi\\" } ] }"
                    } ]
                  } ]
                }
                """);
        ImportedConnector c = importer.postman(path, null);

        ConnectorSpec spec = load(c);
        assertThat(spec.streams().get("tickets").records()).isEqualTo("$.tickets");
        assertThat(spec.streams().get("tickets").primaryKey()).isEqualTo("ticket_id");
        assertThat(c.yaml()).contains("auth: { type: bearer, token: \"{{ secrets.token }}\" }")
                .contains("request: { path: \"/tickets\", query: { per_page: 25 } }").contains("pagination: { type: link }");
        assertThat(c.needsHuman()).contains("{{host}} has no value among the collection's variables; every connection sets config.baseUrl");
    }
}
