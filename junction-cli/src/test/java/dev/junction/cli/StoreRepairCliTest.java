package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code junction store repair}: rebuilds the embedded store from its rows and keeps the file before;
 * everything stored is still there after. (EmbeddedRebuildTest in junction-store-jdbc repairs a file
 * with an index entry whose row is lost.) Refused for a PostgreSQL store and for a directory without one.
 */
class StoreRepairCliTest {
    private static final String EXAMPLES = Path.of("..", "examples", "demo").toString();

    @TempDir
    Path dataDir;

    @Test
    void theStoreIsRebuiltFromItsRowsAndKeepsEveryRunAndItsExchanges() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(20).withCrmRateLimit(0))) {
            CliRunner cli = CliRunner.forSandbox(dataDir, sandbox);
            assertThat(cli.run("apply", EXAMPLES).exitCode()).isZero();
            assertThat(cli.run("run", "crm-contacts-to-helpdesk").exitCode()).isZero();
            String runsBefore = cli.run("runs").out();

            CliRunner.Result repaired = cli.run("store", "repair");

            assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
            assertThat(repaired.out()).startsWith("rebuilt the store in " + dataDir.toAbsolutePath() + " from its rows: ")
                    .containsPattern("\\d+ tables, \\d+ rows, in \\d+\\.\\d s; the file before is kept at .*/repair-\\d{8}T\\d{6}Z/junction.mv.db.before\n");
            try (var dirs = Files.list(dataDir)) {
                Path kept = dirs.filter(p -> p.getFileName().toString().startsWith("repair-")).findFirst().orElseThrow();
                assertThat(kept.resolve("junction.mv.db.before")).exists();
            }
            assertThat(cli.run("runs").out()).isEqualTo(runsBefore);
            assertThat(cli.run("exchanges").out()).contains("/v1/contacts");
            int written = sandbox.helpdesk().ledger().size();
            CliRunner.Result again = cli.run("run", "crm-contacts-to-helpdesk", "--json");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(again.out()).path("counters").path("unchanged").asLong())
                    .as("the fingerprints came through: nothing is sent again").isEqualTo(20);
            assertThat(sandbox.helpdesk().ledger()).hasSize(written);
        }
    }

    @Test
    void aPostgresqlStoreIsBadInputAndAnEmptyDirectoryAClearFailure() throws Exception {
        CliRunner cli = new CliRunner(dataDir);
        CliRunner.Result postgres = cli.runRaw("store", "repair", "--store", "jdbc:postgresql://127.0.0.1:1/junction");
        assertThat(postgres.exitCode()).isEqualTo(2);
        assertThat(postgres.err()).startsWith("junction: store repair works on the embedded store in a data directory (--data-dir)");

        Path empty = Files.createDirectories(dataDir.resolve("empty"));
        CliRunner.Result none = cli.runRaw("store", "repair", "--data-dir", empty.toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("there is no embedded store in " + empty.toAbsolutePath() + " (no junction.mv.db) to repair")
                .doesNotContain("at dev.junction");
    }
}
