package dev.junction.store.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.junction.store.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The store's connection pool and its life: created with the schema brought up to date when the store
 * opens, closed (an in-memory H2 database dropped with it) when the store closes.
 */
public final class StorePool {
    private static final int MAX_POOL_SIZE = 8;
    /** H2 error code 90121: the database was closed while the connection was in use. */
    private static final int DATABASE_CLOSED = 90121;

    private final String jdbcUrl;
    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final boolean shutdownOnClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StorePool(String jdbcUrl, Dialect dialect, HikariDataSource dataSource) {
        this.jdbcUrl = jdbcUrl;
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.shutdownOnClose = jdbcUrl.startsWith("jdbc:h2:mem:");
    }

    /**
     * Creates the pool for {@code jdbcUrl}, migrates its schema and hands it to {@code store}; the pool
     * is closed again if any of that fails. {@code where} names the store in messages.
     *
     * @throws StoreException if the URL is of another database, the database cannot be reached, or
     *     the schema cannot be migrated
     */
    public static <S> S open(String jdbcUrl, String user, String password, String where, Function<StorePool, S> store) {
        Dialect dialect = Dialect.forUrl(jdbcUrl);
        HikariDataSource dataSource = createPool(jdbcUrl, user, password, dialect, where);
        try {
            new Migrations(dialect).migrate(dataSource, where);
            if (dialect.name().equals("H2")) {
                H2Identities.realign(dataSource, where);
            }
            return store.apply(new StorePool(jdbcUrl, dialect, dataSource));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    private static HikariDataSource createPool(String jdbcUrl, String user, String password, Dialect dialect, String where) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("junction-store");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setDriverClassName(dialect.driverClassName());
        config.setMaximumPoolSize(MAX_POOL_SIZE);
        config.setMinimumIdle(1);
        // a store that is down answers within seconds (the server's 503), not after Hikari's default 30 s
        config.setConnectionTimeout(5_000);
        dialect.configurePool(config);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("could not connect to the " + dialect.name() + " store at " + where + ": " + cause.getMessage(), e);
        }
    }

    /** Hides a {@code password=} parameter so the URL can go into messages. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** How many of this build's schema migrations the database lacks: 0 when the schema is up to date. */
    public int pendingMigrations() {
        return new Migrations(dialect).pending(dataSource);
    }

    /** Closes the pool (an in-memory H2 database is dropped). Calling it again does nothing. */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        dataSource.close();
        if (shutdownOnClose) {
            // DB_CLOSE_DELAY=-1 kept the database alive without connections; now drop it.
            try (Connection connection = DriverManager.getConnection(jdbcUrl, dataSource.getUsername(), dataSource.getPassword());
                    Statement statement = connection.createStatement()) {
                statement.execute("shutdown");
            } catch (SQLException e) {
                if (e.getErrorCode() != DATABASE_CLOSED) {
                    throw new StoreException("could not drop the in-memory store " + redact(jdbcUrl) + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
