package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.ManagedConnections.Change;
import dev.junction.engine.ManagedConnections.NewConnection;
import dev.junction.spec.SourceText;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session-login connection's token across processes: kept in the store encrypted, so a later
 * engine (every {@code junction run} is a new process) or another node on the same store uses it
 * instead of logging in; an expired or refused one is replaced by one login; engines that need a
 * session at once log in once between them; new secrets, a deleted connection or an erased tenant
 * leave no stored session behind. The API: WireMock ({@link SessionLoginApi}, one session per
 * account, counting logins).
 */
class StoredSessionsTest {
    private static final String PASSWORD = "first-pa55word";
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir
    Path dataDir;

    @AutoClose
    private final SessionLoginApi api = new SessionLoginApi(PASSWORD, 300);
    private final TestClock clock = new TestClock(T0);
    @AutoClose
    private SharedStoreEngines engines;

    @BeforeEach
    void start() {
        engines = new SharedStoreEngines(dataDir, Map.of("RECORDS_URL", api.baseUrl(), "RECORDS_USER", "ada", "RECORDS_PASSWORD", PASSWORD));
    }

    @Test
    void aSecondProcessOnTheEmbeddedStoreUsesTheStoredSessionAndTheStoreHoldsItOnlyEncrypted() throws Exception {
        Engine first = engines.embedded(clock);
        apply(first);
        assertThat(run(first, "items-a").status()).isEqualTo(RunStatus.SUCCEEDED);
        engines.end(first);

        Engine second = engines.embedded(clock);
        assertThat(run(second, "items-b").status()).isEqualTo(RunStatus.SUCCEEDED);

        assertThat(api.logins).as("one login for both processes").hasSize(1);
        assertThat(api.refusedCalls).hasValue(0);
        String token = api.liveToken();
        try (Connection c = DriverManager.getConnection(((JdbcStore) second.store()).jdbcUrl(), "sa", "");
                PreparedStatement select = c.prepareStatement("select ciphertext from credentials where tenant = 'default' and connection = 'records'");
                ResultSet row = select.executeQuery()) {
            assertThat(row.next()).isTrue();
            assertThat(new String(row.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain(token, "session_token", PASSWORD);
        }
        assertThat(second.connections().credentials().find("default", "records").orElseThrow().value("session_token")).isEqualTo(token);
    }

    @Test
    void anExpiredStoredSessionIsReplacedByOneLogin() {
        Engine first = engines.embedded(clock);
        apply(first);
        run(first, "items-a");
        clock.advance(Duration.ofMinutes(30)); // the connector's ttl

        RunRecord later = run(engines.embedded(clock), "items-b");

        assertThat(later.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(api.logins).hasSize(2);
        assertThat(api.refusedCalls).as("the expired session was not tried").hasValue(0);
        assertThat(first.connections().credentials().find("default", "records").orElseThrow().value("expires_at"))
                .isEqualTo(T0.plus(Duration.ofMinutes(60)).toString());
    }

    @Test
    void aStoredSessionTheApiEndedIsReplacedByOneLoginThatTheNextProcessReuses() {
        Engine first = engines.embedded(clock);
        apply(first);
        run(first, "items-a");
        String ended = api.liveToken();
        api.endSession();

        assertThat(run(engines.embedded(clock), "items-b").status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run(engines.embedded(clock), "items-a").status()).isEqualTo(RunStatus.SUCCEEDED);

        assertThat(api.logins).hasSize(2);
        assertThat(api.refusedCalls).as("the ended session was tried once").hasValue(1);
        String stored = first.connections().credentials().find("default", "records").orElseThrow().value("session_token");
        assertThat(stored).isEqualTo(api.liveToken()).isNotEqualTo(ended);
    }

    @Test
    void twoEnginesOnOneEmbeddedStoreThatNeedASessionAtOnceLogInOnce() throws Exception {
        bothRunAtOnceAndLogInOnce(engines.embedded(Clock.systemUTC()), engines.embedded(Clock.systemUTC()));
    }

    @Test
    void twoEnginesOnOnePostgresShareOneStoredSession() throws Exception {
        bothRunAtOnceAndLogInOnce(engines.onPostgres(), engines.onPostgres());

        assertThat(run(engines.onPostgres(), "items-a").status()).as("a third node, later").isEqualTo(RunStatus.SUCCEEDED);
        assertThat(api.logins).hasSize(1);
    }

    /** With one session per account, a second login would end the first engine's session mid-run. */
    private void bothRunAtOnceAndLogInOnce(Engine a, Engine b) throws Exception {
        apply(a);
        SharedStoreEngines.bothSucceedAtOnce(a, "items-a", b, "items-b");
        assertThat(api.logins).as("one login for both engines").hasSize(1);
        assertThat(api.refusedCalls).hasValue(0);
        assertThat(api.tokensUsed).as("both engines used the one session").hasSize(1);
    }

    @Test
    void newSecretsADeletedConnectionOrAnErasedTenantLeaveNoStoredSession() {
        try (Engine engine = Engine.open(EngineConfig.embedded(dataDir, engines.env::get)
                .withEgress(dev.junction.http.EgressPolicy.DEFAULT.withAllowPrivate(true)))) {
            assertThat(engine.definitions().apply(List.of(new SourceText("records.yaml", CONNECTOR))).ok()).isTrue();
            var credentials = engine.connections().credentials();
            NewConnection made = new NewConnection("records", "records-api", "northwind", null, Map.of("baseUrl", api.baseUrl()),
                    Map.of("user", "ada", "password", PASSWORD));
            engine.managedConnections().create(made, "tok_test", null);
            assertThat(engine.health().check("records", "northwind", "test").status()).isEqualTo("ok");
            assertThat(credentials.find("northwind", "records")).isPresent();

            api.password("second-pa55word");
            engine.managedConnections().update("records", "northwind", new Change(null, Map.of("password", "second-pa55word"), null, false), "tok_test");
            assertThat(credentials.find("northwind", "records")).as("the session of the old password").isEmpty();
            assertThat(engine.health().check("records", "northwind", "test").status()).isEqualTo("ok");
            assertThat(api.logins).as("the new password logs in").containsExactly(PASSWORD, "second-pa55word");

            engine.managedConnections().delete("records", "northwind", false, null);
            assertThat(credentials.find("northwind", "records")).as("deleted with the connection").isEmpty();

            api.password(PASSWORD);
            engine.managedConnections().create(made, "tok_test", null);
            assertThat(engine.health().check("records", "northwind", "test").status()).as("made again: a login, no leftover").isEqualTo("ok");
            assertThat(api.logins).hasSize(3);
            assertThat(credentials.find("northwind", "records")).isPresent();
            engine.tenants().erase("northwind", null);
            assertThat(credentials.find("northwind", "records")).as("erased with the tenant").isEmpty();
        }
    }

    private static RunRecord run(Engine engine, String sync) {
        return SharedStoreEngines.run(engine, sync);
    }

    private static final String CONNECTOR = """
            kind: Connector
            name: records-api
            config: { baseUrl: {} }
            secrets: { user: {}, password: {} }
            baseUrl: "{{ config.baseUrl }}"
            auth:
              type: session
              loginUrl: /auth/login
              body: { username: "{{ secrets.user }}", password: "{{ secrets.password }}" }
              tokenPath: $.session.token
              ttl: 30m
              prefix: "Bearer "
            retry: { maxAttempts: 1 }
            streams:
              items: { request: { path: /v1/items }, records: $.items, primaryKey: id }
            actions:
              put: { request: { path: /v1/out, body: "{ 'records': $records }" }, batch: { maxRecords: 10 } }
            """;

    private static void apply(Engine engine) {
        var result = engine.definitions().apply(List.of(new SourceText("records.yaml", CONNECTOR + """
                ---
                kind: Connection
                name: records
                connector: records-api
                config: { baseUrl: "${env:RECORDS_URL}" }
                secrets: { user: "${env:RECORDS_USER}", password: "${env:RECORDS_PASSWORD}" }
                """ + SharedStoreEngines.itemsSyncs("records"))));
        assertThat(result.ok()).as(result.toString()).isTrue();
    }
}
