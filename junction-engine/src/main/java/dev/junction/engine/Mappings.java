package dev.junction.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.connector.ConnectionClient;
import dev.junction.engine.internal.StreamSamples;
import dev.junction.http.PipelineListener;
import dev.junction.mapping.EffectiveMapping;
import dev.junction.mapping.LookupTables;
import dev.junction.mapping.Mapper;
import dev.junction.mapping.MappingException;
import dev.junction.mapping.suggest.Automapper;
import dev.junction.mapping.suggest.FieldProfile;
import dev.junction.mapping.suggest.KeyFields;
import dev.junction.mapping.suggest.Suggestion;
import dev.junction.runtime.LookupLoader;
import dev.junction.runtime.Tenants;
import dev.junction.schema.SchemaDrift;
import dev.junction.schema.SchemaSampler;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.Store;
import dev.junction.store.StoredSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Field mappings: the effective mapping of a sync, a preview of records through it, and suggestions from two streams. */
public final class Mappings {
    /** One record: what came in, what the mapping made of it, and the fields that failed (target → message). */
    public record Preview(JsonNode input, ObjectNode output, Map<String, String> errors) {}

    /**
     * Previews, and why lookups could not be resolved (null when they were, or none are used): the
     * previews then show lookup fields failing with a row error.
     */
    public record Previews(List<Preview> records, String lookupProblem) {}

    /**
     * Suggested pairs in destination order, the destination fields nothing was suggested for, the
     * destination's own primary key (assigned by the destination, never written: not suggested), and
     * the destination field the source's key was paired with (null when none: see {@link KeyFields}).
     */
    public record Suggestions(List<Suggestion> pairs, List<String> unmatched, List<String> assigned, String keyField) {
        public Suggestions(List<Suggestion> pairs, List<String> unmatched) {
            this(pairs, unmatched, List.of(), null);
        }
    }

    private final Store store;
    private final Connections connections;
    private final ObjectMapper json;

    public Mappings(Store store, Connections connections, ObjectMapper json) {
        this.store = store;
        this.connections = connections;
        this.json = json;
    }

    /**
     * The sync's effective mapping: its own lines with its connections' overrides on top. A per-tenant
     * sync shows its default lines, or with {@code tenant} that tenant's; {@code connection} shows a
     * classic sync as that connection (of the same connector as one side) would see it.
     */
    public EffectiveMapping effective(LoadResult definitions, String sync, String tenant, String connection) {
        SyncSpec spec = SyncTargets.sync(definitions, sync, tenant);
        if (tenant != null) {
            spec = Tenants.bind(definitions, spec, tenant);
        }
        if (spec.perTenant()) {
            if (connection != null) {
                throw new EngineException.Invalid("sync '" + sync + "' runs per tenant; show it as a tenant sees it with --tenant T instead of --connection");
            }
            return EffectiveMapping.of(spec, definitions.connections());
        }
        return EffectiveMapping.of(spec, connections(definitions, spec, connection));
    }

    private static List<ConnectionSpec> connections(LoadResult definitions, SyncSpec spec, String connection) {
        ConnectionSpec source = definitions.connections().get(spec.source().connection());
        ConnectionSpec destination = definitions.connections().get(spec.destination().connection());
        if (connection == null) {
            return source == null || source == destination ? List.of(destination) : List.of(source, destination); // no source connection: a SQL or file source
        }
        ConnectionSpec chosen = definitions.connections().get(connection);
        if (chosen == null) {
            throw new EngineException.NotFound("no connection named '" + connection + "' is applied; applied connections: "
                    + String.join(", ", definitions.connections().keySet()));
        }
        if (source != null && Objects.equals(chosen.connector(), source.connector())) {
            return destination == source ? List.of(chosen) : List.of(chosen, destination);
        }
        if (Objects.equals(chosen.connector(), destination.connector())) {
            return List.of(source, chosen);
        }
        throw new EngineException.Invalid("connection '" + connection + "' " + (chosen.isDatabase() ? "is a database connection" : "uses connector '"
                + chosen.connector() + "'") + ", but sync '" + spec.name() + "' reads from " + (source == null ? "a SQL query or a file"
                        : "a '" + source.connector() + "' connection") + " and writes to a '" + destination.connector() + "' one");
    }

