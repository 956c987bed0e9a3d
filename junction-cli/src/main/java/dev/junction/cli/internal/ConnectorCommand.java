package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.engine.Schemas;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.spec.LoadResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "connector", description = "Try a connector's definitions against its API.", subcommands = ConnectorCommand.TestCommand.class)
public final class ConnectorCommand extends CommandGroup {
    /** Columns of the records table: the first fields, so that a line stays readable. */
    private static final int COLUMNS = 6;
    private static final int CELL_CHARS = 32;

    @Command(name = "test", description = {
        "Reads the first page of a connection's stream through its pipeline (auth, rate limit, retries; the requests",
        "land in the exchange log) and shows its first records, how many the page held, the next page's request the",
        "pagination found, and the field types inferred from the page. Stores nothing. Exit 1 when the page cannot be",
        "read, with the error's category (retryable, auth, permanent) and code."})
    public static final class TestCommand implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Parameters(index = "0", paramLabel = "CONNECTION", description = "An applied connection.")
        String connection;

        @Parameters(index = "1", paramLabel = "STREAM", description = "A stream of its connector.")
        String stream;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "5", description = "Records of the page to show (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print JSON: records, pageRecords, next, schema (or error, errorCategory, errorCode).")
        boolean json;

        TestCommand(Console console, Map<String, String> env) {
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
                ObjectMapper mapper = JsonOutput.mapper();
                Schemas.FirstPage page;
                try {
                    page = engine.schemas().firstPage(definitions, connection, stream, limit);
                } catch (ApiException e) {
                    return failed(mapper, e.error());
                }
                if (json) {
                    ObjectNode out = mapper.createObjectNode();
                    out.put("connection", connection);
                    out.put("stream", stream);
                    out.put("pageRecords", page.pageRecords());
                    out.put("next", page.next());
                    out.set("records", mapper.valueToTree(page.records()));
                    out.set("schema", page.schema());
                    console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out));
                } else {
                    print(page);
                }
                console.out().flush();
                return 0;
            }
        }

        private void print(Schemas.FirstPage page) {
            console.out().println("  first page of " + connection + "/" + stream + ": " + page.pageRecords() + " record(s)"
                    + (page.records().size() < page.pageRecords() ? ", the first " + page.records().size() + " shown" : ""));
            console.out().println("  next page: " + (page.next() == null ? "none (this was the last page)" : page.next()));
            if (page.records().isEmpty()) {
                return;
            }
            console.out().println();
            Set<String> fields = new LinkedHashSet<>();
            page.records().forEach(r -> r.fieldNames().forEachRemaining(fields::add));
            List<String> shown = fields.stream().limit(COLUMNS).toList();
            List<String> header = new ArrayList<>();
            shown.forEach(f -> header.add(header.isEmpty() ? "  " + f : f));
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode record : page.records()) {
                List<String> row = new ArrayList<>();
                for (String field : shown) {
                    String cell = cell(record.get(field));
                    row.add(row.isEmpty() ? "  " + cell : cell);
                }
                rows.add(row);
            }
            console.table(header, rows);
            if (fields.size() > shown.size()) {
                console.out().println("  (" + (fields.size() - shown.size()) + " more field(s); see them all with --json)");
            }
            console.out().println();
            console.out().println("  field types inferred from the page's " + page.pageRecords() + " record(s):");
            SchemaCommand.SchemaTable.print(console, page.schema());
        }

        private int failed(ObjectMapper mapper, ApiError error) throws Exception {
            String category = error.category().name().toLowerCase(Locale.ROOT);
            if (json) {
                ObjectNode out = mapper.createObjectNode();
                out.put("connection", connection);
                out.put("stream", stream);
                out.put("error", error.message());
                out.put("errorCategory", category);
                out.put("errorCode", error.shownCode());
                console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out));
                console.out().flush();
            } else {
                console.err().println("junction: could not read the first page of " + connection + "/" + stream + ": " + error.message());
                console.err().println("  category " + category + ", code " + error.shownCode()
                        + (error.providerCode() != null && !error.providerCode().equals(error.code()) ? " (" + error.code() + ")" : ""));
                console.err().flush();
            }
            return 1;
        }

        private static String cell(JsonNode value) {
            if (value == null || value.isNull()) {
                return "";
            }
            String text = value.isValueNode() ? value.asText() : value.toString();
            text = text.replace('\n', ' ');
            return text.length() <= CELL_CHARS ? text : text.substring(0, CELL_CHARS - 1) + "…";
        }
    }
}
