package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.spec.LoadResult;
import dev.junction.sync.DeadLetterSelection;
import dev.junction.sync.RunListener;
import dev.junction.sync.SyncEngine;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "replay", description = {
    "Sends open dead letters again: their source records are mapped with the sync's current mapping and written",
    "through its current connection, in a run with trigger 'replay'. Replayed dead letters are marked replayed;",
    "a record that fails again becomes a new dead letter of the replay run. A per-tenant sync's dead letters replay in",
    "their tenant, with that tenant's current connections and mapping overrides.",
    "Exit code 0 when every record was written, 3 when some failed again, 1 when the run failed."})
public final class DeadLettersReplayCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Mixin
    DeadLetterTarget target;

    @Option(names = "--json", description = "Print the replay runs as JSON.")
    boolean json;

    DeadLettersReplayCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        common.applyTo(console);
        try (dev.junction.engine.Engine engine = common.engine(env)) {
            var selections = target.resolve(engine);
            LoadResult definitions = engine.definitions().applied();
            if (Problems.print(console, definitions)) {
                return 2;
            }
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode runs = mapper.createArrayNode();
            int exit = 0;
            for (DeadLetterSelection selection : selections) {
                SyncEngine.Replay replay = engine.runs().replay(definitions, selection, RunListener.NONE);
                int code = dev.junction.engine.Runs.exitCode(replay.run());
                exit = TenantRuns.worst(exit, code);
                if (json) {
                    ObjectNode node = RunReport.json(mapper, replay.run());
                    replay.unreplayable().forEach(node.putArray("unreplayable")::add);
                    runs.add(node);
                } else {
                    RunReport.summary(console, replay.run());
                    if (!replay.unreplayable().isEmpty()) {
                        console.out().println("  " + replay.unreplayable().size() + " dead letter(s) have no stored source record and stay open: "
                                + replay.unreplayable() + " (discard them, or fix and send them by hand)");
                    }
                }
            }
            if (json) {
                console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(runs));
            }
            console.out().flush();
            return exit;
        }
    }
}
