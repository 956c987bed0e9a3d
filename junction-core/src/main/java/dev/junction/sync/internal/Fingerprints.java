package dev.junction.sync.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a mapped record: SHA-256 of {@code writeValueAsString(record).getBytes(UTF_8)},
 * first 128 bits in hex (what the fingerprints stores already hold): the text generator, and the
 * JDK's UTF-8 encoder with its {@code ?} for an unpaired surrogate. Jackson's own UTF-8 generator
 * would differ on characters outside the BMP. Building the string is cheaper than streaming the
 * generator into the digest through an {@code OutputStreamWriter}, which allocates an 8 KiB
 * encoder buffer per record (issue 18's profile).
 */
final class Fingerprints {
    /** A record's fingerprint, and the size of the JSON it was taken from (compact UTF-8: the record as sent). */
    record Fingerprint(String hash, int bytes) {}

    private static final MessageDigest SHA256 = newSha256();

    private final ObjectMapper json;

    Fingerprints(ObjectMapper json) {
        this.json = json;
    }

    String of(JsonNode record) {
        return sized(record).hash();
    }

    Fingerprint sized(JsonNode record) {
        byte[] bytes;
        try {
            // the text generator (as the fingerprints stores hold were taken) with Jackson's recycled
            // buffers, then the JDK's UTF-8 encoder: a straight copy for the usual ASCII record
            bytes = json.writeValueAsString(record).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint a record", e);
        }
        MessageDigest sha = sha256();
        sha.update(bytes);
        return new Fingerprint(HexFormat.of().formatHex(sha.digest(), 0, 16), bytes.length);
    }

    /** A copy of one SHA-256 instance: cloning skips the provider look-up of {@code getInstance}. */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
