package dev.junction.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.JunctionException;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.SecretResolver;
import dev.junction.http.PipelineListener;
import dev.junction.http.PipelineOptions;
import dev.junction.mapping.LookupTable;
import dev.junction.mapping.LookupTables;
import dev.junction.mapping.Mapper;
import dev.junction.runtime.internal.ActionSink;
import dev.junction.runtime.internal.FileSource;
import dev.junction.runtime.internal.StreamSource;
import dev.junction.spec.ActionSpec;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.LoadResult;
import dev.junction.spec.StreamSpec;
import dev.junction.spec.SyncSpec;
import dev.junction.sync.Deletes;
import dev.junction.sync.RecordSource;
import dev.junction.sync.RunMetrics;
import dev.junction.sync.SyncJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns a validated sync into a runnable {@link SyncJob}: resolves both connections' values (secret
 * references are read now and never stored), builds their HTTP pipelines, compiles the mapping and
 * reads the destination streams its {@code lookup} fields resolve through.
 */
public final class SyncPlanner {
    private final SecretResolver secrets;
    private final PipelineOptions pipeline;
    private final ObjectMapper json;
    private final SqlSourceFactory sqlSources;

    /** A planner for syncs that read connector streams (a SQL source is refused). */
    public SyncPlanner(SecretResolver secrets, PipelineOptions pipeline, ObjectMapper json) {
        this(secrets, pipeline, json, null);
    }

    /** {@code sqlSources} (null: none) builds the sources of syncs that read a SQL query. */
    public SyncPlanner(SecretResolver secrets, PipelineOptions pipeline, ObjectMapper json, SqlSourceFactory sqlSources) {
        this.secrets = secrets;
        this.pipeline = pipeline;
        this.json = json;
        this.sqlSources = sqlSources;
    }

    /**
     * @throws JunctionException naming what is missing when the sync, its connections or their
     *     connectors are not among the definitions, or a secret reference cannot be resolved
     */
    public PlannedSync plan(LoadResult definitions, String syncName, String trigger) {
        return plan(definitions, syncName, null, trigger);
    }

    /**
     * Plans one run of the sync; {@code tenant} (null for a classic sync) binds a per-tenant sync to
     * that tenant's connections (see {@link Tenants}) and keys the job's state.
     *
     * @throws JunctionException also when a per-tenant sync is planned without a tenant, a classic
     *     one with a tenant, or the tenant has no single connection of a connector the sync names
     */
    public PlannedSync plan(LoadResult definitions, String syncName, String tenant, String trigger) {
        SyncSpec named = definitions.syncs().get(syncName);
        if (named == null) {
            throw new JunctionException("no sync named '" + syncName + "' is applied"
                    + (definitions.syncs().isEmpty() ? "; apply one with: junction apply PATH" : "; applied syncs: " + String.join(", ", definitions.syncs().keySet())));
        }
        if (named.perTenant() && tenant == null) {
            throw new JunctionException("sync '" + syncName + "' runs per tenant; name one (tenants that can run it: "
                    + String.join(", ", Tenants.eligible(definitions, named)) + ")");
        }
        SyncSpec sync = tenant == null ? named : Tenants.bind(definitions, named, tenant);
        if (sync.source().sql() != null) {
            return planSql(definitions, sync, tenant, trigger);
        }
        if (sync.source().file() != null) {
            SyncSpec.File file = sync.source().file();
            boolean incremental = sync.source().mode() == SyncSpec.ReadMode.INCREMENTAL;
            return planOwnSource(definitions, sync, tenant, trigger, () -> new FileSource(sync.name(), file, json), "file", file.primaryKey(),
                    incremental ? file.cursorField() : null);
        }
        ConnectionSpec sourceConnection = connection(definitions, sync.source().connection(), syncName);
        ConnectionSpec destinationConnection = connection(definitions, sync.destination().connection(), syncName);
        return planStream(definitions, sync, tenant, trigger, sourceConnection, destinationConnection);
    }

