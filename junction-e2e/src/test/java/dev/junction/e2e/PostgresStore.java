package dev.junction.e2e;

import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.Role;
import dev.junction.engine.StoreLocation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * An embedded PostgreSQL server as the store of {@code junction serve} nodes, configured as an operator
 * would: {@code JUNCTION_STORE_URL}, {@code JUNCTION_STORE_USER}, {@code JUNCTION_STORE_PASSWORD} and one
 * {@code JUNCTION_MASTER_KEY} for every node. {@link #observer} opens an engine of the test's own on the
 * store: it makes the first admin token (as {@code junction tokens create} does) and reads what the API
 * does not show (attempts, lease holders); it never runs anything.
 */
final class PostgresStore implements AutoCloseable {
    /** The store password every node is given: no answer may show it. */
    static final String PASSWORD = "e2e-pg-password-7f3a91";

    private final EmbeddedPostgres postgres;
    private final String masterKey;
    private boolean stopped;

    PostgresStore() {
        this(null, Base64.getEncoder().encodeToString(new byte[32]));
    }

    /**
     * A server whose files are in {@code dataDir} (null: a temporary directory, removed when it stops),
     * kept there when it stops; every node gets {@code masterKey} as {@code JUNCTION_MASTER_KEY}.
     */
    PostgresStore(Path dataDir, String masterKey) {
        this.masterKey = masterKey;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60));
            if (dataDir != null) {
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    String url() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    /** The store's settings for a node, beside {@code more} (the sandbox's URLs and secrets). */
    Map<String, String> env(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put(StoreLocation.ENV, url());
        env.put(StoreLocation.USER_ENV, "postgres");
        env.put(StoreLocation.PASSWORD_ENV, PASSWORD); // embedded PostgreSQL trusts local connections: checked only for leaks
        env.put("JUNCTION_MASTER_KEY", masterKey);
        return env;
    }

    /** An engine of the test's own on the store (migrates it when it is new). The caller closes it. */
    Engine observer(Map<String, String> more) {
        Map<String, String> env = env(more);
        return Engine.open(new EngineConfig(StoreLocation.choose(url(), env::get, null), null, env::get, Clock.systemUTC()));
    }

    /** An admin API token, made on the store as {@code junction tokens create --role admin} does. */
    static String adminToken(Engine engine) {
        return engine.tokens().create(Role.ADMIN, null, "e2e", null, "local:e2e").secret();
    }

    /**
     * An admin API token on the embedded (H2) store in {@code dataDir}, made before any node runs on it;
     * adds a master key (all zeros) to {@code env}, which the nodes are given too.
     */
    static String embeddedAdminToken(Map<String, String> env, Path dataDir) {
        env.put("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        try (Engine store = Engine.open(new EngineConfig(StoreLocation.choose(null, env::get, dataDir), dataDir, env::get, Clock.systemUTC()))) {
            return adminToken(store);
        }
    }

    /**
     * Makes PostgreSQL keep every text, JSON and byte value of the store's tables uncompressed
     * ({@code STORAGE EXTERNAL}: a long value goes to TOAST as it is, not pglz-compressed), so a search of
     * its files sees every byte a value holds. For a store already migrated (by {@link #observer}).
     * @return how many columns were changed
     */
    int keepValuesUncompressed() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            List<String> alters = new ArrayList<>();
            try (ResultSet columns = s.executeQuery("""
                    select c.table_name, c.column_name from information_schema.columns c
                    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
                    and c.data_type in ('text', 'bytea', 'jsonb', 'json', 'character varying')""")) {
                while (columns.next()) {
                    alters.add("alter table \"" + columns.getString(1) + "\" alter column \"" + columns.getString(2) + "\" set storage external");
                }
            }
            for (String alter : alters) {
                s.execute(alter);
            }
            return alters.size();
        } catch (SQLException e) {
            throw new IllegalStateException("could not change the store's columns to uncompressed storage", e);
        }
    }

    /** Stops the server (a fast shutdown: its files are flushed; its data goes with it unless it was given a data directory). */
    void stop() {
        if (!stopped) {
            stopped = true;
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
