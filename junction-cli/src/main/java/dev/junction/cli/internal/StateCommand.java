package dev.junction.cli.internal;

import picocli.CommandLine.Command;

@Command(name = "state", description = {
    "What a sync keeps between runs (checkpoints, fingerprints, write intents, its run lease): show it, reset it",
    "so the next run reads (and sends) everything again, or move a classic sync's state onto a tenant."},
        subcommands = {StateShowCommand.class, StateResetCommand.class, StateMoveCommand.class})
public final class StateCommand extends CommandGroup {}
