package dev.junction.sync.internal;

import dev.junction.store.LeaseHolder;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a lease's holder provably died, judged from {@code self}, a process of this machine. Only
 * a holder on the same machine can be judged (same host name and, on Linux, the same boot and pid
 * namespace): its process is gone, or its pid now belongs to a process that started at another
 * time (the pid was reused). Anything else — another host, a holder without a name, a process
 * whose start cannot be read — is not provably dead: only the lease's expiry frees it.
 */
public final class HolderLiveness {
    /**
     * How far apart two readings of one process's start may be. Java derives a start instant from
     * the boot time, which moves when the wall clock is stepped; two different processes with the
     * same pid started this close together is the far less likely case, and it is the harmless one
     * (the holder is taken for alive, and its lease frees when it expires).
     */
    static final Duration SAME_START = Duration.ofMinutes(1);

    private final LeaseHolder self;

    public HolderLiveness(LeaseHolder self) {
        this.self = self;
    }

    /** Whether {@code holder}'s process has ended (see the class comment). */
    public boolean gone(LeaseHolder holder) {
        if (holder == null || holder.node().equals(self.node()) || !sameMachine(holder)) {
            return false;
        }
        if (holder.pid() == self.pid()) {
            return differentStart(self.processStart(), holder.processStart());
        }
        Optional<ProcessHandle> process = ProcessHandle.of(holder.pid());
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        return differentStart(process.get().info().startInstant().orElse(null), holder.processStart());
    }

    private boolean sameMachine(LeaseHolder holder) {
        return holder.host() != null && !holder.host().isBlank() && holder.host().equals(self.host())
                && Objects.equals(holder.pidScope(), self.pidScope());
    }

    private static boolean differentStart(Instant running, Instant recorded) {
        if (running == null || recorded == null) {
            return false; // cannot tell: alive as far as we know
        }
        return Duration.between(running, recorded).abs().compareTo(SAME_START) > 0;
    }
}
