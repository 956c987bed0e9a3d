package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.SourceText;
import dev.junction.store.ConnectionCheck;
import dev.junction.store.EventDelivery;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OAuth connection's tokens across processes: two engines sharing one store (the embedded H2
 * store, or one PostgreSQL) that both need a new token at once spend the rotating refresh token once,
 * and the second uses what the first stored; a refresh refused for good marks the connection
 * {@code needs_reauth}, emits {@code connection.needs_reauth} once, and its runs then fail fast
 * until it is reset. The OAuth API: WireMock ({@link RotatingOAuthApi}).
 */
class TokenLifecycleTest {
    private static final String FIRST_REFRESH = "configured-refresh-token-0";

    @TempDir
    Path dataDir;

    @AutoClose
    private final RotatingOAuthApi api = new RotatingOAuthApi(FIRST_REFRESH, 300);
    @AutoClose
    private SharedStoreEngines engines;

    @BeforeEach
    void start() {
        engines = new SharedStoreEngines(dataDir, Map.of("RECORDS_URL", api.baseUrl(), "RECORDS_REFRESH_TOKEN", FIRST_REFRESH));
    }

    @Test
    void twoEnginesOnOneEmbeddedStoreRefreshARotatingTokenOnceAndBothRunsSucceed() throws Exception {
        Engine a = embedded();
        Engine b = embedded();

        bothRunAtOnceAndRefreshOnce(a, b);
    }

    @Test
    void twoEnginesOnOnePostgresRefreshARotatingTokenOnceAndBothRunsSucceed() throws Exception {
        Engine a = engines.onPostgres();
        Engine b = engines.onPostgres();

        bothRunAtOnceAndRefreshOnce(a, b);
    }

    private void bothRunAtOnceAndRefreshOnce(Engine a, Engine b) throws Exception {
        apply(a);
        SharedStoreEngines.bothSucceedAtOnce(a, "items-a", b, "items-b");
        assertThat(api.refreshes).as("one refresh at the token endpoint for both engines").hasValue(1);
        assertThat(api.refused).as("no refresh token was spent twice").hasValue(0);
        assertThat(api.accessTokensUsed).as("the second engine used the token the first stored").hasSize(1);
    }

    @Test
    void aRefusedRefreshMarksTheConnectionEmitsOneEventAndItsRunsFailFastUntilItIsReset() throws Exception {
        Engine engine = embedded();
        apply(engine);
        String subscription = engine.events().create("https://hooks.example.com/junction", List.of("connection.needs_reauth"), null, "ops").subscription().id();
        api.revokeRefreshTokens(); // the customer revoked the app at the provider

        RunRecord refused = run(engine, "items-a");

        assertThat(refused.status()).isEqualTo(RunStatus.FAILED);
        assertThat(refused.error()).contains("invalid_grant");
        assertThat(engine.health().status("records", null).status()).isEqualTo("needs_reauth");
        assertThat(engine.health().status("records", null).detail()).contains("refused the refresh_token grant with HTTP 400: invalid_grant");
        int tokenRequests = api.refused.get();

        RunRecord failedFast = run(engine, "items-b");
        ConnectionCheck check = engine.health().check("records", null, "test");

        assertThat(failedFast.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failedFast.error()).contains("connection 'records' needs to be authorized again (since ", "junction connections reset records");
        assertThat(check.status()).isEqualTo("needs_reauth");
        assertThat(check.httpStatus()).isNull();
        assertThat(api.refused.get()).as("no token request while marked").isEqualTo(tokenRequests);
        assertThat(api.apiCalls).as("no API call while marked").hasValue(0);
        List<EventDelivery> events = engine.events().deliveries(subscription, null, 10);
        assertThat(events).as("one event for the transition").singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("connection.needs_reauth"));
        JsonNode data = new ObjectMapper().readTree(events.get(0).payload()).path("data");
        assertThat(data.path("connection").asText()).isEqualTo("records");
        assertThat(data.path("status").asText()).isEqualTo("needs_reauth");
        assertThat(data.path("reason").asText()).contains("invalid_grant");
        assertThat(events.get(0).payload()).doesNotContain(FIRST_REFRESH);

        api.revokeRefreshTokens();
        var reset = engine.health().reset("records", null);

        assertThat(reset.status()).isEqualTo("unknown");
        assertThat(run(engine, "items-a").error()).as("the configured refresh token is tried again after a reset").contains("invalid_grant");
        assertThat(engine.events().deliveries(subscription, null, 10)).as("a new transition after the reset").hasSize(2);
    }

    @Test
    void aCheckRecordsTheConnectionsStatusAndItsHistory() {
        Engine engine = embedded();
        apply(engine);

        ConnectionCheck ok = engine.health().check("records", null, "cli");

        assertThat(ok.status()).isEqualTo("ok");
        assertThat(ok.httpStatus()).isEqualTo(200);
        assertThat(ok.error()).isNull();
        ConnectionHealth.Status status = engine.health().status("records", null);
        assertThat(status.status()).isEqualTo("ok");
        assertThat(status.method()).isEqualTo(ConnectionHealth.Method.CHECK);
        assertThat(status.lastCheck()).isEqualTo(ok);
        for (int i = 0; i < ConnectionHealth.HISTORY + 5; i++) {
            engine.health().check("records", null, "schedule");
        }
        assertThat(engine.health().history("records", null, 500)).hasSize(ConnectionHealth.HISTORY);
        assertThat(engine.health().checkScheduled()).isOne();
    }

    private static RunRecord run(Engine engine, String sync) {
        return SharedStoreEngines.run(engine, sync);
    }

    private Engine embedded() {
        return engines.embedded(Clock.systemUTC());
    }

    private static void apply(Engine engine) {
        var result = engine.definitions().apply(List.of(new SourceText("records.yaml", """
                kind: Connector
                name: records-api
                config: { baseUrl: {} }
                secrets: { refreshToken: {} }
                baseUrl: "{{ config.baseUrl }}"
                auth: { type: oauth2, grant: refresh_token, tokenUrl: /oauth/token, clientId: junction, refreshToken: "{{ secrets.refreshToken }}" }
                retry: { maxAttempts: 1 }
                check: { request: { path: /v1/items } }
                streams:
                  items: { request: { path: /v1/items }, records: $.items, primaryKey: id }
                actions:
                  put: { request: { path: /v1/out, body: "{ 'records': $records }" }, batch: { maxRecords: 10 } }
                ---
                kind: Connection
                name: records
                connector: records-api
                config: { baseUrl: "${env:RECORDS_URL}" }
                secrets: { refreshToken: "${env:RECORDS_REFRESH_TOKEN}" }
                """ + SharedStoreEngines.itemsSyncs("records"))));
        assertThat(result.ok()).as(result.toString()).isTrue();
    }
}
