package dev.junction.cli.internal;

import picocli.CommandLine.Command;

@Command(name = "state", description = {
    "What a sync keeps between runs: show it, reset it, or move it onto a tenant.",
    "State is its checkpoints (per partition), fingerprints, write intents and run lease; a reset makes the next run",
    "read (and send) everything again."},
        subcommands = {StateShowCommand.class, StateResetCommand.class, StateMoveCommand.class})
public final class StateCommand extends CommandGroup {}
