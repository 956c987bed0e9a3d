package dev.junction.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One runner of {@link PeersScenario} in a JVM of its own:
 * {@code PeerRunner junction|plain|camel SOURCE_URL DESTINATION_URL RECORDS LIMIT}. It runs the job
 * once, then prints one line {@code peer-result cpuNanos=N hwmKiB=N outcome=TEXT} (the process's
 * CPU time, all threads, and its peak resident set from /proc/self/status), which the scenario
 * reads from its output, and exits.
 */
public final class PeerRunner {
    static final String RESULT = "peer-result ";

    /** What each runner does: the job, once, from the source at one URL to the destination at the other. */
    interface Job {
        /** Runs the job to its end; returns a short outcome for the scenario's log (status, counters). */
        String run(String source, String destination, long records, PeerJob.Limit limit) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("expected: PeerRunner junction|plain|camel SOURCE_URL DESTINATION_URL RECORDS none|full|burst|one");
            System.exit(2);
        }
        Job job = switch (args[0]) {
            case "junction" -> new JunctionPeer();
            case "plain" -> new PlainPeer();
            case "camel" -> new CamelPeer();
            default -> {
                System.err.println("runner '" + args[0] + "': expected junction, plain or camel");
                System.exit(2);
                yield null;
            }
        };
        String outcome;
        try {
            outcome = job.run(args[1], args[2], Long.parseLong(args[3]), PeerJob.Limit.parse(args[4]));
        } catch (Exception | Error e) {
            outcome = "failed: " + e;
        }
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        System.out.println(RESULT + "cpuNanos=" + cpu + " hwmKiB=" + hwmKiB(Path.of("/proc/self/status")) + " outcome=" + outcome.replace('\n', ' '));
        System.out.flush();
        System.exit(0);
    }

    /** The peak resident set ({@code VmHWM}) in KiB from a /proc status file; -1 when not on Linux or gone. */
    static long hwmKiB(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or the process ended
        }
        return -1;
    }
}
