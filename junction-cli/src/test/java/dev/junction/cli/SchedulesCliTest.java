package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction schedules}, {@code schedules pause} and {@code schedules resume} on the demo sync with a schedule added. */
class SchedulesCliTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");
    private static final String SYNC = "crm-contacts-to-helpdesk";

    @TempDir
    Path dataDir;

    @TempDir
    Path defs;

    private Sandbox sandbox;
    private CliRunner cli;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(3).withCrmRateLimit(0).withHelpdeskUsers(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        try (var files = Files.list(EXAMPLES)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                Files.writeString(defs.resolve(f.getFileName()), text.contains("kind: Sync")
                        ? text.strip() + "\nschedule: { cron: \"0 6 * * MON-FRI\", zone: Europe/Berlin, overlap: queue }\n" : text);
            }
        }
        CliRunner.Result applied = cli.run("apply", defs.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void listsTheSchedulesWithTheirNextFiresAndPausesAndResumesOne() {
        CliRunner.Result listed = cli.run("schedules");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out()).contains(SYNC + "  cron '0 6 * * MON-FRI' in Europe/Berlin  overlap: queue, catchUp: one")
                .containsPattern("next: \\d{4}-\\d\\d-\\d\\dT0[45]:00:00Z, ").contains("last: never fired").doesNotContain("PAUSED");

        CliRunner.Result paused = cli.run("schedules", "pause", SYNC);
        assertThat(paused.exitCode()).as(paused.toString()).isZero();
        assertThat(paused.out()).contains("paused the schedule of " + SYNC).contains("PAUSED");
        assertThat(cli.run("schedules", "--sync", SYNC).out()).contains("PAUSED");

        CliRunner.Result resumed = cli.run("schedules", "resume", SYNC);
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("resumed the schedule of " + SYNC).doesNotContain("PAUSED");
    }

    @Test
    void anUnknownSyncOrOneWithoutAScheduleIsAClearError() {
        CliRunner.Result unknown = cli.run("schedules", "pause", "nope");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("no sync named 'nope' is applied");
        assertThat(cli.run("schedules", "--tenant", "acme").out()).contains("no schedules for tenant 'acme'");
    }
}
