package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.http.DeprecationWatcher;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How runs are shown: a summary table for people, JSON for scripts. */
final class RunReport {
    private RunReport() {}

    static void summary(Console console, RunRecord run) {
        console.out().println(headline(console, run));
        RunCounters c = run.counters();
        console.table(
                List.of("  read", "inserted", "updated", "unchanged", "skipped", "deleted", "failed", "retries", "429s absorbed", "records/s"),
                List.of(List.of("  " + fmt(c.read()), fmt(c.inserted()), fmt(c.updated()), fmt(c.unchanged()), fmt(c.skipped()), fmt(c.deleted()),
                        fmt(c.failed()),
                        fmt(c.retries()), fmt(c.throttled()), fmt(Math.round(c.read() / Math.max(0.001, durationSeconds(run)))))));
        reason(console, run, "  ");
        console.out().flush();
    }

    /**
     * One run as one line (the summary of one tenant among several), then its reason or dead-letter
     * note, if any, indented:
     * {@code run ID of SYNC for tenant T succeeded in 1.2s · read 7 · inserted 5 · ... · 429s absorbed 0}.
     */
    static void line(Console console, RunRecord run) {
        RunCounters c = run.counters();
        console.out().println(headline(console, run) + String.format(Locale.ROOT,
                " · read %,d · inserted %,d · updated %,d · unchanged %,d · skipped %,d · deleted %,d · failed %,d · retries %,d · 429s absorbed %,d",
                c.read(), c.inserted(), c.updated(), c.unchanged(), c.skipped(), c.deleted(), c.failed(), c.retries(), c.throttled()));
        reason(console, run, "    ");
        console.out().flush();
    }

    private static String headline(Console console, RunRecord run) {
        return "  run " + run.id() + " of " + console.bold(run.sync()) + (run.tenant() == null ? "" : " for tenant " + console.bold(run.tenant()))
                + " " + status(console, run.status()) + " in " + seconds(run);
    }

    static String status(Console console, RunStatus status) {
        return switch (status) {
            case SUCCEEDED -> console.green("succeeded");
            case PARTIAL -> console.yellow("finished with dead letters");
            case FAILED -> console.red("failed");
            case CANCELLED -> console.yellow("was cancelled");
            case ABANDONED -> console.red("was abandoned");
            case RUNNING -> "running";
            case QUEUED -> "queued";
        };
    }

    private static void reason(Console console, RunRecord run, String indent) {
        if (run.error() != null) {
            console.out().println(indent + (run.status() == RunStatus.PARTIAL ? console.yellow("note: ") : console.red("reason: ")) + run.error());
        }
        if (run.status() == RunStatus.PARTIAL) {
            console.out().println(indent + run.counters().failed() + " record(s) became dead letters; see them with: junction deadletters list --run "
                    + run.id());
        }
    }

    /** Prints what the APIs said about endpoints going away; nothing when they said nothing. */
    static void deprecations(Console console, List<DeprecationWatcher.Sighting> sightings) {
        if (sightings.isEmpty()) {
            return;
        }
        console.out().println("  " + console.yellow("API deprecation signals") + " (also in: junction connectors health)");
        for (DeprecationWatcher.Sighting s : sightings) {
            console.out().println("    " + s.connection() + "  " + s.method() + " " + s.path() + "  " + s.kind() + ": " + s.value());
        }
        console.out().flush();
    }

    static ArrayNode deprecationsJson(ObjectMapper json, List<DeprecationWatcher.Sighting> sightings) {
        ArrayNode array = json.createArrayNode();
        for (DeprecationWatcher.Sighting s : sightings) {
            array.addObject().put("connection", s.connection()).put("method", s.method()).put("path", s.path())
                    .put("header", s.kind()).put("value", s.value());
        }
        return array;
    }

    /** The run table; a {@code tenant} column when any of the runs is of a per-tenant sync. */
    static void history(Console console, List<RunRecord> runs) {
        boolean tenants = runs.stream().anyMatch(r -> r.tenant() != null);
        List<List<String>> rows = new ArrayList<>();
        for (RunRecord r : runs) {
            RunCounters c = r.counters();
            List<String> row = new ArrayList<>(List.of(r.id(), r.sync(), r.status().name().toLowerCase(Locale.ROOT), r.startedAt().toString(),
                    r.finishedAt() == null ? "-" : seconds(r), fmt(c.read()), fmt(c.written()), fmt(c.unchanged()), fmt(c.deleted()), fmt(c.failed()),
                    r.error() == null ? "" : abbreviate(r.error(), 60)));
            if (tenants) {
                row.add(2, r.tenant() == null ? "-" : r.tenant());
            }
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of("run", "sync", "status", "started", "took", "read", "written", "unchanged", "deleted", "failed", "error"));
        if (tenants) {
            header.add(2, "tenant");
        }
        console.table(header, rows);
    }

    /** The run as {@code run --json} prints it: with the deprecation signals and schema drift it saw. */
    static ObjectNode json(ObjectMapper json, dev.junction.engine.Runs.Outcome outcome) {
        ObjectNode node = json(json, outcome.run());
        node.set("deprecations", deprecationsJson(json, outcome.deprecations()));
        node.set("drift", DriftReport.json(json, outcome.drift()));
        return node;
    }

    static ObjectNode json(ObjectMapper json, RunRecord run) {
        ObjectNode node = json.createObjectNode();
        node.put("id", run.id());
        node.put("sync", run.sync());
        if (run.tenant() != null) {
            node.put("tenant", run.tenant());
        }
        node.put("trigger", run.trigger());
        node.put("status", run.status().name().toLowerCase(Locale.ROOT));
        node.put("startedAt", run.startedAt().toString());
        node.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
        node.set("counters", json.valueToTree(run.counters()));
        node.put("error", run.error());
        node.put("errorCategory", run.errorClass() == null ? null : run.errorClass().category());
        node.put("errorCode", run.errorClass() == null ? null : run.errorClass().code());
        return node;
    }

    static double durationSeconds(RunRecord run) {
        return run.finishedAt() == null ? 0 : Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 1000.0;
    }

    static String seconds(RunRecord run) {
        return String.format(Locale.ROOT, "%.1fs", durationSeconds(run));
    }

    static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String abbreviate(String s, int max) {
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }
}
