package dev.junction.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.LeaseHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telling a dead lease holder from a live one, against real processes: only a holder on this
 * machine (same host name and pid scope) can be judged, and it is dead when its pid is gone or
 * belongs to a process that started at another time.
 */
class HolderLivenessTest {
    private final LeaseHolder self = ThisProcess.holder();
    private final HolderLiveness liveness = new HolderLiveness(self);

    @Test
    void thisProcessIsNamedByItsPidStartAndHost() {
        assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(self.processStart()).isEqualTo(ProcessHandle.current().info().startInstant().orElseThrow());
        assertThat(self.host()).isNotBlank();
        assertThat(self.node()).isNotEqualTo(ThisProcess.holder().node());
        if (Files.isDirectory(Path.of("/proc/self/ns"))) {
            assertThat(self.pidScope()).matches("[0-9a-f-]{36}/pid:\\[\\d+]");
        }
    }

    @Test
    void aProcessThatEndedIsGone() throws Exception {
        Process process = new ProcessBuilder("sleep", "0").start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(liveness.gone(on(self.host(), self.pidScope(), process.pid(), Instant.now()))).isTrue();
    }

    @Test
    void aRunningProcessIsAliveAndAPidThatStartedAtAnotherTimeIsAnotherProcess() throws Exception {
        Process process = new ProcessBuilder("sleep", "60").start();
        try {
            Instant started = process.info().startInstant().orElseThrow();

            assertThat(liveness.gone(on(self.host(), self.pidScope(), process.pid(), started))).isFalse();
            assertThat(liveness.gone(on(self.host(), self.pidScope(), process.pid(), started.minus(Duration.ofHours(1))))).as("pid reused").isTrue();
            assertThat(liveness.gone(on(self.host(), self.pidScope(), process.pid(), started.minusSeconds(20))))
                    .as("a start read a little off (a stepped wall clock) is the same process").isFalse();
            assertThat(liveness.gone(on(self.host(), self.pidScope(), process.pid(), null))).as("start unknown").isFalse();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void anotherKeeperOfThisProcessIsAliveAndThisProcessIsGoneOnlyAsAnEarlierProcessWithItsPid() {
        assertThat(liveness.gone(on(self.host(), self.pidScope(), self.pid(), self.processStart()))).isFalse();
        assertThat(liveness.gone(on(self.host(), self.pidScope(), self.pid(), self.processStart().minus(Duration.ofDays(1))))).isTrue();
        assertThat(liveness.gone(self)).as("its own leases").isFalse();
    }

    @Test
    void aHolderElsewhereOrUnnamedIsNeverJudged() throws Exception {
        Process process = new ProcessBuilder("sleep", "0").start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long dead = process.pid();

        assertThat(liveness.gone(on("another-host", self.pidScope(), dead, Instant.now()))).as("another host").isFalse();
        assertThat(liveness.gone(on(self.host(), "other-boot/pid:[1]", dead, Instant.now()))).as("another container or boot").isFalse();
        assertThat(liveness.gone(on("", self.pidScope(), dead, Instant.now()))).as("no host name").isFalse();
        assertThat(liveness.gone(null)).as("no holder").isFalse();
    }

    @Test
    void thePidScopeIsUnknownWithoutLinuxsProcFiles(@TempDir Path notProc) {
        assertThat(ThisProcess.pidScope(notProc)).isNull();
    }

    private static LeaseHolder on(String host, String scope, long pid, Instant started) {
        return new LeaseHolder("node-" + pid + "-" + started, host, pid, started, scope);
    }
}
