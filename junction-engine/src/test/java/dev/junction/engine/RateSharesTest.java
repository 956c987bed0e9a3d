package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.SourceText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines (two nodes) on one embedded PostgreSQL, both calling the sandbox CRM through connection {@code crm},
 * declared 100 requests per second: each sends half while both do, and takes the whole back when the
 * other stops (at once when it closes, after the horizon when it goes silent as a crashed node does).
 * Beats are made by hand on a clock that only the test moves.
 */
class RateSharesTest {
    private static final RateShares.Settings BY_HAND = new RateShares.Settings(Duration.ZERO, Duration.ofSeconds(15), Duration.ofSeconds(30));

    private final TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z"));
    private EmbeddedPostgres postgres;
    private final List<Engine> engines = new ArrayList<>();
    private Sandbox sandbox;
    private Map<String, String> env;
    private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();

    @BeforeEach
    void start() throws java.io.IOException {
        logs.start();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(RateShares.class);
        logger.setLevel(ch.qos.logback.classic.Level.INFO); // the tests' logging is quieter; the share's log lines are what is checked
        logger.addAppender(logs);
        postgres = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).start();
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(20).withCrmRateLimit(0));
        env = DemoEngine.environment(sandbox);
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        env.put(StoreLocation.USER_ENV, "postgres");
        env.put(dev.junction.secret.MasterKey.ENV, java.util.Base64.getEncoder().encodeToString(key));
    }

    @AfterEach
    void stop() throws java.io.IOException {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(RateShares.class);
        logger.detachAppender(logs);
        logger.setLevel(null);
        try {
            engines.forEach(Engine::close);
        } finally {
            try {
                sandbox.close();
            } finally {
                postgres.close();
            }
        }
    }

    private Engine open(String connectionBlock) {
        return open(connectionBlock, BY_HAND);
    }

    private Engine open(String connectionBlock, RateShares.Settings shares) {
        Engine engine = Engine.open(new EngineConfig(StoreLocation.choose("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", env::get, null), null, env::get, clock).withRateShares(shares));
        engines.add(engine);
        if (connectionBlock != null) {
            List<SourceText> texts = new ArrayList<>();
            for (String file : List.of("acme-crm.connector.yaml", "helpdesk.connector.yaml", "connections.yaml", "crm-contacts-to-helpdesk.sync.yaml")) {
                try {
                    texts.add(new SourceText(file, java.nio.file.Files.readString(DemoEngine.EXAMPLES.resolve(file))));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            assertThat(engine.definitions().apply(texts).ok()).isTrue();
            assertThat(engine.definitions().apply(List.of(new SourceText("limits.yaml", connectionBlock))).ok()).isTrue();
        }
        return engine;
    }

    private static final String CRM_WITH = """
            kind: Connection
            name: crm
            connector: acme-crm
            environment: sandbox
            config: { baseUrl: "${env:ACME_CRM_URL}" }
            secrets: { token: "${env:ACME_CRM_TOKEN}" }
            """;

    /** A call through connection crm: a sample of its contacts, through the engine's one pipeline. */
    private static void callCrm(Engine engine) {
        engine.schemas().discover(engine.definitions().applied(), "crm", "contacts", 5);
    }

    /** Both nodes call crm, then beat (a, b, a): each has seen the other's stamp. */
    private static void bothCallAndBeat(Engine a, Engine b) {
        callCrm(a);
        callCrm(b);
        a.rateShares().beatNow();
        b.rateShares().beatNow();
        a.rateShares().beatNow();
    }

    @Test
    void twoNodesCallingOneConnectionEachSendHalfAndTheSurvivorTakesTheWholeBack() {
        Engine a = open(CRM_WITH + "rateLimit: { requests: 100, per: 1s }\n");
        Engine b = open(null);

        bothCallAndBeat(a, b);

        assertThat(a.rateShares().shares()).containsExactly(new RateShares.Share("crm", 2, "50 per 1s"));
        assertThat(b.rateShares().shares()).containsExactly(new RateShares.Share("crm", 2, "50 per 1s"));
        assertThat(a.metrics().scrape(null).body()).contains("junction_rate_budget_nodes{connection=\"crm\"} 2.0");
        assertThat(logs.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .contains("connection 'crm' budget shared by 2 nodes: 50 per 1s each");

        // b goes silent, as a crashed node does: a keeps half until b's last stamp is older than the horizon
        clock.advance(Duration.ofSeconds(14));
        callCrm(a);
        a.rateShares().beatNow();
        assertThat(a.rateShares().nodes("crm")).isEqualTo(2);
        clock.advance(Duration.ofSeconds(2));
        a.rateShares().beatNow();
        assertThat(a.rateShares().shares()).containsExactly(new RateShares.Share("crm", 1, "100 per 1s"));
        assertThat(logs.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .contains("connection 'crm' budget no longer shared: 100 per 1s on this node");

        // b calls again, then closes: a takes the whole back at its next beat, not after the horizon
        callCrm(b);
        b.rateShares().beatNow();
        a.rateShares().beatNow();
        assertThat(a.rateShares().nodes("crm")).isEqualTo(2);
        engines.remove(b);
        b.close();
        a.rateShares().beatNow();
        assertThat(a.rateShares().nodes("crm")).isEqualTo(1);
    }

    /**
     * On the beat's own thread (it looks every second of real time; the beat is due every 5 s of the test's clock): a
     * node that starts calling the connection stamps it and takes its share at once, without the clock moving; the
     * node already calling sees it at its next beat.
     */
    @Test
    void aNodeThatStartsCallingAnnouncesItselfAtOnceAndTheOtherSeesItAtItsNextBeat() {
        Engine a = open(CRM_WITH + "rateLimit: { requests: 100, per: 1s }\n", RateShares.Settings.DEFAULT);
        Engine b = open(null, RateShares.Settings.DEFAULT);
        dev.junction.store.RateShareRepository table = a.store().rateShares();

        callCrm(a);
        await("a's stamp").atMost(Duration.ofSeconds(20)).until(() -> stamps(table) == 1);
        callCrm(b);
        await("b's share and stamp").atMost(Duration.ofSeconds(20)).until(() -> b.rateShares().nodes("crm") == 2 && stamps(table) == 2);
        assertThat(a.rateShares().nodes("crm")).as("a's next beat is not due yet").isEqualTo(1);

        clock.advance(Duration.ofSeconds(5));
        await("a's share").atMost(Duration.ofSeconds(20)).until(() -> a.rateShares().nodes("crm") == 2);
    }

    /** How many nodes have a live stamp of some budget. */
    private int stamps(dev.junction.store.RateShareRepository table) {
        return table.others("nobody", clock.instant().minusSeconds(15)).values().stream().mapToInt(Integer::intValue).sum();
    }

    @Test
    void aBudgetDeclaredPerNodeIsNeverShared() {
        Engine a = open(CRM_WITH + "rateLimit: { requests: 100, per: 1s, scope: node }\n");
        Engine b = open(null);

        bothCallAndBeat(a, b);

        assertThat(a.rateShares().shares()).isEmpty();
        assertThat(b.rateShares().nodes("crm")).isEqualTo(1);
    }

    @Test
    void aHorizonNoLongerThanTheBeatIsRefused() {
        assertThatThrownBy(() -> new RateShares.Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("horizon: expected a duration longer than every (PT5S), was PT5S");
    }
}
