package dev.junction.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load, for the record beside each measurement (this 2-core machine is shared with other builds). */
final class Load {
    private Load() {}

    /** The 1-minute load average from Linux's /proc/loadavg ("?" elsewhere). */
    static String average() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
