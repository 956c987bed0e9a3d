package dev.junction.e2e;

import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.Role;
import dev.junction.engine.StoreLocation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    private boolean stopped;

    PostgresStore() {
        try {
            postgres = EmbeddedPostgres.builder().start();
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
        env.put("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
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

    /** Stops the server (its data goes with it): the store's outage. */
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
