package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "deadletters", description = "Records that failed permanently, with the reason and the payload that was not written.",
        subcommands = {DeadLettersCommand.ListCommand.class, DeadLettersShowCommand.class, DeadLettersReplayCommand.class,
            DeadLettersDiscardCommand.class})
public final class DeadLettersCommand extends CommandGroup {

    @Command(name = "list", description = "Lists dead letters, newest first (or a run's, oldest first).")
    public static final class ListCommand implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Option(names = "--sync", paramLabel = "SYNC", description = "Only dead letters of this sync.")
        String sync;

        @Option(names = "--run", paramLabel = "RUN", description = "Only dead letters of this run.")
        String run;

        @Option(names = "--tenant", paramLabel = "T", description = "Only dead letters of this tenant's runs (of per-tenant syncs).")
        String tenant;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print JSON with payloads.")
        boolean json;

        ListCommand(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            common.applyTo(console);
            try (dev.junction.engine.Engine engine = common.engine(env)) {
                List<DeadLetter> found = engine.deadLetters().list(sync, tenant, run, limit);
                if (json) {
                    ObjectMapper mapper = JsonOutput.mapper();
                    var items = mapper.createArrayNode();
                    for (DeadLetter d : found) { // the error class flat, as the run JSON and the API show it
                        var item = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(d);
                        item.remove("errorClass");
                        item.put("errorCategory", d.errorClass() == null ? null : d.errorClass().category());
                        item.put("errorCode", d.errorClass() == null ? null : d.errorClass().code());
                        items.add(item);
                    }
                    console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(items));
                } else if (found.isEmpty()) {
                    console.out().println("no dead letters");
                } else {
                    boolean tenants = found.stream().anyMatch(d -> d.tenant() != null);
                    List<List<String>> rows = new ArrayList<>();
                    for (DeadLetter d : found) {
                        List<String> row = new ArrayList<>(List.of(Long.toString(d.id()), d.at().toString(), d.sync(), d.recordKey(),
                                d.state().name().toLowerCase(java.util.Locale.ROOT), d.reason().replace('\n', ' ')));
                        if (tenants) {
                            row.add(3, d.tenant() == null ? "-" : d.tenant());
                        }
                        rows.add(row);
                    }
                    List<String> header = new ArrayList<>(List.of("id", "at", "sync", "record", "state", "reason"));
                    if (tenants) {
                        header.add(3, "tenant");
                    }
                    console.table(header, rows);
                }
                console.out().flush();
                return 0;
            }
        }
    }
}
