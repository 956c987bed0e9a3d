package dev.junction.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key that wraps the per-tenant data keys (envelope encryption). It comes from the
 * environment variable {@value #ENV} (base64 of 32 bytes) or from a key file, which the embedded
 * default creates on first use with owner-only permissions. {@link #id()} names the key without
 * revealing it, so a wrong key gives a clear error instead of garbage. {@link #toString()} never
 * shows the key.
 */
public final class MasterKey {
    /** The environment variable that holds the master key, base64 of 32 random bytes. */
    public static final String ENV = "JUNCTION_MASTER_KEY";
    /** The key file's name in the data directory. */
    public static final String FILE_NAME = "master.key";
    static final int BYTES = 32;

    private final SecretKey key;
    private final String id;
    private final String source;

    private MasterKey(byte[] bytes, String source) {
        this.key = new SecretKeySpec(bytes, "AES");
        this.id = fingerprint(bytes);
        this.source = source;
    }

    /**
     * @param source where the text came from, for messages ({@code "JUNCTION_MASTER_KEY"}, a file)
     * @throws SecretException when the text is not base64 of exactly 32 bytes
     */
    public static MasterKey fromBase64(String text, String source) {
        Objects.requireNonNull(source, "source");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text == null ? "" : text.strip());
        } catch (IllegalArgumentException e) {
            throw new SecretException("the master key from " + source + " is not valid base64; expected 32 random bytes in base64"
                    + " (for example the output of: openssl rand -base64 32)");
        }
        if (bytes.length != BYTES) {
            throw new SecretException("the master key from " + source + " is " + bytes.length + " bytes long; expected 32 random bytes"
                    + " in base64 (for example the output of: openssl rand -base64 32)");
        }
        return new MasterKey(bytes, source);
    }

    /** A new random key (for tests and for the key file created on first use). */
    public static MasterKey generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new MasterKey(bytes, "a generated key");
    }

    /**
     * The key from {@value #ENV} when it is set, else from {@code dataDir/master.key}, creating that
     * file (owner read/write only) when it does not exist yet.
     */
    public static MasterKey resolve(Function<String, String> env, Path dataDir, SecureRandom random) {
        String fromEnv = env.apply(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromBase64(fromEnv, "environment variable " + ENV);
        }
        return loadOrCreate(dataDir.resolve(FILE_NAME), random);
    }

    /** Reads the key file, or creates it with a new random key and owner-only permissions. */
    public static MasterKey loadOrCreate(Path file, SecureRandom random) {
        if (!Files.exists(file)) {
            MasterKey created = generate(random);
            String text = Base64.getEncoder().encodeToString(created.key.getEncoded()) + "\n";
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                createOwnerOnly(file);
                Files.writeString(file, text, StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException raced) {
                // another process created it first: use theirs
            } catch (IOException e) {
                throw new SecretException("could not create the master key file " + file + ": " + e.getMessage()
                        + "; make the directory writable or set " + ENV, e);
            }
        }
        return read(file);
    }

    /** Reads an existing key file. */
    public static MasterKey read(Path file) {
        if (!Files.exists(file)) {
            throw new SecretException("the master key file " + file + " does not exist");
        }
        try {
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII), "key file " + file);
        } catch (IOException e) {
            throw new SecretException("could not read the master key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes this key to a new file, readable and writable by the owner only; refuses to overwrite. */
    public void writeTo(Path file) {
        try {
            createOwnerOnly(file);
            Files.writeString(file, Base64.getEncoder().encodeToString(key.getEncoded()) + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SecretException("could not write the master key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    /** A short, stable name of this key (16 hex characters of an HMAC of it); reveals nothing of the key. */
    public String id() {
        return id;
    }

    /** Where the key came from, for messages. */
    public String source() {
        return source;
    }

    SecretKey secretKey() {
        return key;
    }

    private static String fingerprint(byte[] bytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(bytes, "HmacSHA256"));
            byte[] digest = mac.doFinal("junction master key id".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[id=" + id + ", from " + source + "]";
    }
}
