package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.SourceText;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flow and tenant concurrency limits held across the nodes that share one embedded PostgreSQL: each
 * flow step calls a WireMock endpoint that holds every request until the test lets one go
 * ({@link GatedApi}), so the requests held at once are the executions running at once, counted where
 * no node can miscount them. Never more than the limit across nodes; the executions of a flow start
 * in the order they were created whichever node they came to; a node that stops hands its slots back
 * at once, one that died gives them up when its leases expire; and on the embedded store one process
 * behaves as before. Where the engines' clock stands still, leases expire only when a test moves it.
 */
class FlowConcurrencyLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Short polls, so that a node looks again for a freed slot every 50 ms. */
    private static final FlowSettings QUICK = new FlowSettings(Duration.ofSeconds(6), Duration.ofMillis(200), null);

    @TempDir
    Path dataDir;

    private final GatedApi api = new GatedApi();
    private SharedStoreEngines engines;

    @AfterEach
    void stop() throws Exception {
        try {
            if (engines != null) {
                engines.close();
            }
        } finally {
            api.letGo(1_000); // whatever a failed test left held
            api.close();
        }
    }

    /**
     * {@code nodes} engines on one PostgreSQL with {@code clock}, the tenant limit {@code tenantLimit}
     * (0: none) and {@code flows} applied ({@link #apply}) by the first before the others open (a node
     * sees what another applied up to a second later).
     */
    private List<Engine> nodes(int nodes, Clock clock, int tenantLimit, String... flows) throws Exception {
        engines = new SharedStoreEngines(dataDir, Map.of(Flows.TENANT_CONCURRENCY_ENV, Integer.toString(tenantLimit)));
        List<Engine> started = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            Engine node = engines.onPostgres(clock, config -> config.withFlows(QUICK));
            if (i == 0) {
                apply(node, flows);
            }
            node.runQueue().start(); // with it the flow worker, which resumes what a stopped or dead node left
            started.add(node);
        }
        return started;
    }

    /** The gated API's connector and connection, and {@code flows} (each a flow name and its limits block). */
    private void apply(Engine engine, String... flows) {
        StringBuilder yaml = new StringBuilder("""
                kind: Connector
                name: gated
                baseUrl: "%s"
                retry: { maxAttempts: 1 }
                ---
                kind: Connection
                name: gated-1
                connector: gated
                """.formatted(api.baseUrl()));
        for (int i = 0; i < flows.length; i += 2) {
            yaml.append("""
                    ---
                    kind: Flow
                    name: %s
                    limits: { %s }
                    steps:
                      - name: call
                        call: { connection: gated-1, request: { path: "= '/slow/' & input.group & '/' & input.name" } }
                      - name: answer
                        respond: { body: { name: "= input.name" } }
                    """.formatted(flows[i], flows[i + 1]));
        }
        assertThat(engine.definitions().apply(List.of(new SourceText("gated.yaml", yaml.toString()))).result().problems()).isEmpty();
    }

    /** Starts an execution of {@code flow} on {@code node} whose call is {@code /slow/GROUP/NAME}; returns its id. */
    private static String start(Engine node, String flow, String tenant, String group, String name) throws Exception {
        String input = "{\"group\":\"" + group + "\",\"name\":\"" + name + "\"}";
        return node.flows().start(new Flows.Request(flow, tenant, JSON.readTree(input), null, input, Flows.Trigger.MANUAL)).execution().id();
    }

    /** Lets one held request go and waits until {@code arrived} requests came in all and {@code held} are held again. */
    private void letOneGo(int arrived, int held) {
        api.letGo(1);
        await().atMost(WAIT).until(() -> api.arrivals().size() == arrived && api.held() == held);
    }

    /** No more than {@code held} requests come to be held for half a second (several looks of every node). */
    private void staysHeld(int held) {
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> api.held() == held);
    }

    private static void allSucceed(Engine via, List<String> ids) {
        for (String id : ids) {
            await().atMost(WAIT).until(() -> via.flows().execution(id).status(), s -> s.finished());
            assertThat(via.flows().execution(id).status()).as(via.flows().execution(id).toString()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        }
    }

    @Test
    void aFlowsLimitHoldsAcrossThreeNodesAndItsExecutionsStartInTheOrderTheyWereCreated() throws Exception {
        List<Engine> nodes = nodes(3, Clock.systemUTC(), 0, "guarded", "concurrency: 2");
        List<String> ids = new ArrayList<>();
        for (int n = 1; n <= 9; n++) {
            ids.add(start(nodes.get((n - 1) % 3), "guarded", null, "guarded", "e" + n));
        }

        await().atMost(WAIT).until(() -> api.held() == 2);
        staysHeld(2);
        assertThat(nodes.get(2).flows().execution(ids.get(2)).status()).as(nodes.get(2).flows().execution(ids.get(2)).toString())
                .isEqualTo(FlowExecutionStatus.QUEUED);
        for (int arrived = 3; arrived <= 9; arrived++) {
            letOneGo(arrived, 2);
        }
        api.letGo(2);

        allSucceed(nodes.get(1), ids);
        assertThat(api.most()).isEqualTo(2);
        assertThat(api.arrivals().subList(0, 2)).as("started at once, their calls racing").containsExactlyInAnyOrder("e1", "e2");
        assertThat(api.arrivals().subList(2, 9)).containsExactly("e3", "e4", "e5", "e6", "e7", "e8", "e9");
    }

    @Test
    void aTenantsLimitHoldsAcrossNodesForAllItsFlowsWhileOtherTenantsGoPast() throws Exception {
        List<Engine> nodes = nodes(2, Clock.systemUTC(), 2, "reads", "steps: 100", "writes", "steps: 100");
        Engine a = nodes.get(0);
        Engine b = nodes.get(1);
        List<String> ids = new ArrayList<>(List.of(start(a, "reads", "acme", "acme", "acme-1"), start(b, "writes", "acme", "acme", "acme-2"),
                start(a, "writes", "acme", "acme", "acme-3"), start(b, "reads", "acme", "acme", "acme-4")));

        await().atMost(WAIT).until(() -> api.held("acme") == 2);
        ids.add(start(b, "reads", "globex", "globex", "globex-1"));
        await().atMost(WAIT).until(() -> api.held("globex") == 1);
        staysHeld(3);
        letOneGo(4, 3);
        letOneGo(5, 3);
        api.letGo(3);

        allSucceed(a, ids);
        assertThat(api.most("acme")).isEqualTo(2);
        assertThat(api.arrivals().subList(0, 2)).as("started at once, their calls racing").containsExactlyInAnyOrder("acme-1", "acme-2");
        assertThat(api.arrivals().subList(2, 5)).containsExactly("globex-1", "acme-3", "acme-4");
    }

    @Test
    void aNodeThatStopsMidRunHandsItsSlotsBackAtOnce() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z")); // no lease expires: only a hand-back frees a slot
        List<Engine> nodes = nodes(2, clock, 0, "handover", "concurrency: 2");
        Engine a = nodes.get(0);
        Engine b = nodes.get(1);
        List<String> ids = new ArrayList<>(List.of(start(a, "handover", null, "handover", "a1"), start(a, "handover", null, "handover", "a2")));
        await().atMost(WAIT).until(() -> api.held() == 2);
        ids.add(start(b, "handover", null, "handover", "b1"));
        ids.add(start(b, "handover", null, "handover", "b2"));
        staysHeld(2);

        Thread stopping = Thread.ofPlatform().start(() -> engines.end(a));
        // a's flows wait for their executions to finish the step they are in, then hand them back
        await().atMost(WAIT).until(() -> stopping.getState() == Thread.State.TIMED_WAITING);
        api.letGo(2);
        await().atMost(WAIT).until(() -> api.arrivals().size() == 4 && api.held() == 2);
        stopping.join(WAIT.toMillis());
        api.letGo(2);

        allSucceed(b, ids);
        assertThat(api.most()).isEqualTo(2);
        assertThat(api.arrivals()).as("a's executions resumed after their call, not calling again").containsExactlyInAnyOrder("a1", "a2", "b1", "b2");
    }

    @Test
    void theSlotsOfANodeThatDiedComeBackWhenItsLeasesExpireAndItsExecutionsWaitTheirTurn() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z"));
        List<Engine> nodes = nodes(2, clock, 0, "survivor", "concurrency: 2");
        Engine a = nodes.get(0);
        Engine b = nodes.get(1);
        // what a node that died while running two executions left: both running under its leases, not renewed any more
        FlowExecutionRepository store = a.store().flowExecutions(a.connections().cipher());
        List<String> ids = new ArrayList<>();
        for (String name : List.of("dead-1", "dead-2")) {
            String input = "{\"group\":\"survivor\",\"name\":\"" + name + "\"}";
            store.createOrFind(FlowExecution.queued(name, "survivor", a.definitions().currentVersion("Flow", "survivor"), null, input, null, null,
                    clock.instant()));
            assertThat(store.claim(name, "dead-node", clock.instant(), clock.instant().plus(QUICK.leaseTtl()), null)).isTrue();
            ids.add(name);
        }
        clock.advance(Duration.ofMillis(1));
        ids.add(start(a, "survivor", null, "survivor", "x1"));
        ids.add(start(b, "survivor", null, "survivor", "x2"));
        staysHeld(0);
        assertThat(b.flows().execution(ids.get(3)).status()).isEqualTo(FlowExecutionStatus.QUEUED);

        clock.advance(QUICK.leaseTtl());

        await().atMost(WAIT).until(() -> api.held() == 2);
        staysHeld(2);
        letOneGo(3, 2);
        letOneGo(4, 2);
        api.letGo(2);
        allSucceed(b, ids);
        assertThat(api.most()).isEqualTo(2);
        assertThat(api.arrivals()).containsExactlyInAnyOrder("dead-1", "dead-2", "x1", "x2");
    }

    @Test
    void oneProcessOnTheEmbeddedStoreRunsItsExecutionsInOrderUnderTheLimitAndFlowsWithoutOneNeverAskTheStore() throws Exception {
        engines = new SharedStoreEngines(dataDir, Map.of());
        Engine engine = engines.embedded(Clock.systemUTC());
        apply(engine, "one-by-one", "concurrency: 1", "free", "steps: 100");
        List<String> ids = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            ids.add(start(engine, "one-by-one", null, "limited", "o" + n));
        }
        await().atMost(WAIT).until(() -> api.held("limited") == 1);
        ids.add(start(engine, "free", null, "free", "f1"));
        await().atMost(WAIT).until(() -> api.held("free") == 1);
        staysHeld(2);

        letOneGo(3, 2); // o1 goes, o2 comes
        api.letGo(1); // f1 goes
        await().atMost(WAIT).until(() -> api.held() == 1);
        letOneGo(4, 1); // o2 goes, o3 comes
        api.letGo(1);

        allSucceed(engine, ids);
        assertThat(api.most("limited")).isEqualTo(1);
        assertThat(api.arrivals()).containsExactly("o1", "f1", "o2", "o3");
        try (Connection c = ((JdbcStore) engine.store()).dataSource().getConnection();
                ResultSet rows = c.createStatement().executeQuery("select limit_key from flow_limit_locks order by limit_key")) {
            List<String> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
            assertThat(keys).as("the flow with no limit was started without them").containsExactly("flow:one-by-one");
        }
    }
}
