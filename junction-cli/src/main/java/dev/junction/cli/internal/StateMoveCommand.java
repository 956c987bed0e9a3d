package dev.junction.cli.internal;

import dev.junction.store.SyncStateRepository;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "move", description = {
    "Moves the state a sync kept before it ran per tenant onto one tenant.",
    "Its checkpoints, fingerprints and write intents become the tenant's, so that tenant's next run carries on from",
    "them instead of reading and sending everything again.",
    "Run history and dead letters stay as they were (without a tenant)."})
public final class StateMoveCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "SYNC", description = "An applied per-tenant sync (one that names connectors).")
    String sync;

    @Option(names = "--to-tenant", paramLabel = "T", required = true, description = "The tenant that takes the state over.")
    String toTenant;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    StateMoveCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        try (dev.junction.engine.Engine engine = common.engine(env)) {
            SyncStateRepository.Outcome moved = engine.states().move(engine.definitions().applied(), sync, toTenant);
            console.out().println("moved the state of sync '" + sync + "' to tenant '" + toTenant + "': " + moved.checkpoints() + " checkpoint(s), "
                    + moved.fingerprints() + " fingerprint(s), " + moved.writeIntents() + " write intent(s)");
            console.out().println("kept: run history and dead letters, as they were (without a tenant)");
            console.out().flush();
            return 0;
        }
    }
}
