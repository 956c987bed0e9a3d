package dev.junction.engine;

import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What is applied, by kind: connectors and syncs (global), connections (each of a tenant, or of
 * none), and the tenants that have connections. Reads the engine's cached definitions.
 */
public final class Catalog {
    /** A tenant and the names of its connections. */
    public record Tenant(String name, List<String> connections) {}

    private final Definitions definitions;

    public Catalog(Definitions definitions) {
        this.definitions = definitions;
    }

    public List<ConnectorSpec> connectors() {
        return List.copyOf(applied().connectors().values());
    }

    public ConnectorSpec connector(String name) {
        ConnectorSpec connector = applied().connectors().get(name);
        if (connector == null) {
            throw new EngineException.NotFound("no connector named '" + name + "' is applied");
        }
        return connector;
    }

    /** Connections of {@code tenant} (null: every connection). */
    public List<ConnectionSpec> connections(String tenant) {
        return applied().connections().values().stream().filter(c -> tenant == null || tenant.equals(c.tenant())).toList();
    }

    /** A connection, if {@code tenant} is null or it is that tenant's; otherwise NotFound, as if it did not exist. */
    public ConnectionSpec connection(String name, String tenant) {
        ConnectionSpec connection = applied().connections().get(name);
        if (connection == null || (tenant != null && !tenant.equals(connection.tenant()))) {
            throw new EngineException.NotFound("no connection named '" + name + "' is applied");
        }
        return connection;
    }

    public List<SyncSpec> syncs() {
        return List.copyOf(applied().syncs().values());
    }

    public SyncSpec sync(String name) {
        return SyncTargets.sync(applied(), name, null);
    }

    /** Every tenant that has a connection, in name order (null: every one). */
    public List<Tenant> tenants(String only) {
        Map<String, List<String>> byTenant = new TreeMap<>();
        for (ConnectionSpec c : applied().connections().values()) {
            if (c.tenant() != null && (only == null || only.equals(c.tenant()))) {
                byTenant.computeIfAbsent(c.tenant(), t -> new ArrayList<>()).add(c.name());
            }
        }
        return byTenant.entrySet().stream().map(e -> new Tenant(e.getKey(), List.copyOf(e.getValue()))).toList();
    }

    /** Whether the named tenant has any connection. */
    public boolean tenantExists(String tenant) {
        return applied().connections().values().stream().anyMatch(c -> Objects.equals(tenant, c.tenant()));
    }

    private LoadResult applied() {
        return definitions.applied();
    }
}
