package dev.junction.cli.internal;

import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.StoreLocation;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command that touches the store shares. */
public final class CommonOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the embedded database and master.key live (default: ${DEFAULT-VALUE}).", defaultValue = "data")
    Path dataDir;

    @Option(names = "--store", paramLabel = "URL", description = {
        "The store: jdbc:postgresql://HOST:PORT/DB (user and password from JUNCTION_STORE_USER and JUNCTION_STORE_PASSWORD,",
        "which may be a reference such as ${file:/run/secrets/pg}) or an embedded store's directory.",
        "Default: JUNCTION_STORE_URL, else the embedded store in --data-dir."})
    String store;

    @Option(names = "--no-color", description = "Plain output without colors or a live progress line.")
    boolean noColor;

    public void applyTo(Console console) {
        if (noColor) {
            console.noColor();
        }
    }

    /** The --store option as given, or null. */
    public String storeOption() {
        return store;
    }

    /** The --data-dir option. */
    public Path dataDir() {
        return dataDir;
    }

    /** Where the store is, from --store, JUNCTION_STORE_URL or --data-dir. */
    public StoreLocation location(Map<String, String> env) {
        return StoreLocation.choose(store, env::get, dataDir);
    }

    /** The engine over the chosen store. */
    public Engine engine(Map<String, String> env) {
        StoreLocation location = location(env);
        // an embedded store keeps its master key beside it; with a shared database every node must get the same key from JUNCTION_MASTER_KEY
        Path keyDir = location.embedded() ? location.dataDir() : null;
        // JUNCTION_TRACING_ENDPOINT: a command's runs are traced like a server's (the spans are sent when the command ends)
        return Engine.open(new EngineConfig(location, keyDir, env::get, Clock.systemUTC())
                .withTracing(dev.junction.engine.Traces.Settings.fromEnvironment(env::get)));
    }
}
