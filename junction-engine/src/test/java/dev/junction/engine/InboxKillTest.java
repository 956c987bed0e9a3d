package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.store.InboxEvent;
import dev.junction.store.InboxRepository.Appended;
import dev.junction.store.InboxRepository.NewEvent;
import dev.junction.store.jdbc.JdbcStore;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbox's promise across a {@code kill -9} on the embedded store (H2 with its write delay): an
 * event whose accept returned is in the file. A separate JVM ({@link Writer}) accepts events from
 * eight threads through the group commit and prints each acknowledgement; it is killed mid-stream,
 * and every event it acknowledged must be in the store, under the id it was given.
 */
class InboxKillTest {
    private static final int ACKS_BEFORE_KILL = 3_000;

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
    void everyEventAcknowledgedBeforeAKillIsInTheStoreAfterwards() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path out = dataDir.resolveSibling(dataDir.getFileName() + "-writer.out");
        writer = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Writer.class.getName(), dataDir.toString()).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        await("%d acknowledgements".formatted(ACKS_BEFORE_KILL)).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> acknowledged(out).size() >= ACKS_BEFORE_KILL || !writer.isAlive());
        writer.destroyForcibly(); // kill -9 while its threads go on accepting
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Map<String, Long> acknowledged = acknowledged(out);
        assertThat(acknowledged).as("acknowledgements before the kill").hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            int missing = 0;
            for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                InboxEvent stored = store.inbox().find(ack.getValue()).orElse(null);
                if (stored == null || !stored.eventId().equals(ack.getKey())) {
                    missing++;
                }
            }
            assertThat(missing).as("acknowledged events missing after the kill, of %,d", acknowledged.size()).isZero();
            System.out.printf("all %,d events acknowledged before the kill were stored%n", acknowledged.size());
        }
    }

    /** The {@code acked EVENT_ID ID} lines the writer printed in full, by event id. */
    private static Map<String, Long> acknowledged(Path out) throws java.io.IOException {
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Map<String, Long> acks = new LinkedHashMap<>();
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length == 3 && parts[0].equals("acked")) {
                acks.put(parts[1], Long.parseLong(parts[2]));
            }
        }
        return acks;
    }

    /**
     * The killed process: opens the embedded store in {@code args[0]} and accepts events through an
     * {@link Inbox} from eight threads until killed, printing {@code acked EVENT_ID ID} for each
     * event once its accept returned.
     */
    public static final class Writer {
        private Writer() {}

        public static void main(String[] args) {
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            JdbcStore store = JdbcStore.h2(Path.of(args[0]));
            Inbox inbox = new Inbox(store.inbox(), Clock.systemUTC(), Inbox.Settings.DEFAULT);
            for (int t = 0; t < 8; t++) {
                int thread = t;
                Thread.ofPlatform().start(() -> {
                    for (int i = 0; ; i++) {
                        String eventId = "t" + thread + "-" + i;
                        Appended answer = inbox.accept(new NewEvent("crm", null, eventId, "contact.updated", "k" + i % 50, "sync:s",
                                ("{\"id\":\"" + eventId + "\",\"email\":\"someone@example.com\"}").getBytes(StandardCharsets.UTF_8), Instant.now(), true));
                        synchronized (out) {
                            out.println("acked " + eventId + " " + answer.id());
                        }
                    }
                });
            }
        }
    }
}
