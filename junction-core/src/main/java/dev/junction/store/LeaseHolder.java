package dev.junction.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The process that holds a run lease, so that another process can tell whether it is still alive.
 *
 * @param node one random id per process (per {@link dev.junction.sync.LeaseKeeper}): its leases are renewed together by it
 * @param host the host name, for people, and to tell whether {@code pid} means anything here
 * @param pid the process id on that host
 * @param processStart when that process started (null when the operating system does not say); a
 *     process with the same pid but another start is another process (the pid was reused)
 * @param pidScope where the pid is meaningful: on Linux the boot id and the pid namespace (two
 *     containers on one host may give the same pid to different processes); null elsewhere, where
 *     the host name alone says so
 */
public record LeaseHolder(String node, String host, long pid, Instant processStart, String pidScope) {
    public LeaseHolder {
        Objects.requireNonNull(node, "node");
    }

    /** "pid 4242 on host build-7". */
    public String describe() {
        return "pid " + pid + " on host " + host;
    }
}
