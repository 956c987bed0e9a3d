package dev.junction.store.jdbc;

import static dev.junction.store.jdbc.H2KillStress.HEAVY_BATCH;
import static dev.junction.store.jdbc.H2KillStress.LIGHT_BEFORE;
import static dev.junction.store.jdbc.H2KillStress.SYNC;
import static dev.junction.store.jdbc.H2KillStress.key;

import dev.junction.store.StoreException;
import dev.junction.store.WriteIntent;
import dev.junction.store.jdbc.internal.EmbeddedH2;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The process {@link H2KillStress} kills: {@code MODE DATA_DIR}; prints {@code flushed N} after each
 * flushed marker. Each mode writes until it is killed.
 */
public final class H2KillWriter {
    private H2KillWriter() {}

    public static void main(String[] args) {
        H2KillStress.Mode mode = H2KillStress.Mode.valueOf(args[0]);
        // -Djunction.h2kill.noFlush=true: the same URL without the store's CHECKPOINTs (H2's background writer alone)
        JdbcStore store = Boolean.getBoolean("junction.h2kill.noFlush")
                ? JdbcStore.open(EmbeddedH2.url(Path.of(args[1]).toAbsolutePath(), JdbcStore.H2_SETTINGS
                        + System.getProperty("junction.h2kill.urlSettings", ""), 100), "sa", "")
                : JdbcStore.h2(Path.of(args[1]));
        // -Djunction.h2kill.writeDelay=MS: H2's write delay instead of the store's (0: no background writer)
        String writeDelay = System.getProperty("junction.h2kill.writeDelay", "");
        // -Djunction.h2kill.sql=STATEMENT: run on the database after it opens, e.g. "set cache_size 4096"
        String sql = System.getProperty("junction.h2kill.sql", "");
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            if (!writeDelay.isEmpty()) {
                s.execute("set write_delay " + Integer.parseInt(writeDelay));
            }
            if (!sql.isEmpty()) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        switch (mode) {
            case LIGHT -> light(store);
            case HEAVY -> heavy(store);
            case STEPS -> steps(store);
        }
    }

    private static void light(JdbcStore store) {
        for (int i = 0; i < LIGHT_BEFORE; i++) {
            store.fingerprints().saveAll(SYNC, Map.of(key(i), "fp-" + i));
        }
        store.checkpoints().save(SYNC, "stream", "", Integer.toString(LIGHT_BEFORE - 1), Instant.now());
        store.writeIntents().add(new WriteIntent(SYNC, "batch-1", "run-1", List.of(key(LIGHT_BEFORE)), List.of("fp"), "[{}]", Instant.now()));
        System.out.println("flushed 0");
        System.out.flush();
        for (int i = LIGHT_BEFORE; ; i++) {
            store.fingerprints().saveAll(SYNC, Map.of(key(i), "fp-" + i));
        }
    }

    /**
     * Each round: a transaction of {@value H2KillStress#HEAVY_BATCH} new fingerprints with 200-character values
     * (unflushed), the round before last's removed (flushed), a flushed marker intent, the one before
     * it discarded. Rounds go on across kills of the same file (numbered from the markers kept).
     */
    private static void heavy(JdbcStore store) {
        long round = store.writeIntents().find(SYNC).stream().map(intent -> intent.idempotencyKey())
                .mapToLong(key -> Long.parseLong(key.substring(2))).max().orElse(0) + 1;
        String pad = "x".repeat(200);
        Random random = new Random();
        for (; ; round++) {
            Map<String, String> batch = new LinkedHashMap<>();
            for (int i = 0; i < HEAVY_BATCH; i++) {
                batch.put("r%d-%05d".formatted(round, i), pad + random.nextInt());
            }
            store.fingerprints().saveAll(SYNC, batch);
            if (round > 2) {
                List<String> old = new ArrayList<>();
                for (int i = 0; i < HEAVY_BATCH; i++) {
                    old.add("r%d-%05d".formatted(round - 2, i));
                }
                store.fingerprints().remove(SYNC, old);
            }
            store.writeIntents().add(new WriteIntent(SYNC, "m-" + round, "run", List.of("k"), List.of("fp"), "[{}]", Instant.now()));
            store.writeIntents().discard(SYNC, "m-" + (round - 1));
            System.out.println("flushed " + round);
            System.out.flush();
        }
    }

    /**
     * What flow workers do: 8 threads store steps (a delete and an insert in one transaction) of
     * {@value H2KillStress#STEP_EXECUTIONS} executions, renew leases and claim executions, until killed.
     */
    private static void steps(JdbcStore store) {
        var executions = store.flowExecutions();
        for (int e = 0; e < H2KillStress.STEP_EXECUTIONS; e++) {
            if (executions.find("x-" + e).isEmpty()) {
                executions.createOrFind(dev.junction.store.FlowExecution.queued("x-" + e, "f", 1, null, "{}", null, null, Instant.now()));
            }
        }
        System.out.println("flushed 0");
        System.out.flush();
        String pad = "y".repeat(300);
        // -Djunction.h2kill.serialStores=true: H2 stores only under a lock no write holds (with writeDelay=0 and noFlush)
        java.util.concurrent.locks.ReadWriteLock stores = new java.util.concurrent.locks.ReentrantReadWriteLock();
        boolean serial = Boolean.getBoolean("junction.h2kill.serialStores");
        if (serial) {
            java.util.concurrent.ScheduledExecutorService flusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            flusher.scheduleWithFixedDelay(() -> {
                stores.writeLock().lock();
                try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.execute("checkpoint");
                } catch (SQLException e) {
                    System.out.println("flusher error: " + e.getMessage());
                } finally {
                    stores.writeLock().unlock();
                }
            }, 100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        for (int t = 0; t < 8; t++) {
            String owner = "w" + t;
            Thread worker = new Thread(() -> {
                Random random = new Random();
                for (long n = 0; ; n++) {
                    String id = "x-" + random.nextInt(H2KillStress.STEP_EXECUTIONS);
                    int seq = random.nextInt(4);
                    if (serial) {
                        stores.readLock().lock();
                    }
                    try {
                        executions.saveStep(new dev.junction.store.FlowStepRecord(id, seq, "s" + seq, "succeeded", "{\"v\":\"" + pad + n + "\"}",
                                null, Instant.now(), Instant.now(), "{}"));
                        if (n % 5 == 0) {
                            executions.claim(id, owner, Instant.now(), Instant.now().plusSeconds(6), Instant.now());
                            executions.renew(owner, Instant.now().plusSeconds(6));
                        }
                    } catch (StoreException e) {
                        System.out.println("writer error: " + e.getMessage().lines().findFirst().orElse(""));
                    } finally {
                        if (serial) {
                            stores.readLock().unlock();
                        }
                    }
                }
            });
            worker.start(); // not a daemon: the process writes until it is killed
        }
    }
}
