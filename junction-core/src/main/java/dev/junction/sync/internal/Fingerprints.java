package dev.junction.sync.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The fingerprint of a mapped record: SHA-256 of its JSON, first 128 bits in hex. */
final class Fingerprints {
    /** A record's fingerprint, and the size of the JSON it was taken from (compact UTF-8: the record as sent). */
    record Fingerprint(String hash, int bytes) {}

    private final ObjectMapper json;

    Fingerprints(ObjectMapper json) {
        this.json = json;
    }

    String of(JsonNode record) {
        return sized(record).hash();
    }

    Fingerprint sized(JsonNode record) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] text = json.writeValueAsString(record).getBytes(StandardCharsets.UTF_8);
            return new Fingerprint(HexFormat.of().formatHex(sha.digest(text), 0, 16), text.length);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint a record", e);
        }
    }
}
