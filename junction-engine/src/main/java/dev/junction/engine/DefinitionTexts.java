package dev.junction.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.junction.spec.SourceText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/** What {@link Definitions} reads from a definition's text before loading it: its documents' identities and its checksum. */
final class DefinitionTexts {
    private DefinitionTexts() {}

    /** kind/name of every document in a text that has both; unreadable documents are skipped here. */
    static Set<String> identities(SourceText text) {
        Set<String> ids = new HashSet<>();
        ObjectMapper yaml = new YAMLMapper(new YAMLFactory());
        try (var docs = yaml.readerFor(JsonNode.class).<JsonNode>readValues(text.text())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && doc.path("kind").isTextual() && doc.path("name").isTextual()) {
                    ids.add(doc.get("kind").asText() + "/" + doc.get("name").asText());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // the loader reports the syntax problem with its position
        }
        return ids;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
