package dev.junction.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.audit.AuditReport;
import dev.junction.audit.AuditRules;
import dev.junction.audit.Normalizer;
import dev.junction.audit.Reconciliation;
import dev.junction.spec.SyncSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An audit of N keys (default 1,000,000) in bounded memory: both sides are generated in process, past
 * the readers, and fed to the same {@link Reconciliation} that {@code Audits} feeds from the source's
 * mapped records and the destination stream's records. Records have the demo sync's mapped shape (a
 * key and eight compared fields, five nested, email normalized). Each side comes in its own scrambled
 * key order; the destination lacks every 1,000th key, has a changed email on every 1,000th (offset
 * 1) and holds N/1,000 extra keys. The baseline, in the same JVM, generates both sides and drops
 * them. Prints the time, the peak heap (heap pools' peak sum, and the highest heap after any GC), the
 * chunk files written, and checks the counts.
 *
 * <pre>{@code
 * java -Xmx256m -XX:ActiveProcessorCount=2 -cp junction-bench/target/junction-bench.jar dev.junction.bench.AuditScenario 1000000
 * }</pre>
 */
public final class AuditScenario {
    private static final List<String> TARGETS = List.of("external_id", "email", "name", "priority", "profile.first_name", "profile.last_name",
            "profile.phone", "profile.company", "profile.crm_owner");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AuditScenario() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        AtomicLong afterGcPeak = SyncThroughputScenario.watchGc();
        AuditRules rules = new AuditRules(new SyncSpec.Audit("users", "external_id", List.of(),
                Map.of("email", List.of(Normalizer.TRIM, Normalizer.LOWERCASE))), "external_id", TARGETS);

        // warm-up and baseline: generate both sides, keep nothing
        long[] sink = new long[1];
        generate(n / 10, r -> sink[0] += r.size(), r -> sink[0] += r.size());
        long baselineStart = System.nanoTime();
        long baselineCpu = SyncThroughputScenario.cpuNanos();
        generate(n, r -> sink[0] += r.size(), r -> sink[0] += r.size());
        double baselineSeconds = (System.nanoTime() - baselineStart) / 1e9;
        double baselineCpuSeconds = (SyncThroughputScenario.cpuNanos() - baselineCpu) / 1e9;
        System.out.printf(Locale.ROOT, "baseline (generate both sides, %,d keys): %.1f s, %.1f CPU s%n", n, baselineSeconds, baselineCpuSeconds);

        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        afterGcPeak.set(0);
        long start = System.nanoTime();
        long startCpu = SyncThroughputScenario.cpuNanos();
        AuditReport report;
        int[] chunks;
        try (Reconciliation audit = new Reconciliation(rules, Reconciliation.Settings.DEFAULT.withSamples(10))) {
            generate(n, audit::source, audit::destination);
            chunks = audit.chunksWritten();
            report = audit.finish();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (SyncThroughputScenario.cpuNanos() - startCpu) / 1e9;
        System.out.printf(Locale.ROOT, "audit: %,d source and %,d destination records in %.1f s (%.1f CPU s) = %,.0f keys/s; chunk files %d + %d%n",
                report.sourceRecords(), report.destinationRecords(), seconds, cpuSeconds, n / seconds, chunks[0], chunks[1]);
        System.out.printf(Locale.ROOT, "found: matched %,d, missing %,d, extra %,d, mismatched %,d (fields %s)%n", report.matched(), report.missing(),
                report.extra(), report.mismatched(), report.fieldMismatches());
        System.out.printf(Locale.ROOT, "peak heap: pools' peak sum %,d MB; highest after a GC %,d MB (of -Xmx %,d MB)%n",
                SyncThroughputScenario.heapPeak() >> 20, afterGcPeak.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "audit / baseline: %.1f× the wall time, %.1f× the CPU time%n", seconds / baselineSeconds, cpuSeconds / baselineCpuSeconds);
        long expected = n / 1000;
        boolean right = report.missing() == expected && report.extra() == expected && report.mismatched() == expected
                && report.matched() == n - 2 * expected;
        System.out.println(right ? "counts: as expected" : "counts: WRONG, expected " + expected + " missing, extra and mismatched");
        if (!right) {
            System.exit(1);
        }
    }

    /** Both sides, each in its own scrambled order (a multiplicative permutation of 0..n-1; n must not be a multiple of either prime). */
    private static void generate(int n, Consumer<ObjectNode> source, Consumer<ObjectNode> destination) {
        for (long i = 0; i < n; i++) {
            source.accept(record((int) (i * 7_919 % n), false));
        }
        for (long i = 0; i < n; i++) {
            int k = (int) (i * 104_729 % n);
            if (k % 1000 != 0) {
                destination.accept(record(k, k % 1000 == 1));
            }
        }
        for (int i = 0; i < n / 1000; i++) {
            destination.accept(record(n + i, false));
        }
    }

    private static ObjectNode record(int k, boolean changed) {
        ObjectNode r = NODES.objectNode();
        r.put("external_id", "c-" + k);
        r.put("email", changed ? "changed-" + k + "@example.com" : (k % 2 == 0 ? "User" + k + "@Example.com " : "user" + k + "@example.com"));
        r.put("name", "First" + k + " Last" + k);
        r.put("priority", 1 + k % 3);
        ObjectNode profile = r.putObject("profile");
        profile.put("first_name", "First" + k);
        profile.put("last_name", "Last" + k);
        profile.put("phone", "+1-555-" + (k % 10_000));
        profile.put("company", "Company " + (k % 500));
        profile.put("crm_owner", "owner" + (k % 20) + "@example.com");
        return r;
    }
}
