package dev.junction.cli.internal;

import dev.junction.engine.StoreRepair;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code junction store repair}: the thin adapter over {@link StoreRepair#repair}. */
@Command(name = "repair", description = {
    "Rebuilds the embedded store in --data-dir from its tables' rows, when an operation said its file has an index entry for a row",
    "its table lost (H2 leaves this now and then when a process is killed). Stop every Junction process on the directory first;",
    "the file before is kept in DATA-DIR/repair-TIME/."})
public final class StoreRepairCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    StoreRepairCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        StoreRepair.Repaired repaired = StoreRepair.repair(common.location(env), Clock.systemUTC());
        console.out().printf("rebuilt the store in %s from its rows: %d tables, %d rows, in %.1f s; the file before is kept at %s%n",
                repaired.dataDir(), repaired.tables(), repaired.rows(), repaired.took().toMillis() / 1000.0, repaired.before());
        console.out().flush();
        return 0;
    }
}
