package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Engines standing for processes that share one store: the embedded store in one folder, or one
 * embedded PostgreSQL started on first use. Their environment ({@link #env}) holds one master key, so
 * each opens the credentials the others stored. Closing this closes every engine and the database.
 */
final class SharedStoreEngines implements AutoCloseable {
    /** The environment of every engine. */
    final Map<String, String> env = new HashMap<>();
    private final Path dataDir;
    private final List<Engine> engines = new ArrayList<>();
    private EmbeddedPostgres postgres;

    /** @param variables the connections' environment variables */
    SharedStoreEngines(Path dataDir, Map<String, String> variables) {
        this.dataDir = dataDir;
        env.putAll(variables);
        env.put("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)));
    }

    /** An engine on the embedded store, with {@code clock}. */
    Engine embedded(Clock clock) {
        return opened(Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, env::get, clock)));
    }

    /** An engine on the one PostgreSQL database. */
    Engine onPostgres() throws IOException {
        return onPostgres(Clock.systemUTC(), config -> config);
    }

    /** An engine on the one PostgreSQL database, with {@code clock} and its config as {@code settings} makes it. */
    Engine onPostgres(Clock clock, java.util.function.UnaryOperator<EngineConfig> settings) throws IOException {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
            env.put(StoreLocation.USER_ENV, "postgres");
        }
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        return opened(Engine.open(settings.apply(new EngineConfig(StoreLocation.choose(url, env::get, null), null, env::get, clock))));
    }

    private Engine opened(Engine engine) {
        engines.add(engine);
        return engine;
    }

    /** Closes {@code engine}: its process ends. */
    void end(Engine engine) {
        engines.remove(engine);
        engine.close();
    }

    /** Runs {@code sync} on {@code engine} until it ends. */
    static RunRecord run(Engine engine, String sync) {
        return engine.runs().run(engine.definitions().applied(), new Runs.Request(sync, null, "test", false), RunListener.NONE).run();
    }

    /** Runs {@code syncA} on {@code a} and {@code syncB} on {@code b} from two threads let go at once; both must succeed. */
    static void bothSucceedAtOnce(Engine a, String syncA, Engine b, String syncB) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<RunRecord> first = threads.submit(() -> {
                go.await();
                return run(a, syncA);
            });
            Future<RunRecord> second = threads.submit(() -> {
                go.await();
                return run(b, syncB);
            });
            go.countDown();
            assertThat(first.get().status()).as(first.get().toString()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(second.get().status()).as(second.get().toString()).isEqualTo(RunStatus.SUCCEEDED);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Syncs {@code items-a} and {@code items-b}: stream {@code items} of {@code connection} into its action {@code put}, by {@code id}. */
    static String itemsSyncs(String connection) {
        StringBuilder yaml = new StringBuilder();
        for (String name : List.of("items-a", "items-b")) {
            yaml.append("---\nkind: Sync\nname: ").append(name).append("\nsource: { connection: ").append(connection)
                    .append(", stream: items, mode: full }\ndestination: { connection: ").append(connection)
                    .append(", action: put, key: id }\nmapping: { id: id }\n");
        }
        return yaml.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            engines.forEach(Engine::close);
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
