package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deadletters show|replay|discard}: the demo sync with a mapping the Helpdesk refuses for bronze contacts, then fixed. */
class DeadLettersCliTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");
    private static final String SYNC = "crm-contacts-to-helpdesk";

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    private final ObjectMapper json = new ObjectMapper();
    private Sandbox sandbox;
    private CliRunner cli;
    private String failedRun;
    private JsonNode letters;

    @BeforeEach
    void runWithABadMapping() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(90).withCrmRateLimit(0).withHelpdeskUsers(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();
        applySync("bronze: 7");
        CliRunner.Result run = cli.run("run", SYNC, "--json");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        failedRun = json.readTree(run.out()).path("id").asText();
        letters = json.readTree(cli.run("deadletters", "list", "--run", failedRun, "--json", "--limit", "1000").out());
        assertThat(letters.size()).isPositive();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private void applySync(String bronze) throws Exception {
        String text = Files.readString(EXAMPLES.resolve("crm-contacts-to-helpdesk.sync.yaml")).replace("bronze: 3", bronze);
        Path file = work.resolve("sync-" + bronze.replace(": ", "") + ".yaml");
        Files.writeString(file, text);
        CliRunner.Result applied = cli.run("apply", file.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    private long id(int index) {
        return letters.get(index).path("id").asLong();
    }

    @Test
    void listJsonCarriesEachDeadLettersCategoryAndTheDestinationsCode() {
        JsonNode first = letters.get(0);

        assertThat(first.path("reason").asText()).contains("priority must be 1, 2 or 3, got 7");
        assertThat(first.path("errorCategory").asText()).isEqualTo("permanent");
        assertThat(first.path("errorCode").asText()).isEqualTo("invalid_priority");
        assertThat(first.has("errorClass")).isFalse();
    }

    @Test
    void showPrintsTheReasonThePayloadAndTheSourceRecord() {
        CliRunner.Result show = cli.run("deadletters", "show", Long.toString(id(0)));

        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).startsWith("dead letter " + id(0) + "  open\n")
                .contains("  run     " + failedRun + " at ")
                .contains("  reason  ").contains("priority must be 1, 2 or 3, got 7")
                .contains("\n  error   permanent, code invalid_priority\n")
                .contains("\"priority\" : 7")
                .contains("\"tier\" : \"bronze\"")
                .endsWith("replay it with: junction deadletters replay " + id(0) + "   or drop it with: junction deadletters discard " + id(0) + "\n");
    }

    @Test
    void replayWithTheMappingStillBrokenFailsAgainAndWithItFixedWritesEveryRecordOnce() throws Exception {
        CliRunner.Result again = cli.run("deadletters", "replay", Long.toString(id(0)), "--json");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
        assertThat(json.readTree(again.out()).get(0).path("counters").path("failed").asLong()).isOne();
        assertThat(cli.run("deadletters", "show", Long.toString(id(0))).out()).startsWith("dead letter " + id(0) + "  replayed by run ");

        applySync("bronze: 3");
        CliRunner.Result replay = cli.run("deadletters", "replay", "--sync", SYNC, "--json");
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        JsonNode run = json.readTree(replay.out()).get(0);
        assertThat(run.path("trigger").asText()).isEqualTo("replay");
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("counters").path("read").asLong()).isEqualTo(letters.size());
        assertThat(sandbox.helpdesk().writeCountsByKey()).hasSize(90).allSatisfy((key, n) -> assertThat(n).isOne());

        CliRunner.Result nothing = cli.run("deadletters", "replay", "--sync", SYNC);
        assertThat(nothing.exitCode()).isOne();
        assertThat(nothing.err()).isEqualTo("junction: sync 'crm-contacts-to-helpdesk' has no open dead letters\n");
    }

    @Test
    void discardDropsDeadLettersByIdAndByRunAndCountsThem() {
        CliRunner.Result one = cli.run("deadletters", "discard", Long.toString(id(0)));
        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(one.out()).isEqualTo("discarded 1 dead letter(s)\n");
        assertThat(cli.run("deadletters", "show", Long.toString(id(0))).out()).startsWith("dead letter " + id(0) + "  discarded at ");

        CliRunner.Result twice = cli.run("deadletters", "replay", Long.toString(id(0)));
        assertThat(twice.exitCode()).isOne();
        assertThat(twice.err()).startsWith("junction: dead letter " + id(0) + " was already discarded at ");

        CliRunner.Result rest = cli.run("deadletters", "discard", "--run", failedRun);
        assertThat(rest.out()).isEqualTo("discarded " + (letters.size() - 1) + " dead letter(s)\n");
        assertThat(cli.run("deadletters", "discard", "--run", failedRun).err())
                .isEqualTo("junction: run '" + failedRun + "' has no open dead letters\n");
    }

    @Test
    void unknownIdsAndAMissingSelectionAreClearErrors() {
        CliRunner.Result unknown = cli.run("deadletters", "show", "999999");
        assertThat(unknown.exitCode()).isOne();
        assertThat(unknown.err()).isEqualTo("junction: no dead letter with id 999999; list them with: junction deadletters list\n");

        CliRunner.Result none = cli.run("deadletters", "replay");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("junction: Error: Missing required argument (specify one of these): (ID... | --run=RUN | --sync=SYNC)\n"
                + "Run 'junction deadletters replay --help' for usage.\n");
    }
}
