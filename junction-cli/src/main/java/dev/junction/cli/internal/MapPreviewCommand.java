package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.JunctionException;
import dev.junction.connector.ConnectionClient;
import dev.junction.mapping.EffectiveMapping;
import dev.junction.mapping.LookupTables;
import dev.junction.mapping.Mapper;
import dev.junction.mapping.MappingException;
import dev.junction.runtime.LookupLoader;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import java.util.ArrayList;
import java.util.Iterator;
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

    /** One record: what came in, what the mapping made, and the fields that failed. */
    record Preview(JsonNode input, ObjectNode output, Map<String, String> errors) {}

    @Override
    public Integer call() throws Exception {
        common.applyTo(console);
        if (sample < 1 || sample > 1000) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--sample must be from 1 to 1000, got " + sample);
        }
        try (Workspace workspace = Workspace.open(common.dataDir)) {
            LoadResult definitions = workspace.applied();
            if (Problems.print(console, definitions)) {
                return 2;
            }
            SyncSpec spec = TenantOption.sync(commandSpec.commandLine(), definitions, sync, tenant);
            if (spec.perTenant() && tenant == null) {
                throw new JunctionException("sync '" + sync + "' runs per tenant; preview it for one with --tenant T (tenants that can run it: "
                        + String.join(", ", dev.junction.runtime.Tenants.eligible(definitions, spec)) + ")");
            }
            if (tenant != null) {
                spec = dev.junction.runtime.Tenants.bind(definitions, spec, tenant);
            }
            if (spec.source().connection() == null) {
                throw new JunctionException("sync '" + sync + "' reads " + (spec.source().sql() != null ? "a SQL query" : "a file")
                        + "; map preview samples connector streams only (try: junction run " + sync + " --dry-run)");
            }
            ObjectMapper mapper = new ObjectMapper();
            List<FieldMapping> lines = EffectiveMapping.of(spec, definitions.connections()).mappings();
            StreamSamples samples = new StreamSamples(workspace, definitions, env::get);
            LookupTables tables = lookups(samples, spec, lines);
            List<Mapper> perLine = lines.stream().map(line -> Mapper.compile(List.of(line), mapper).withLookups(tables)).toList();
            List<Preview> previews = new ArrayList<>();
            for (JsonNode record : samples.read(samples.target(spec.source().connection(), spec.source().stream()), sample)) {
                previews.add(preview(mapper, lines, perLine, record));
            }
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

    /**
     * The lookup tables, read from the destination's streams as a run reads them (each stream once,
     * completely, at most {@code LookupTable.DEFAULT_MAX_RECORDS} records). When they cannot be read,
     * says why on stderr and previews without them: lookup fields then fail with a row error.
     */
    private LookupTables lookups(StreamSamples samples, SyncSpec spec, List<FieldMapping> lines) {
        if (LookupTables.required(lines).isEmpty()) {
            return LookupTables.none();
        }
        String connection = spec.destination().connection();
        try {
            StreamSamples.Target destination = samples.destination(connection);
            try (ConnectionClient client = samples.client(destination)) {
                return LookupLoader.load(spec.name(), lines, client, destination.connection().tenant());
            }
        } catch (RuntimeException e) {
            String streams = String.join(", ", LookupTables.required(lines).stream().map(FieldMapping.StreamLookup::stream).distinct().toList());
            console.err().println(console.red("lookups not resolved: ") + "cannot read lookup stream(s) " + streams + " of destination connection '"
                    + connection + "': " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            console.err().flush();
            return LookupTables.none();
        }
    }

    private static Preview preview(ObjectMapper mapper, List<FieldMapping> lines, List<Mapper> perLine, JsonNode record) {
        ObjectNode output = mapper.createObjectNode();
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            try {
                merge(output, perLine.get(i).map(record));
            } catch (MappingException e) {
                errors.put(lines.get(i).target(), e.getMessage());
            }
        }
        return new Preview(record, output, errors);
    }

    /** Deep-merges one line's output into the record being built (dotted targets share parents). */
    private static void merge(ObjectNode into, ObjectNode from) {
        Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue() instanceof ObjectNode child && into.get(f.getKey()) instanceof ObjectNode existing) {
                merge(existing, child);
            } else {
                into.set(f.getKey(), f.getValue());
            }
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