    private PlannedSync planStream(LoadResult definitions, SyncSpec sync, String tenant, String trigger, ConnectionSpec sourceConnection,
            ConnectionSpec destinationConnection) {
        ConnectorSpec sourceConnector = connector(definitions, sourceConnection);
        ConnectorSpec destinationConnector = connector(definitions, destinationConnection);
        StreamSpec stream = sourceConnector.streams().get(sync.source().stream());
        ActionSpec action = destinationConnector.actions().get(sync.destination().action());

        RunMetrics metrics = new RunMetrics();
        PipelineOptions options = pipeline.toBuilder().listener(PipelineListener.of(pipeline.listener(), new MetricsListener(metrics))).build();
        List<ConnectionClient> clients = new ArrayList<>();
        try {
            ConnectionClient source = ConnectionClient.create(sourceConnector, sourceConnection, secrets, options);
            clients.add(source);
            ConnectionClient destination = source;
            if (!destinationConnection.name().equals(sourceConnection.name())) {
                destination = ConnectionClient.create(destinationConnector, destinationConnection, secrets, options);
                clients.add(destination);
            }
            // Render only what this sync uses: an optional value that another stream needs must not break it.
            source.prepareStream(stream.name());
            if (stream.parent() != null) {
                source.prepareStream(stream.parent().stream());
            }
            destination.prepareAction(sync.destination().action());
            boolean incremental = sync.source().mode() == SyncSpec.ReadMode.INCREMENTAL && stream.incremental() != null;
            SyncJob job = new SyncJob(
                    sync.name(),
                    stream.name(),
                    new StreamSource(source, stream, sourceConnection.tenant(), java.time.Clock.systemUTC()),
                    mapper(sync, definitions, destination, destinationConnection),
                    new ActionSink(destination, action, destinationConnection.tenant()),
                    sync.destination().key(),
                    stream.primaryKey(),
                    incremental ? stream.incremental().cursorField() : null,
                    sync.batch(),
                    sync.onRowError(),
                    trigger,
                    metrics,
                    sync.destination().mode(),
                    sync.limits(),
                    deletes(sync, destination, destinationConnection),
                    tenant);
            return new PlannedSync(job, clients, List.of(), key -> source.fetchRecord(stream.name(), key));
        } catch (RuntimeException e) {
            clients.forEach(ConnectionClient::close);
            throw e;
        }
    }

    /**
     * The compiled mapping with its lookup tables: each destination stream that a {@code lookup}
     * field names is read once, now, and indexed for the whole run (at most
     * {@link LookupTable#DEFAULT_MAX_RECORDS} records per stream).
     */
    private Mapper mapper(SyncSpec sync, LoadResult definitions, ConnectionClient destination, ConnectionSpec destinationConnection) {
        List<FieldMapping> lines = dev.junction.mapping.EffectiveMapping.of(sync, definitions.connections()).mappings();
        Mapper mapper = Mapper.compile(lines, json);
        LookupTables tables = LookupLoader.load(sync.name(), lines, destination, destinationConnection.tenant());
        return tables == LookupTables.none() ? mapper : mapper.withLookups(tables);
    }

    /** A sync reading a SQL query. */
    private PlannedSync planSql(LoadResult definitions, SyncSpec sync, String tenant, String trigger) {
        if (sqlSources == null) {
            throw new JunctionException("sync '" + sync.name() + "' reads a SQL query, which this runtime cannot run (no SQL source support)");
        }
        SyncSpec.Sql sql = database(definitions, sync.source().sql(), sync.name());
        boolean incremental = sync.source().mode() == SyncSpec.ReadMode.INCREMENTAL;
        return planOwnSource(definitions, sync, tenant, trigger, () -> sqlSources.create(sync.name(), sql, secrets, tenant), SqlSourceFactory.STREAM,
                sql.primaryKey(), incremental ? sql.cursorColumn() : null);
    }

