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

    static String example(String file) {
        try {
            return Files.readString(EXAMPLES.resolve(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
