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
 *
 * <p>With {@code -Dpeer.warmups=N} (the scenario's {@code -Dwarm=N}) it first runs the job N times
 * in this JVM, each on a fresh job (Junction: a fresh engine and store), as a long-lived process
 * would have run jobs before; then prints {@code peer-warm}, waits for a line on its standard input
 * (the scenario resets its servers' counters meanwhile) and runs the job once more, the run
 * measured: the CPU time reported is that run's alone.
 */
public final class PeerRunner {
    static final String RESULT = "peer-result ";
    /** Printed once the warm-up runs ended; the measured run starts when a line arrives on standard input. */
    static final String WARM = "peer-warm";

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
        if (!java.util.List.of("junction", "plain", "camel").contains(args[0])) {
            System.err.println("runner '" + args[0] + "': expected junction, plain or camel");
            System.exit(2);
        }
        int warmups = Integer.getInteger("peer.warmups", 0);
        long cpuBefore = 0;
        String outcome;
        try {
            for (int i = 1; i <= warmups; i++) {
                String warm = job(args[0]).run(args[1], args[2], Long.parseLong(args[3]), PeerJob.Limit.parse(args[4]));
                System.out.println("warm-up " + i + " of " + warmups + ": " + warm);
            }
            if (warmups > 0) {
                System.out.println(WARM);
                System.out.flush();
                new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
                cpuBefore = cpuNanos();
            }
            outcome = job(args[0]).run(args[1], args[2], Long.parseLong(args[3]), PeerJob.Limit.parse(args[4]));
        } catch (Exception | Error e) {
            outcome = "failed: " + e;
        }
        long cpu = cpuNanos() - cpuBefore;
        System.out.println(RESULT + "cpuNanos=" + cpu + " hwmKiB=" + hwmKiB(Path.of("/proc/self/status")) + " outcome=" + outcome.replace('\n', ' '));
        System.out.flush();
        System.exit(0);
    }

    private static Job job(String runner) {
        return switch (runner) {
            case "junction" -> new JunctionPeer();
            case "plain" -> new PlainPeer();
            default -> new CamelPeer();
        };
    }

    /** This process's CPU time so far, all threads. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
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
