package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction run} of a mirror sync end to end: the cap, --force-deletes, the deleted counter and the dry run's "would delete". */
class MirrorCliTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    private final ObjectMapper json = new ObjectMapper();
    private Sandbox sandbox;
    private CliRunner cli;
    private Path users;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(0).withCrmRateLimit(0).withHelpdeskUsers(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();
        users = work.resolve("users.jsonl");
        Path spec = work.resolve("mirror.sync.yaml");
        Files.writeString(spec, """
                kind: Sync
                name: users-mirror
                source: { file: { path: "%s", primaryKey: id } }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: mirror, deleteAction: deleteUsers, maxDeletePercent: 10 }
                mapping:
                  external_id: id
                  email: email
                """.formatted(users.toString().replace("\\", "/")));
        CliRunner.Result applied = cli.run("apply", spec.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private void users(int count) throws Exception {
        Files.writeString(users, IntStream.range(0, count)
                .mapToObj(i -> "{\"id\": \"u%03d\", \"email\": \"user%d@example.com\"}".formatted(i, i)).collect(Collectors.joining("\n")));
    }

    @Test
    void aRunOverTheCapDeletesNothingAndExitsOneUntilForced() throws Exception {
        users(100);
        assertThat(cli.run("run", "users-mirror").exitCode()).isZero();
        users(80);

        CliRunner.Result dry = cli.run("run", "users-mirror", "--dry-run", "--samples", "2");
        assertThat(dry.out()).contains("would delete u080: {\"external_id\":\"u080\"}", "would delete u081: {\"external_id\":\"u081\"}")
                .doesNotContain("u082")
                .contains("reason: the run would stop: mode mirror: 20 of the 100 records this sync wrote before (20.0%)");
        assertThat(dry.exitCode()).isEqualTo(1);

        CliRunner.Result refused = cli.run("run", "users-mirror", "--json");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        JsonNode run = json.readTree(refused.out());
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("counters").path("deleted").asLong()).isZero();
        assertThat(run.path("error").asText()).isEqualTo("mode mirror: 20 of the 100 records this sync wrote before (20.0%) are gone from the "
                + "source, more than destination.maxDeletePercent (10%); nothing was deleted. If they are really gone, run again with: "
                + "junction run users-mirror --force-deletes");
        assertThat(sandbox.helpdesk().userCount()).isEqualTo(100);

        CliRunner.Result forced = cli.run("run", "users-mirror", "--force-deletes");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("deleted");
        assertThat(sandbox.helpdesk().userCount()).isEqualTo(80);

        CliRunner.Result history = cli.run("runs", "--json");
        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(json.readTree(history.out()).findValues("deleted")).extracting(JsonNode::asLong).contains(20L, 0L);
    }

    @Test
    void aFailedDeleteExitsThreeAndIsReplayedFromTheDeadLetters() throws Exception {
        users(20);
        assertThat(cli.run("run", "users-mirror").exitCode()).isZero();
        users(19);
        sandbox.helpdesk().hold("u019", true);

        CliRunner.Result partial = cli.run("run", "users-mirror", "--json");

        assertThat(partial.exitCode()).as(partial.toString()).isEqualTo(3);
        assertThat(json.readTree(partial.out()).path("counters").path("failed").asLong()).isEqualTo(1);
        CliRunner.Result letters = cli.run("deadletters", "list", "--sync", "users-mirror");
        assertThat(letters.out()).contains("u019", "delete failed: user u019 is on legal hold and cannot be deleted");
        long id;
        try (dev.junction.store.jdbc.JdbcStore store = dev.junction.store.jdbc.JdbcStore.h2(dataDir)) {
            id = store.deadLetters().list("users-mirror", 1).getFirst().id();
        }
        CliRunner.Result show = cli.run("deadletters", "show", Long.toString(id));
        assertThat(show.out()).contains("kind    delete: the record is gone from the source (mode mirror); a replay deletes it again")
                .doesNotContain("  source  ");
        assertThat(json.readTree(cli.run("deadletters", "show", Long.toString(id), "--json").out()).path("kind").asText()).isEqualTo("delete");

        sandbox.helpdesk().hold("u019", false);
        CliRunner.Result replay = cli.run("deadletters", "replay", "--sync", "users-mirror");

        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(sandbox.helpdesk().userByExternalId("u019")).isEmpty();
    }
}
