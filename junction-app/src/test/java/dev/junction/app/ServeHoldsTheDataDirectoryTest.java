package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.LocalServer;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While {@code junction serve} holds a data directory, {@code junction run} in another terminal sends
 * its run to the server's queue through the API (one set of rate budgets and tokens for the directory)
 * and follows it; other commands share the store directly.
 */
class ServeHoldsTheDataDirectoryTest {
    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(40).withCrmRateLimit(0));
        env.put("ACME_CRM_URL", sandbox.crm().baseUrl().toString());
        env.put("ACME_CRM_TOKEN", sandbox.crm().token());
        env.put("HELPDESK_URL", sandbox.helpdesk().baseUrl().toString());
        env.put("HELPDESK_API_KEY", sandbox.helpdesk().apiKey());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private record Result(int code, String out, String err) {}

    private Result junction(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.copyOf(env), false);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void runGoesThroughTheServersQueueAndTheServerCleansUpWhenItStops() throws Exception {
        assertThat(junction("apply", Path.of("..", "examples", "demo").toString(), "--data-dir", dataDir.toString()).code()).isZero();
        Result[] served = new Result[1];
        Thread serve = Thread.ofPlatform().start(() -> served[0] = junction("serve", "--port", "0", "--seconds", "20", "--data-dir", dataDir.toString()));
        Path file = dataDir.resolve(LocalServer.FILE_NAME);
        await().atMost(Duration.ofSeconds(60)).until(() -> LocalServer.find(dataDir).isPresent());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        Result run = junction("run", "crm-contacts-to-helpdesk", "--json", "--data-dir", dataDir.toString());
        Result runs = junction("runs", "--json", "--data-dir", dataDir.toString());

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.err()).contains("holds this data directory: queued 1 run(s) there");
        JsonNode finished = new ObjectMapper().readTree(run.out());
        assertThat(finished.path("status").asText()).isEqualTo("succeeded");
        assertThat(finished.path("trigger").asText()).isEqualTo("api");
        assertThat(finished.path("counters").path("read").asLong()).isEqualTo(40);
        assertThat(sandbox.helpdesk().writeCountsByKey()).hasSize(40).allSatisfy((key, n) -> assertThat(n).isOne());
        assertThat(runs.out()).contains(finished.path("id").asText());

        serve.join(Duration.ofSeconds(90));
        assertThat(served[0].code()).as(String.valueOf(served[0])).isZero();
        assertThat(file).doesNotExist();
        // the server's token for local commands is revoked with it
        Result tokens = junction("tokens", "list", "--json", "--data-dir", dataDir.toString());
        assertThat(new ObjectMapper().readTree(tokens.out())).allSatisfy(t -> assertThat(t.path("revokedAt").isNull()).isFalse());
    }

    @Test
    void withoutAServerTheRunIsLocal() {
        assertThat(junction("apply", Path.of("..", "examples", "demo").toString(), "--data-dir", dataDir.toString()).code()).isZero();

        Result run = junction("run", "crm-contacts-to-helpdesk", "--data-dir", dataDir.toString(), "--no-color");

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.err()).doesNotContain("holds this data directory");
    }
}
