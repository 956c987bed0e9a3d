package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.JunctionException;
import dev.junction.audit.Reconciliation;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.connector.SecretResolver;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.mapping.MappingException;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.sync.Partitions;
import dev.junction.sync.RecordSource;
import dev.junction.sync.SyncJob;
import java.util.Iterator;
import java.util.List;

/**
 * The two reads of an audit, one page at a time into a {@link Reconciliation}: the sync's source in
 * full (every partition of a partitioned source, without checkpoints), each record through the
 * sync's mapping; and the destination connection's audit stream, in full.
 */
public final class AuditReads {
    private final LoadResult definitions;
    private final SecretResolver secrets;
    private final PipelineOptions options;

    public AuditReads(LoadResult definitions, SecretResolver secrets, PipelineOptions options) {
        this.definitions = definitions;
        this.secrets = secrets;
        this.options = options;
    }

    /** Reads the job's source in full, mapping each record; a record the mapping refuses is counted unmappable. */
    public void source(SyncJob job, String auditId, Reconciliation into) {
        RecordSource source = job.source();
        Partitions partitions = source.partitions();
        if (partitions == null) {
            drain(source.open(null, auditId), job, into);
            return;
        }
        Iterator<Partitions.Partition> each = partitions.list(null, auditId);
        while (each.hasNext()) {
            drain(partitions.open(each.next(), null, auditId), job, into);
        }
    }

    private static void drain(RecordSource.Reader reader, SyncJob job, Reconciliation into) {
        for (List<JsonNode> page = reader.nextPage(); page != null; page = reader.nextPage()) {
            for (JsonNode record : page) {
                JsonNode mapped;
                try {
                    mapped = job.mapper().map(record);
                } catch (MappingException e) {
                    into.unmappable();
                    continue;
                }
                into.source(mapped);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new JunctionException("the audit was stopped while it read the source (the process is stopping)");
            }
        }
    }

    /** Reads {@code stream} of the (tenant-bound) sync's destination connection in full. */
    public void destination(SyncSpec bound, String stream, Reconciliation into) {
        ConnectionSpec connection = definitions.connections().get(bound.destination().connection());
        if (connection == null) {
            throw new JunctionException("sync '" + bound.name() + "' writes to connection '" + bound.destination().connection() + "', which is not applied");
        }
        ConnectorSpec connector = definitions.connectors().get(connection.connector());
        if (connector == null || connector.streams() == null || !connector.streams().containsKey(stream)) {
            throw new JunctionException("the audit of sync '" + bound.name() + "' reads stream '" + stream + "' of connection '" + connection.name()
                    + "', which its connector does not have");
        }
        try (ConnectionClient client = ConnectionClient.create(connector, connection, secrets, options)) {
            client.prepareStream(stream);
            CallContext context = new CallContext(null, connection.tenant(), connection.name(), List.of(), false);
            PageReader pages = client.readStream(stream, ReadOptions.full(context));
            for (Page page = pages.nextPage().orElse(null); page != null; page = pages.nextPage().orElse(null)) {
                page.records().forEach(into::destination);
                if (Thread.currentThread().isInterrupted()) {
                    throw new JunctionException("the audit was stopped while it read the destination (the process is stopping)");
                }
            }
        }
    }
}
