package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.JunctionException;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.StreamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the first records of an applied connection's stream, through the connection's usual
 * pipeline (secrets from the environment, requests in the exchange log), for the schema and map
 * commands. Pages are requested only until enough records are read.
 */
final class StreamSamples {
    private final Workspace workspace;
    private final LoadResult definitions;
    private final Function<String, String> env;

    StreamSamples(Workspace workspace, LoadResult definitions, Function<String, String> env) {
        this.workspace = workspace;
        this.definitions = definitions;
        this.env = env;
    }

    /** An applied connection and its connector and stream, checked. */
    record Target(ConnectionSpec connection, ConnectorSpec connector, StreamSpec stream) {}

    Target target(String connectionName, String streamName) {
        ConnectionSpec connection = definitions.connections().get(connectionName);
        if (connection == null) {
            throw new JunctionException("no connection named '" + connectionName + "' is applied"
                    + (definitions.connections().isEmpty() ? "; apply one with: junction apply PATH"
                            : "; applied connections: " + String.join(", ", definitions.connections().keySet())));
        }
        ConnectorSpec connector = connectorOf(connection);
        StreamSpec stream = connector.streams() == null ? null : connector.streams().get(streamName);
        if (stream == null) {
            throw new JunctionException("connector '" + connector.name() + "' (of connection '" + connectionName + "') has no stream '" + streamName
                    + "'; it has " + (connector.streams() == null || connector.streams().isEmpty() ? "none" : String.join(", ", connector.streams().keySet())));
        }
        return new Target(connection, connector, stream);
    }

    /** An applied connection and its connector, checked, for reading any of its streams (stream is null). */
    Target destination(String connectionName) {
        ConnectionSpec connection = definitions.connections().get(connectionName);
        if (connection == null) {
            throw new JunctionException("no connection named '" + connectionName + "' is applied");
        }
        ConnectorSpec connector = connectorOf(connection);
        return new Target(connection, connector, null);
    }

    private ConnectorSpec connectorOf(ConnectionSpec connection) {
        if (connection.isDatabase()) {
            throw new JunctionException("connection '" + connection.name() + "' is a database connection: it has no streams or actions; a sync reads"
                    + " it with source: { connection: " + connection.name() + ", sql: { query: ... } }");
        }
        ConnectorSpec connector = definitions.connectors().get(connection.connector());
        if (connector == null) {
            throw new JunctionException("connection '" + connection.name() + "' uses connector '" + connection.connector() + "', which is not applied");
        }
        return connector;
    }

    /** A client of the target's connection, with secrets from the environment and requests in the exchange log. */
    ConnectionClient client(Target target) {
        return ConnectionClient.create(target.connector(), target.connection(), secrets(), options());
    }

    /** Up to {@code max} records of the target's stream, in stream order. */
    List<JsonNode> read(Target target, int max) {
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

    EnvSecretResolver secrets() {
        return new EnvSecretResolver(env);
    }

    PipelineOptions options() {
        return PipelineOptions.builder().exchangeSink(workspace.store().exchanges()::append).clock(workspace.clock())
                .credentials(workspace.credentials(env)).build();
    }
}
