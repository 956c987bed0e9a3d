package dev.junction.cli.internal;

import dev.junction.JunctionException;
import dev.junction.secret.EnvelopeCipher;
import dev.junction.secret.MasterKey;
import dev.junction.store.jdbc.JdbcStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Re-wraps every tenant's data key with a new master key. The stored credentials are not touched.
 * With the key file, the new key is written next to it first ({@code master.key.new}), the data
 * keys are re-wrapped in one transaction, then the file is replaced: at no moment is the only copy
 * of the key in use lost.
 */
@Command(name = "rotate-master-key", description = "Re-wraps the per-tenant data keys that protect stored credentials with a new master key:"
        + " JUNCTION_NEW_MASTER_KEY when set, else a new random key written to DATA-DIR/master.key.")
public final class RotateMasterKeyCommand implements Callable<Integer> {
    static final String NEW_KEY_ENV = "JUNCTION_NEW_MASTER_KEY";

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
        SecureRandom random = new SecureRandom();
        Path file = common.dataDir.resolve(MasterKey.FILE_NAME);
        String fromEnv = env.get(MasterKey.ENV);
        boolean inFile = fromEnv == null || fromEnv.isBlank();
        if (inFile && !Files.exists(file)) {
            throw new JunctionException("no master key in use yet (" + MasterKey.ENV + " is not set and " + file
                    + " does not exist), so nothing is encrypted and there is nothing to rotate");
        }
        MasterKey current = inFile ? MasterKey.read(file) : MasterKey.fromBase64(fromEnv, "environment variable " + MasterKey.ENV);
        String newFromEnv = env.get(NEW_KEY_ENV);
        if (!inFile && (newFromEnv == null || newFromEnv.isBlank())) {
            throw new JunctionException("the master key comes from " + MasterKey.ENV + ", so Junction cannot store a new one for you; set "
                    + NEW_KEY_ENV + " to the new key (openssl rand -base64 32), rotate, then set " + MasterKey.ENV + " to it");
        }
        MasterKey next = newFromEnv == null || newFromEnv.isBlank()
                ? MasterKey.generate(random) : MasterKey.fromBase64(newFromEnv, "environment variable " + NEW_KEY_ENV);
        Path pending = file.resolveSibling(MasterKey.FILE_NAME + ".new");
        if (Files.exists(pending)) {
            throw new JunctionException(pending + " is left from an interrupted rotation: if credentials no longer decrypt with " + file
                    + ", replace that file with it; otherwise delete it. Then rotate again");
        }
        if (inFile) {
            next.writeTo(pending);
        }
        int rewrapped;
        try (Workspace workspace = Workspace.open(common.dataDir)) {
            if (!(workspace.store() instanceof JdbcStore store)) {
                throw new JunctionException("this store cannot rotate master keys");
            }
            rewrapped = store.rotateMasterKey(new EnvelopeCipher(current, random), new EnvelopeCipher(next, random));
        } catch (RuntimeException e) {
            deleteQuietly(pending);
            throw e;
        }
        if (inFile) {
            try {
                Files.move(pending, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new JunctionException("the data keys are re-wrapped with the new master key in " + pending
                        + ", but it could not replace " + file + " (" + e.getMessage() + "); move it there by hand");
            }
        }
        console.out().println("re-wrapped " + rewrapped + " tenant data key(s) with master key " + next.id()
                + (inFile ? " (now in " + file + ")" : "; set " + MasterKey.ENV + " to the value of " + NEW_KEY_ENV + " from now on"));
        console.out().flush();
        return 0;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the pending key file holds a key nothing was encrypted with: harmless
        }
    }
}
