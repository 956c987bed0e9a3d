package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.spec.LoadResult;
import dev.junction.engine.Mappings.Preview;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "preview", description = {
    "Reads the first records of a sync's source and shows each one beside what the effective mapping makes of it,",
    "with the error of every field that fails. Writes nothing (the reads are in the request log).",
    "A per-tenant sync needs --tenant T: it reads T's connection with T's mapping overrides."})
public final class MapPreviewCommand implements Callable<Integer> {
    private static final int COLUMN = 56;

    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "SYNC", description = "An applied sync.")
    String sync;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "3", description = "How many records (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--tenant", paramLabel = "T", description = TenantOption.DESCRIPTION)
    String tenant;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--json", description = "Print JSON: input, output and errors per record.")
    boolean json;

    MapPreviewCommand(Console console, Map<String, String> env) {
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
            dev.junction.engine.Mappings.Previews found = engine.mappings().preview(definitions, sync, tenant, sample);
            if (found.lookupProblem() != null) {
                console.err().println(console.red("lookups not resolved: ") + found.lookupProblem());
                console.err().flush();
            }
            List<Preview> previews = found.records();
            if (json) {
                ArrayNode array = mapper.createArrayNode();
                for (Preview p : previews) {
                    ObjectNode node = array.addObject();
                    node.set("input", p.input());
                    node.set("output", p.output());
                    node.set("errors", mapper.valueToTree(p.errors()));
                }
                console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            } else {
                print(mapper, previews);
            }
            console.out().flush();
            return previews.stream().anyMatch(p -> !p.errors().isEmpty()) ? 3 : 0;
        }
    }

    private void print(ObjectMapper mapper, List<Preview> previews) throws Exception {
        if (previews.isEmpty()) {
            console.out().println("the source stream returned no records");
            return;
        }
        int n = 0;
        for (Preview p : previews) {
            n++;
            console.out().println(console.bold("record " + n) + (p.errors().isEmpty() ? "" : "  " + console.red(p.errors().size() + " field(s) failed")));
            String[] left = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(p.input()).split("\n");
            String[] right = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(p.output()).split("\n");
            console.out().println("  " + pad("source record") + " │ " + "mapped record");
            for (int i = 0; i < Math.max(left.length, right.length); i++) {
                String l = i < left.length ? left[i] : "";
                String r = i < right.length ? right[i] : "";
                console.out().println("  " + pad(l) + " │ " + r);
            }
            p.errors().forEach((field, message) -> console.out().println("  " + console.red("✗ ") + message));
            console.out().println();
        }
    }

    private static String pad(String s) {
        String cut = s.length() > COLUMN ? s.substring(0, COLUMN - 1) + "…" : s;
        return cut + " ".repeat(COLUMN - cut.length());
    }
}
