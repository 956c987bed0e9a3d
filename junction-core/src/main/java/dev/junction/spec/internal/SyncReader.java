package dev.junction.spec.internal;

import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.SyncSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads a {@code kind: Sync} document, then checks its connections, stream and action. */
public final class SyncReader {
    private SyncReader() {}

    public static SyncSpec read(Fields root, SourceLocation location) {
        root.allow(Schema.SYNC);
        String name = root.name("name");
        String description = root.string("description", false);

        SyncSpec.Source source = null;
        Fields s = root.fields("source", true);
        if (s != null) {
            s.allow(Schema.SOURCE);
            String mode = s.oneOf("mode", Schema.READ_MODES, "full");
            SyncSpec.ReadMode readMode = mode == null ? null : SyncSpec.ReadMode.valueOf(constant(mode));
            if (s.has("sql")) {
                source = SqlSourceReader.read(s, readMode, name);
            } else if (s.has("file")) {
                source = FileSourceReader.read(s, readMode);
            } else {
                Side side = connectionOrConnector(s);
                source = new SyncSpec.Source(side.connection(), s.string("stream", true), readMode, null, null, side.connector());
            }
        }

        SyncSpec.Destination destination = null;
        Fields d = root.fields("destination", true);
        if (d != null) {
            d.allow(Schema.DESTINATION);
            Side side = connectionOrConnector(d);
            String action = d.string("action", true);
            String key = d.string("key", true);
            String mode = d.oneOf("mode", Schema.WRITE_MODES, "upsert");
            checkKey(d, key, root);
            SyncSpec.WriteMode writeMode = mode == null ? null : SyncSpec.WriteMode.valueOf(constant(mode));
            SyncSpec.Mirror mirror = MirrorReader.read(d, writeMode, source == null ? null : source.mode());
            destination = new SyncSpec.Destination(side.connection(), action, key, writeMode, mirror, side.connector());
        }
        checkTenantBinding(root, source, destination);

        List<FieldMapping> mapping = MappingReader.read(root);

        SyncSpec.Batch batch = SyncSpec.Batch.DEFAULT;
        if (root.has("batch")) {
            Fields b = root.fields("batch", false);
            batch = null;
            if (b != null) {
                b.allow(Schema.SYNC_BATCH);
                Integer size = b.positiveInt("size", false, SyncSpec.Batch.DEFAULT.size());
                Integer concurrency = b.positiveInt("concurrency", false, SyncSpec.Batch.DEFAULT.concurrency());
                Long maxBytes = ByteSizes.read(b, "maxBytes");
                batch = size == null || concurrency == null || maxBytes == null ? null : new SyncSpec.Batch(size, concurrency, maxBytes);
            }
        }
        String onRowError = root.oneOf("onRowError", Schema.ON_ROW_ERROR, "dead-letter");
        return new SyncSpec(name, description, source, destination, mapping, batch,
                onRowError == null ? null : SyncSpec.OnRowError.valueOf(constant(onRowError)), location, limits(root),
                tenantRuns(root, source, destination), ScheduleReader.schedule(root), ScheduleReader.triggers(root), AuditReader.read(root, destination),
                SyncHookReader.read(root));
    }

    /** {@code tenants: { concurrency: 4 }}, only on a per-tenant sync. */
    private static SyncSpec.TenantRuns tenantRuns(Fields root, SyncSpec.Source source, SyncSpec.Destination destination) {
        if (!root.has("tenants")) {
            return SyncSpec.TenantRuns.DEFAULT;
        }
        Fields t = root.fields("tenants", false);
        if (t == null) {
            return SyncSpec.TenantRuns.DEFAULT;
        }
        t.allow(Schema.SYNC_TENANTS);
        Integer concurrency = t.positiveInt("concurrency", true, null);
        boolean perTenant = source != null && source.connector() != null || destination != null && destination.connector() != null;
        if (!perTenant && source != null && destination != null) {
            root.problem("tenants", "the sync is not per tenant (its source and destination name connections, not connectors), so it has no"
                    + " tenants to run; remove tenants, or name a connector on a side");
            return SyncSpec.TenantRuns.DEFAULT;
        }
        return concurrency == null ? SyncSpec.TenantRuns.DEFAULT : new SyncSpec.TenantRuns(concurrency);
    }

