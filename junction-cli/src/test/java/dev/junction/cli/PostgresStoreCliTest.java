package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command works on a PostgreSQL store chosen with {@code --store} or {@code JUNCTION_STORE_URL},
 * the password given as a secret reference; nothing is written to the data directory.
 */
class PostgresStoreCliTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");
    private static final String SYNC = "crm-contacts-to-helpdesk";

    @TempDir
    Path dataDir;

    @TempDir
    Path secrets;

    private Sandbox sandbox;
    private SourceDatabase postgres;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(120).withCrmRateLimit(0));
        postgres = SourceDatabase.postgres("s3cret-pg");
    }

    @AfterEach
    void stop() throws Exception {
        sandbox.close();
        postgres.close();
    }

    private CliRunner cli() throws Exception {
        Path passwordFile = secrets.resolve("pg-password");
        Files.writeString(passwordFile, postgres.password() + "\n");
        return CliRunner.forSandbox(dataDir, sandbox)
                .env("JUNCTION_STORE_USER", postgres.user())
                .env("JUNCTION_STORE_PASSWORD", "${file:" + passwordFile + "}")
                .env("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
    }

    @Test
    void applyRunAndRunsUseThePostgresStoreGivenWithStore() throws Exception {
        CliRunner cli = cli();

        CliRunner.Result applied = cli.run("apply", EXAMPLES.toString(), "--store", postgres.url());
        CliRunner.Result run = cli.run("run", SYNC, "--json", "--store", postgres.url());
        CliRunner.Result runs = cli.run("runs", "--json", "--store", postgres.url());

        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        assertThat(applied.out()).contains("applied to " + postgres.url());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(json.readTree(run.out()).path("counters").path("read").asLong()).isEqualTo(120);
        JsonNode history = json.readTree(runs.out());
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("status").asText()).isEqualTo("succeeded");
        assertThat(dataDir.resolve("junction.mv.db")).doesNotExist();
    }

    @Test
    void theStoreCanComeFromTheEnvironment() throws Exception {
        CliRunner cli = cli().env("JUNCTION_STORE_URL", postgres.url());

        assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();
        CliRunner.Result state = cli.run("state", "show", SYNC, "--json");

        assertThat(state.exitCode()).as(state.toString()).isZero();
        assertThat(json.readTree(state.out()).path("sync").asText()).isEqualTo(SYNC);
        assertThat(dataDir.resolve("junction.mv.db")).doesNotExist();
    }

    @Test
    void aStoreUrlOfAnotherDatabaseIsBadInput() throws Exception {
        CliRunner.Result result = cli().run("runs", "--store", "jdbc:mysql://db/junction?password=hunter2");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("store URL 'jdbc:mysql://db/junction?password=***' is not supported").doesNotContain("hunter2");
    }

    @Test
    void aWrongPasswordIsOneClearLineWithoutThePassword() throws Exception {
        Path wrong = secrets.resolve("wrong");
        Files.writeString(wrong, "not-the-password");
        // trust authentication in the embedded server accepts any password; an unknown user is refused instead
        CliRunner.Result result = cli().env("JUNCTION_STORE_USER", "nobody").env("JUNCTION_STORE_PASSWORD", "${file:" + wrong + "}")
                .run("runs", "--store", postgres.url());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("could not connect to the PostgreSQL store").doesNotContain("not-the-password");
        assertThat(result.err().lines().count()).isLessThanOrEqualTo(2);
    }
}
