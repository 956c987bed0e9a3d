package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 2, as a user meets it: {@code junction serve} holds an embedded (H2) data directory
 * and executes a run; from a second terminal, {@code junction} commands on the same directory work at
 * once: make a token, list the runs, cancel the run the server executes, which then ends cancelled. No
 * command sees a locked database or a JDBC URL.
 */
class SharedDataDirTest {
    /** How long one CLI command may take on a busy machine (it takes a few seconds: a JVM start and the store's opening). */
    private static final Duration COMMAND_BOUND = Duration.ofMinutes(2);

    /** The processes' output and logs; kept when the test fails. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path logs;

    @TempDir
    Path dataDir;

    private final Closer closer = new Closer();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stopEverything() throws Exception {
        closer.close();
    }

    @Test
    void aSecondProcessListsAndCancelsARunWhileServeHoldsTheDataDirectory() throws Exception {
        Steps steps = new Steps("shared data dir");
        SyncSandbox sandbox = closer.add(new SyncSandbox(200));
        Map<String, String> env = sandbox.env();
        String dir = dataDir.toString();
        ServeNode serve = closer.add(ServeNode.start("serve", logs, env, "--data-dir", dir));
        steps.done("serve holds the data directory");

        JunctionProcess tokens = JunctionProcess.run("tokens-create", logs, env, COMMAND_BOUND, "tokens", "create", "--role", "admin", "--data-dir", dir);
        assertThat(tokens.exitCode()).as(tokens.describe()).isZero();
        String token = tokens.out().strip();
        assertThat(token).startsWith("jct_");
        steps.done("token made by a second process");
        Api api = new Api(Api.client(), serve.baseUrl(), token);
        api.apply(sandbox.definitions(1));
        // the run reads, then waits at its first write until the cancel is asked
        sandbox.holdWrites();
        String run = api.startRun(SyncSandbox.sync(0));
        await("the run to be running").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.run(run).path("status").asText().equals("running"));
        steps.done("a run requested through the API is running");

        JunctionProcess list = JunctionProcess.run("runs", logs, env, COMMAND_BOUND, "runs", "--json", "--data-dir", dir);
        assertThat(list.exitCode()).as(list.describe()).isZero();
        JsonNode listed = json.readTree(list.out());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asText()).isEqualTo(run);
        assertThat(listed.get(0).path("status").asText()).isEqualTo("running");
        steps.done("runs listed by a second process");

        JunctionProcess cancel = JunctionProcess.run("runs-cancel", logs, env, COMMAND_BOUND, "runs", "cancel", run, "--data-dir", dir);
        assertThat(cancel.exitCode()).as(cancel.describe()).isZero();
        assertThat(cancel.out()).contains("asked run " + run + " of " + SyncSandbox.sync(0) + " to stop");
        sandbox.releaseWrites();
        await("the run to end cancelled").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> !api.run(run).path("status").asText().equals("running"));
        JsonNode ended = api.run(run);
        assertThat(ended.path("status").asText()).as(ended.toString()).isEqualTo("cancelled");
        steps.done("run cancelled by a second process");

        for (JunctionProcess command : new JunctionProcess[] {tokens, list, cancel}) {
            assertThat(command.out() + command.err()).as(command.name()).doesNotContainIgnoringCase("jdbc:").doesNotContainIgnoringCase("locked")
                    .doesNotContainIgnoringCase("already in use");
        }
        assertThat(serve.process().alive()).isTrue();
    }
}
