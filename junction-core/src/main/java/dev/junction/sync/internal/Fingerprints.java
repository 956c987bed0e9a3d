package dev.junction.sync.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a mapped record: SHA-256 of its JSON in UTF-8, first 128 bits in hex. The JSON
 * is streamed from Jackson's generator into the digest, never built as a string, and hashes to what
 * {@code writeValueAsString(record).getBytes(UTF_8)} hashes to (the fingerprints stores already
 * hold): the same text generator, and the JDK's UTF-8 encoder with its {@code ?} for an unpaired
 * surrogate. Jackson's own UTF-8 generator would differ on characters outside the BMP.
 */
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
        MessageDigest sha = sha256();
        DigestStream out = new DigestStream(sha);
        // the text generator (as writeValueAsString) through the JDK's UTF-8 encoder (as String.getBytes)
        try (JsonGenerator generator = json.createGenerator(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            json.writeTree(generator, record);
        } catch (IOException e) {
            throw new IllegalStateException("cannot fingerprint a record", e);
        }
        return new Fingerprint(HexFormat.of().formatHex(sha.digest(), 0, 16), (int) out.bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Bytes written go into the digest (and are counted) and nowhere else. */
    private static final class DigestStream extends OutputStream {
        private final MessageDigest sha;
        private long bytes;

        DigestStream(MessageDigest sha) {
            this.sha = sha;
        }

        @Override
        public void write(int b) {
            sha.update((byte) b);
            bytes++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            sha.update(bytes, offset, length);
            this.bytes += length;
        }
    }
}
