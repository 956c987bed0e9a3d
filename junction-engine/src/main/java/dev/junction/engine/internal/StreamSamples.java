package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.connector.SecretResolver;
import dev.junction.engine.EngineException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.StreamSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the first records of an applied connection's stream through the connection's usual pipeline
 * (the process's shared client, budget and token; requests in the exchange log), for schema
 * discovery, mapping previews and suggestions. Pages are requested only until enough records are read.
 */
public final class StreamSamples {
    private final LoadResult definitions;
    private final SecretResolver secrets;
    private final PipelineOptions options;

    public StreamSamples(LoadResult definitions, SecretResolver secrets, PipelineOptions options) {
        this.definitions = definitions;
        this.secrets = secrets;
        this.options = options;
    }

    /** An applied connection and its connector and stream (null: any of its streams), checked. */
    public record Target(ConnectionSpec connection, ConnectorSpec connector, StreamSpec stream) {}

    public Target target(String connectionName, String streamName) {
        ConnectionSpec connection = definitions.connections().get(connectionName);
        if (connection == null) {
            throw new EngineException.NotFound("no connection named '" + connectionName + "' is applied"
                    + (definitions.connections().isEmpty() ? "; apply one with: junction apply PATH"
                            : "; applied connections: " + String.join(", ", definitions.connections().keySet())));
        }
        ConnectorSpec connector = connectorOf(connection);
        StreamSpec stream = connector.streams() == null ? null : connector.streams().get(streamName);
        if (stream == null) {
            throw new EngineException.NotFound("connector '" + connector.name() + "' (of connection '" + connectionName + "') has no stream '" + streamName
                    + "'; it has " + (connector.streams() == null || connector.streams().isEmpty() ? "none" : String.join(", ", connector.streams().keySet())));
        }
        return new Target(connection, connector, stream);
    }

    /** An applied connection and its connector, checked, for reading any of its streams. */
    public Target destination(String connectionName) {
        ConnectionSpec connection = definitions.connections().get(connectionName);
        if (connection == null) {
            throw new EngineException.NotFound("no connection named '" + connectionName + "' is applied");
        }
        return new Target(connection, connectorOf(connection), null);
    }

    private ConnectorSpec connectorOf(ConnectionSpec connection) {
        if (connection.isDatabase()) {
            throw new EngineException.Invalid("connection '" + connection.name() + "' is a database connection: it has no streams or actions; a sync reads"
                    + " it with source: { connection: " + connection.name() + ", sql: { query: ... } }");
        }
        ConnectorSpec connector = definitions.connectors().get(connection.connector());
        if (connector == null) {
            throw new EngineException.NotFound("connection '" + connection.name() + "' uses connector '" + connection.connector() + "', which is not applied");
        }
        return connector;
    }

    /** A client of the target's connection. Close it. */
    public ConnectionClient client(Target target) {
        return ConnectionClient.create(target.connector(), target.connection(), secrets, options);
    }

    /** Up to {@code max} records of the target's stream, in stream order. */
    public List<JsonNode> read(Target target, int max) {
        List<JsonNode> records = new ArrayList<>();
        try (ConnectionClient client = client(target)) {
            PageReader pages = client.readStream(target.stream().name(), ReadOptions.full(CallContext.of(target.connection().name())));
            while (records.size() < max) {
                Page page = pages.nextPage().orElse(null);
                if (page == null) {
                    break;
                }
                for (JsonNode record : page.records()) {
                    if (records.size() < max) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    public SecretResolver secrets() {
        return secrets;
    }

    public PipelineOptions options() {
        return options;
    }
}
