package dev.junction.cli.internal;

import picocli.CommandLine.Command;

@Command(name = "store", description = "Maintenance of the embedded store: repair it after H2 left an index naming a row its table lost.",
        subcommands = {StoreRepairCommand.class})
public final class StoreCommand extends CommandGroup {}