    /**
     * Reads the first {@code sample} records of the sync's source stream and maps each one with the
     * effective mapping, field by field, so every failing field is reported. Writes nothing (the reads
     * are in the request log). A per-tenant sync needs a tenant.
     */
    public Previews preview(LoadResult definitions, String sync, String tenant, int sample) {
        if (sample < 1 || sample > 1000) {
            throw new EngineException.Invalid("--sample must be from 1 to 1000, got " + sample);
        }
        SyncSpec spec = SyncTargets.sync(definitions, sync, tenant);
        if (spec.perTenant() && tenant == null) {
            throw new EngineException.Invalid("sync '" + sync + "' runs per tenant; preview it for one with --tenant T (tenants that can run it: "
                    + String.join(", ", Tenants.eligible(definitions, spec)) + ")");
        }
        if (tenant != null) {
            spec = Tenants.bind(definitions, spec, tenant);
        }
        if (spec.source().connection() == null) {
            throw new EngineException.Invalid("sync '" + sync + "' reads " + (spec.source().sql() != null ? "a SQL query" : "a file")
                    + "; map preview samples connector streams only (try: junction run " + sync + " --dry-run)");
        }
        List<FieldMapping> lines = EffectiveMapping.of(spec, definitions.connections()).mappings();
        StreamSamples samples = samples(definitions);
        String[] problem = new String[1];
        LookupTables tables = lookups(samples, spec, lines, problem);
        List<Mapper> perLine = lines.stream().map(line -> Mapper.compile(List.of(line), json).withLookups(tables)).toList();
        List<Preview> previews = new ArrayList<>();
        for (JsonNode record : samples.read(samples.target(spec.source().connection(), spec.source().stream()), sample)) {
            previews.add(preview(lines, perLine, record));
        }
        return new Previews(previews, problem[0]);
    }

    /**
     * Proposes source → destination field pairs from a sample of each stream's records (the stored
     * schema widens them with declared fields), scored 0..1. Changes nothing.
     */
    public Suggestions suggest(LoadResult definitions, String sourceConnection, String sourceStream, String destinationConnection,
            String destinationStream, int sample, double minScore) {
        return suggest(definitions, sourceConnection, sourceStream, destinationConnection, destinationStream, sample, minScore, null);
    }

