package dev.junction.importer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.engine.Engine;
import dev.junction.engine.internal.StreamSamples;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineListener;
import dev.junction.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five API descriptions the importer is tested (and benchmarked) on, with what it takes to serve
 * them: the server URL each describes, the credentials the stubs require, the environment a
 * connection made of {@code ${env:...}} references needs, and the stream read end to end.
 *
 * @param file the fixture under {@code import/} on the class path
 * @param postman a Postman collection (else OpenAPI or Swagger)
 * @param server the server URL the description names (its URLs in examples are rewritten to the stubs')
 * @param headers what every stubbed request must carry (the auth)
 * @param values the connection's values by field, besides the base URL (and the token URL, for OAuth)
 * @param stream the stream read end to end
 */
public record ImportFixture(String file, boolean postman, String server, Map<String, String> headers, Map<String, String> values, String stream) {
    private static final String TOKEN_PATH = "/oauth2/token";

    public static List<ImportFixture> all() {
        return List.of(
                new ImportFixture("ledgerly.openapi31.yaml", false, "https://api.ledgerly.example/v1", Map.of("Authorization", "Bearer tok-ledgerly"),
                        Map.of("token", "tok-ledgerly"), "invoices"),
                new ImportFixture("repohub.openapi30.yaml", false, "https://eu.repohub.example/api", Map.of("X-Repohub-Key", "key-123"),
                        Map.of("apiKey", "key-123"), "issues"),
                new ImportFixture("stockroom.swagger2.yaml", false, "https://api.stockroom.example/v2",
                        Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString("clerk:s3cret".getBytes())),
                        Map.of("username", "clerk", "password", "s3cret", "warehouse", "north"), "products"),
                new ImportFixture("fleetline.openapi30.json", false, "https://api.fleetline.example/telemetry/v1", Map.of("Authorization", "Bearer at-fleet"),
                        Map.of("clientId", "fleet-app", "clientSecret", "fleet-secret"), "vehicles"),
                new ImportFixture("mailbird.postman.json", true, "https://api.mailbird.example/v2", Map.of("X-Mailbird-Key", "mb-key"),
                        Map.of("apiKey", "mb-key"), "subscribers"));
    }

    public static ImportFixture named(String file) {
        return all().stream().filter(f -> f.file().equals(file)).findFirst().orElseThrow();
    }

    /** The fixture as a file: the test resource itself, or a copy in a temporary folder when it is inside a jar. */
    public Path path() {
        URL url = ImportFixture.class.getResource("/import/" + file);
        try {
            if (url != null && url.getProtocol().equals("file")) {
                return Path.of(url.toURI());
            }
            Path copy = Files.createTempDirectory("junction-import-").resolve(file);
            try (InputStream in = ImportFixture.class.getResourceAsStream("/import/" + file)) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public ImportedConnector importWith(ConnectorImporter importer, Path path, String name) {
        return postman ? importer.postman(path.toString(), name) : importer.openApi(path.toString(), name);
    }

    /** Stubs the description's examples (and a token endpoint for OAuth) on the server; returns how many examples. */
    public int stub(WireMockServer api, Path path) throws IOException {
        if (values.containsKey("clientSecret")) {
            api.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=client_credentials"))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json")
                            .withBody("{\"access_token\":\"at-fleet\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        }
        return postman ? ExampleStubs.postman(api, path, headers) : ExampleStubs.openApi(api, path, server, headers);
    }

    /** The environment the connection {@link ImportedConnector#connection()} reads: each field under its variable. */
    public Map<String, String> env(ImportedConnector c, WireMockServer api) {
        Map<String, String> env = new LinkedHashMap<>();
        String prefix = c.name().replace('-', '_').toUpperCase(java.util.Locale.ROOT) + "_";
        env.put(prefix + "BASE_URL", ExampleStubs.baseUrl(api, server));
        if (values.containsKey("clientSecret")) {
            env.put(prefix + "TOKEN_URL", api.baseUrl() + TOKEN_PATH);
        }
        values.forEach((field, value) -> env.put(prefix + field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT), value));
        return env;
    }

    /** Up to {@code max} pages of the connection's stream, read through the engine's pipeline: the records' keys (a JSON path: {@code node.id}) per page. */
    public static List<List<String>> read(Engine engine, String connection, String stream, String key, int max) {
        StreamSamples samples = new StreamSamples(engine.definitions().applied(), engine.connections().secrets(),
                engine.connections().pipeline(PipelineListener.NONE, true));
        List<List<String>> pages = new ArrayList<>();
        JsonPath keyPath = JsonPath.parse(key);
        try (ConnectionClient client = samples.client(samples.target(connection, stream))) {
            PageReader reader = client.readStream(stream, ReadOptions.full(CallContext.of(connection)));
            for (int i = 0; i < max; i++) {
                Page page = reader.nextPage().orElse(null);
                if (page == null || page.records().isEmpty()) {
                    break;
                }
                pages.add(page.records().stream().map(r -> keyPath.find(r).asText()).toList());
            }
        }
        return pages;
    }
}
