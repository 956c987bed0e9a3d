package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.junction.JunctionException;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.mapping.LookupTable;
import dev.junction.mapping.MappingException;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.FlowSpec;
import java.util.List;

/**
 * The {@code lookup} step: the one record of a connection's stream whose {@code match} field
 * equals {@code value} (text as is, numbers by value, as the mapping language's lookups compare),
 * or null when none does. Connectors declare no search or filter on their streams yet, so the
 * stream is scanned page by page, bounded: more than {@link #MAX_RECORDS} records or
 * {@link #MAX_PAGES} pages fail the step rather than answer from part of the stream; two matching
 * records fail it too (never a silent pick).
 */
final class FlowLookup {
    /** The most records a lookup reads. */
    static final int MAX_RECORDS = 10_000;
    /** The most pages a lookup reads. */
    static final int MAX_PAGES = 100;

    private FlowLookup() {}

    static JsonNode run(FlowExecutor executor, FlowExecutor.Execution state, FlowSpec.Lookup lookup, String at) {
        JsonNode value = state.flow.expressions().render(lookup.value(), state.context, at + ".value");
        FlowExecutor.given(state, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("match", lookup.match()).set("value", value));
        if (value == null || value.isNull() || value.isMissingNode()) {
            return NullNode.getInstance(); // nothing to look for: nothing found
        }
        if (value.isContainerNode()) {
            throw new FlowExecutor.StepFailed(500, "step '" + lookup.name() + "': the value (" + at + ".value) is " + value
                    + "; expected a string or number to compare with " + lookup.match());
        }
        LookupTable table = new LookupTable(new FieldMapping.StreamLookup(lookup.stream(), lookup.match(), lookup.value().node().toString(), "$"),
                MAX_RECORDS + 1);
        try (ConnectionClient client = executor.client(state, lookup.name(), lookup.connection())) {
            PageReader pages = client.readStream(lookup.stream(), ReadOptions.full(FlowExecutor.context(state, lookup.connection())));
            int records = 0;
            while (pages.hasNext()) {
                Page page = pages.next();
                if (pages.pagesRead() > MAX_PAGES || records + page.records().size() > MAX_RECORDS) {
                    throw new FlowExecutor.StepFailed(502, "step '" + lookup.name() + "': stream '" + lookup.stream() + "' of connection '"
                            + lookup.connection() + "' has more than " + (pages.pagesRead() > MAX_PAGES ? MAX_PAGES + " pages" : MAX_RECORDS
                                    + " records") + "; a lookup scans at most " + MAX_RECORDS + " records in " + MAX_PAGES
                            + " pages (look up in a smaller stream, or read the record by its key with call: { stream, key })");
                }
                records += page.records().size();
                page.records().forEach(table::add);
            }
        } catch (FlowExecutor.StepFailed | MappingException e) {
            throw e;
        } catch (JunctionException | IllegalArgumentException e) {
            throw new FlowExecutor.StepFailed(502, "step '" + lookup.name() + "': " + e.getMessage());
        }
        List<JsonNode> found = table.matches(value);
        if (found.size() > 1) {
            throw new FlowExecutor.StepFailed(502, "step '" + lookup.name() + "': " + found.size() + " records of stream '" + lookup.stream()
                    + "' have " + lookup.match() + " '" + value.asText() + "'; a lookup must find at most one");
        }
        return found.isEmpty() ? NullNode.getInstance() : found.getFirst();
    }
}
