package dev.junction.cli.internal;

import dev.junction.engine.Engine;
import dev.junction.engine.MasterKeys;

import dev.junction.secret.MasterKey;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Re-wraps every tenant's data key with a new master key ({@link MasterKeys}). */
@Command(name = "rotate-master-key", description = "Re-wraps the per-tenant data keys that protect stored credentials with a new master key:"
        + " JUNCTION_NEW_MASTER_KEY when set, else a new random key written to DATA-DIR/master.key.")
public final class RotateMasterKeyCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    RotateMasterKeyCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        MasterKeys.Rotation rotation = MasterKeys.prepare(common.dataDir(), env::get);
        MasterKeys.Rotated rotated;
        try (Engine engine = common.engine(env)) {
            rotated = rotation.apply(engine.jdbcStore());
        }
        console.out().println("re-wrapped " + rotated.rewrapped() + " tenant data key(s) with master key " + rotated.keyId()
                + (rotated.file() != null ? " (now in " + rotated.file() + ")" : "; set " + MasterKey.ENV + " to the value of " + MasterKeys.NEW_KEY_ENV
                        + " from now on"));
        console.out().flush();
        return 0;
    }
}