    /**
     * Exactly one of {@code connection} (a fixed connection) and {@code connector} (each tenant's
     * connection of it); the absent one (both, after a problem) null.
     */
    private static Side connectionOrConnector(Fields side) {
        boolean connection = side.has("connection");
        boolean connector = side.has("connector");
        if (connection && connector) {
            side.problem("connector", "expected either connection (one fixed connection) or connector (each tenant's connection of it), found both");
            return new Side(null, null);
        }
        if (!connection && !connector) {
            side.missing("connection", " (or connector, to run the sync once per tenant with that tenant's connection of the connector)");
            return new Side(null, null);
        }
        return connection ? new Side(side.string("connection", true), null) : new Side(null, side.name("connector"));
    }

    /** What a source or destination reads from or writes to: a fixed connection, or each tenant's connection of a connector. */
    private record Side(String connection, String connector) {}

    /** {@code :tenant} in a SQL source's query is bound only in a per-tenant sync. */
    private static void checkTenantBinding(Fields root, SyncSpec.Source source, SyncSpec.Destination destination) {
        if (source != null && source.sql() != null && source.sql().query() != null && SyncSpec.Sql.TENANT_PARAMETER.matcher(source.sql().query()).find()
                && (destination == null || destination.connector() == null)) {
            root.problems().add(root.keyLocation("source"), "source.sql.query", "the query uses :tenant, which is bound only in a per-tenant sync;"
                    + " name the destination's connector (destination.connector) instead of a connection, or remove :tenant");
        }
    }

    /** {@code timeout: 30m} and {@code abortAfter: { failures: 100, percent: 10, minRecords: 100 }}. */
    private static SyncSpec.RunLimits limits(Fields root) {
        java.time.Duration timeout = root.duration("timeout", false, null, true);
        SyncSpec.AbortAfter abortAfter = null;
        Fields a = root.has("abortAfter") ? root.fields("abortAfter", false) : null;
        if (a != null) {
            a.allow(Schema.SYNC_ABORT_AFTER);
            Integer failures = a.positiveInt("failures", false, null);
            Integer percent = a.positiveInt("percent", false, null);
            Integer minRecords = a.positiveInt("minRecords", false, SyncSpec.AbortAfter.DEFAULT_MIN_RECORDS);
            if (percent != null && percent > 100) {
                a.problem("percent", "expected a share of records from 1 to 100, found " + percent);
            } else if (!a.has("failures") && !a.has("percent")) {
                root.problem("abortAfter", "expected failures, percent or both, found neither");
            } else if (minRecords != null) {
                abortAfter = new SyncSpec.AbortAfter(failures, percent, minRecords);
            }
        }
        return new SyncSpec.RunLimits(timeout, abortAfter);
    }

