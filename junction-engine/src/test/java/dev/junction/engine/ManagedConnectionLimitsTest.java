package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.engine.ManagedConnections.Change;
import dev.junction.engine.ManagedConnections.NewConnection;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ExchangeLogSpec;
import dev.junction.spec.RateLimitSpec;
import dev.junction.spec.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection made through the engine (the connections API) with its own rateLimit, retry, timeouts
 * and exchangeLog: written into its definition, checked by the connector readers when applied, kept
 * when the connection changes, and removed with an empty block.
 */
class ManagedConnectionLimitsTest {
    private static final Path CONNECTOR = Path.of("..", "examples", "demo", "acme-crm.connector.yaml");

    @TempDir
    Path dataDir;

    private Engine engine;

    @BeforeEach
    void start() throws IOException {
        engine = Engine.open(EngineConfig.embedded(dataDir, Map.<String, String>of()::get));
        assertThat(engine.definitions().apply(List.of(new SourceText(CONNECTOR.toString(), Files.readString(CONNECTOR)))).ok()).isTrue();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private ConnectionSpec create(String name, Map<String, Object> limits) {
        return engine.managedConnections().create(new NewConnection(name, "acme-crm", "northwind", null, Map.of("baseUrl", "http://127.0.0.1:9"),
                Map.of("token", "t-123"), null, limits), "tok", null).connection();
    }

    private ConnectionSpec change(String name, Map<String, String> config, Map<String, Object> limits) {
        return engine.managedConnections().update(name, "northwind", new Change(config, null, null, false, null, limits), "tok").connection();
    }

    @Test
    void theConnectionsOwnBlocksAreAppliedAndKeptWhenItChanges() {
        ConnectionSpec made = create("crm-plan", Map.of("rateLimit", Map.of("requests", 7, "per", "1s"), "exchangeLog", Map.of("bodies", "none")));

        assertThat(made.rateLimit()).isEqualTo(new RateLimitSpec(7, Duration.ofSeconds(1)));
        assertThat(made.exchangeLog()).isEqualTo(new ExchangeLogSpec(ExchangeLogSpec.Bodies.NONE, ExchangeLogSpec.DEFAULT_HEAD_BYTES));
        assertThat(engine.definitions().get("Connection", "crm-plan").source()).contains("rateLimit:", "exchangeLog:");

        ConnectionSpec changed = change("crm-plan", Map.of("baseUrl", "http://127.0.0.1:10"), Map.of("retry", Map.of("maxAttempts", 2)));
        assertThat(changed.rateLimit()).as("kept through a change that does not name it").isEqualTo(new RateLimitSpec(7, Duration.ofSeconds(1)));
        assertThat(changed.retry().maxAttempts()).isEqualTo(2);

        ConnectionSpec removed = change("crm-plan", null, Map.of("rateLimit", Map.of()));
        assertThat(removed.rateLimit()).as("an empty block: the connector's applies again").isNull();
        assertThat(removed.retry().maxAttempts()).isEqualTo(2);
    }

    @Test
    void aBadBlockIsRefusedNamingTheKeyAndNothingIsMade() {
        assertThatThrownBy(() -> create("crm-bad", Map.of("rateLimit", Map.of("requests", 0, "per", "1s"))))
                .isInstanceOf(EngineException.Invalid.class).hasMessageContaining("rateLimit.requests: expected a positive integer");
        assertThatThrownBy(() -> create("crm-bad", Map.of("rateLimit", 5))).isInstanceOf(EngineException.Invalid.class)
                .hasMessageStartingWith("rateLimit: expected an object");
        assertThatThrownBy(() -> create("crm-bad", Map.of("headers", Map.of()))).isInstanceOf(EngineException.Invalid.class)
                .hasMessage("headers: not a block a connection may set; expected one of rateLimit, retry, timeouts, exchangeLog");
        assertThat(engine.definitions().applied().connections()).doesNotContainKey("crm-bad");
    }
}
