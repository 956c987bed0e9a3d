package dev.junction.store.jdbc;

import dev.junction.store.StoreException;
import dev.junction.store.jdbc.internal.EmbeddedH2;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Kills a process writing to the embedded store (SIGKILL) at random moments, again and again, and
 * checks after each kill that the database file opens, reads in full, and holds every write that
 * was flushed before the kill. {@link H2KillStressTest} runs it; {@link #main} runs it by hand.
 *
 * <p>Three writers: {@link Mode#LIGHT} is {@link H2KillTest}'s (one fingerprint a commit, unflushed,
 * around one flushed write intent) on a new file each time; {@link Mode#HEAVY} keeps one file across
 * kills and writes it hard (transactions of thousands of fingerprints, as many removed, a flushed
 * marker after each), so that H2 frees, compacts and moves the file's chunks while it is killed;
 * {@link Mode#STEPS} keeps one file too and does what flow workers do (8 threads storing steps of 50
 * executions, a delete and an insert a transaction, and renewing leases), checking after each kill
 * that every step row can be stored again: H2 (2.5.252 and 2.4.240) leaves a table whose unique index
 * names a row the table does not have ("Row not found in primary index", which H2 reports as a lock
 * timeout) in about 1 of 100 kills (docs/server.md, "Embedded store durability").
 *
 * <p>Knobs for looking into H2 (system properties of the run, passed on to the writer):
 * {@code junction.h2kill.noFlush=true} opens the writer's store without its {@code CHECKPOINT}s, and
 * {@code junction.h2kill.urlSettings} then adds settings to its URL (e.g. {@code ;REUSE_SPACE=FALSE});
 * {@code junction.h2kill.writeDelay=MS} sets H2's write delay (0: no background writer);
 * {@code junction.h2kill.sql} runs a statement once the writer's database is open;
 * {@code junction.h2kill.serialStores=true} (flow-steps writer) checkpoints every 100 ms under a lock
 * no write holds. None of them made the flow-steps writer's failure go away.
 */
final class H2KillStress {
    /** Which writer runs in the killed process. */
    enum Mode { LIGHT, HEAVY, STEPS }

    /** What the iterations found: {@code corrupt} files that did not open or read, {@code lost} flushed writes missing. */
    record Result(Mode mode, int iterations, int corrupt, int lost, List<String> failures, long fileBytes) {
        @Override
        public String toString() {
            return "%s: %d iterations, %d corrupt, %d lost a flushed write, file %,d bytes%s".formatted(mode, iterations, corrupt, lost, fileBytes,
                    failures.isEmpty() ? "" : "\n  " + String.join("\n  ", failures));
        }
    }

    static final String SYNC = "s";
    static final int LIGHT_BEFORE = 2_000;
    static final int HEAVY_BATCH = 2_000;
    /** What {@link #killWriter} returns when the writer ended (or hung) before it got under way. */
    private static final long WRITER_FAILED = Long.MIN_VALUE;
    private static final boolean PROGRESS = Boolean.getBoolean("junction.h2kill.progress");

    private H2KillStress() {}

    /**
     * Runs {@code iterations} kills of {@code mode}'s writer in {@code workDir}. {@code maxKillDelayMillis}:
     * the writer is killed at a random moment up to that long after it reported being under way.
     */
    static Result run(Mode mode, int iterations, long maxKillDelayMillis, Path workDir) throws Exception {
        int corrupt = 0;
        int lost = 0;
        List<String> failures = new ArrayList<>();
        Path dir = workDir.resolve("gen-0");
        long fileBytes = 0;
        for (int i = 0; i < iterations; i++) {
            if (mode == Mode.LIGHT) {
                dir = workDir.resolve("it-" + i);
            }
            long flushed = killWriter(mode, dir, ThreadLocalRandom.current().nextLong(maxKillDelayMillis + 1));
            Path file = dir.resolve("junction.mv.db");
            fileBytes = Files.exists(file) ? Files.size(file) : 0;
            String problem = flushed == WRITER_FAILED ? "corrupt: the writer failed on the file the last kill left" : check(mode, dir, flushed);
            if (problem != null) {
                boolean isCorrupt = problem.startsWith("corrupt");
                corrupt += isCorrupt ? 1 : 0;
                lost += isCorrupt ? 0 : 1;
                failures.add("iteration " + i + " (" + fileBytes + " bytes): " + problem);
                System.out.println("iteration " + i + ": " + problem);
                Files.move(dir, workDir.resolve("failed-" + i)); // kept for a look; the next iteration starts a new file
                dir = workDir.resolve("gen-" + (i + 1));
            }
            if (mode == Mode.LIGHT && problem == null) {
                deleteTree(dir);
            }
            if (PROGRESS) {
                System.out.printf("iteration %d: %s, file %,d bytes%n", i, problem == null ? "ok" : "FAILED", fileBytes);
            }
        }
        return new Result(mode, iterations, corrupt, lost, failures, fileBytes);
    }

    /** Starts the writer, kills it {@code delayMillis} after it reports being under way, and returns the last marker it flushed (or -1). */
    private static long killWriter(Mode mode, Path dir, long delayMillis) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process writer = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-Djunction.h2kill.noFlush=" + Boolean.getBoolean("junction.h2kill.noFlush"),
                "-Djunction.h2kill.serialStores=" + Boolean.getBoolean("junction.h2kill.serialStores"),
                "-Djunction.h2kill.sql=" + System.getProperty("junction.h2kill.sql", ""),
                "-Djunction.h2kill.urlSettings=" + System.getProperty("junction.h2kill.urlSettings", ""),
                "-Djunction.h2kill.writeDelay=" + System.getProperty("junction.h2kill.writeDelay", ""), "-cp", System.getProperty("java.class.path"),
                H2KillWriter.class.getName(), mode.name(), dir.toString()).redirectErrorStream(true).start();
        AtomicLong flushed = new AtomicLong(-1);
        CountDownLatch underWay = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("flushed ")) {
                        flushed.set(Long.parseLong(line.substring("flushed ".length())));
                        underWay.countDown();
                    } else if (!line.isBlank()) {
                        System.out.println("writer: " + line);
                    }
                }
            } catch (IOException e) {
                // the writer was killed
            }
        });
        reader.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!underWay.await(200, TimeUnit.MILLISECONDS)) {
                if (!writer.isAlive() || System.nanoTime() - deadline > 0) {
                    return WRITER_FAILED; // it could not open or write the file it reopened (its output says why)
                }
            }
            Thread.sleep(delayMillis);
        } finally {
            writer.destroyForcibly(); // SIGKILL: every marker it printed was flushed before
            if (!writer.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the killed writer did not end");
            }
            reader.join(30_000);
        }
        // the writer is dead: its lock file would only make H2 wait to be sure of that, which is not what is tested here
        Files.deleteIfExists(dir.resolve("junction.lock.db"));
        return flushed.get();
    }

    /** Null when the store in {@code dir} opens, reads in full and holds what was flushed; else what is wrong. */
    static String check(Mode mode, Path dir, long flushed) {
        try (JdbcStore store = JdbcStore.h2(dir)) {
            String lost = switch (mode) {
                case LIGHT -> lostLight(store);
                case HEAVY -> lostHeavy(store, flushed);
                case STEPS -> stuckSteps(store);
            };
            if (lost != null) {
                return "lost: " + lost;
            }
        } catch (StoreException e) {
            return "corrupt: " + e.getMessage().lines().findFirst().orElse("");
        }
        try (Connection c = DriverManager.getConnection(EmbeddedH2.url(dir, JdbcStore.H2_SETTINGS, 0), "sa", "");
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = s.executeQuery("select table_name from information_schema.tables where table_schema = 'public'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = s.executeQuery("select * from \"" + table + "\"")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            rows.getObject(i);
                        }
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            return "corrupt (reading every table): " + e;
        }
        return null;
    }

    private static String lostLight(JdbcStore store) {
        if (store.writeIntents().find(SYNC).size() != 1) {
            return "the flushed write intent is missing";
        }
        long kept = store.fingerprints().count(SYNC);
        if (kept < LIGHT_BEFORE) {
            return "only " + kept + " of the " + LIGHT_BEFORE + " fingerprints before the intent";
        }
        List<String> keys = new ArrayList<>();
        for (long i = 0; i < kept; i++) {
            keys.add(key((int) i));
        }
        int found = store.fingerprints().find(SYNC, keys).size();
        return found == kept ? null : "a gap: " + found + " of the first " + kept + " fingerprints";
    }

    private static String lostHeavy(JdbcStore store, long flushed) {
        // every fingerprint through the (sync, key) index: a row it names must be in the table
        String after = "";
        for (List<String> page = store.fingerprints().keys(SYNC, after, 5_000); !page.isEmpty(); page = store.fingerprints().keys(SYNC, after, 5_000)) {
            after = page.get(page.size() - 1);
            store.fingerprints().find(SYNC, page);
        }
        if (flushed < 0) {
            return null;
        }
        boolean present = store.writeIntents().find(SYNC).stream().anyMatch(intent -> intent.idempotencyKey().equals("m-" + flushed));
        return present ? null : "the marker m-" + flushed + " flushed before the kill is missing";
    }

    /** Every step row can be stored again: none is held by a transaction the kill left behind. */
    private static String stuckSteps(JdbcStore store) {
        var executions = store.flowExecutions();
        List<String> stuck = new ArrayList<>();
        for (int e = 0; e < STEP_EXECUTIONS; e++) {
            for (int seq = 0; seq < 4; seq++) {
                try {
                    executions.saveStep(new dev.junction.store.FlowStepRecord("x-" + e, seq, "s" + seq, "succeeded", "{}", null, Instant.now(),
                            Instant.now(), null));
                } catch (StoreException ex) {
                    stuck.add("x-" + e + "/" + seq + ": " + ex.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
        return stuck.isEmpty() ? null : stuck.size() + " step rows cannot be stored: " + stuck.subList(0, Math.min(3, stuck.size()));
    }

    static String key(int i) {
        return "key-%07d".formatted(i);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static final int STEP_EXECUTIONS = 50;

    /**
     * File growth without kills: {@code rounds} of the heavy writer's churn on one file, plus 50
     * fingerprints a round that are never removed (long-lived rows mixed into the churned chunks, the
     * case compaction exists for); prints the file size every {@code every} rounds and after a clean close.
     */
    static void growth(Path dir, int rounds, int every) throws IOException {
        String pad = "x".repeat(200);
        Path file = dir.resolve("junction.mv.db");
        long start = System.nanoTime();
        try (JdbcStore store = JdbcStore.h2(dir)) {
            for (int round = 1; round <= rounds; round++) {
                Map<String, String> batch = new LinkedHashMap<>();
                for (int i = 0; i < HEAVY_BATCH; i++) {
                    batch.put("r%d-%05d".formatted(round, i), pad + i);
                }
                store.fingerprints().saveAll(SYNC, batch);
                Map<String, String> keep = new LinkedHashMap<>();
                for (int i = 0; i < 50; i++) {
                    keep.put("k%d-%02d".formatted(round, i), pad + i);
                }
                store.fingerprints().saveAll("keep", keep);
                if (round > 2) {
                    List<String> old = new ArrayList<>();
                    for (int i = 0; i < HEAVY_BATCH; i++) {
                        old.add("r%d-%05d".formatted(round - 2, i));
                    }
                    store.fingerprints().remove(SYNC, old);
                }
                if (round % every == 0) {
                    System.out.printf("GROWTH round %d: file %,d bytes after %d s%n", round, Files.size(file), (System.nanoTime() - start) / 1_000_000_000);
                }
            }
        }
        System.out.printf("GROWTH closed: file %,d bytes, %d s in all%n", Files.size(file), (System.nanoTime() - start) / 1_000_000_000);
    }

    /** By hand: {@code H2KillStress LIGHT|HEAVY ITERATIONS MAX_KILL_DELAY_MS WORK_DIR [BUSY_THREADS]}, or {@code GROWTH ROUNDS EVERY DIR}. */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("GROWTH")) {
            growth(Path.of(args[3]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            System.exit(0);
        }
        int busy = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        for (int i = 0; i < busy; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (true) {
                    x += System.nanoTime() % 7;
                }
            });
            t.setDaemon(true);
            t.start();
        }
        Path work = Path.of(args[3]);
        Files.createDirectories(work);
        long start = System.nanoTime();
        Result result = run(Mode.valueOf(args[0]), Integer.parseInt(args[1]), Long.parseLong(args[2]), work);
        System.out.println("RESULT " + result + " in "
                + (System.nanoTime() - start) / 1_000_000_000 + " s");
        System.exit(0);
    }
}
