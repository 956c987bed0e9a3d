package dev.junction.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Issue 18's peers in one run: the same job ({@link PeerJob}: a HubSpot-shaped source, 11 mapped
 * fields, batches of 100 with 4 in flight) through Junction ({@link JunctionPeer}), a plain
 * JDK-client program ({@link PlainPeer}) and Apache Camel ({@link CamelPeer}), each in a JVM of its
 * own ({@link PeerRunner}, started cold with this JVM's java and class path), one after another
 * against the same local servers ({@link PeerSource}, {@link PeerDestination}, in this JVM),
 * interleaved: each round runs every runner once, the order rotating by one each round.
 *
 * <p>Per run it reports the destination-observed rate (records accepted, from the source's first
 * request to the last accepted write, so JVM start is excluded), the child's CPU time (all its
 * threads, start-up included) and its peak RSS ({@code VmHWM}), 429s, and whether every record
 * arrived and passed the destination's check; then the medians per runner and the ratios to Camel,
 * as a Markdown table. The 1-minute load average is printed before each round.
 *
 * <p>Settings ({@code -D}): {@code records} (200,000), {@code rounds} (5), {@code runners}
 * ({@code junction,plain,camel}), {@code limit} ({@code none}: S0, the default; {@code full},
 * {@code burst}, {@code one}: see {@link PeerJob.Limit}), {@code latencyMs} (the destination's answer
 * delay, 0), {@code timeout} (seconds a run may take before it is stopped), {@code childJvmArgs}
 * (e.g. {@code -Xmx512m}; none by default: the JVM's default heap), {@code warm} (N: each child runs the
 * job N times before the measured run, as a long-lived process would have; its CPU time is then the
 * measured run's alone; 0, cold, by default), {@code verbose} (the children's output). The source renders every page up front in this JVM's heap (about 0.5 KB a record).
 *
 * <pre>java -Drecords=200000 -Drounds=5 -Dlimit=none -cp junction-bench/target/junction-bench.jar dev.junction.bench.PeersScenario</pre>
 */
public final class PeersScenario {

    /** One run of one runner. */
    record Run(String runner, int round, String load, double recordsPerSecond, double cpuSeconds, double peakRssMiB, PeerDestination.Stats stats,
            long expected, String outcome, boolean timedOut) {
        boolean complete() {
            return !timedOut && stats.records() == expected && stats.keys() == expected && stats.invalid() == 0;
        }
    }

    /** {@code -Dwarm=N}: runs each runner's job N times in its JVM before the measured run (see {@link PeerRunner}); 0: cold, the default. */
    private static final int WARMUPS = Integer.getInteger("warm", 0);

