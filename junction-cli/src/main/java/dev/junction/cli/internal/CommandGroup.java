package dev.junction.cli.internal;

import picocli.CommandLine;

/**
 * A command that only groups subcommands: called alone, it says which subcommands exist (exit 2). It
 * takes the common options too, so they may come before the subcommand ({@code junction state
 * --data-dir X show}) as well as after it.
 */
abstract class CommandGroup implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CommonOptions common;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: " + String.join(", ", spec.subcommands().keySet()));
    }
}
