package dev.junction.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.engine.internal.StreamSamples;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineListener;
import dev.junction.schema.FieldDiscovery;
import dev.junction.schema.SchemaSampler;
import dev.junction.spec.LoadResult;
import dev.junction.store.DriftEvent;
import dev.junction.store.Store;
import dev.junction.store.StoredSchema;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/** Stream schemas: inferred from records (plus declared custom fields), stored, and the drift runs found against them. */
public final class Schemas {
    /** A schema just inferred and stored: from how many records, and how many fields the stream's discovery request declared (null: none). */
    public record Discovered(ObjectNode schema, long sampled, Integer declared) {}

    /**
     * The first page of a stream as read now: its first records (at most the limit asked for), how
     * many records the page held, the request the pagination found for the next page (null: it was the
     * last), and the JSON Schema inferred from all the page's records.
     */
    public record FirstPage(List<JsonNode> records, int pageRecords, String next, ObjectNode schema) {}

    /** A stored schema with its latest drift events, newest first. */
    public record Shown(StoredSchema stored, JsonNode schema, List<DriftEvent> drift) {}

    private final Store store;
    private final Connections connections;
    private final ObjectMapper json;
    private final Clock clock;

    public Schemas(Store store, Connections connections, ObjectMapper json, Clock clock) {
        this.store = store;
        this.connections = connections;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Reads the first {@code sample} records of the connection's stream, infers their JSON Schema, adds
     * the fields the stream's discovery request declares, and stores it as the schema runs check drift against.
     */
    public Discovered discover(LoadResult definitions, String connection, String stream, int sample) {
        if (sample < 1) {
            throw new EngineException.Invalid("--sample must be at least 1, was " + sample);
        }
        StreamSamples samples = new StreamSamples(definitions, connections.secrets(), connections.pipeline(PipelineListener.NONE, true));
        StreamSamples.Target target = samples.target(connection, stream);
        SchemaSampler sampler = new SchemaSampler(sample);
        samples.read(target, sample).forEach(sampler::offer);
        ObjectNode schema = sampler.schema();
        Integer declared = null;
        var discovery = target.stream().discovery();
        if (discovery != null) {
            List<FieldDiscovery.Field> fields = FieldDiscovery.read(target.connector(), target.connection(), stream, samples.secrets(), samples.options());
            declared = fields.size();
            schema = FieldDiscovery.merge(schema, fields, discovery.under());
        }
        try {
            store.schemas().save(new StoredSchema(connection, stream, json.writeValueAsString(schema), sampler.sampled(), clock.instant()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Discovered(schema, sampler.sampled(), declared);
    }

    /**
     * Reads the first page of the connection's stream through its pipeline (requests in the exchange
     * log), to see what its records look like; stores nothing.
     *
     * @throws dev.junction.http.ApiException when the page cannot be read (with its category and code)
     */
    public FirstPage firstPage(LoadResult definitions, String connection, String stream, int limit) {
        if (limit < 1) {
            throw new EngineException.Invalid("--limit must be at least 1, was " + limit);
        }
        StreamSamples samples = new StreamSamples(definitions, connections.secrets(), connections.pipeline(PipelineListener.NONE, true));
        StreamSamples.Target target = samples.target(connection, stream);
        try (ConnectionClient client = samples.client(target)) {
            PageReader pages = client.readStream(stream, ReadOptions.full(CallContext.of(connection)));
            List<JsonNode> records = pages.nextPage().map(Page::records).orElse(List.of());
            SchemaSampler sampler = new SchemaSampler(Math.max(1, records.size()));
            records.forEach(sampler::offer);
            return new FirstPage(records.subList(0, Math.min(limit, records.size())), records.size(), pages.nextRequest(), sampler.schema());
        }
    }

    /** The stored schema of the connection's stream and up to {@code drift} of its latest drift events. */
    public Shown show(String connection, String stream, int drift) {
        StoredSchema stored = store.schemas().find(connection, stream).orElseThrow(() -> new EngineException.NotFound(
                "no schema is stored for stream '" + stream + "' of connection '" + connection + "'; infer one with: junction schema discover "
                        + connection + " " + stream + " (a sync run stores one too)"));
        try {
            JsonNode schema = json.readTree(stored.schema());
            return new Shown(stored, schema, drift > 0 ? store.schemas().drift(connection, stream, drift) : List.of());
        } catch (IOException e) {
            throw new IllegalStateException("the stored schema of " + connection + "/" + stream + " is not JSON: " + e.getMessage(), e);
        }
    }
}
