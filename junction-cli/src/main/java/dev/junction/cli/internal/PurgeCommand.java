package dev.junction.cli.internal;

import dev.junction.engine.Engine;
import dev.junction.engine.Retention;
import dev.junction.store.RetentionRepository.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One retention purge by hand: the thin adapter over {@link Retention#purge}. */
@Command(name = "purge", description = {
    "Deletes old exchanges, runs, dead letters and audit entries, in batches, by the retention settings.",
    "The limits come from JUNCTION_EXCHANGE_RETENTION and JUNCTION_RETENTION_* (defaults: exchanges 30d and 1000000 rows,",
    "runs 180d, dead letters 180d, audit 400d); the options below replace them for this purge.",
    "`junction serve` purges by itself every hour (retention.every)."})
public final class PurgeCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Option(names = "--only", split = ",", paramLabel = "LOG", description = "Only these logs: exchanges, runs, deadLetters, audit (default: all).")
    List<String> only;

    @Option(names = "--older-than", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Delete what is older than this (12h, 30d, ...) instead of each log's maxAge.")
    Duration olderThan;

    @Option(names = "--max-rows", paramLabel = "N", description = "Keep at most the newest N rows of each log instead of its maxRows.")
    Long maxRows;

    @Option(names = "--batch-size", paramLabel = "N", description = "Rows per delete statement (default: retention.batchSize, 1000).")
    Integer batchSize;

    PurgeCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        Retention.Settings settings = settings(Retention.fromEnvironment(env::get));
        try (Engine engine = common.engine(env)) {
            Retention.Purged purged = engine.retention().purge(settings, () -> false);
            List<String> parts = new ArrayList<>();
            for (Table table : Table.values()) {
                if (selected(table)) {
                    parts.add(purged.of(table) + " " + switch (table) {
                        case EXCHANGES -> "exchanges";
                        case RUNS -> "runs";
                        case DEAD_LETTERS -> "dead letters";
                        case AUDIT_LOG -> "audit entries";
                    });
                }
            }
            console.out().println("purged " + String.join(", ", parts));
            console.out().flush();
            return 0;
        }
    }

    /** The environment's settings with this command's options; the logs not selected keep everything. */
    private Retention.Settings settings(Retention.Settings base) {
        if (only != null) {
            for (String name : only) {
                if (!Retention.NAMES.containsValue(name.strip())) {
                    throw new dev.junction.engine.EngineException.Invalid("--only: expected exchanges, runs, deadLetters or audit, was '" + name + "'");
                }
            }
        }
        Retention.Settings settings = batchSize == null ? base : base.withBatchSize(batchSize);
        for (Table table : Table.values()) {
            if (!selected(table)) {
                settings = settings.with(table, rule -> Retention.Rule.KEEP_ALL);
                continue;
            }
            if (olderThan != null) {
                settings = settings.with(table, rule -> rule.withMaxAge(olderThan));
            }
            if (maxRows != null) {
                settings = settings.with(table, rule -> rule.withMaxRows(maxRows));
            }
        }
        return settings;
    }

    private boolean selected(Table table) {
        return only == null || only.stream().map(String::strip).anyMatch(Retention.NAMES.get(table)::equals);
    }
}
