package dev.junction.cli;

import dev.junction.cli.internal.Console;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The {@code junction} command. Exit codes: 0 ok, 1 failed, 2 bad input, 3 run finished with dead letters. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        if (!dev.junction.cli.logging.LogSettings.fromEnvironment(System.getenv(), err)) {
            System.exit(2);
        }
        int code = run(args, out, err, System.getenv(), dev.junction.cli.internal.Console.onTerminal());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line; used by {@link #main} and by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive) {
        return JunctionCommand.commandLine(new Console(out, err, interactive), env).execute(args);
    }
}
