package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.schema.SchemaTypes;
import dev.junction.spec.LoadResult;
import dev.junction.store.DriftEvent;
import dev.junction.store.StoredSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "schema", description = "Stream schemas: infer them from records, see them, and see how they drifted.",
        subcommands = {SchemaCommand.DiscoverCommand.class, SchemaCommand.ShowCommand.class})
public final class SchemaCommand extends CommandGroup {

    @Command(name = "discover", description = {
        "Reads the first N records of a connection's stream, infers their JSON Schema (types, formats, required fields,",
        "enums), adds the fields the stream's discovery request declares (custom fields), prints it and stores it as the",
        "schema runs check for drift against (replacing the stored one)."})
    public static final class DiscoverCommand implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Parameters(index = "0", paramLabel = "CONNECTION", description = "An applied connection.")
        String connection;

        @Parameters(index = "1", paramLabel = "STREAM", description = "A stream of its connector.")
        String stream;

        @Option(names = "--sample", paramLabel = "N", defaultValue = "1000", description = "Records to read (default: ${DEFAULT-VALUE}).")
        int sample;

        @Option(names = "--json", description = "Print the JSON Schema itself.")
        boolean json;

        DiscoverCommand(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            common.applyTo(console);
            try (dev.junction.engine.Engine engine = common.engine(env)) {
                LoadResult definitions = engine.definitions().applied();
                if (Problems.print(console, definitions)) {
                    return 2;
                }
                ObjectMapper mapper = new ObjectMapper();
                dev.junction.engine.Schemas.Discovered found = engine.schemas().discover(definitions, connection, stream, sample);
                ObjectNode schema = found.schema();
                if (json) {
                    console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(schema));
                } else {
                    console.out().println("  schema of " + connection + "/" + stream + " from " + found.sampled() + " record(s)"
                            + (found.declared() == null ? "" : " and " + found.declared() + " declared field(s)") + "; stored for drift checks");
                    SchemaTable.print(console, schema);
                }
                console.out().flush();
                return 0;
            }
        }
    }

    @Command(name = "show", description = "Prints the stored schema of a connection's stream and its latest drift events.")
    public static final class ShowCommand implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Parameters(index = "0", paramLabel = "CONNECTION", description = "A connection.")
        String connection;

        @Parameters(index = "1", paramLabel = "STREAM", description = "A stream of its connector.")
        String stream;

        @Option(names = "--json", description = "Print the JSON Schema itself.")
        boolean json;

        @Option(names = "--drift", paramLabel = "N", defaultValue = "20", description = "Drift events to show, newest first (default: ${DEFAULT-VALUE}).")
        int drift;

        ShowCommand(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            common.applyTo(console);
            try (dev.junction.engine.Engine engine = common.engine(env)) {
                dev.junction.engine.Schemas.Shown shown = engine.schemas().show(connection, stream, drift);
                StoredSchema stored = shown.stored();
                ObjectMapper mapper = new ObjectMapper();
                JsonNode schema = shown.schema();
                if (json) {
                    console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(schema));
                    console.out().flush();
                    return 0;
                }
                console.out().println("  schema of " + connection + "/" + stream + " from " + stored.sampled() + " record(s), updated " + stored.updatedAt());
                SchemaTable.print(console, schema);
                List<DriftEvent> events = shown.drift();
                if (!events.isEmpty()) {
                    console.out().println();
                    List<List<String>> rows = new ArrayList<>();
                    for (DriftEvent e : events) {
                        rows.add(List.of("  " + e.at(), e.runId(), e.change(), e.field(), e.before() == null ? "-" : e.before(), e.after() == null ? "-" : e.after()));
                    }
                    console.table(List.of("  at", "run", "change", "field", "before", "after"), rows);
                }
                console.out().flush();
                return 0;
            }
        }
    }

    /** A schema as a table: one row per field path with type, required, enum values and whether it was declared. */
    static final class SchemaTable {
        private SchemaTable() {}

        static void print(Console console, JsonNode schema) {
            List<List<String>> rows = new ArrayList<>();
            walk("", schema, rows);
            if (rows.isEmpty()) {
                console.out().println("  (no fields)");
                return;
            }
            console.table(List.of("  field", "type", "required", "enum", "declared"), rows);
        }

        private static void walk(String prefix, JsonNode schema, List<List<String>> rows) {
            Set<String> required = new HashSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            for (var field : schema.path("properties").properties()) {
                String path = prefix + field.getKey();
                JsonNode f = field.getValue();
                List<String> values = new ArrayList<>();
                f.path("enum").forEach(v -> values.add(v.isNull() ? "null" : v.asText()));
                String type = SchemaTypes.describe(f) + (f.has("items") ? " of " + SchemaTypes.describe(f.get("items")) : "");
                rows.add(List.of("  " + path, type, required.contains(field.getKey()) ? "yes" : "",
                        String.join(", ", values), f.path("x-discovered").asBoolean() ? "yes" : ""));
                walk(path + ".", f, rows);
                if (f.has("items")) {
                    JsonNode items = f.get("items");
                    if (items.has("properties")) {
                        walk(path + "[].", items, rows);
                    }
                }
            }
        }
    }
}
