package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.ConnectionRecord;
import dev.junction.store.EndpointSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "connectors", description = "What Junction knows about the APIs it talks to.", subcommands = ConnectorsCommand.HealthCommand.class)
public final class ConnectorsCommand extends CommandGroup {

    @Command(name = "health", description = {
        "Lists applied connections with their status, and the Deprecation, Sunset and Warning headers",
        "their APIs have sent (first and last seen), so an API version going away is seen before it breaks."})
    public static final class HealthCommand implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        HealthCommand(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            common.applyTo(console);
            try (dev.junction.engine.Engine engine = common.engine(env)) {
                List<ConnectionRecord> connections = engine.connections().list();
                List<EndpointSignal> signals = engine.connections().signals(null);
                if (json) {
                    ObjectMapper mapper = JsonOutput.mapper();
                    ObjectNode root = mapper.createObjectNode();
                    root.set("connections", mapper.valueToTree(connections));
                    ArrayNode array = root.putArray("signals");
                    signals.forEach(s -> array.add(mapper.valueToTree(s)));
                    console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
                    console.out().flush();
                    return 0;
                }
                if (connections.isEmpty()) {
                    console.out().println("no connections applied; apply some with: junction apply PATH");
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (ConnectionRecord c : connections) {
                        long count = signals.stream().filter(s -> c.name().equals(s.connection())).count();
                        rows.add(List.of(c.name(), c.connector() == null ? "(database)" : c.connector(), String.valueOf(c.tenant()), String.valueOf(c.environment()),
                                String.valueOf(c.status()), count == 0 ? "none" : count + " deprecation signal(s)"));
                    }
                    console.table(List.of("connection", "connector", "tenant", "environment", "status", "api signals"), rows);
                }
                if (!signals.isEmpty()) {
                    console.out().println();
                    List<List<String>> rows = new ArrayList<>();
                    for (EndpointSignal s : signals) {
                        rows.add(List.of(s.connection(), s.method() + " " + s.path(), s.kind(), s.value(), s.firstSeen().toString(), s.lastSeen().toString()));
                    }
                    console.table(List.of("connection", "endpoint", "header", "value", "first seen", "last seen"), rows);
                }
                console.out().flush();
                return 0;
            }
        }
    }
}
