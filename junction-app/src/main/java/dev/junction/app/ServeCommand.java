package dev.junction.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.cli.internal.CommonOptions;
import dev.junction.cli.internal.Console;
import dev.junction.cli.internal.StopSignal;
import dev.junction.engine.Engine;
import dev.junction.server.JunctionServer;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = {
    "Starts the Junction server over the store: the REST API under /api/v1 and health checks.",
    "Stops on Ctrl-C or SIGTERM (or after --seconds)."})
public final class ServeCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (0 = a free one; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--seconds", paramLabel = "N", description = "Stop after N seconds instead of waiting for Ctrl-C.")
    Long seconds;

    ServeCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        common.applyTo(console);
        try (Engine engine = common.engine(env);
                JunctionServer server = new JunctionServer(engine.store(), new ObjectMapper(), host, port).start()) {
            console.out().println("Junction server at " + server.baseUrl() + " (store: " + common.location(env).describe() + ")");
            console.out().println("  " + server.baseUrl() + "/health   " + server.baseUrl() + "/api/runs");
            console.out().flush();
            StopSignal.await(seconds);
        }
        return 0;
    }
}
