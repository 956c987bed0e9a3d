package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "exchanges", description = "Searches the request log (secrets are redacted when logged).",
        subcommands = ExchangesCommand.PruneCommand.class)
public final class ExchangesCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Option(names = "--run", paramLabel = "RUN", description = "Only calls made by this run.")
    String run;

    @Option(names = "--key", paramLabel = "KEY", description = "Only calls that carried this record key.")
    String key;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only responses with this HTTP status (0 = no response).")
    Integer status;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "The newest N, shown oldest first (default: ${DEFAULT-VALUE}; at most 1000).")
    int limit;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--json", description = "Print JSON with headers and bodies.")
    boolean json;

    ExchangesCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        common.applyTo(console);
        if (limit < 1 || limit > ExchangeQuery.MAX_PAGE) {
            throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(), "--limit must be between 1 and " + ExchangeQuery.MAX_PAGE
                    + ", got " + limit);
        }
        try (dev.junction.engine.Engine engine = common.engine(env)) {
            // the newest N (a log is read from its end), printed in the order they were made
            List<ExchangeRecord> found = new ArrayList<>(engine.exchanges().page(new ExchangeQuery(run, status, key, limit)).items());
            java.util.Collections.reverse(found);
            if (json) {
                ObjectMapper mapper = JsonOutput.mapper();
                console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(found));
            } else if (found.isEmpty()) {
                console.out().println("no exchanges match");
            } else {
                List<List<String>> rows = new ArrayList<>();
                for (ExchangeRecord e : found) {
                    rows.add(List.of(e.at().toString(), e.connection() == null ? "" : e.connection(), e.method(), e.url(),
                            e.status() == 0 ? "-" : Integer.toString(e.status()), e.durationMillis() + "ms", Integer.toString(e.attempt()),
                            e.error() == null ? "" : e.error()));
                }
                console.table(List.of("at", "connection", "method", "url", "status", "took", "attempt", "error"), rows);
            }
            console.out().flush();
            return 0;
        }
    }

    @Command(name = "prune", description = {
        "Deletes logged exchanges older than a duration (the request log's retention).",
        "`junction run` also prunes after each run, keeping JUNCTION_EXCHANGE_RETENTION (default 30d; 'forever' keeps all)."})
    public static final class PruneCommand implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Option(names = "--older-than", required = true, paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Delete exchanges older than this: 12h, 30d, ...")
        java.time.Duration olderThan;

        PruneCommand(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() {
            common.applyTo(console);
            try (dev.junction.engine.Engine engine = common.engine(env)) {
                java.time.Instant cutoff = engine.clock().instant().minus(olderThan);
                long deleted = engine.exchanges().deleteBefore(cutoff);
                console.out().println("deleted " + deleted + " exchange(s) logged before " + cutoff);
                console.out().flush();
                return 0;
            }
        }
    }
}
