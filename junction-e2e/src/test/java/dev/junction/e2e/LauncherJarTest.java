package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar the {@code junction} launcher runs ({@code java -jar junction-app/target/junction.jar})
 * is the whole program: {@code serve} too, not only the CLI's commands. {@code ./mvnw verify} builds the
 * jar (junction-app's package phase) before this module's tests; a build that stops at {@code test}
 * has none, and this test is skipped.
 */
class LauncherJarTest {
    private static final Path JAR = Path.of("..", "junction-app", "target", "junction.jar");

    /** The processes' output and logs; kept when the test fails. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path logs;

    @TempDir
    Path dataDir;

    @Test
    void theJarServesAndStops() {
        assumeTrue(Files.isRegularFile(JAR), "no " + JAR + ": build it with ./mvnw verify (or package)");
        String[] args = {"serve", "--port", "0", "--seconds", "0", "--data-dir", dataDir.toString()};
        JunctionProcess serve = JunctionProcess.run(JunctionProcess.start("jar-serve", logs, Map.of(), List.of("-jar", JAR.toString()), List.of(args)),
                Duration.ofMinutes(2), args);

        assertThat(serve.exitCode()).as(serve.describe()).isZero();
        assertThat(serve.out()).containsPattern("Junction server at http://127\\.0\\.0\\.1:\\d+").containsPattern("stopped in \\d+ ms");
    }
}
