package dev.junction.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code junction ARGS} process: a child JVM running {@code dev.junction.app.Main} on the test JVM's
 * class path, as the launcher runs the jar. Its environment is the test's ({@code env}) without any
 * {@code JUNCTION_*} variable of the outer one; its stdout and stderr go to {@code NAME.out} and
 * {@code NAME.err} in {@code logs}. {@link #close} kills it (kill -9) if it still runs, and so does a
 * shutdown hook should the test JVM end first, so no test leaves a process behind.
 */
final class JunctionProcess implements AutoCloseable {
    private static final String MAIN = "dev.junction.app.Main";

    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;
    private final Thread reaper;

    private JunctionProcess(String name, Process process, Path out, Path err) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
        this.reaper = new Thread(process::destroyForcibly, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code junction ARGS}; returns once the process is started (not once it is ready). */
    static JunctionProcess start(String name, Path logs, Map<String, String> env, List<String> args) {
        return start(name, logs, env, List.of("-cp", System.getProperty("java.class.path"), MAIN), args);
    }

    /**
     * Starts {@code java [-cp CLASSPATH MAIN | -jar JAR] ARGS} with the test JVM's java and small-machine
     * settings; {@code launch} is what selects the program.
     */
    static JunctionProcess start(String name, Path logs, Map<String, String> env, List<String> launch, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xss512k"));
        command.addAll(launch);
        command.addAll(args);
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("JUNCTION_"));
        builder.environment().putAll(env);
        try {
            return new JunctionProcess(name, builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    /**
     * Runs {@code junction ARGS} to its end, as a person in a second terminal would; kills it should it take
     * longer than {@code bound}. @return the ended process (exit code, output)
     */
    static JunctionProcess run(String name, Path logs, Map<String, String> env, Duration bound, String... args) {
        return run(start(name, logs, env, List.of(args)), bound, args);
    }

    /** As {@link #run(String, Path, Map, Duration, String...)}, for a process just started. */
    static JunctionProcess run(JunctionProcess process, Duration bound, String... args) {
        long began = System.nanoTime();
        try (process) {
            if (!process.waitFor(bound)) {
                throw new AssertionError("junction " + String.join(" ", args) + " did not end within " + bound + "\n" + process.describe());
            }
        }
        System.out.printf("%s: junction %s exited %d after %d ms%n", process.name(), String.join(" ", args), process.exitCode(),
                (System.nanoTime() - began) / 1_000_000);
        return process;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** What it printed on stdout so far. */
    String out() {
        return read(out);
    }

    /** What it printed on stderr so far (its log). */
    String err() {
        return read(err);
    }

    /** Waits up to {@code bound} for it to exit. @return whether it did */
    boolean waitFor(Duration bound) {
        try {
            return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Its exit code. @throws IllegalStateException while it runs */
    int exitCode() {
        return process.exitValue();
    }

    /** kill -9, and waits for it to be gone. */
    void kill() {
        process.destroyForcibly();
        if (!waitFor(Duration.ofSeconds(30))) {
            throw new IllegalStateException(name + " (pid " + pid() + ") did not die within 30 s of kill -9");
        }
    }

    /** SIGTERM; returns at once. */
    void terminate() {
        process.destroy();
    }

    /** For a failed assertion: the name, whether it runs, and the end of its output and log. */
    String describe() {
        return name + " (pid " + pid() + ", " + (alive() ? "running" : "exited " + exitCode()) + ")\n--- stdout:\n" + tail(out()) + "\n--- stderr:\n"
                + tail(err());
    }

    /**
     * For a stall: the process's thread dump ({@code jcmd PID Thread.print} of the JDK running the tests), saved beside its log
     * as {@code NAME.threads-N.txt}. @return where it was saved, or why there is none
     */
    String threadDump() {
        if (!alive()) {
            return "no thread dump: " + name + " is not running";
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Path dump = err.resolveSibling(name + ".threads-" + System.currentTimeMillis() + ".txt");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "Thread.print", "-l").redirectErrorStream(true)
                    .redirectOutput(dump.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "no thread dump: jcmd did not answer within 30 s (partial output in " + dump + ")";
            }
            System.out.printf("%s: thread dump of pid %d in %s%n", name, pid(), dump);
            String text = read(dump);
            return "--- thread dump (" + dump + "):\n" + (text.length() <= 40_000 ? text : text.substring(0, 40_000) + "\n...");
        } catch (IOException e) {
            return "no thread dump: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump: interrupted";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran
        }
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : ""; // a half-written character is replaced
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
