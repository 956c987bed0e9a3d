package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction map suggest} between the sandbox's CRM contacts and Helpdesk users. */
class MapSuggestTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private CliRunner cli;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(40).withHelpdeskUsers(20).withCrmRateLimit(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private CliRunner.Result suggest(String... extra) {
        String[] args = new String[7 + extra.length];
        String[] base = {"map", "suggest", "crm", "contacts", "helpdesk", "users", "--data-dir=" + dataDir};
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return cli.runRaw(args);
    }

    @Test
    void suggestsPasteableMappingLinesWithScoresAndNamesWhatItCouldNotMatch() {
        CliRunner.Result result = suggest("--sample", "20");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("mapping:\n")
                .containsPattern("\n  email: properties\\.email\\s+# 0\\.\\d\\d \\(name 1\\.00, type 1\\.00, values 0\\.\\d\\d; string/email ← string/email\\)")
                .containsPattern("\n  created_at: createdAt\\s+# ")
                .containsPattern("\n  updated_at: updatedAt\\s+# ")
                // the source's key goes to the destination's external key, not to the id the destination assigns itself
                .containsPattern("\n  external_id: id\s+# key: the source's primary key as the destination's external key; ")
                .doesNotContainPattern("\n  id: ")
                .contains("  # assigned by the destination (its primary key; not written): id")
                .doesNotContainPattern("# no suggestion for: .*external_id")
                .doesNotContainPattern("\n  name: ");
        assertThat(sandbox.helpdesk().ledger()).isEmpty(); // it only reads
    }

    @Test
    void jsonListsEachPairWithItsScoreParts() throws Exception {
        JsonNode result = new ObjectMapper().readTree(suggest("--json", "--sample", "20").out());

        Map<String, String> pairs = new HashMap<>();
        result.path("suggestions").forEach(s -> pairs.put(s.path("destination").asText(), s.path("source").asText()));
        assertThat(pairs).containsEntry("email", "properties.email").containsEntry("created_at", "createdAt").containsEntry("updated_at", "updatedAt");
        assertThat(pairs).containsEntry("external_id", "id").doesNotContainKey("id");
        assertThat(result.path("key").asText()).isEqualTo("external_id");
        assertThat(result.path("assigned").toString()).isEqualTo("[\"id\"]");
        for (JsonNode s : result.path("suggestions")) {
            if (s.path("destination").asText().equals("external_id")) {
                continue; // the key pair is made whatever the names score
            }
            assertThat(s.path("score").asDouble()).isBetween(0.6, 1.0);
            assertThat(s.has("name") && s.has("type") && s.has("values")).isTrue();
        }
        assertThat(result.path("unmatched").toString()).doesNotContain("external_id");
    }

    @Test
    void aMinimumScoreOutsideZeroToOneIsAClearError() {
        CliRunner.Result result = suggest("--min-score", "2");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("junction: --min-score must be between 0 and 1, was 2.0");
    }
}
