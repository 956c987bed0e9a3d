package dev.junction.cli;

import dev.junction.cli.internal.ApplyCommand;
import dev.junction.cli.internal.Console;
import dev.junction.cli.internal.DemoCommand;
import dev.junction.cli.internal.FlowsCommand;
import dev.junction.cli.internal.ExchangesCommand;
import dev.junction.cli.internal.MapCommand;
import dev.junction.cli.internal.PollsCommand;
import dev.junction.cli.internal.PurgeCommand;
import dev.junction.cli.internal.SchedulesCommand;
import dev.junction.cli.internal.SchemaCommand;
import dev.junction.cli.internal.DeadLettersCommand;
import dev.junction.cli.internal.ConnectionsCommand;
import dev.junction.cli.internal.ConnectorsCommand;
import dev.junction.cli.internal.RunCommand;
import dev.junction.cli.internal.AuditCommand;
import dev.junction.cli.internal.BackfillCommand;
import dev.junction.cli.internal.RunsCommand;
import dev.junction.cli.internal.SandboxCommand;
import dev.junction.cli.internal.RotateMasterKeyCommand;
import dev.junction.cli.internal.StateCommand;
import dev.junction.cli.internal.TokensCommand;
import dev.junction.cli.internal.ValidateCommand;
import dev.junction.cli.internal.ImportCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command: only subcommands do work. */
@Command(
        name = "junction",
        mixinStandardHelpOptions = true,
        // every subcommand answers --help (and --version), as the error messages tell users to try
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = JunctionCommand.Version.class,
        description = "Junction moves records between APIs, reliably: describe each API once, say what should move, run it.",
        subcommands = {
            DemoCommand.class,
            ValidateCommand.class,
            ApplyCommand.class,
            RunCommand.class,
            RunsCommand.class,
            FlowsCommand.class,
            dev.junction.cli.internal.AlertsCommand.class,
            BackfillCommand.class,
            AuditCommand.class,
            SchedulesCommand.class,
            PollsCommand.class,
            ExchangesCommand.class,
            PurgeCommand.class,
            DeadLettersCommand.class,
            ConnectorsCommand.class,
            dev.junction.cli.internal.ConnectorCommand.class,
            ConnectionsCommand.class,
            SchemaCommand.class,
            MapCommand.class,
            StateCommand.class,
            SandboxCommand.class,
            TokensCommand.class,
            RotateMasterKeyCommand.class,
            dev.junction.cli.internal.StoreCommand.class,
            ImportCommand.class,
            CommandLine.HelpCommand.class
        })
public final class JunctionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required, such as demo, validate, apply, run or runs");
    }

    /**
     * Builds the command line with every command constructed through one factory, so each gets the
     * console and environment by constructor. User errors print a clear message and exit 2; an
     * unexpected failure prints one line (the stack trace only with JUNCTION_DEBUG=1) and exits 1.
     */
    public static CommandLine commandLine(Console console, Map<String, String> env) {
        CommandLine.IFactory factory = new CommandFactory(console, env);
        CommandLine cli = new CommandLine(new JunctionCommand(), factory);
        cli.setOut(console.out());
        cli.setErr(console.err());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof dev.junction.engine.EngineException.Invalid) {
                // the engine refused an argument: a usage problem, like picocli's own
                console.err().println("junction: " + e.getMessage());
                console.err().println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
                console.err().flush();
                return 2;
            }
            return console.failure(e, "1".equals(env.get("JUNCTION_DEBUG")));
        });
        cli.setParameterExceptionHandler((e, args) -> {
            console.err().println("junction: " + e.getMessage());
            console.err().println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = JunctionCommand.class.getPackage().getImplementationVersion();
            return new String[] {"junction " + (v == null ? "development build" : v)};
        }
    }

    private record CommandFactory(Console console, Map<String, String> env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (var constructor : type.getDeclaredConstructors()) {
                Class<?>[] params = constructor.getParameterTypes();
                if (params.length == 2 && params[0] == Console.class && params[1] == Map.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(console, env));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