    public static void main(String[] args) throws Exception {
        // the JDK server writes a response's headers and body apart: with Nagle on, the body waits for the
        // client's delayed ACK of the headers (40 ms on Linux), capping every runner at ~25 pages a second
        System.setProperty("sun.net.httpserver.nodelay", "true");
        long records = number("records", 200_000, 1);
        int rounds = (int) number("rounds", 5, 1);
        List<String> runners = Arrays.stream(System.getProperty("runners", "junction,plain,camel").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String runner : runners) {
            if (!List.of("junction", "plain", "camel").contains(runner)) {
                System.err.println("-Drunners: expected a comma-separated list of junction, plain, camel; '" + runner + "' is none of them");
                System.exit(2);
            }
        }
        PeerJob.Limit limit;
        try {
            limit = PeerJob.Limit.parse(System.getProperty("limit", "none"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long latencyMs = number("latencyMs", 0, 0);
        long timeoutSeconds = number("timeout", limit.limited() ? Math.max(120, 3 * records / 1900) : Math.max(300, records / 1000), 1);
        List<String> jvmArgs = Arrays.stream(System.getProperty("childJvmArgs", "").split("\\s+")).filter(s -> !s.isEmpty()).toList();

        List<Run> runs = new ArrayList<>();
        try (PeerSource source = new PeerSource(records); PeerDestination destination = new PeerDestination(limit, latencyMs)) {
            System.out.printf(Locale.ROOT, "Peers (issue 18): %,d records, pages of %d (%,d bytes), limit %s, destination latency %d ms, %d rounds of %s, "
                    + "%d processors, child JVM args %s, timeout %d s, %s%n", records, PeerJob.PAGE, source.pageBytes(), describe(limit), latencyMs, rounds, runners,
                    Runtime.getRuntime().availableProcessors(), jvmArgs.isEmpty() ? "(none)" : jvmArgs, timeoutSeconds,
                    WARMUPS == 0 ? "cold JVMs" : "each JVM warmed by " + WARMUPS + " run(s) of the job first");
            for (int round = 1; round <= rounds; round++) {
                String load = Load.average();
                System.out.printf(Locale.ROOT, "%nround %d, 1-minute load average before it: %s%n", round, load);
                for (int i = 0; i < runners.size(); i++) {
                    String runner = runners.get((i + round - 1) % runners.size());
                    source.reset();
                    destination.reset();
                    Run run = runOnce(runner, round, load, source, destination, records, limit, jvmArgs, timeoutSeconds);
                    runs.add(run);
                    System.out.printf(Locale.ROOT, "  %-8s %,9.0f records/s, %6.1f CPU s, peak RSS %,5.0f MiB, %,d 429s, %,d of %,d keys, %d invalid%s; %s%n", runner,
                            run.recordsPerSecond(), run.cpuSeconds(), run.peakRssMiB(), run.stats().refused(), run.stats().keys(), records, run.stats().invalid(),
                            run.timedOut() ? ", TIMED OUT" : "", run.outcome());
                }
            }
        }
        PeersReport.print(runs, runners, records, limit);
    }

    /** A whole number of at least {@code min} from {@code -Dname}, or {@code otherwise} when it is not set; exits with a clear message on anything else. */
    private static long number(String name, long otherwise, long min) {
        String text = System.getProperty(name);
        if (text == null) {
            return otherwise;
        }
        try {
            long value = Long.parseLong(text.replace("_", "").trim());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("-D" + name + "=" + text + ": expected a whole number of at least " + min);
        System.exit(2);
        return otherwise;
    }

    static String describe(PeerJob.Limit limit) {
        return switch (limit) {
            case NONE -> "none (S0)";
            case FULL -> "bucket of 190 refilled at 19/s (starts full)";
            case BURST -> "bucket of 19 refilled at 19/s (1 s of burst)";
            case ONE -> "bucket of 1 refilled at 19/s (no burst)";
        };
    }

    private static Run runOnce(String runner, int round, String load, PeerSource source, PeerDestination destination, long records, PeerJob.Limit limit,
            List<String> jvmArgs, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmArgs);
        if (WARMUPS > 0) {
            command.add("-Dpeer.warmups=" + WARMUPS);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PeerRunner.class.getName(), runner, source.baseUrl(), destination.baseUrl(),
                Long.toString(records), limit.word()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        Sampler sampler = new Sampler(process);
        String[] result = {null};
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.equals(PeerRunner.WARM)) {
                        // the child warmed up: the measured run starts on fresh counters
                        source.reset();
                        destination.reset();
                        process.getOutputStream().write('\n');
                        process.getOutputStream().flush();
                    } else if (line.startsWith(PeerRunner.RESULT)) {
                        result[0] = line.substring(PeerRunner.RESULT.length());
                    } else if (Boolean.getBoolean("verbose")) {
                        System.out.println("    [" + runner + "] " + line);
                    }
                }
            } catch (IOException e) {
                // the child went away
            }
        });
        boolean finished = process.waitFor(timeoutSeconds * (1 + WARMUPS), TimeUnit.SECONDS);
        sampler.stop();
        if (!finished) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(Duration.ofSeconds(5));
        PeerDestination.Stats stats = destination.stats();
        long first = source.firstRequest();
        double seconds = first == 0 || stats.lastAccepted() == 0 ? Double.NaN : (stats.lastAccepted() - first) / 1e9;
        double cpu = sampler.cpuSeconds;
        double rss = sampler.hwmKiB / 1024.0;
        String outcome = finished ? "no result line" : "stopped after " + timeoutSeconds + " s";
        if (result[0] != null) {
            for (String field : result[0].split(" ", 3)) {
                if (field.startsWith("cpuNanos=")) {
                    cpu = Long.parseLong(field.substring(9)) / 1e9;
                } else if (field.startsWith("hwmKiB=")) {
                    rss = Math.max(rss, Long.parseLong(field.substring(7)) / 1024.0);
                } else if (field.startsWith("outcome=")) {
                    outcome = field.substring(8);
                }
            }
        }
        return new Run(runner, round, load, stats.records() / seconds, cpu, rss, stats, records, outcome, !finished);
    }

    /** Samples a child's CPU time and peak RSS while it runs: what is known of a child that had to be stopped. */
    private static final class Sampler {
        private final Thread thread;
        private volatile boolean running = true;
        volatile double cpuSeconds = Double.NaN;
        volatile long hwmKiB = -1;

        Sampler(Process process) {
            Path status = Path.of("/proc", Long.toString(process.pid()), "status");
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running && process.isAlive()) {
                    process.info().totalCpuDuration().ifPresent(d -> cpuSeconds = d.toNanos() / 1e9);
                    hwmKiB = Math.max(hwmKiB, PeerRunner.hwmKiB(status));
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }
    }

    /** The median of one measure over some runs (NaN when there are none). */
    static double median(List<Run> runs, ToDoubleFunction<Run> measure) {
        double[] values = runs.stream().mapToDouble(measure).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
