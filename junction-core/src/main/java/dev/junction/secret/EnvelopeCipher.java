package dev.junction.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM envelope encryption with the JDK's {@code javax.crypto}: the {@link MasterKey} wraps
 * one random data key per tenant, and data keys encrypt the values. Every ciphertext is
 * {@code version (1 byte) | nonce (12 random bytes) | ciphertext and 128-bit tag}, and is bound to
 * its context (the tenant for a data key; tenant and connection for a value) as additional
 * authenticated data, so a value copied to another row does not decrypt. Thread-safe.
 */
public final class EnvelopeCipher {
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKey masterKey;
    private final SecureRandom random;

    public EnvelopeCipher(MasterKey masterKey, SecureRandom random) {
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
        this.random = Objects.requireNonNull(random, "random");
    }

    public MasterKey masterKey() {
        return masterKey;
    }

    /**
     * A key of its own for {@code purpose} (an HMAC-SHA256 key), derived from the master key with
     * HMAC-SHA256 over {@code junction:derive:PURPOSE}: a signing key that needs no storage and changes
     * with the master key. The master key itself signs nothing.
     */
    public SecretKey derivedKey(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(masterKey.secretKey());
            return new SecretKeySpec(mac.doFinal(("junction:derive:" + purpose).getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** A new random AES-256 data key. */
    public SecretKey newDataKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(MasterKey.BYTES * 8, random);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is missing from this JDK", e);
        }
    }

    /** The data key encrypted with the master key, bound to {@code tenant}. */
    public byte[] wrap(SecretKey dataKey, String tenant) {
        return seal(masterKey.secretKey(), dataKey.getEncoded(), aad("data-key", tenant));
    }

    /**
     * @param wrappedBy the {@link MasterKey#id()} recorded when the key was wrapped
     * @throws SecretException when this master key is not the one that wrapped the data key
     */
    public SecretKey unwrap(byte[] wrapped, String wrappedBy, String tenant) {
        if (wrappedBy != null && !wrappedBy.equals(masterKey.id())) {
            throw wrongKey(tenant, wrappedBy, null);
        }
        try {
            return new SecretKeySpec(open(masterKey.secretKey(), wrapped, aad("data-key", tenant)), "AES");
        } catch (AEADBadTagException e) {
            throw wrongKey(tenant, wrappedBy, e);
        }
    }

    /** Encrypts a value with a data key, bound to {@code context} (such as tenant and connection). */
    public byte[] encrypt(SecretKey dataKey, byte[] plaintext, String... context) {
        return seal(dataKey, plaintext, aad("value", context));
    }

    /**
     * @throws SecretException when the value was changed, belongs to another context or was
     *     encrypted with another data key
     */
    public byte[] decrypt(SecretKey dataKey, byte[] ciphertext, String... context) {
        try {
            return open(dataKey, ciphertext, aad("value", context));
        } catch (AEADBadTagException e) {
            throw new SecretException("an encrypted value of " + String.join("/", context)
                    + " does not decrypt: it was changed, copied from another row or encrypted with another data key", e);
        }
    }

    private SecretException wrongKey(String tenant, String wrappedBy, Throwable cause) {
        return new SecretException("the data key of tenant '" + tenant + "' was encrypted with master key " + (wrappedBy == null ? "?" : wrappedBy)
                + ", but the master key in use (" + masterKey.source() + ") is " + masterKey.id()
                + "; set " + MasterKey.ENV + " (or the key file) back to the original master key", cause);
    }

    private byte[] seal(SecretKey key, byte[] plaintext, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new SecretException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    private static byte[] open(SecretKey key, byte[] sealed, byte[] aad) throws AEADBadTagException {
        if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new SecretException("an encrypted value is malformed: expected format version " + VERSION + " with a 12-byte nonce and a tag");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new SecretException("AES-GCM decryption failed: " + e.getMessage(), e);
        }
    }

    private static byte[] aad(String purpose, String... context) {
        return ("junction:" + purpose + ":" + String.join("\u0000", context)).getBytes(StandardCharsets.UTF_8);
    }
}
