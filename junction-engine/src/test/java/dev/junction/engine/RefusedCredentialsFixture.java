package dev.junction.engine;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.spec.SourceText;
import dev.junction.store.EventDelivery;
import dev.junction.store.RunRecord;
import dev.junction.sync.RunListener;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of refused credentials in runs share: WireMock as the APIs, an embedded engine (H2)
 * with the test's definitions applied, secrets given through the environment, a subscription to
 * {@code connection.needs_reauth}, and the one event a transition emits, checked to hold no secret.
 */
abstract class RefusedCredentialsFixture {
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dataDir;

    Engine engine;
    String subscription;
    private List<String> secrets = List.of();

    /**
     * Opens the engine with {@code yaml} applied; its {@code ${env:...}} references read {@code secrets}
     * and {@code API_URL} (WireMock's base URL).
     */
    void open(String yaml, Map<String, String> secrets) {
        Map<String, String> env = new HashMap<>(secrets);
        env.put("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        env.put("API_URL", api.baseUrl());
        this.secrets = List.copyOf(secrets.values());
        engine = Engine.open(EngineConfig.embedded(dataDir, env::get));
        var applied = engine.definitions().apply(List.of(new SourceText("refused.yaml", yaml)), "test");
        assertThat(applied.ok()).as(applied.toString()).isTrue();
        subscription = engine.events().create("https://hooks.example.com/junction", List.of("connection.needs_reauth"), null, "ops")
                .subscription().id();
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    RunRecord run(String sync) {
        return engine.runs().run(engine.definitions().applied(), new Runs.Request(sync, null, "test", false), RunListener.NONE).run();
    }

    /** The one {@code connection.needs_reauth} event's data, which holds none of the secrets. */
    JsonNode onlyEvent() throws Exception {
        List<EventDelivery> events = engine.events().deliveries(subscription, null, 10);
        assertThat(events).as("one event for the transition").singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("connection.needs_reauth"));
        assertThat(events.getFirst().payload()).doesNotContain(secrets);
        return JSON.readTree(events.getFirst().payload()).path("data");
    }
}
