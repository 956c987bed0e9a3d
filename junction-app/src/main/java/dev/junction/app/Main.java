package dev.junction.app;

import dev.junction.cli.JunctionCommand;
import dev.junction.cli.internal.Console;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code junction} program: the CLI's commands plus {@code serve}, the server. The CLI and the
 * server know nothing of each other; this is where they meet. Exit codes: 0 ok, 1 failed, 2 bad
 * input, 3 run finished with dead letters, 4 cancelled.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        dev.junction.http.JdkClientRetries.turnOff(); // every attempt on the wire is the pipeline's, and logged (the launcher passes them too)
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        if (!dev.junction.cli.logging.LogSettings.fromEnvironment(System.getenv(), err)) {
            System.exit(2);
        }
        int code = run(args, out, err, System.getenv(), Console.onTerminal());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line; used by {@link #main} and by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive) {
        return commandLine(new Console(out, err, interactive), env).execute(args);
    }

    static CommandLine commandLine(Console console, Map<String, String> env) {
        CommandLine cli = JunctionCommand.commandLine(console, env);
        cli.addSubcommand("serve", new CommandLine(new ServeCommand(console, env), cli.getFactory()));
        return cli;
    }
}
