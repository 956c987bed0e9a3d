package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.spec.SourceText;
import dev.junction.store.ConnectionCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the run queue is started with connection checks on, every connection whose connector declares
 * {@code check:} is checked on the queue's db-scheduler (a recurring task, first at start); a
 * connector without one is left alone. The API: WireMock ({@link RotatingOAuthApi}).
 */
class ConnectionChecksScheduleTest {
    @TempDir
    Path dataDir;

    private RotatingOAuthApi api;
    private Engine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        api.close();
    }

    @Test
    void theRunQueueChecksConnectionsWithACheckOnItsSchedule() {
        api = new RotatingOAuthApi("refresh-0", 0);
        Map<String, String> env = Map.of("RECORDS_URL", api.baseUrl(), "RECORDS_REFRESH_TOKEN", "refresh-0",
                "JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        EngineConfig config = EngineConfig.embedded(dataDir, env::get);
        engine = Engine.open(config.withQueue(config.queue().withConnectionChecks(Duration.ofHours(1))));
        var applied = engine.definitions().apply(List.of(new SourceText("records.yaml", """
                kind: Connector
                name: records-api
                config: { baseUrl: {} }
                secrets: { refreshToken: {} }
                baseUrl: "{{ config.baseUrl }}"
                auth: { type: oauth2, grant: refresh_token, tokenUrl: /oauth/token, clientId: junction, refreshToken: "{{ secrets.refreshToken }}" }
                check: { request: { path: /v1/items }, expect: { condition: "$count(items) > 0" } }
                streams:
                  items: { request: { path: /v1/items }, records: $.items, primaryKey: id }
                ---
                kind: Connector
                name: unchecked-api
                config: { baseUrl: {} }
                baseUrl: "{{ config.baseUrl }}"
                streams:
                  items: { request: { path: /v1/items }, records: $.items, primaryKey: id }
                ---
                kind: Connection
                name: records
                connector: records-api
                config: { baseUrl: "${env:RECORDS_URL}" }
                secrets: { refreshToken: "${env:RECORDS_REFRESH_TOKEN}" }
                ---
                kind: Connection
                name: unchecked
                connector: unchecked-api
                config: { baseUrl: "${env:RECORDS_URL}" }
                """)));
        assertThat(applied.ok()).as(applied.toString()).isTrue();

        engine.runQueue().start();

        await("the first scheduled check").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !engine.health().history("records", null, 10).isEmpty());
        ConnectionCheck check = engine.health().history("records", null, 10).get(0);
        assertThat(check.trigger()).isEqualTo("schedule");
        assertThat(check.status()).as(String.valueOf(check.error())).isEqualTo("ok");
        assertThat(engine.health().status("records", null).status()).isEqualTo("ok");
        assertThat(engine.health().history("unchecked", null, 10)).isEmpty();
        assertThat(engine.health().status("unchecked", null).status()).isEqualTo("unknown");
        assertThat(engine.health().status("unchecked", null).method()).isEqualTo(ConnectionHealth.Method.NONE);
    }
}
