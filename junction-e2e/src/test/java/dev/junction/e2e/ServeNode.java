package dev.junction.e2e;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code junction serve --port 0} process: {@link #start} returns once it printed where it listens
 * ({@code Junction server at http://127.0.0.1:PORT}), which it does after its store is open, its API
 * serves and its run queue's workers started.
 */
final class ServeNode implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Junction server at (http://\\S+)");
    /** How long a node may take to start on a busy machine (it starts in a few seconds). */
    static final Duration START_BOUND = Duration.ofMinutes(2);

    private final JunctionProcess process;
    private final URI baseUrl;

    private ServeNode(JunctionProcess process, URI baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** {@code junction serve --port 0 EXTRA...} with {@code env}; waits until it listens. */
    static ServeNode start(String name, Path logs, Map<String, String> env, String... extra) {
        return startOn(0, name, logs, env, extra);
    }

    /**
     * {@code junction serve --port PORT EXTRA...}: a node started again where senders know it (a
     * webhook subscription names its URL); waits until it listens.
     */
    static ServeNode startOn(int port, String name, Path logs, Map<String, String> env, String... extra) {
        List<String> args = new ArrayList<>(List.of("serve", "--port", Integer.toString(port)));
        args.addAll(List.of(extra));
        long began = System.nanoTime();
        JunctionProcess process = JunctionProcess.start(name, logs, env, args);
        try {
            await(name + " to listen").atMost(START_BOUND).pollInterval(Duration.ofMillis(100))
                    .failFast(name + " exited before it listened", () -> !process.alive())
                    .until(() -> LISTENING.matcher(process.out()).find());
        } catch (RuntimeException | Error e) {
            String seen = process.describe();
            process.close();
            throw new AssertionError(e.getMessage() + "\n" + seen, e);
        }
        Matcher m = LISTENING.matcher(process.out());
        m.find();
        long millis = (System.nanoTime() - began) / 1_000_000;
        System.out.printf("%s: pid %d listens at %s after %d ms (its log: %s)%n", name, process.pid(), m.group(1), millis, logs.resolve(name + ".err"));
        return new ServeNode(process, URI.create(m.group(1)));
    }

    URI baseUrl() {
        return baseUrl;
    }

    JunctionProcess process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return process.name();
    }

    @Override
    public void close() {
        process.close();
    }
}
