package dev.junction.runtime;

import dev.junction.JunctionException;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which tenants a per-tenant sync runs for, and which connections it uses for each. A per-tenant
 * sync names a connector on one side or both ({@code source.connector}, {@code destination.connector});
 * for tenant T, each such side uses the connection of that connector whose {@code tenant} is T. A
 * tenant with no such connection for a side is not eligible; a tenant with several uses the one marked
 * {@code primary: true}, and one with several and none marked is an error for that tenant alone. Binding returns an ordinary sync that names connections, so planning, mapping
 * overrides and previews work on it unchanged.
 */
public final class Tenants {
    private Tenants() {}

    /**
     * The tenants that have a connection of every connector the sync names, sorted; empty for a
     * sync that names no connector.
     */
    public static List<String> eligible(LoadResult definitions, SyncSpec sync) {
        if (!sync.perTenant()) {
            return List.of();
        }
        TreeSet<String> tenants = null;
        for (String connector : connectors(sync)) {
            TreeSet<String> having = new TreeSet<>();
            definitions.connections().values().stream().filter(c -> connector.equals(c.connector())).forEach(c -> having.add(c.tenant()));
            if (tenants == null) {
                tenants = having;
            } else {
                tenants.retainAll(having);
            }
        }
        return tenants == null ? List.of() : List.copyOf(tenants);
    }

    /**
     * The sync bound to {@code tenant}: each side that names a connector names that tenant's
     * connection of it instead.
     *
     * @throws JunctionException when the sync is not per tenant, or the tenant has no connection, or
     *     several, of a connector the sync names
     */
    public static SyncSpec bind(LoadResult definitions, SyncSpec sync, String tenant) {
        if (!sync.perTenant()) {
            throw new JunctionException("sync '" + sync.name() + "' is not per tenant (its source and destination name connections, not connectors),"
                    + " so it takes no tenant");
        }
        SyncSpec.Source source = sync.source();
        if (source.connector() != null) {
            source = source.withConnection(connection(definitions, sync, source.connector(), tenant).name());
        }
        SyncSpec.Destination destination = sync.destination();
        if (destination.connector() != null) {
            destination = destination.withConnection(connection(definitions, sync, destination.connector(), tenant).name());
        }
        return sync.withSides(source, destination);
    }

    /** Tenant {@code tenant}'s one connection of {@code connector}: its only one, or its primary one among several. */
    public static ConnectionSpec connection(LoadResult definitions, SyncSpec sync, String connector, String tenant) {
        List<String> found = new ArrayList<>();
        ConnectionSpec match = null;
        for (Map.Entry<String, ConnectionSpec> e : definitions.connections().entrySet()) {
            if (connector.equals(e.getValue().connector()) && tenant.equals(e.getValue().tenant())) {
                found.add(e.getKey());
                match = e.getValue();
            }
        }
        if (found.isEmpty()) {
            List<String> eligible = eligible(definitions, sync);
            throw new JunctionException("tenant '" + tenant + "' has no connection of connector '" + connector + "', which sync '" + sync.name()
                    + "' uses; " + (eligible.isEmpty() ? "no tenant has one yet: apply a connection with connector: " + connector + " and tenant: " + tenant
                            : "tenants that can run it: " + String.join(", ", eligible)));
        }
        if (found.size() > 1) {
            List<ConnectionSpec> primary = found.stream().map(definitions.connections()::get).filter(ConnectionSpec::primary).toList();
            if (primary.size() == 1) {
                return primary.getFirst();
            }
            found.sort(null);
            throw new JunctionException("tenant '" + tenant + "' has " + found.size() + " connections of connector '" + connector + "' ("
                    + String.join(", ", found) + ") and none is marked primary, so sync '" + sync.name() + "' cannot tell which to use;"
                    + " mark the one it should use with primary: true (PATCH /api/v1/connections/NAME {\"primary\": true}, or in its YAML)");
        }
        return match;
    }

    private static List<String> connectors(SyncSpec sync) {
        List<String> names = new ArrayList<>();
        if (sync.source() != null && sync.source().connector() != null) {
            names.add(sync.source().connector());
        }
        if (sync.destination() != null && sync.destination().connector() != null && !names.contains(sync.destination().connector())) {
            names.add(sync.destination().connector());
        }
        return names;
    }
}
