package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The files of {@code examples/saas} for the tests that run them against WireMock, and what those tests share. */
final class SaasExampleFiles implements AutoCloseable {
    private static final Path EXAMPLES = Path.of("..", "examples", "saas");

    private final List<ConnectionClient> clients = new ArrayList<>();

    /** The example connector {@code name} ({@code NAME.connector.yaml}), as loaded. */
    static dev.junction.spec.ConnectorSpec connector(String name) {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText(name + ".connector.yaml", example(name + ".connector.yaml"))));
        assertThat(loaded.problems()).isEmpty();
        return loaded.connectors().get(name);
    }

    static String example(String file) {
        try {
            return Files.readString(EXAMPLES.resolve(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every definition file of {@code examples/saas} ({@code *.yaml}) as it is, in name order. */
    static List<SourceText> all() {
        try (java.util.stream.Stream<Path> files = Files.list(EXAMPLES)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml")).sorted()
                    .map(name -> new SourceText(name, example(name))).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An engine on {@code dataDir} with the example's Stripe and HubSpot connectors and its sync as they are, their connections
     * to {@code baseUrl} (WireMock) instead of the real hosts. The Stripe connection names its webhook secret as
     * connections.yaml does, from {@code STRIPE_WEBHOOK_SECRET}: optional, so only {@code env} that sets it lets deliveries in.
     */
    static Engine stripeToHubSpot(Path dataDir, String baseUrl, Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("JUNCTION_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(new byte[32]),
                "STRIPE_KEY", "sk_test_abc123", "HUBSPOT_TOKEN", "pat-na1-abc123"));
        all.putAll(env);
        Engine engine = Engine.open(EngineConfig.embedded(dataDir, all::get));
        var applied = engine.definitions().apply(List.of(
                new SourceText("stripe.connector.yaml", example("stripe.connector.yaml")),
                new SourceText("hubspot.connector.yaml", example("hubspot.connector.yaml")),
                new SourceText("stripe-customers-to-hubspot.sync.yaml", example("stripe-customers-to-hubspot.sync.yaml")),
                new SourceText("connections.yaml", """
                        kind: Connection
                        name: stripe
                        connector: stripe
                        config: { baseUrl: "%1$s" }
                        secrets: { secretKey: "${env:STRIPE_KEY}", webhookSecret: "${env:STRIPE_WEBHOOK_SECRET}" }
                        ---
                        kind: Connection
                        name: hubspot
                        connector: hubspot
                        config: { baseUrl: "%1$s" }
                        secrets: { accessToken: "${env:HUBSPOT_TOKEN}" }
                        """.formatted(baseUrl))), "test");
        if (!applied.ok()) {
            engine.close();
        }
        assertThat(applied.ok()).as(applied.toString()).isTrue();
        return engine;
    }

    /** A client of the example connector {@code connector} through {@code connection} (a Connection document named like it). */
    ConnectionClient client(String connector, String connection, Map<String, String> env) {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText(connector + ".connector.yaml", example(connector + ".connector.yaml")),
                new SourceText("connection.yaml", connection)));
        assertThat(loaded.problems()).isEmpty();
        ConnectionClient client = ConnectionClient.create(loaded.connectors().get(connector), loaded.connections().get(connector),
                new EnvSecretResolver(env::get), PipelineOptions.builder().build());
        clients.add(client);
        return client;
    }

    /** Every record's {@code id} (as text), reading the stream to its end. */
    static List<String> ids(PageReader reader) {
        List<String> ids = new ArrayList<>();
        for (Optional<Page> page = reader.nextPage(); page.isPresent(); page = reader.nextPage()) {
            page.get().records().forEach((JsonNode record) -> ids.add(record.path("id").asText()));
        }
        return ids;
    }

    @Override
    public void close() {
        clients.forEach(ConnectionClient::close);
    }
}
