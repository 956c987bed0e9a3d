package dev.junction.cli.internal;

import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.StoreLocation;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every command that touches the store shares. */
public final class CommonOptions {
    private static final Path DEFAULT_DATA_DIR = Path.of("data");

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the embedded database and master.key live (default: data).")
    Path dataDir;

    @Option(names = "--store", paramLabel = "URL", description = {
        "The store: jdbc:postgresql://HOST:PORT/DB (user and password from JUNCTION_STORE_USER and JUNCTION_STORE_PASSWORD,",
        "which may be a reference such as ${file:/run/secrets/pg}) or an embedded store's directory.",
        "Default: JUNCTION_STORE_URL, else the embedded store in --data-dir."})
    String store;

    @Option(names = "--no-color", description = "Plain output without colors or a live progress line.")
    boolean noColor;

    /** The command these options belong to: its parents' options count where this command's are not given. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    public void applyTo(Console console) {
        if (noColor()) {
            console.noColor();
        }
    }

    /** --no-color, given here or before the subcommand ({@code junction state --no-color show}). */
    public boolean noColor() {
        CommonOptions parent = parent();
        return noColor || parent != null && parent.noColor();
    }

    /** The --store option as given (here or before the subcommand), or null. */
    public String storeOption() {
        CommonOptions parent = parent();
        return store != null ? store : parent == null ? null : parent.storeOption();
    }

    /** The --data-dir option, given here or before the subcommand ({@code junction state --data-dir X show}); default {@code data}. */
    public Path dataDir() {
        CommonOptions parent = parent();
        return dataDir != null ? dataDir : parent != null ? parent.dataDir() : DEFAULT_DATA_DIR;
    }

    /** Where the store is, from --store, JUNCTION_STORE_URL or --data-dir. */
    public StoreLocation location(Map<String, String> env) {
        return StoreLocation.choose(storeOption(), env::get, dataDir());
    }

    /** The options of the nearest enclosing command that has them ({@code state} for {@code state show}), or null. */
    private CommonOptions parent() {
        for (CommandSpec command = mixee == null ? null : mixee.parent(); command != null; command = command.parent()) {
            for (CommandSpec mixin : command.mixins().values()) {
                if (mixin.userObject() instanceof CommonOptions options) {
                    return options;
                }
            }
        }
        return null;
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
