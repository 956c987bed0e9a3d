package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.WriteIntent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the embedded store keeps when its process is killed (SIGKILL), with its write delay: a write
 * that flushes (a write intent, before its call) is in the file when it returns, and so is every
 * write before it; the run's unflushed writes after it are lost as a suffix, never with a gap. A
 * separate JVM ({@link Writer}) writes and is killed the moment it reports a flushed intent.
 */
class H2KillTest {
    private static final String SYNC = "s";
    private static final int BEFORE = 2_000;

    @TempDir
    Path dataDir;

    private Process writer;

    @AfterEach
    void stop() {
        if (writer != null) {
            writer.destroyForcibly();
        }
    }

    @Test
    void aKilledProcessKeepsTheFlushedIntentEverythingBeforeItAndAPrefixOfWhatFollowed() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Writer.class.getName(), dataDir.toString())
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.equals("intent saved")) {
                    writer.destroyForcibly(); // kill -9 while it goes on saving fingerprints without flushing
                    break;
                }
            }
        }
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("the writer's output").contains("intent saved");

        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            assertThat(store.writeIntents().find(SYNC)).as("the intent flushed before the kill").singleElement()
                    .satisfies(intent -> assertThat(intent.idempotencyKey()).isEqualTo("batch-1"));
            assertThat(store.fingerprints().count(SYNC)).as("unflushed fingerprints saved before the intent").isGreaterThanOrEqualTo(BEFORE);
            assertThat(store.checkpoints().find(SYNC, "stream", "")).contains(Integer.toString(BEFORE - 1));
            long kept = store.fingerprints().count(SYNC);
            List<String> keys = new ArrayList<>();
            for (long i = 0; i < kept; i++) {
                keys.add(key((int) i));
            }
            assertThat(store.fingerprints().find(SYNC, keys)).as("the fingerprints kept are the first %d saved, without a gap", kept).hasSize((int) kept);
            System.out.printf("kept %,d fingerprints: %,d before the intent, %,d after it%n", kept, BEFORE, kept - BEFORE);
        }
    }

    private static String key(int i) {
        return "key-%07d".formatted(i);
    }

    /**
     * The killed process: saves {@value #BEFORE} fingerprints one commit each and a checkpoint, none of
     * them flushed, then a write intent (flushed), says so, and saves more fingerprints until killed.
     */
    public static final class Writer {
        public static void main(String[] args) {
            JdbcStore store = JdbcStore.h2(Path.of(args[0]));
            for (int i = 0; i < BEFORE; i++) {
                store.fingerprints().saveAll(SYNC, Map.of(key(i), "fp-" + i));
            }
            store.checkpoints().save(SYNC, "stream", "", Integer.toString(BEFORE - 1), Instant.now());
            store.writeIntents().add(new WriteIntent(SYNC, "batch-1", "run-1", List.of(key(BEFORE)), List.of("fp"), "[{}]", Instant.now()));
            System.out.println("intent saved");
            System.out.flush();
            for (int i = BEFORE; ; i++) {
                store.fingerprints().saveAll(SYNC, Map.of(key(i), "fp-" + i));
            }
        }
    }
}
