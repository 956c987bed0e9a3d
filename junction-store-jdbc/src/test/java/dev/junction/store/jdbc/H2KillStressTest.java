package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's file under many {@code kill -9}s ({@link H2KillStress}): it must open and read
 * in full after each, holding every write flushed before the kill. Each iteration starts a JVM
 * (seconds), so dozens do not fit the normal suite; {@link H2KillTest} covers one kill there. Run by hand:
 *
 * <pre>
 * ./mvnw -B -o -pl junction-store-jdbc -am verify -Dtest=H2KillStressTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Djunction.h2kill.iterations=40
 * </pre>
 *
 * (add {@code -Djunction.h2kill.progress=true} for a line per kill). It finds more on a loaded machine:
 * run two or three at once, or beside a full build.
 *
 * <p>Known to fail as of 2026-12-06 (docs/server.md, "Embedded store durability"): the flow-steps
 * writer leaves a table whose index names a row the table lost in about 1 of 100 kills, on H2 2.5.252
 * as on 2.4.240 ({@code junction store repair} rebuilds such a file), and the light writer did once in
 * 35 kills under load; the heavy writer lost the last flushed write in 3 of 60 kills on 2.5.252 (none
 * of 90 on 2.4.240). {@link H2KillStress} lists the knobs tried to look into it.
 */
@EnabledIfSystemProperty(named = "junction.h2kill.iterations", matches = "\\d+")
class H2KillStressTest {
    private static final int ITERATIONS = Integer.getInteger("junction.h2kill.iterations", 0);

    @TempDir
    Path workDir;

    @Test
    void theLightWritersFileSurvivesEveryKill() throws Exception {
        H2KillStress.Result result = H2KillStress.run(H2KillStress.Mode.LIGHT, ITERATIONS, 1_500, workDir);
        System.out.println(result);
        assertThat(result.failures()).as(result.toString()).isEmpty();
    }

    @Test
    void everyFlowStepRowCanBeStoredAgainAfterEveryKill() throws Exception {
        H2KillStress.Result result = H2KillStress.run(H2KillStress.Mode.STEPS, ITERATIONS, 3_000, workDir);
        System.out.println(result);
        assertThat(result.failures()).as(result.toString()).isEmpty();
    }

    @Test
    void theHeavyWritersFileSurvivesEveryKill() throws Exception {
        H2KillStress.Result result = H2KillStress.run(H2KillStress.Mode.HEAVY, ITERATIONS, 3_000, workDir);
        System.out.println(result);
        assertThat(result.failures()).as(result.toString()).isEmpty();
    }
}
