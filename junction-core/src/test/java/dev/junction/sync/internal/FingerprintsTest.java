package dev.junction.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Fingerprints stay what stores already hold: SHA-256 of the record's JSON text in UTF-8, 128 bits. */
class FingerprintsTest {
    private final ObjectMapper json = new ObjectMapper();
    private final Fingerprints fingerprints = new Fingerprints(json);

    @Test
    void streamedFingerprintsEqualTheHashOfTheJsonText() throws Exception {
        for (String text : new String[] {"{}", "{\"external_id\":\"c-1\",\"priority\":1,\"profile\":{\"phone\":\"+1-555-1\"}}",
                "{\"n\":null,\"d\":1.5,\"whole\":2.0,\"big\":123456789012345678901234567890,\"a\":[1,\"x\",{}],"
                        + "\"s\":\"ünïcödé \\u2028 \\u0001 \\\"q\\\" \\\\ \\ud83d\\ude00 \\u00e9\"}"}) {
            JsonNode record = json.readTree(text);
            assertThat(fingerprints.of(record)).as(text).isEqualTo(hashOfText(record)).hasSize(32);
        }
    }

    @Test
    void aTextWithAnUnpairedSurrogateIsHashedAsBefore() throws Exception {
        ObjectNode record = json.createObjectNode().put("s", "broken \ud83d here");
        assertThat(fingerprints.of(record)).isEqualTo(hashOfText(record));
    }

    @Test
    void differentRecordsHaveDifferentFingerprints() throws Exception {
        assertThat(fingerprints.of(json.readTree("{\"a\":1}"))).isNotEqualTo(fingerprints.of(json.readTree("{\"a\":2}")));
    }

    /** How fingerprints were computed before they were streamed. */
    private String hashOfText(JsonNode record) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsString(record).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }
}
