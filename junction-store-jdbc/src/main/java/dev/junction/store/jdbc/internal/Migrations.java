package dev.junction.store.jdbc.internal;

import dev.junction.store.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date with Flyway, reading only the dialect's migration folder: no
 * configuration files, environment variables or callbacks are looked up, and an existing schema
 * is validated and left alone.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private final Dialect dialect;

    public Migrations(Dialect dialect) {
        this.dialect = dialect;
    }

    public void migrate(DataSource dataSource, String where) {
        try {
            MigrateResult result = flyway(dataSource).migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Migrated the {} store at {} to schema version {}", dialect.name(), where, result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            throw new StoreException(
                    "could not migrate the " + dialect.name() + " store schema at " + where + ": " + e.getMessage(), e);
        }
    }

    /** How many of this build's migrations the schema lacks (0 when it is up to date, or newer). */
    public int pending(DataSource dataSource) {
        try {
            return flyway(dataSource).info().pending().length;
        } catch (FlywayException e) {
            throw new StoreException("could not read the " + dialect.name() + " store's schema version: " + e.getMessage(), e);
        }
    }

    private Flyway flyway(DataSource dataSource) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(dialect.migrationLocation())
                .failOnMissingLocations(true)
                .skipDefaultCallbacks(true)
                .cleanDisabled(true)
                .load();
    }
}
