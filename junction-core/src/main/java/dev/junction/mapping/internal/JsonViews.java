package dev.junction.mapping.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Read-only {@link Map} and {@link java.util.List} views of a Jackson tree, in the plain-Java shape
 * JSONata reads. Nothing is copied up front: a child is converted when the expression reaches it,
 * so an expression that reads two fields of a large record touches two fields.
 */
final class JsonViews {
    private JsonViews() {}

    static Object of(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> new ObjectView(node);
            case ARRAY -> new ArrayView(node);
            default -> JsonValues.scalar(node);
        };
    }

    private static final class ObjectView extends AbstractMap<String, Object> {
        private final JsonNode node;

        ObjectView(JsonNode node) {
            this.node = node;
        }

        @Override
        public Object get(Object key) {
            JsonNode child = key instanceof String name ? node.get(name) : null;
            return child == null ? null : of(child);
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String name && node.has(name);
        }

        @Override
        public int size() {
            return node.size();
        }

        @Override
        public boolean isEmpty() {
            return node.isEmpty();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return fields.hasNext();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            Map.Entry<String, JsonNode> field = fields.next();
                            return new SimpleImmutableEntry<>(field.getKey(), of(field.getValue()));
                        }
                    };
                }

                @Override
                public int size() {
                    return node.size();
                }
            };
        }
    }

    private static final class ArrayView extends AbstractList<Object> {
        private final JsonNode node;

        ArrayView(JsonNode node) {
            this.node = node;
        }

        @Override
        public Object get(int index) {
            JsonNode item = node.get(index);
            if (item == null) {
                throw new IndexOutOfBoundsException(index);
            }
            return of(item);
        }

        @Override
        public int size() {
            return node.size();
        }
    }
}
