package dev.junction.sync.internal;

import dev.junction.store.LeaseHolder;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * Who this process is, as a lease names its holder: a random node id, the host name, the pid and
 * start of this process, and on Linux the boot id and pid namespace. Read from the operating system
 * when asked; nothing is cached here.
 */
public final class ThisProcess {
    private static final Path PROC = Path.of("/proc");

    private ThisProcess() {}

    /** This process as a lease holder, with a new random node id. */
    public static LeaseHolder holder() {
        ProcessHandle self = ProcessHandle.current();
        Instant started = self.info().startInstant().orElse(null);
        return new LeaseHolder(UUID.randomUUID().toString(), hostName(), self.pid(), started, pidScope(PROC));
    }

    /**
     * Linux: {@code <boot id>/<pid namespace>}, e.g. {@code 3f1e…/pid:[4026531836]}: two processes
     * with the same value see the same processes under the same pids. Null when either is unreadable
     * (another operating system).
     */
    static String pidScope(Path proc) {
        try {
            String bootId = Files.readString(proc.resolve("sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).strip();
            String namespace = Files.readSymbolicLink(proc.resolve("self/ns/pid")).toString();
            return bootId.isEmpty() ? null : bootId + "/" + namespace;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** The host name without a DNS lookup where the system says it (Linux), else Java's; "" when unknown. */
    static String hostName() {
        try {
            String name = Files.readString(PROC.resolve("sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | SecurityException e) {
            // not Linux
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
