package dev.junction.webhook.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts Microsoft Graph's rich notifications ({@code includeResourceData}): each notification of
 * {@code value} whose {@code encryptedContent} it can read gets the resource as {@code decryptedContent}.
 * As Graph documents it: {@code dataKey} is the symmetric key encrypted with the subscription's
 * certificate (RSA with OAEP padding); {@code dataSignature} is the HMAC-SHA256 of {@code data} with
 * that key, checked in constant time before anything is decrypted; {@code data} is the resource's JSON
 * in AES-CBC with PKCS#7 padding, the key's first 16 bytes its IV. Thread-safe.
 */
public final class GraphDecryption {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrivateKey key;

    public GraphDecryption(PrivateKey key) {
        this.key = key;
    }

    /**
     * The payload with each notification's {@code encryptedContent} decrypted into {@code decryptedContent}.
     *
     * @throws IllegalArgumentException saying which notification and why, when one cannot be decrypted or its signature does not match
     */
    public JsonNode decrypt(JsonNode payload) {
        JsonNode notifications = payload.get("value");
        if (notifications == null || !notifications.isArray()) {
            return payload;
        }
        JsonNode out = payload.deepCopy();
        for (int i = 0; i < notifications.size(); i++) {
            JsonNode encrypted = notifications.get(i).get("encryptedContent");
            if (encrypted == null || !encrypted.isObject()) {
                continue;
            }
            try {
                ((ObjectNode) out.get("value").get(i)).set("decryptedContent", resource(encrypted));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("notification " + (i + 1) + " of " + notifications.size() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private JsonNode resource(JsonNode encrypted) {
        byte[] data = base64(encrypted, "data");
        byte[] signature = base64(encrypted, "dataSignature");
        byte[] symmetric;
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            rsa.init(Cipher.DECRYPT_MODE, key);
            symmetric = rsa.doFinal(base64(encrypted, "dataKey"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("encryptedContent.dataKey cannot be decrypted with the connection's decryptionKey (a key of another"
                    + " certificate than the subscription's encryptionCertificate?)", e);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(symmetric, "HmacSHA256"));
            if (!MessageDigest.isEqual(mac.doFinal(data), signature)) {
                throw new IllegalArgumentException("encryptedContent.dataSignature does not match its data");
            }
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(symmetric, "AES"), new IvParameterSpec(Arrays.copyOf(symmetric, 16)));
            return JSON.readTree(aes.doFinal(data));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("encryptedContent.data cannot be decrypted into JSON (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static byte[] base64(JsonNode encrypted, String field) {
        JsonNode value = encrypted.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("encryptedContent." + field + " is missing");
        }
        try {
            return Base64.getDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("encryptedContent." + field + " is not base64");
        }
    }
}
