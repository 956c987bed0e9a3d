package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.cli.internal.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command and subcommand answers {@code --help} with its usage, as the CLI's error messages tell users to try. */
class HelpTest {
    @TempDir
    Path dataDir;

    @Test
    void everyCommandAndSubcommandPrintsItsUsageOnHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(JunctionCommand.commandLine(new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false), Map.of()),
                new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(10);

        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRunner.Result result = new CliRunner(dataDir).runRaw(args.toArray(String[]::new));
            assertThat(result.exitCode()).as("%s: %s", args, result).isZero();
            assertThat(result.out()).as("%s", args).contains("Usage: junction" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
            assertThat(result.err()).as("%s", args).isEmpty();
        }
    }

    @Test
    void aWrongOptionPointsToTheCommandsOwnHelpWhichWorks() {
        CliRunner cli = new CliRunner(dataDir);
        CliRunner.Result wrong = cli.runRaw("runs", "--bogus");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("Run 'junction runs --help' for usage.");

        assertThat(cli.runRaw("runs", "--help").out()).contains("Usage: junction runs");
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> out) {
        if (!command.getCommandName().equals("help")) {
            out.add(List.copyOf(path));
        }
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }
}
