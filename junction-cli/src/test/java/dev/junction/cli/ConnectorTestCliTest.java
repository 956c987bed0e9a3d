package dev.junction.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction connector test CONNECTION STREAM}: the sandbox CRM's contacts, and a JSON-RPC API played by WireMock that refuses. */
class ConnectorTestCliTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");

    @RegisterExtension
    static final WireMockExtension rpc = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void showsTheFirstRecordsThePagesCountTheNextPageAndTheFieldTypes() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(120).withCrmRateLimit(0).withHelpdeskUsers(0))) {
            CliRunner cli = CliRunner.forSandbox(dataDir, sandbox);
            assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();

            CliRunner.Result test = cli.run("connector", "test", "crm", "contacts", "--limit", "3");

            assertThat(test.exitCode()).as(test.toString()).isZero();
            assertThat(test.out()).startsWith("  first page of crm/contacts: 50 record(s), the first 3 shown\n"
                    + "  next page: GET " + sandbox.crm().baseUrl() + "/v1/contacts?limit=50&after=")
                    .contains("  id").contains("field types inferred from the page's 50 record(s):")
                    .containsPattern("\\n  properties\\.email +string/email +yes")
                    .contains("\n  c-00003  {\"email\":");
            assertThat(test.out().lines().filter(line -> line.startsWith("  c")).count()).as(test.out()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void printsJsonWithTheRecordsThePagesCountTheNextPageAndTheSchema() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(7).withCrmRateLimit(0).withHelpdeskUsers(0))) {
            CliRunner cli = CliRunner.forSandbox(dataDir, sandbox);
            assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();

            CliRunner.Result test = cli.run("connector", "test", "crm", "contacts", "--limit", "2", "--json");

            assertThat(test.exitCode()).as(test.toString()).isZero();
            JsonNode out = json.readTree(test.out());
            assertThat(out.path("pageRecords").asInt()).isEqualTo(7);
            assertThat(out.path("records")).hasSize(2);
            assertThat(out.path("records").get(0).has("id")).isTrue();
            assertThat(out.path("next").isNull()).as("one page holds all 7").isTrue();
            assertThat(out.path("schema").path("properties").path("properties").path("properties").path("email").path("type").asText())
                    .isEqualTo("string");
        }
    }

    @Test
    void aRefusedReadExitsOneWithTheErrorsCategoryAndCode() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(3).withCrmRateLimit(0).withHelpdeskUsers(0))) {
            CliRunner cli = CliRunner.forSandbox(dataDir, sandbox).env("ACME_CRM_TOKEN", "wrong-token");
            assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();

            CliRunner.Result test = cli.run("connector", "test", "crm", "contacts");

            assertThat(test.exitCode()).as(test.toString()).isOne();
            assertThat(test.err()).startsWith("junction: could not read the first page of crm/contacts: GET " + sandbox.crm().baseUrl()
                    + "/v1/contacts?limit=50 was refused with HTTP 401: error unauthorized: ")
                    .endsWith("\n  category auth, code unauthorized (http_401)\n")
                    .doesNotContain("wrong-token");
        }
    }

    @Test
    void aJsonRpcErrorIsPrintedAsJsonWithItsCode() throws Exception {
        rpc.stubFor(post(urlPathEqualTo("/rpc")).willReturn(okJson("""
                {"jsonrpc": "2.0", "id": 1, "error": {"code": -32602, "message": "Invalid params", "data": {"limit": "must be at most 100"}}}""")));
        Files.writeString(work.resolve("billing.yaml"), """
                kind: Connector
                name: billing
                config:
                  baseUrl: { type: string }
                baseUrl: "{{ config.baseUrl }}"
                streams:
                  invoices:
                    request: { path: /rpc }
                    jsonrpc: { method: invoice.list, params: '{"limit": 500}' }
                    records: items
                    primaryKey: id
                ---
                kind: Connection
                name: billing
                connector: billing
                config: { baseUrl: "%s" }
                """.formatted(rpc.baseUrl()));
        CliRunner cli = new CliRunner(dataDir);
        CliRunner.Result applied = cli.run("apply", work.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();

        CliRunner.Result test = cli.run("connector", "test", "billing", "invoices", "--json");

        assertThat(test.exitCode()).as(test.toString()).isOne();
        JsonNode out = json.readTree(test.out());
        assertThat(out.path("errorCategory").asText()).isEqualTo("permanent");
        assertThat(out.path("errorCode").asText()).isEqualTo("-32602");
        assertThat(out.path("error").asText()).endsWith("answered HTTP 200 with an error: JSON-RPC error -32602: Invalid params: {\"limit\":\"must be at most 100\"}");
    }
}
