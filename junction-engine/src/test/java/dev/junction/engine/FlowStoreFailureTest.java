package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.junction.engine.internal.FlowStoreFailures;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.SourceText;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.FlowStepRecord;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A flow execution whose store fails under it (here: another transaction holds the row its call step's
 * result goes to, so H2's lock timeout ends the insert) is not ended failed: it stays running, as if its
 * process had died, and is resumed after its last stored step once its lease expires; the call it
 * made runs again with the same idempotency key, and the Helpdesk applies it once. A store that keeps
 * failing it ends it failed after {@value FlowStoreFailures#ATTEMPTS} attempts, saying why.
 */
class FlowStoreFailureTest {
    private static final Instant START = Instant.parse("2026-05-04T09:00:00Z");
    private static final String FLOW = """
            kind: Flow
            name: write-user
            steps:
              - name: first
                map: { mapping: { ref: ref } }
              - name: write
                call:
                  connection: helpdesk
                  action: upsertUsers
                  record: { external_id: "= steps.first.output.ref", email: "ada@example.com", name: "Ada" }
              - name: answer
                respond: { status: 201, body: { ref: "= steps.first.output.ref" } }
            """;

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private Engine engine;
    private final TestClock clock = new TestClock(START);

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(1).withCrmRateLimit(0).withHelpdeskUsers(0));
        engine = DemoEngine.open(dataDir, sandbox, clock);
        Definitions.ApplyResult applied = engine.definitions().apply(List.of(new SourceText("flow.yaml", FLOW)));
        assertThat(applied.result().problems()).isEmpty();
    }

    @AfterEach
    void stop() {
        engine.close();
        sandbox.close();
    }

    @Test
    void anExecutionTheStoreFailsUnderStaysRunningAndIsResumedOnceItsLeaseExpiresWritingOnce() throws Exception {
        FlowExecution queued = queued("sf-1", "r-1");
        FlowExecution after;
        try (Connection blocker = blockStep(queued.id(), 2)) {
            after = engine.flows().execute(queued.id());
            assertThat(after.status()).as("left running, not failed").isEqualTo(FlowExecutionStatus.RUNNING);
            assertThat(engine.flows().steps(queued.id())).extracting(FlowStepRecord::step).containsExactly("first");
            assertThat(sandbox.helpdesk().writeCountsByKey()).containsExactly(Map.entry("r-1", 1));
            blocker.rollback();
        }
        assertThat(engine.flows().resumeDue(10)).as("its lease has not expired: no one resumes it yet").isEmpty();

        clock.advance(Duration.ofMinutes(5));
        assertThat(engine.flows().resumeDue(10)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
            assertThat(e.responseStatus()).isEqualTo(201);
        });
        assertThat(engine.flows().steps(queued.id())).extracting(FlowStepRecord::step).containsExactly("first", "write", "answer");
        assertThat(sandbox.helpdesk().writeCountsByKey()).as("the repeated call carried the same idempotency key").containsExactly(Map.entry("r-1", 1));
    }

    @Test
    void aStoreThatKeepsFailingAnExecutionEndsItFailedAfterThreeAttemptsSayingWhy() throws Exception {
        FlowExecution queued = queued("sf-2", "r-2");
        try (Connection blocker = blockStep(queued.id(), 2)) {
            assertThat(engine.flows().execute(queued.id()).status()).isEqualTo(FlowExecutionStatus.RUNNING);
            for (int attempt = 2; attempt < FlowStoreFailures.ATTEMPTS; attempt++) {
                clock.advance(Duration.ofMinutes(5));
                assertThat(engine.flows().resumeDue(10)).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(FlowExecutionStatus.RUNNING));
            }
            clock.advance(Duration.ofMinutes(5));
            assertThat(engine.flows().resumeDue(10)).singleElement().satisfies(failed -> {
                assertThat(failed.status()).isEqualTo(FlowExecutionStatus.FAILED);
                assertThat(failed.responseStatus()).isEqualTo(500);
                assertThat(failed.error()).startsWith("the execution could not go on: the store failed 3 times in a row running it; the last time:")
                        .contains("could not store step 'write'")
                        .as("a lock timeout says what it may be and what clears a lock kept by a killed write").contains("junction store repair");
            });
            blocker.rollback();
        }
        assertThat(engine.flows().resumeDue(10)).as("it ended: not resumed again").isEmpty();
        assertThat(sandbox.helpdesk().writeCountsByKey()).as("each attempt's call had the same key").containsEntry("r-2", 1);
    }

    @Test
    void anExecutionWhoseRowTheStoreKeepsLockedIsLoggedWhenTheFlowWorkersCannotTakeItUp() throws Exception {
        FlowExecution queued = queued("sf-3", "r-3");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(FlowStoreFailures.class);
        logs.start();
        logger.addAppender(logs);
        try (Connection blocker = lockExecution(queued.id())) {
            clock.advance(Duration.ofMinutes(1)); // past the grace a queued execution gets before any worker takes it up
            assertThat(engine.flows().handOver()).isEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(logs.list).singleElement().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.WARN);
                assertThat(line.getFormattedMessage()).startsWith("Flow execution sf-3 could not be taken up:").contains("junction store repair")
                        .contains("tried again at each pass");
            }));
            blocker.rollback();
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(engine.flows().execution("sf-3").status()).as("left as stored").isEqualTo(FlowExecutionStatus.QUEUED);
        assertThat(engine.flows().handOver()).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(engine.flows().execution("sf-3").status()).isEqualTo(FlowExecutionStatus.SUCCEEDED));
        assertThat(sandbox.helpdesk().writeCountsByKey()).containsEntry("r-3", 1);
    }

    @Test
    void aClaimThatKeepsFailingIsLoggedOnceEveryTenMinutesPerExecution() {
        TestClock at = new TestClock(START);
        FlowStoreFailures failures = new FlowStoreFailures(at);
        dev.junction.store.StoreException locked = new dev.junction.store.StoreException("lock timeout", null);

        assertThat(failures.unclaimed("a", locked)).isTrue();
        assertThat(failures.unclaimed("b", locked)).as("each execution on its own").isTrue();
        at.advance(Duration.ofMinutes(9));
        assertThat(failures.unclaimed("a", locked)).isFalse();
        at.advance(Duration.ofMinutes(1));
        assertThat(failures.unclaimed("a", locked)).isTrue();
        failures.ran("b");
        assertThat(failures.unclaimed("b", locked)).as("it ran meanwhile: a new failure is news").isTrue();
    }

    @Test
    void aStoreThatRefusesEveryClaimLogsTenLinesPerTenMinutesThenCountsTheRest() {
        TestClock at = new TestClock(START);
        FlowStoreFailures failures = new FlowStoreFailures(at);
        dev.junction.store.StoreException down = new dev.junction.store.StoreException("connection refused", null);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(FlowStoreFailures.class);
        logs.start();
        logger.addAppender(logs);
        try {
            long logged = java.util.stream.IntStream.range(0, 100).filter(i -> failures.unclaimed("e-" + i, down)).count();
            assertThat(logged).isEqualTo(FlowStoreFailures.MAX_LINES);
            at.advance(Duration.ofMinutes(10));
            assertThat(failures.unclaimed("e-50", down)).isTrue();
            assertThat(logs.list.getLast().getFormattedMessage()).endsWith("; 90 more such failures were not logged since the last line");
            assertThat(logs.list).hasSize(FlowStoreFailures.MAX_LINES + 1);
        } finally {
            logger.detachAppender(logs);
        }
    }

    /** Another transaction holding the execution's own row: claiming it times out until that ends. */
    private Connection lockExecution(String executionId) throws Exception {
        Connection c = ((JdbcStore) engine.store()).dataSource().getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement lock = c.prepareStatement("update flow_executions set status = status where id = ?")) {
            lock.setString(1, executionId);
            assertThat(lock.executeUpdate()).isEqualTo(1);
        }
        return c;
    }

    private FlowExecution queued(String id, String ref) {
        return engine.store().flowExecutions(engine.connections().cipher()).createOrFind(FlowExecution.queued(id, "write-user",
                engine.definitions().currentVersion("Flow", "write-user"), null, "{\"ref\":\"" + ref + "\"}", null, null, clock.instant()));
    }

    /** Another transaction's uncommitted row where step {@code seq} of the execution goes: storing that step times out until it ends. */
    private Connection blockStep(String executionId, int seq) throws Exception {
        Connection c = ((JdbcStore) engine.store()).dataSource().getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement(
                "insert into flow_steps (execution_id, seq, step, status, started_at, finished_at) values (?, ?, 'blocker', 'running', ?, ?)")) {
            insert.setString(1, executionId);
            insert.setInt(2, seq);
            insert.setTimestamp(3, Timestamp.from(START));
            insert.setTimestamp(4, Timestamp.from(START));
            insert.executeUpdate();
        }
        return c;
    }
}
