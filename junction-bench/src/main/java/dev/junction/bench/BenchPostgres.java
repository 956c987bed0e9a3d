package dev.junction.bench;

import dev.junction.engine.StoreLocation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * An embedded PostgreSQL (from Maven Central, as the tests use) for the scenarios that read
 * {@code JUNCTION_STORE_URL}: with {@code -Djunction.bench.store=postgres} and no
 * {@code JUNCTION_STORE_URL} in the environment, {@link #startIfAsked} starts one and points the
 * scenario's store at it, so a PostgreSQL measurement needs nothing installed. It runs beside the
 * scenario on the same cores, as the embedded H2 store does.
 */
final class BenchPostgres {
    private BenchPostgres() {}

    /**
     * Starts one and puts its URL and user into {@code env} when asked and no store is named; it is
     * stopped (and its data deleted) when the JVM exits.
     */
    static void startIfAsked(Map<String, String> env) {
        if (!"postgres".equals(System.getProperty("junction.bench.store")) || env.containsKey(StoreLocation.ENV)) {
            return;
        }
        try {
            EmbeddedPostgres started = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).start();
            env.put(StoreLocation.ENV, "jdbc:postgresql://localhost:" + started.getPort() + "/postgres");
            env.put(StoreLocation.USER_ENV, "postgres");
            env.put(StoreLocation.PASSWORD_ENV, "bench");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    System.err.println("could not stop the embedded PostgreSQL: " + e.getMessage());
                }
            }, "bench-postgres-stop"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }
}
