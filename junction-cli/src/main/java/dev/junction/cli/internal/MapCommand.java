package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.mapping.suggest.Suggestion;
import dev.junction.spec.LoadResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "map", description = "Help with field mappings.", subcommands = {MapCommand.SuggestCommand.class, MapShowCommand.class, MapPreviewCommand.class})
public final class MapCommand extends CommandGroup {

    @Command(name = "suggest", description = {
        "Proposes source -> destination field pairs from the records of two streams, scored 0..1 by name similarity",
        "(case, separators, synonyms such as email/mail), type compatibility and shared values. Prints mapping lines to",
        "paste into a sync; it never changes anything. The destination is described by a stream of the destination",
        "connection (the records it holds), e.g. helpdesk's users for its upsertUsers action."})
    public static final class SuggestCommand implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Parameters(index = "0", paramLabel = "SOURCE_CONNECTION", description = "The connection records come from.")
        String sourceConnection;

        @Parameters(index = "1", paramLabel = "SOURCE_STREAM", description = "Its stream.")
        String sourceStream;

        @Parameters(index = "2", paramLabel = "DEST_CONNECTION", description = "The connection records go to.")
        String destinationConnection;

        @Parameters(index = "3", paramLabel = "DEST_STREAM", description = "A stream of it whose records look like what is written.")
        String destinationStream;

        @Option(names = "--sample", paramLabel = "N", defaultValue = "100", description = "Records to read from each stream (default: ${DEFAULT-VALUE}).")
        int sample;

        @Option(names = "--min-score", paramLabel = "S", defaultValue = "0.6", description = "Suggest only pairs scoring at least S (default: ${DEFAULT-VALUE}).")
        double minScore;

        @Option(names = "--key", paramLabel = "FIELD", description = {
            "The destination field the source's key goes to (the sync's destination key, e.g. external_id);",
            "default: a field named like an external key. The destination's own primary key is never suggested."})
        String key;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        SuggestCommand(Console console, Map<String, String> env) {
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
                dev.junction.engine.Mappings.Suggestions found = engine.mappings().suggest(definitions, sourceConnection, sourceStream,
                        destinationConnection, destinationStream, sample, minScore, key);
                List<Suggestion> pairs = found.pairs();
                List<String> unmatched = found.unmatched();
                if (json) {
                    ObjectNode root = mapper.createObjectNode();
                    root.putObject("source").put("connection", sourceConnection).put("stream", sourceStream);
                    root.putObject("destination").put("connection", destinationConnection).put("stream", destinationStream);
                    var array = root.putArray("suggestions");
                    for (Suggestion p : pairs) {
                        array.addObject().put("destination", p.destination().path()).put("source", p.source().path()).put("score", p.score())
                                .put("name", round(p.name())).put("type", round(p.type())).put("values", round(p.value()));
                    }
                    var rest = root.putArray("unmatched");
                    unmatched.forEach(rest::add);
                    var assigned = root.putArray("assigned");
                    found.assigned().forEach(assigned::add);
                    root.put("key", found.keyField());
                    console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
                } else {
                    print(found);
                }
                console.out().flush();
                return 0;
            }
        }

        private void print(dev.junction.engine.Mappings.Suggestions found) {
            List<Suggestion> pairs = found.pairs();
            List<String> unmatched = found.unmatched();
            console.out().println("# suggested by: junction map suggest " + sourceConnection + " " + sourceStream + " " + destinationConnection + " "
                    + destinationStream);
            console.out().println("# scores 0..1 (name, type, values); only suggestions: check each line before pasting it into the sync");
            console.out().println("mapping:");
            int width = 0;
            for (Suggestion p : pairs) {
                width = Math.max(width, p.yamlLine().length());
            }
            for (Suggestion p : pairs) {
                boolean key = p.destination().path().equals(found.keyField());
                console.out().println("  " + pad(p.yamlLine(), width) + "   # " + (key ? "key: the source's primary key as the destination's external key; "
                        : "") + p.explanation());
            }
            if (pairs.isEmpty()) {
                console.out().println("  # no pair scored " + String.format(Locale.ROOT, "%.2f", minScore) + " or more");
            }
            if (!unmatched.isEmpty()) {
                console.out().println("  # no suggestion for: " + String.join(", ", unmatched));
            }
            if (!found.assigned().isEmpty()) {
                console.out().println("  # assigned by the destination (its primary key; not written): " + String.join(", ", found.assigned()));
            }
        }

        private static String pad(String text, int width) {
            return text + " ".repeat(Math.max(0, width - text.length()));
        }

        private static double round(double value) {
            return Math.round(value * 100) / 100.0;
        }
    }
}
