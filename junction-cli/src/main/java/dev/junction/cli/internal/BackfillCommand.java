package dev.junction.cli.internal;

import dev.junction.engine.Backfills;
import dev.junction.engine.Durations;
import dev.junction.engine.Engine;
import dev.junction.engine.RunGroup;
import dev.junction.engine.Runs;
import dev.junction.spec.LoadResult;
import dev.junction.store.RunRecord;
import dev.junction.sync.BackfillRange;
import dev.junction.sync.RunListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backfill", description = {
    "Reads a past range [--from, --to) of a sync's source as bounded runs (trigger backfill), one per --chunk, without moving the sync's",
    "live checkpoint: an incremental stream is read from each chunk's start, records whose cursor lies outside the chunk skipped (and",
    "counted as skipped); a sliced stream in the slices within the chunk. A chunk stopped midway resumes from its own progress when the",
    "range is backfilled again. A sync that reads in full a stream that is not sliced is refused.",
    "While 'junction serve' holds the data directory, the chunks are queued there (one run each) and followed; otherwise they run here,",
    "one after another. Exit code: the worst chunk's (0 succeeded, 3 dead letters, 1 failed, 4 cancelled)."})
public final class BackfillCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "SYNC", description = "The name of an applied sync that reads incrementally or a sliced stream.")
    String sync;

    @Option(names = "--from", required = true, paramLabel = "WHEN", description = "Start of the range: a date (2026-01-01, midnight UTC) or an instant.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "WHEN", description = "End of the range, excluded: a date or an instant.")
    String to;

    @Option(names = "--tenant", paramLabel = "T", description = "The tenant, for a per-tenant sync (required there).")
    String tenant;

    @Option(names = "--chunk", paramLabel = "DURATION", description = "Each run's part of the range, such as 1d or 12h (default: 7d).")
    String chunk;

    @Option(names = "--json", description = "Print the finished runs as JSON (an array, in chunk order).")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    BackfillCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        common.applyTo(console);
        BackfillRange range;
        Duration length = chunk == null ? Backfills.DEFAULT_CHUNK : Durations.parse(chunk);
        if (length == null || length.isZero()) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), "--chunk " + chunk + ": expected a positive duration such as 1d, 12h or 30m");
        }
        try {
            range = BackfillRange.parse(from, to);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), "--" + e.getMessage());
        }
        CountDownLatch closed = new CountDownLatch(1);
        try (Engine engine = common.engine(env)) {
            LoadResult definitions = engine.definitions().applied();
            if (Problems.print(console, definitions)) {
                return 2;
            }
            List<BackfillRange> chunks = engine.backfills().plan(definitions, new Backfills.Request(sync, tenant, range, length));
            RunGroup group = engine.runGroup();
            RunCancellation cancellation = new RunCancellation(group);
            boolean live = console.interactive() && !common.noColor();
            List<RunRecord> runs;
            java.util.Optional<RemoteRuns> server = serverHoldingTheDirectory();
            try (AutoCloseable ctrlC = cancellation.onShutdown(closed, console)) {
                if (server.isPresent()) {
                    runs = server.get().backfill(sync, tenant, range.from().toString(), range.to().toString(), Durations.format(length),
                            json ? null : new ProgressPrinter(console, live), cancellation.remote());
                } else {
                    runs = local(engine, definitions, chunks, group, live);
                }
            }
            if (json) {
                com.fasterxml.jackson.databind.ObjectMapper plain = new com.fasterxml.jackson.databind.ObjectMapper();
                com.fasterxml.jackson.databind.node.ArrayNode array = plain.createArrayNode();
                runs.forEach(r -> array.add(RunReport.json(plain, r)));
                console.out().println(plain.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            } else if (server.isPresent()) {
                runs.forEach(r -> RunReport.line(console, r));
            }
            console.out().flush();
            return cancellation.exitCode(RemoteRuns.exitCode(runs));
        } finally {
            closed.countDown();
        }
    }

    /** The chunks one after another here, each with its progress line and its summary; stops after a chunk that was cancelled. */
    private List<RunRecord> local(Engine engine, LoadResult definitions, List<BackfillRange> chunks, RunGroup group, boolean live) {
        List<RunRecord> runs = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            BackfillRange part = chunks.get(i);
            if (!json) {
                console.out().println("chunk " + (i + 1) + " of " + chunks.size() + ": " + part);
                console.out().flush();
            }
            RunListener progress = group.tracking(json ? RunListener.NONE : new ProgressPrinter(console, live));
            Runs.Outcome outcome = engine.backfills().runChunk(definitions, sync, tenant, part, progress);
            runs.add(outcome.run());
            if (!json) {
                RunReport.summary(console, outcome.run());
            }
            if (outcome.run().status() == dev.junction.store.RunStatus.CANCELLED) {
                break;
            }
        }
        return runs;
    }

    /** The server that holds the embedded store's data directory, when one does and answers. */
    private java.util.Optional<RemoteRuns> serverHoldingTheDirectory() {
        dev.junction.engine.StoreLocation location = common.location(env);
        if (!location.embedded()) {
            return java.util.Optional.empty();
        }
        return dev.junction.engine.LocalServer.find(location.dataDir()).map(found -> new RemoteRuns(console, found)).filter(RemoteRuns::reachable);
    }
}
