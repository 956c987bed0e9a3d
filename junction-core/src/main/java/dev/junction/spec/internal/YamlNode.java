package dev.junction.spec.internal;

import dev.junction.spec.SourceLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node that remembers where it was written (Jackson's {@code JsonNode} forgets). Built by
 * {@link YamlDocuments}; read by the spec readers.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    /** 1-based position of the node's first character. */
    SourceLocation location();

    /** How a message names this node: {@code 'lots'}, {@code a mapping}, {@code a list}, {@code nothing}. */
    String describe();

    enum ScalarType {
        STRING,
        INTEGER,
        FLOAT,
        BOOLEAN,
        NULL
    }

    /**
     * A scalar. {@code text} is the text as written (for numbers too: {@code 0100} stays
     * {@code 0100}); {@code value} is the typed value: String, Integer, Long, BigInteger, Double,
     * Boolean or null. Only {@code true}/{@code false} are booleans (YAML 1.2): {@code yes}, {@code no},
     * {@code on}, {@code off} are strings.
     */
    record Scalar(ScalarType type, String text, Object value, SourceLocation location) implements YamlNode {
        public boolean isNull() {
            return type == ScalarType.NULL;
        }

        @Override
        public String describe() {
            if (type == ScalarType.NULL) {
                return "nothing";
            }
            String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
            return "'" + shown.replace("\n", "\\n") + "'";
        }
    }

    /** One {@code key: value} of a mapping, with the key's own location. */
    record Entry(String key, SourceLocation keyLocation, YamlNode value) {}

    /** A mapping; keys are unique (duplicates are reported while building) and keep their order. */
    final class Mapping implements YamlNode {
        private final Map<String, Entry> entries;
        private final SourceLocation location;

        public Mapping(List<Entry> entries, SourceLocation location) {
            Map<String, Entry> byKey = new LinkedHashMap<>();
            for (Entry entry : entries) {
                byKey.putIfAbsent(entry.key(), entry);
            }
            this.entries = Collections.unmodifiableMap(byKey);
            this.location = location;
        }

        public List<Entry> entries() {
            return new ArrayList<>(entries.values());
        }

        public List<String> keys() {
            return List.copyOf(entries.keySet());
        }

        public boolean isEmpty() {
            return entries.isEmpty();
        }

        /** The entry of {@code key}, or null. */
        public Entry entry(String key) {
            return entries.get(key);
        }

        /** The value of {@code key}, or null when the key is absent. */
        public YamlNode get(String key) {
            Entry entry = entries.get(key);
            return entry == null ? null : entry.value();
        }

        @Override
        public SourceLocation location() {
            return location;
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** The node at {@code keys} below {@code node}, or null when any step is absent or not a mapping. */
    static YamlNode at(YamlNode node, String... keys) {
        YamlNode current = node;
        for (String key : keys) {
            if (!(current instanceof Mapping mapping)) {
                return null;
            }
            current = mapping.get(key);
        }
        return current;
    }

    /** {@code parent.key}, or {@code key} at the top. */
    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }
}
