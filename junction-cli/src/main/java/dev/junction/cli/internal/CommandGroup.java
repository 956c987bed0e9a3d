package dev.junction.cli.internal;

import picocli.CommandLine;

/** A command that only groups subcommands: called alone, it says which subcommands exist (exit 2). */
abstract class CommandGroup implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: " + String.join(", ", spec.subcommands().keySet()));
    }
}
