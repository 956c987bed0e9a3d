package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that keep running until stopped also stop by themselves with --seconds. */
class LongRunningCommandsTest {
    @TempDir
    Path dataDir;

    @Test
    void sandboxPrintsUrlsAndCredentialsAsExportLinesAndStops() {
        CliRunner.Result result = new CliRunner(dataDir).runRaw("sandbox", "--seconds", "0", "--contacts", "10");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .containsPattern("export ACME_CRM_URL=http://127\\.0\\.0\\.1:\\d+")
                .contains("export ACME_CRM_TOKEN=acme-demo-token")
                .containsPattern("export HELPDESK_URL=http://127\\.0\\.0\\.1:\\d+")
                .contains("export HELPDESK_API_KEY=helpdesk-demo-key");
    }
}
