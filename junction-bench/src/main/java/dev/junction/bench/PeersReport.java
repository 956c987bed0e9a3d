package dev.junction.bench;

import java.util.List;
import java.util.Locale;

/** The Markdown tables {@link PeersScenario} ends with: every run, then the medians per runner and the ratios to Camel. */
final class PeersReport {
    private PeersReport() {}

    static void print(List<PeersScenario.Run> runs, List<String> runners, long records, PeerJob.Limit limit) {
        System.out.printf(Locale.ROOT, "%n%,d records, limit %s; records/s as the destination saw them (first source request to last accepted write)%n%n", records,
                PeersScenario.describe(limit));
        System.out.println("| round | load before | runner | records/s | CPU s | peak RSS MiB | 429s | all arrived, checked | outcome |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (PeersScenario.Run run : runs) {
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %,.0f | %.1f | %,.0f | %,d | %s | %s |%n", run.round(), run.load(), run.runner(), run.recordsPerSecond(),
                    run.cpuSeconds(), run.peakRssMiB(), run.stats().refused(), run.complete() ? "yes" : "no (" + run.stats().keys() + " keys, " + run.stats().invalid() + " invalid)",
                    run.outcome().replace('|', '/'));
        }
        System.out.println();
        System.out.println("| runner | records/s (median) | ratio to Camel | CPU s (median) | peak RSS MiB (median) | 429s (median) | runs complete |");
        System.out.println("|---|---|---|---|---|---|---|");
        double camel = PeersScenario.median(of(runs, "camel"), PeersScenario.Run::recordsPerSecond);
        for (String runner : runners) {
            List<PeersScenario.Run> mine = of(runs, runner);
            double rate = PeersScenario.median(mine, PeersScenario.Run::recordsPerSecond);
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %s | %.1f | %,.0f | %,.0f | %d of %d |%n", name(runner), rate,
                    Double.isNaN(camel) ? "–" : String.format(Locale.ROOT, "%.2f×", rate / camel), PeersScenario.median(mine, PeersScenario.Run::cpuSeconds),
                    PeersScenario.median(mine, PeersScenario.Run::peakRssMiB), PeersScenario.median(mine, run -> run.stats().refused()),
                    mine.stream().filter(PeersScenario.Run::complete).count(), mine.size());
        }
    }

    private static List<PeersScenario.Run> of(List<PeersScenario.Run> runs, String runner) {
        return runs.stream().filter(run -> run.runner().equals(runner)).toList();
    }

    private static String name(String runner) {
        return switch (runner) {
            case "junction" -> "Junction (every guarantee on)";
            case "plain" -> "plain JDK client + Jackson";
            case "camel" -> "Apache Camel 4.18.0";
            default -> runner;
        };
    }
}