    private static String constant(String value) {
        return value.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The destination key must be one of the mapping's targets (whatever their values). */
    private static void checkKey(Fields destination, String key, Fields root) {
        if (key == null || !(root.node("mapping") instanceof YamlNode.Mapping mapping) || mapping.isEmpty()) {
            return;
        }
        List<String> targets = mapping.keys();
        if (!targets.contains(key)) {
            destination.problem("key", "'" + key + "' is not a mapping target" + DidYouMean.hint(key, targets)
                    + " (targets: " + String.join(", ", targets) + ")");
        }
    }

    /**
     * Checks that the source stream and destination action exist, through the named connections or
     * the named connectors of a per-tenant sync.
     */
    public static void crossCheck(Fields root, SyncSpec spec, Map<String, ConnectionSpec> connections, Map<String, ConnectorSpec> connectors) {
        crossCheck(root, spec, connections, connectors, null);
    }

    /** As above, and each hook's flow must be one of {@code flows} (null: not checked). */
    public static void crossCheck(Fields root, SyncSpec spec, Map<String, ConnectionSpec> connections, Map<String, ConnectorSpec> connectors,
            java.util.Set<String> flows) {
        SyncHookReader.crossCheck(root, spec, flows);
        ScheduleReader.crossCheck(root, spec, connections, connectors);
        if (spec.source() != null && spec.source().sql() != null && spec.source().sql().connection() != null) {
            checkDatabase(root, spec.source().sql().connection(), connections);
        }
        if (spec.source() != null && spec.source().sql() == null && spec.source().file() == null) {
            Fields s = Fields.of(root.node("source"), "source", root.keyLocation("source"), new Problems());
            ConnectorSpec connector = connector(root, s, spec.source().connection(), spec.source().connector(), connections, connectors);
            String stream = spec.source().stream();
            if (connector != null && connector.streams() != null && stream != null) {
                var found = connector.streams().get(stream);
                if (found == null) {
                    root.problems().add(s.node("stream").location(), "source.stream",
                            missing(connector, spec.source().connection(), "stream", stream, connector.streams().keySet()));
                } else if (spec.source().mode() == SyncSpec.ReadMode.INCREMENTAL && found.incremental() == null) {
                    root.problems().add(s.node("mode").location(), "source.mode", "stream '" + stream + "' of connector '" + connector.name()
                            + "' does not declare 'incremental'; use mode full, or add incremental: { cursorField, param } to the stream");
                }
            }
        }
        if (spec.destination() != null) {
            Fields d = Fields.of(root.node("destination"), "destination", root.keyLocation("destination"), new Problems());
            ConnectorSpec connector = connector(root, d, spec.destination().connection(), spec.destination().connector(), connections, connectors);
            AuditReader.crossCheck(root, spec, connector);
            String action = spec.destination().action();
            if (connector != null && connector.actions() != null && action != null && !connector.actions().containsKey(action)) {
                root.problems().add(d.node("action").location(), "destination.action",
                        missing(connector, spec.destination().connection(), "action", action, connector.actions().keySet()));
            }
            String deleteAction = spec.destination().mirror() == null ? null : spec.destination().mirror().deleteAction();
            if (connector != null && connector.actions() != null && deleteAction != null && !connector.actions().containsKey(deleteAction)) {
                root.problems().add(d.node("deleteAction").location(), "destination.deleteAction",
                        missing(connector, spec.destination().connection(), "action", deleteAction, connector.actions().keySet()));
            }
        }
    }

    /**
     * The named connector, or the connector of the named connection; null (reporting an unknown
     * connection or connector) when there is none.
     */
    private static ConnectorSpec connector(Fields root, Fields side, String connection, String connectorName, Map<String, ConnectionSpec> connections,
            Map<String, ConnectorSpec> connectors) {
        if (connectorName != null) {
            ConnectorSpec found = connectors.get(connectorName);
            if (found == null) {
                root.problems().add(side.node("connector").location(), side.child("connector"),
                        "unknown connector '" + connectorName + "'" + ConnectionReader.known("connectors", connectors.keySet(), connectorName));
            }
            return found;
        }
        return connector(root, side, connection, connections, connectors);
    }

    /** A SQL source's {@code source.connection} names a database connection. */
    private static void checkDatabase(Fields root, String name, Map<String, ConnectionSpec> connections) {
        Fields s = Fields.of(root.node("source"), "source", root.keyLocation("source"), new Problems());
        ConnectionSpec found = connections.get(name);
        List<String> databases = connections.values().stream().filter(ConnectionSpec::isDatabase).map(ConnectionSpec::name).toList();
        if (found == null) {
            root.problems().add(s.node("connection").location(), "source.connection", "unknown connection '" + name + "'"
                    + ConnectionReader.known("database connections", databases, name) + "; a SQL source names a connection with database: { url, ... }");
        } else if (!found.isDatabase() && found.connector() != null) { // neither: its problems are reported on the connection
            root.problems().add(s.node("connection").location(), "source.connection", "connection '" + name + "' is a connection of connector '"
                    + found.connector() + "', not a database connection; a SQL source names a connection with database: { url, ... }"
                    + (databases.isEmpty() ? "" : " (database connections: " + String.join(", ", databases) + ")"));
        }
    }

    /** The connector of the named connection; null (reporting an unknown connection) when there is none. */
    private static ConnectorSpec connector(Fields root, Fields side, String connection, Map<String, ConnectionSpec> connections,
            Map<String, ConnectorSpec> connectors) {
        if (connection == null) {
            return null;
        }
        ConnectionSpec found = connections.get(connection);
        if (found == null) {
            root.problems().add(side.node("connection").location(), side.child("connection"),
                    "unknown connection '" + connection + "'" + ConnectionReader.known("connections", connections.keySet(), connection));
            return null;
        }
        if (found.isDatabase()) {
            root.problems().add(side.node("connection").location(), side.child("connection"), "connection '" + connection
                    + "' is a database connection; only a SQL source (source: { connection: " + connection + ", sql: { query: ... } }) reads"
                    + " through it, a stream or an action needs a connection of a connector");
            return null;
        }
        return found.connector() == null ? null : connectors.get(found.connector()); // an unknown connector is reported on the connection
    }

    private static String missing(ConnectorSpec connector, String connection, String what, String name, Set<String> names) {
        String of = "connector '" + connector.name() + "'" + (connection == null ? "" : " (of connection '" + connection + "')") + " has no " + what
                + " '" + name + "'";
        return names.isEmpty() ? of + " (it declares no " + what + "s)"
                : of + DidYouMean.hint(name, names) + " (" + what + "s: " + String.join(", ", names) + ")";
    }
}
