package dev.junction.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * What an engine is built from.
 *
 * @param store where the store is
 * @param dataDir where {@code master.key} lives when {@code JUNCTION_MASTER_KEY} is not set (the embedded
 *     store's directory); null when there is none
 * @param env the process environment (secret references, settings); tests and the demo pass a map's {@code get}
 * @param clock the time of everything the engine records
 * @param queue how the run queue works in this process (when it is started)
 * @param events how outbound events are delivered (by a process whose run queue is started)
 * @param metrics what the process's meters carry (see {@link Metrics})
 */
public record EngineConfig(StoreLocation store, Path dataDir, Function<String, String> env, Clock clock, RunQueue.Settings queue,
        Events.Settings events, Metrics.Settings metrics) {
    public EngineConfig {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(metrics, "metrics");
    }

    /** With the default metrics settings. */
    public EngineConfig(StoreLocation store, Path dataDir, Function<String, String> env, Clock clock, RunQueue.Settings queue,
            Events.Settings events) {
        this(store, dataDir, env, clock, queue, events, Metrics.Settings.DEFAULT);
    }

    /** With the default event delivery settings. */
    public EngineConfig(StoreLocation store, Path dataDir, Function<String, String> env, Clock clock, RunQueue.Settings queue) {
        this(store, dataDir, env, clock, queue, Events.Settings.DEFAULT);
    }

    /** With the run queue's default settings. */
    public EngineConfig(StoreLocation store, Path dataDir, Function<String, String> env, Clock clock) {
        this(store, dataDir, env, clock, RunQueue.Settings.DEFAULT);
    }

    /** The embedded store in {@code dataDir}, the system clock. */
    public static EngineConfig embedded(Path dataDir, Function<String, String> env) {
        return new EngineConfig(StoreLocation.embedded(dataDir), dataDir, env, Clock.systemUTC());
    }

    public EngineConfig withQueue(RunQueue.Settings value) {
        return new EngineConfig(store, dataDir, env, clock, value, events, metrics);
    }

    public EngineConfig withEvents(Events.Settings value) {
        return new EngineConfig(store, dataDir, env, clock, queue, value, metrics);
    }

    public EngineConfig withMetrics(Metrics.Settings value) {
        return new EngineConfig(store, dataDir, env, clock, queue, events, value);
    }
}