    /** A sync whose source is not a connection (a query, a file): only the destination has one. */
    private PlannedSync planOwnSource(LoadResult definitions, SyncSpec sync, String tenant, String trigger, Supplier<RecordSource> sourceFactory,
            String streamName, String primaryKey, String cursorField) {
        ConnectionSpec destinationConnection = connection(definitions, sync.destination().connection(), sync.name());
        ConnectorSpec destinationConnector = connector(definitions, destinationConnection);
        ActionSpec action = destinationConnector.actions().get(sync.destination().action());
        RunMetrics metrics = new RunMetrics();
        PipelineOptions options = pipeline.toBuilder().listener(PipelineListener.of(pipeline.listener(), new MetricsListener(metrics))).build();
        ConnectionClient destination = ConnectionClient.create(destinationConnector, destinationConnection, secrets, options);
        try {
            destination.prepareAction(sync.destination().action());
            RecordSource source = sourceFactory.get();
            SyncJob job = new SyncJob(
                    sync.name(),
                    streamName,
                    source,
                    mapper(sync, definitions, destination, destinationConnection),
                    new ActionSink(destination, action, destinationConnection.tenant()),
                    sync.destination().key(),
                    primaryKey,
                    cursorField,
                    sync.batch(),
                    sync.onRowError(),
                    trigger,
                    metrics,
                    sync.destination().mode(),
                    sync.limits(),
                    deletes(sync, destination, destinationConnection),
                    tenant);
            return new PlannedSync(job, List.of(destination), source instanceof AutoCloseable c ? List.of(c) : List.of());
        } catch (RuntimeException e) {
            destination.close();
            throw e;
        }
    }

    /**
     * Mode mirror: the sink its deletes go through (the delete action; for soft deletes by default
     * the destination's action), or null for other modes.
     */
    private Deletes deletes(SyncSpec sync, ConnectionClient destination, ConnectionSpec destinationConnection) {
        SyncSpec.Mirror mirror = sync.destination().mirror();
        if (mirror == null) {
            return null;
        }
        String actionName = mirror.deleteAction() != null ? mirror.deleteAction() : sync.destination().action();
        destination.prepareAction(actionName);
        ActionSpec action = destination.connector().actions().get(actionName);
        ActionSink sink = new ActionSink(destination, action, destinationConnection.tenant(), true);
        return mirror.delete() == SyncSpec.DeleteKind.SOFT
                ? Deletes.soft(sink, mirror.softField(), json.valueToTree(mirror.softValue()), mirror.maxDeletePercent())
                : Deletes.hard(sink, mirror.maxDeletePercent());
    }

    private static ConnectionSpec connection(LoadResult definitions, String name, String sync) {
        ConnectionSpec connection = definitions.connections().get(name);
        if (connection == null) {
            throw new JunctionException("sync '" + sync + "' uses connection '" + name + "', which is not applied");
        }
        return connection;
    }

    /** The query with the database of the connection it names (the query itself when it gives its database inline). */
    private static SyncSpec.Sql database(LoadResult definitions, SyncSpec.Sql sql, String sync) {
        if (sql.connection() == null) {
            return sql;
        }
        ConnectionSpec connection = connection(definitions, sql.connection(), sync);
        if (!connection.isDatabase()) {
            throw new JunctionException("sync '" + sync + "' reads its SQL query through connection '" + sql.connection()
                    + "', which is not a database connection (it has no database: section)");
        }
        return sql.withDatabase(connection.database());
    }

    private static ConnectorSpec connector(LoadResult definitions, ConnectionSpec connection) {
        ConnectorSpec connector = definitions.connectors().get(connection.connector());
        if (connector == null) {
            throw new JunctionException("connection '" + connection.name() + "' uses connector '" + connection.connector() + "', which is not applied");
        }
        return connector;
    }

    /** Feeds a run's retry and 429 counters from its pipelines. */
    private record MetricsListener(RunMetrics metrics) implements PipelineListener {
        @Override
        public void onThrottled(Duration delay) {
            metrics.throttled();
        }

        @Override
        public void onRetry(int attempt, String reason, Duration delay) {
            metrics.retried();
        }
    }
}
