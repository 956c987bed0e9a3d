package dev.junction.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.junction.spec.SyncSpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What an audit compares, compiled once: the key field of each side (the mapped record's destination
 * key; the destination record's {@code audit.key}), the compared fields (every mapping target but the
 * key and the ignored ones, looked up by the same dotted path on both sides) and their normalizers.
 * It turns a record of either side into an {@link AuditEntry}: its key and each field's comparable
 * text.
 *
 * <p>Values compare as text: a string as itself, a number by its value ({@code 1.0} is {@code 1}),
 * true/false, an object or list as JSON with sorted keys; a missing field and null are both
 * nothing. Normalizers apply to the text of a scalar (and to the key when the key field has
 * some). A value longer than {@value #MAX_VALUE_CHARS} characters is kept as its start and a hash of
 * the whole, so spill files stay small and equal values still compare equal.
 */
public final class AuditRules {
    /** The longest value kept as it is; longer ones keep their start and a SHA-256 of the whole. */
    public static final int MAX_VALUE_CHARS = 256;

    private static final ObjectMapper SORTED = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final String sourceKey;
    private final String destinationKey;
    private final List<String> fields;
    private final String[][] paths;
    private final List<List<Normalizer>> steps;
    private final String[] sourceKeyPath;
    private final String[] destinationKeyPath;
    private final List<Normalizer> keySteps;

    /**
     * @param sourceKey the sync's destination key, a mapping target (the mapped record's key)
     * @param targets the effective mapping's targets, in order
     */
    public AuditRules(SyncSpec.Audit audit, String sourceKey, List<String> targets) {
        this.sourceKey = sourceKey;
        this.destinationKey = audit.key() == null ? sourceKey : audit.key();
        List<String> compared = new ArrayList<>();
        for (String target : targets) {
            if (!target.equals(sourceKey) && !audit.ignore().contains(target) && !compared.contains(target)) {
                compared.add(target);
            }
        }
        this.fields = List.copyOf(compared);
        this.paths = compared.stream().map(AuditRules::path).toArray(String[][]::new);
        Map<String, List<Normalizer>> normalize = audit.normalize();
        this.steps = compared.stream().map(f -> normalize.getOrDefault(f, List.of())).toList();
        this.sourceKeyPath = path(sourceKey);
        this.destinationKeyPath = path(destinationKey);
        this.keySteps = normalize.getOrDefault(sourceKey, List.of());
    }

    /** The compared fields, in the order of an entry's values. */
    public List<String> fields() {
        return fields;
    }

    public String sourceKey() {
        return sourceKey;
    }

    public String destinationKey() {
        return destinationKey;
    }

    /** A mapped source record's entry; its key null when the record has no key value. */
    public AuditEntry source(JsonNode mapped) {
        return entry(mapped, sourceKeyPath);
    }

    /** A destination record's entry; its key null when the record has no key value. */
    public AuditEntry destination(JsonNode record) {
        return entry(record, destinationKeyPath);
    }

    private AuditEntry entry(JsonNode record, String[] keyPath) {
        String key = Normalizer.applyAll(keySteps, text(at(record, keyPath)));
        String[] values = new String[paths.length];
        for (int i = 0; i < paths.length; i++) {
            JsonNode value = at(record, paths[i]);
            String text = text(value);
            values[i] = capped(value != null && value.isContainerNode() ? text : Normalizer.applyAll(steps.get(i), text));
        }
        return new AuditEntry(key == null || key.isEmpty() ? null : key, values);
    }

    private static String[] path(String dotted) {
        return dotted.split("\\.");
    }

    private static JsonNode at(JsonNode record, String[] path) {
        JsonNode node = record;
        for (String step : path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(step);
        }
        return node;
    }

    /** The comparable text of a value (see the class comment); null for nothing. */
    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue();
            return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
        }
        if (value.isContainerNode()) {
            try {
                return SORTED.writeValueAsString(SORTED.treeToValue(value, Object.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return value.toString();
            }
        }
        return value.asText();
    }

    private static String capped(String value) {
        if (value == null || value.length() <= MAX_VALUE_CHARS) {
            return value;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return value.substring(0, MAX_VALUE_CHARS - 32) + "…sha256:" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
