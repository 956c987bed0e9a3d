package dev.junction.engine;

import dev.junction.JunctionException;
import dev.junction.secret.EnvelopeCipher;
import dev.junction.secret.MasterKey;
import dev.junction.store.jdbc.JdbcStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.function.Function;

/**
 * Rotates the master key that wraps every tenant's data key. The stored credentials are not touched.
 * With the key file, the new key is written next to it first ({@code master.key.new}), the data keys
 * are re-wrapped in one transaction, then the file is replaced: at no moment is the only copy of the
 * key in use lost.
 */
public final class MasterKeys {
    public static final String NEW_KEY_ENV = "JUNCTION_NEW_MASTER_KEY";

    /** What a rotation did: how many data keys were re-wrapped, the new key's id, and the file it is in (null: from the environment). */
    public record Rotated(int rewrapped, String keyId, Path file) {}

    private MasterKeys() {}

    /**
     * Checks that there is a key to rotate and a new one to rotate to, before the store is opened.
     *
     * @return the rotation to do with {@link Rotation#apply}
     */
    public static Rotation prepare(Path dataDir, Function<String, String> env) {
        SecureRandom random = new SecureRandom();
        Path file = dataDir.resolve(MasterKey.FILE_NAME);
        String fromEnv = env.apply(MasterKey.ENV);
        boolean inFile = fromEnv == null || fromEnv.isBlank();
        if (inFile && !Files.exists(file)) {
            throw new EngineException.Conflict("no master key in use yet (" + MasterKey.ENV + " is not set and " + file
                    + " does not exist), so nothing is encrypted and there is nothing to rotate");
        }
        MasterKey current = inFile ? MasterKey.read(file) : MasterKey.fromBase64(fromEnv, "environment variable " + MasterKey.ENV);
        String newFromEnv = env.apply(NEW_KEY_ENV);
        if (!inFile && (newFromEnv == null || newFromEnv.isBlank())) {
            throw new EngineException.Invalid("the master key comes from " + MasterKey.ENV + ", so Junction cannot store a new one for you; set "
                    + NEW_KEY_ENV + " to the new key (openssl rand -base64 32), rotate, then set " + MasterKey.ENV + " to it");
        }
        MasterKey next = newFromEnv == null || newFromEnv.isBlank()
                ? MasterKey.generate(random) : MasterKey.fromBase64(newFromEnv, "environment variable " + NEW_KEY_ENV);
        Path pending = file.resolveSibling(MasterKey.FILE_NAME + ".new");
        if (Files.exists(pending)) {
            throw new EngineException.Conflict(pending + " is left from an interrupted rotation: if credentials no longer decrypt with " + file
                    + ", replace that file with it; otherwise delete it. Then rotate again");
        }
        return new Rotation(current, next, inFile ? file : null, pending, random);
    }

    /** A checked rotation from one key to the next. */
    public record Rotation(MasterKey current, MasterKey next, Path file, Path pending, SecureRandom random) {
        /** Writes the pending key file, re-wraps the data keys in {@code store}, then replaces the key file. */
        public Rotated apply(JdbcStore store) {
            if (file != null) {
                next.writeTo(pending);
            }
            int rewrapped;
            try {
                rewrapped = store.rotateMasterKey(new EnvelopeCipher(current, random), new EnvelopeCipher(next, random));
            } catch (RuntimeException e) {
                deleteQuietly(pending);
                throw e;
            }
            if (file != null) {
                try {
                    Files.move(pending, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new JunctionException("the data keys are re-wrapped with the new master key in " + pending
                            + ", but it could not replace " + file + " (" + e.getMessage() + "); move it there by hand");
                }
            }
            return new Rotated(rewrapped, next.id(), file);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the pending key file holds a key nothing was encrypted with: harmless
        }
    }
}
