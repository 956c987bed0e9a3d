package dev.junction.store.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.JunctionException;
import dev.junction.connector.SecretResolver;
import dev.junction.runtime.SqlSourceFactory;
import dev.junction.spec.DatabaseSpec;
import dev.junction.spec.SyncSpec;
import dev.junction.spec.ValueRef;
import dev.junction.store.jdbc.internal.SqlRecordSource;
import dev.junction.sync.RecordSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SQL sources over JDBC (reverse ETL): any database whose driver is on the class path; H2 and
 * PostgreSQL ship with Junction. Rows are read page by page with the sync's fetch size.
 */
public final class JdbcSqlSources implements SqlSourceFactory {
    private final ObjectMapper json;

    public JdbcSqlSources(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public RecordSource create(String sync, SyncSpec.Sql sql, SecretResolver secrets) {
        return create(sync, sql, secrets, null);
    }

    /**
     * {@code tenant} (null: a classic sync) is bound to each {@code :tenant} of the query. The
     * database is the query's inline one or, once the planner bound it, that of its database
     * connection; its references are resolved now and never kept beyond the source.
     */
    @Override
    public RecordSource create(String sync, SyncSpec.Sql sql, SecretResolver secrets, String tenant) {
        DatabaseSpec database = sql.database();
        if (database == null) {
            throw new JunctionException("sync '" + sync + "': the SQL source's connection '" + sql.connection() + "' was not resolved to a database");
        }
        String where = sql.connection() == null ? "sync '" + sync + "' source.sql." : "sync '" + sync + "': connection '" + sql.connection() + "' database.";
        String url = resolve(where + "url", database.url(), secrets);
        String user = database.user() == null ? null : resolve(where + "user", database.user(), secrets);
        String password = database.password() == null ? null : resolve(where + "password", database.password(), secrets);
        Map<String, String> others = new LinkedHashMap<>();
        database.properties().forEach((name, value) -> others.put(name, resolve(where + "properties." + name, value, secrets)));
        String schema = database.schema() == null ? null : resolve(where + "schema", database.schema(), secrets);
        return new SqlRecordSource(sync, url, SqlRecordSource.properties(user, password, others), schema, sql, json, tenant);
    }

    private static String resolve(String where, ValueRef ref, SecretResolver secrets) {
        try {
            return secrets.resolve(ref);
        } catch (JunctionException e) {
            throw new JunctionException(where + ": " + e.getMessage(), e);
        }
    }
}
