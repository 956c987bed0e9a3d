package dev.junction.store.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.JunctionException;
import dev.junction.connector.SecretResolver;
import dev.junction.runtime.SqlSourceFactory;
import dev.junction.spec.SyncSpec;
import dev.junction.spec.ValueRef;
import dev.junction.store.jdbc.internal.SqlRecordSource;
import dev.junction.sync.RecordSource;

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

    /** {@code tenant} (null: a classic sync) is bound to each {@code :tenant} of the query. */
    @Override
    public RecordSource create(String sync, SyncSpec.Sql sql, SecretResolver secrets, String tenant) {
        String url = resolve(sync, "url", sql.url(), secrets);
        String user = sql.user() == null ? null : resolve(sync, "user", sql.user(), secrets);
        String password = sql.password() == null ? null : resolve(sync, "password", sql.password(), secrets);
        return new SqlRecordSource(sync, url, user, password, sql, json, tenant);
    }

    private static String resolve(String sync, String field, ValueRef ref, SecretResolver secrets) {
        try {
            return secrets.resolve(ref);
        } catch (JunctionException e) {
            throw new JunctionException("sync '" + sync + "' source.sql." + field + ": " + e.getMessage(), e);
        }
    }
}
