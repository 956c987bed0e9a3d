package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.JunctionServer;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = {
    "Starts the Junction server on the data directory's store: GET /health and GET /api/runs for now.",
    "Stops on Ctrl-C (or after --seconds)."})
public final class ServeCommand implements Callable<Integer> {
    private final Console console;

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
    }

    @Override
    public Integer call() throws InterruptedException {
        common.applyTo(console);
        try (Workspace workspace = Workspace.open(common.dataDir);
                JunctionServer server = new JunctionServer(workspace.store(), new ObjectMapper(), host, port).start()) {
            console.out().println("Junction server at " + server.baseUrl() + " (data: " + common.dataDir.toAbsolutePath().normalize() + ")");
            console.out().println("  " + server.baseUrl() + "/health   " + server.baseUrl() + "/api/runs");
            console.out().flush();
            StopSignal.await(seconds);
        }
        return 0;
    }
}
