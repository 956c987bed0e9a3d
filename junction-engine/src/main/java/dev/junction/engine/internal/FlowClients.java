package dev.junction.engine.internal;

import dev.junction.JunctionException;
import dev.junction.connector.ConnectionClient;
import dev.junction.engine.Connections;
import dev.junction.http.PipelineListener;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import java.time.Clock;
import java.time.Instant;

/**
 * The connection clients flow steps call through: one of the applied connection a step names, if the
 * execution's tenant may call it, reused across steps and executions (see {@link CachedClient}).
 * Thread-safe.
 */
final class FlowClients {
    private static final java.time.Duration CLIENT_REUSE = java.time.Duration.ofSeconds(60);

    private final Connections connections;
    private final java.util.function.Function<java.util.function.Predicate<LoadResult>, LoadResult> applied;
    private final Clock clock;
    private final java.util.concurrent.ConcurrentHashMap<String, CachedClient> clients = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param applied what is applied: as recently checked when it has what the predicate looks for, else as stored now
     *     (a connection applied a moment ago, on another node too)
     */
    FlowClients(Connections connections, java.util.function.Function<java.util.function.Predicate<LoadResult>, LoadResult> applied, Clock clock) {
        this.connections = connections;
        this.applied = applied;
        this.clock = clock;
    }

    /**
     * A client of {@code connection} for a step of {@code state}'s execution, with the connection's
     * whole pipeline (reused across steps: see {@link CachedClient}); callers may close it, which
     * releases nothing shared.
     *
     * @throws FlowExecutor.StepFailed (502) when the connection is not applied, or is another tenant's
     */
    ConnectionClient client(FlowExecutor.Execution state, String step, String name) {
        LoadResult loaded = applied.apply(r -> r.connections().containsKey(name));
        ConnectionSpec connection = loaded.connections().get(name);
        ConnectorSpec connector = connection == null || connection.connector() == null ? null : loaded.connectors().get(connection.connector());
        if (connector == null) {
            throw new FlowExecutor.StepFailed(502, "step '" + step + "': connection '" + name + "' is not applied (any more)");
        }
        String tenant = state.execution.tenant();
        if (tenant != null && connection.tenant() != null && !ConnectionSpec.DEFAULT_TENANT.equals(connection.tenant())
                && !connection.tenant().equals(tenant)) {
            throw new FlowExecutor.StepFailed(502, "step '" + step + "': connection '" + name + "' is another tenant's; an execution of"
                    + " tenant '" + tenant + "' may call only its own connections and shared ones");
        }
        Instant now = clock.instant();
        CachedClient cached = clients.get(name);
        if (cached != null && cached.connection() == connection && cached.connector() == connector && now.isBefore(cached.until())) {
            return cached.client();
        }
        try {
            ConnectionClient client = ConnectionClient.create(connector, connection, connections.secrets(), connections.pipeline(PipelineListener.NONE, true));
            clients.put(name, new CachedClient(connection, connector, client, now.plus(CLIENT_REUSE)));
            return client;
        } catch (JunctionException | IllegalArgumentException e) {
            throw new FlowExecutor.StepFailed(502, "step '" + step + "': " + e.getMessage());
        }
    }

    /**
     * A connection's client, reused by the steps of every execution while its definition stays the same
     * object (a new version of it, or of its connector, is a new one) and for at most
     * {@link #CLIENT_REUSE}, so a secret read from a file that was rotated is read again soon. Building
     * one compiles the connector's requests and resolves the secrets: per call it cost more than the call.
     * Its pipeline uses the process's shared HTTP clients, budgets and token states, so closing one
     * (callers do) releases nothing another step still uses.
     */
    private record CachedClient(ConnectionSpec connection, ConnectorSpec connector, ConnectionClient client, Instant until) {}
}
