package dev.junction.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.JunctionException;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.http.CallContext;
import dev.junction.mapping.LookupTable;
import dev.junction.mapping.LookupTables;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.StreamSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the lookup tables a mapping needs: each destination stream that a {@code lookup} field
 * names is read once, completely, through the destination's client, and indexed (at most
 * {@link LookupTable#DEFAULT_MAX_RECORDS} records per stream). Used when a run is planned and by
 * {@code junction map preview}, so both resolve lookups the same way.
 */
public final class LookupLoader {
    private LookupLoader() {}

    /**
     * The tables for {@code lines}; {@link LookupTables#none()} when no line looks anything up.
     *
     * @param tenant the tenant recorded on the reads (may be null)
     * @throws JunctionException when a named stream is not one of the destination connector's
     * @throws dev.junction.mapping.LookupTooLargeException when a stream holds too many records
     */
    public static LookupTables load(String syncName, List<FieldMapping> lines, ConnectionClient destination, String tenant) {
        List<FieldMapping.StreamLookup> lookups = LookupTables.required(lines);
        if (lookups.isEmpty()) {
            return LookupTables.none();
        }
        Map<String, List<LookupTable>> byStream = new LinkedHashMap<>();
        for (FieldMapping.StreamLookup lookup : lookups) {
            StreamSpec stream = destination.connector().streams() == null ? null : destination.connector().streams().get(lookup.stream());
            if (stream == null) {
                throw new JunctionException("sync '" + syncName + "' looks up stream '" + lookup.stream() + "', which connector '"
                        + destination.connector().name() + "' of destination connection '" + destination.name() + "' does not have"
                        + (destination.connector().streams() == null || destination.connector().streams().isEmpty() ? ""
                                : " (streams: " + String.join(", ", destination.connector().streams().keySet()) + ")"));
            }
            byStream.computeIfAbsent(lookup.stream(), s -> new ArrayList<>()).add(new LookupTable(lookup, LookupTable.DEFAULT_MAX_RECORDS));
        }
        List<LookupTable> tables = new ArrayList<>();
        byStream.forEach((stream, forStream) -> {
            destination.prepareStream(stream);
            CallContext context = new CallContext(null, tenant, destination.name(), List.of(), true);
            PageReader pages = destination.readStream(stream, ReadOptions.full(context));
            for (Optional<Page> page = pages.nextPage(); page.isPresent(); page = pages.nextPage()) {
                for (JsonNode record : page.get().records()) {
                    forStream.forEach(table -> table.add(record));
                }
            }
            tables.addAll(forStream);
        });
        return LookupTables.of(tables);
    }
}
