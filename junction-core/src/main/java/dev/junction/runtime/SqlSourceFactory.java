package dev.junction.runtime;

import dev.junction.connector.SecretResolver;
import dev.junction.spec.SyncSpec;
import dev.junction.sync.RecordSource;

/**
 * Builds a sync's SQL source. Core holds no SQL code: the JDBC implementation lives in
 * junction-store-jdbc and is handed to the {@link SyncPlanner}.
 */
@FunctionalInterface
public interface SqlSourceFactory {
    /** The name under which a SQL source keeps its checkpoint (a sync has one source). */
    String STREAM = "sql";

    /**
     * A source reading {@code sql}; its references are resolved with {@code secrets} now. When the
     * source is {@link AutoCloseable} the planned sync closes it after the run.
     *
     * @throws dev.junction.JunctionException naming the sync when a reference cannot be resolved
     */
    RecordSource create(String sync, SyncSpec.Sql sql, SecretResolver secrets);

    /**
     * A source of one tenant's run of a per-tenant sync: {@code :tenant} in the query is bound to
     * {@code tenant} (null: a classic sync). Factories that cannot bind it refuse a tenant.
     */
    default RecordSource create(String sync, SyncSpec.Sql sql, SecretResolver secrets, String tenant) {
        if (tenant != null && SyncSpec.Sql.TENANT_PARAMETER.matcher(sql.query()).find()) {
            throw new dev.junction.JunctionException("sync '" + sync + "': this runtime cannot bind :tenant in a SQL query");
        }
        return create(sync, sql, secrets);
    }
}
