package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.StoreException;
import dev.junction.store.StoredDefinition;
import dev.junction.store.WriteIntent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one data directory (H2's auto-server mode): the first to open it serves it,
 * the others connect; a process connected to another's server writes every commit through to the
 * file, so what it wrote survives a {@code kill -9} of the process serving it. The other process is
 * a separate JVM ({@link StoreProcess}) driven through its standard input.
 */
class SharedH2Test {
    private static final Instant T0 = Instant.parse("2026-05-04T10:15:30Z");

    @TempDir
    Path temp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void twoProcessesUseOneDataDirectoryAtOnce() throws Exception {
        Path dataDir = temp.resolve("data");
        StoreClient other = start(dataDir);
        try (JdbcStore here = JdbcStore.h2(dataDir)) {
            assertThat(here.definitions().find("Sync", "from-the-other")).map(StoredDefinition::source).contains("written by the other process");

            here.definitions().save(new StoredDefinition("Sync", "from-here", "written here", null, null, T0));

            assertThat(other.ask("definition from-here")).isEqualTo("written here");
        }
        assertThat(other.ask("definition from-here")).as("after this process closed its store").isEqualTo("written here");
    }

    @Test
    void whatAProcessWroteThroughAnothersServerSurvivesTheKillOfThatServer() throws Exception {
        Path dataDir = temp.resolve("data");
        StoreClient server = start(dataDir);
        try (JdbcStore client = JdbcStore.h2(dataDir)) {
            // a run's hot-path writes (not flushed by the store where it serves the file itself), then a flushed intent, then more
            for (int i = 0; i < 200; i++) {
                client.fingerprints().saveAll("s", Map.of("key-" + i, "fp-" + i));
            }
            client.writeIntents().add(new WriteIntent("s", "batch-1", "run-1", List.of("key-200"), List.of("fp"), "[{}]", T0));
            for (int i = 200; i < 300; i++) {
                client.fingerprints().saveAll("s", Map.of("key-" + i, "fp-" + i));
            }
            client.checkpoints().save("s", "stream", "", "299", T0);

            server.kill(); // at once: within H2's write delay of the last commits

            assertThat(client.fingerprints().count("s")).as("this process now serves the file").isEqualTo(300);
            assertThat(client.checkpoints().find("s", "stream", "")).contains("299");
        }
        try (JdbcStore reopened = JdbcStore.h2(dataDir)) {
            assertThat(reopened.fingerprints().count("s")).isEqualTo(300);
            assertThat(reopened.writeIntents().find("s")).hasSize(1);
        }
    }

    @Test
    void aRepairWhileAnotherProcessHasTheStoreOpenIsRefusedAndLeavesNothingBehind() throws Exception {
        Path dataDir = temp.resolve("data");
        StoreClient other = start(dataDir);

        assertThatThrownBy(() -> JdbcStore.rebuildEmbedded(dataDir, java.time.Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessage("the store in " + dataDir.toAbsolutePath() + " is open in another process: stop every Junction process that uses it,"
                        + " then repair it");
        try (var entries = Files.list(dataDir)) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("repair-"));
        }
        assertThat(other.ask("definition from-the-other")).as("the other process goes on").isEqualTo("written by the other process");
    }

    @Test
    void theDataDirectoryIsCreatedReadableByItsOwnerOnly() {
        Path dataDir = temp.resolve("new").resolve("data");
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            assertThat(store.databaseName()).isEqualTo("H2");
        }
        assertThat(dataDir).isDirectory();
        assertThat(dataDir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        assertThat(permissions(dataDir)).isEqualTo("rwx------");
        assertThat(permissions(dataDir.getParent())).as("a parent it created").isEqualTo("rwx------");
    }

    @Test
    void aDataDirectoryThatAnotherProgramHoldsAloneGivesAClearErrorWithoutTheJdbcUrl() throws Exception {
        Path dataDir = temp.resolve("data");
        JdbcStore.h2(dataDir).close();
        // a program (an older Junction, an H2 tool) that opened the database without sharing it
        StoreClient alone = startExclusive(dataDir);
        assertThat(alone.ask("ping")).isEqualTo("pong");

        assertThatThrownBy(() -> JdbcStore.h2(dataDir))
                .isInstanceOf(StoreException.class)
                .hasMessage("could not open the store in data directory " + dataDir + ": another process has it open and does not share it"
                        + " (a Junction version that opened the data directory alone, or another H2 tool); stop that process and try again")
                .hasMessageNotContaining("jdbc:");
    }

    @Test
    void aDataDirectoryHeldAloneForAMomentOpensOnceItIsFree() throws Exception {
        // as when another process opens the directory at the same instant: it holds the lock file before it
        // writes there that it serves the database (H2 90020), and this process tries again meanwhile
        Path dataDir = temp.resolve("data");
        JdbcStore.h2(dataDir).close();
        StoreClient alone = startExclusive(dataDir);
        java.util.concurrent.CompletableFuture<JdbcStore> opened = new java.util.concurrent.CompletableFuture<>();
        Thread opening = new Thread(() -> {
            try {
                opened.complete(JdbcStore.h2(dataDir));
            } catch (RuntimeException e) {
                opened.completeExceptionally(e);
            }
        }, "opening");
        opening.start();
        // the open is under way, waiting (in H2's lock check or before trying again), while the other process holds the directory
        org.awaitility.Awaitility.await("the open under way and waiting").atMost(java.time.Duration.ofSeconds(30))
                .until(() -> opening.getState() == Thread.State.TIMED_WAITING || opened.isDone());
        assertThat(opened).as("not open while the other process holds the directory").isNotDone();

        alone.endInput(); // it closes the database and ends

        try (JdbcStore store = opened.get(60, TimeUnit.SECONDS)) {
            assertThat(store.databaseName()).isEqualTo("H2");
        }
    }

    @Test
    void aCorruptedDatabaseFileGivesAClearErrorWithoutTheJdbcUrl() throws Exception {
        Path dataDir = temp.resolve("data");
        Files.createDirectories(dataDir);
        Files.write(dataDir.resolve("junction.mv.db"), new byte[] {'n', 'o', 't', ' ', 'h', '2'});

        assertThatThrownBy(() -> JdbcStore.h2(dataDir))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("could not open the store in data directory " + dataDir + ": ")
                .hasMessageNotContaining("jdbc:");
    }

    @Test
    void aDataDirectoryThatIsAFileGivesAClearError() throws Exception {
        Path file = Files.writeString(temp.resolve("data"), "a file");

        assertThatThrownBy(() -> JdbcStore.h2(file))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("could not create the data directory " + file + ": ");
    }

    private static String permissions(Path dir) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private StoreClient start(Path dataDir) throws IOException {
        return launch(dataDir, "shared");
    }

    private StoreClient startExclusive(Path dataDir) throws IOException {
        return launch(dataDir, "exclusive");
    }

    private StoreClient launch(Path dataDir, String mode) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StoreProcess.class.getName(), mode,
                dataDir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        started.add(process);
        StoreClient client = new StoreClient(process);
        assertThat(client.read()).isEqualTo("ready");
        return client;
    }

    /** The other process, line by line. */
    private static final class StoreClient {
        private final Process process;
        private final BufferedReader out;
        private final PrintWriter in;

        StoreClient(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        String ask(String command) throws IOException {
            in.println(command);
            return read();
        }

        /** The next answer: a line starting with "> " (other lines are the other process's log). */
        String read() throws IOException {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("> ")) {
                    return line.substring(2);
                }
            }
            throw new AssertionError("the other process ended without answering");
        }

        /** Ends its standard input: it closes what it opened and ends. */
        void endInput() {
            in.close();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * The other process: opens the data directory ({@code shared}: as the store does, writing one
     * definition; {@code exclusive}: alone, as H2 does without auto-server mode), says "ready", then
     * answers commands on standard input until it ends.
     */
    public static final class StoreProcess {
        public static void main(String[] args) throws Exception {
            Path dataDir = Path.of(args[1]);
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (args[0].equals("exclusive")) {
                String url = "jdbc:h2:file:" + dataDir.resolve("junction") + JdbcStore.H2_SETTINGS + ";AUTO_SERVER=FALSE";
                try (Connection alone = DriverManager.getConnection(url, "sa", "")) {
                    System.out.println("> ready");
                    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                        System.out.println("> pong");
                    }
                }
                return;
            }
            try (JdbcStore store = JdbcStore.h2(dataDir)) {
                store.definitions().save(new StoredDefinition("Sync", "from-the-other", "written by the other process", null, null, T0));
                System.out.println("> ready");
                for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                    String name = line.substring("definition ".length());
                    System.out.println("> " + store.definitions().find("Sync", name).map(StoredDefinition::source).orElse("none"));
                }
            }
        }
    }
}