    /**
     * As above; {@code key} names the destination field the source's key goes to (the sync's
     * destination {@code key}), null to find one named like an external key. The destination's own
     * primary key is left out (the destination assigns it), and the source's primary key is paired
     * with that field whatever the names score.
     */
    public Suggestions suggest(LoadResult definitions, String sourceConnection, String sourceStream, String destinationConnection,
            String destinationStream, int sample, double minScore, String key) {
        if (sample < 1) {
            throw new EngineException.Invalid("--sample must be at least 1, was " + sample);
        }
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new EngineException.Invalid("--min-score must be between 0 and 1, was " + minScore);
        }
        StreamSamples samples = samples(definitions);
        List<FieldProfile> source = profile(samples, sourceConnection, sourceStream, sample);
        List<FieldProfile> destination = profile(samples, destinationConnection, destinationStream, sample);
        String destinationId = KeyFields.path(primaryKey(definitions, destinationConnection, destinationStream));
        String sourceId = KeyFields.path(primaryKey(definitions, sourceConnection, sourceStream));
        List<String> assigned = destination.stream().map(FieldProfile::path).filter(p -> p.equals(destinationId) && !p.equals(key)).toList();
        List<FieldProfile> writable = new ArrayList<>(destination.stream().filter(f -> !assigned.contains(f.path())).toList());
        if (key != null && writable.stream().noneMatch(f -> f.path().equals(key))) {
            throw new EngineException.Invalid("--key " + key + ": stream '" + destinationStream + "' of connection '" + destinationConnection
                    + "' has no such field (fields: " + String.join(", ", destination.stream().map(FieldProfile::path).toList()) + ")");
        }
        Automapper automapper = new Automapper(minScore);
        Optional<FieldProfile> keyField = KeyFields.externalKey(writable, key);
        Optional<FieldProfile> sourceKey = source.stream().filter(f -> f.path().equals(sourceId)).findFirst();
        List<Suggestion> pairs = new ArrayList<>();
        List<FieldProfile> rest = source;
        if (keyField.isPresent() && sourceKey.isPresent()) {
            pairs.add(automapper.score(sourceKey.get(), keyField.get()));
            writable.remove(keyField.get());
            rest = source.stream().filter(f -> f != sourceKey.get()).toList();
        }
        pairs.addAll(automapper.suggest(rest, writable));
        List<String> order = destination.stream().map(FieldProfile::path).toList();
        pairs.sort(java.util.Comparator.comparingInt(p -> order.indexOf(p.destination().path())));
        Set<String> matched = new HashSet<>();
        pairs.forEach(p -> matched.add(p.destination().path()));
        List<String> unmatched = destination.stream().map(FieldProfile::path).filter(p -> !matched.contains(p) && !assigned.contains(p)).toList();
        return new Suggestions(List.copyOf(pairs), unmatched, assigned,
                keyField.isPresent() && sourceKey.isPresent() ? keyField.get().path() : null);
    }

    /** The primary key the connection's connector declares for the stream, or null. */
    private static String primaryKey(LoadResult definitions, String connection, String stream) {
        ConnectionSpec c = definitions.connections().get(connection);
        var connector = c == null || c.connector() == null ? null : definitions.connectors().get(c.connector());
        var spec = connector == null || connector.streams() == null ? null : connector.streams().get(stream);
        return spec == null ? null : spec.primaryKey();
    }

    private StreamSamples samples(LoadResult definitions) {
        return new StreamSamples(definitions, connections.secrets(), connections.pipeline(PipelineListener.NONE, true));
    }

    /** The stream's fields from a sample of its records, widened by its stored schema (declared custom fields) when there is one. */
    private List<FieldProfile> profile(StreamSamples samples, String connection, String stream, int sample) {
        StreamSamples.Target target = samples.target(connection, stream);
        List<JsonNode> records = samples.read(target, sample);
        SchemaSampler sampler = new SchemaSampler(sample);
        records.forEach(sampler::offer);
        ObjectNode schema = sampler.schema();
        Optional<StoredSchema> stored = store.schemas().find(connection, stream);
        try {
            if (stored.isPresent() && json.readTree(stored.get().schema()) instanceof ObjectNode storedSchema) {
                schema = records.isEmpty() ? storedSchema : SchemaDrift.compare(storedSchema, schema).merged();
            }
        } catch (IOException e) {
            throw new IllegalStateException("the stored schema of " + connection + "/" + stream + " is not JSON: " + e.getMessage(), e);
        }
        return FieldProfile.of(schema, records);
    }

    /**
     * The lookup tables, read from the destination's streams as a run reads them. When they cannot be
     * read, {@code problem[0]} says why and the preview goes on without them.
     */
    private static LookupTables lookups(StreamSamples samples, SyncSpec spec, List<FieldMapping> lines, String[] problem) {
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
            problem[0] = "cannot read lookup stream(s) " + streams + " of destination connection '" + connection + "': "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return LookupTables.none();
        }
    }

    private Preview preview(List<FieldMapping> lines, List<Mapper> perLine, JsonNode record) {
        ObjectNode output = json.createObjectNode();
        Map<String, String> errors = new LinkedHashMap<>();
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
}
