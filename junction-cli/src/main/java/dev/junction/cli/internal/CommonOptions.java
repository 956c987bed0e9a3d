package dev.junction.cli.internal;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that touches the store shares. */
public final class CommonOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the embedded database lives (default: ${DEFAULT-VALUE}).", defaultValue = "data")
    Path dataDir;

    @Option(names = "--no-color", description = "Plain output without colors or a live progress line.")
    boolean noColor;

    void applyTo(Console console) {
        if (noColor) {
            console.noColor();
        }
    }
}
