package dev.junction.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.ConnectorException;
import dev.junction.http.CallContext;
import dev.junction.json.JsonPath;
import dev.junction.spec.StreamSpec;
import dev.junction.sync.Partitions;
import dev.junction.sync.RecordSource;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A sub-stream: its parent stream is read in full, page by page as partitions are needed, and each
 * parent record (once per key) is a partition {@code parent:KEY}. The parent's fields are the
 * request's variables {@code parent.FIELD} (nested objects as {@code parent.a.b}); each child
 * record gets the parent's key as field {@code as}. A parent that is a sub-stream itself is read
 * through {@link ParentRecords}: its partitions are then {@code parent:GRANDKEY/KEY}.
 */
final class ParentPartitions implements Partitions {
    private static final int MAX_DEPTH = 4;
    private final StreamSource stream;
    private final ConnectionClient client;
    private final StreamSpec.ParentSpec parent;
    private final String tenant;
    private final JsonPath keyPath;

    ParentPartitions(StreamSource stream, ConnectionClient client, StreamSpec.ParentSpec parent, String tenant) {
        this.stream = stream;
        this.client = client;
        this.parent = parent;
        this.tenant = tenant;
        this.keyPath = JsonPath.parse(parent.key());
    }

    @Override
    public Iterator<Partition> list(String streamCheckpoint, String runId) {
        CallContext context = new CallContext(runId, tenant, client.name(), List.of(), true);
        StreamSpec parentSpec = client.connector().streams().get(parent.stream());
        ParentRecords parents = new ParentRecords(client, parent.stream(), parentSpec.parent(), context);
        return new Iterator<>() {
            private final ArrayDeque<Partition> ready = new ArrayDeque<>();
            private final Set<String> seen = new HashSet<>();
            private int index;
            private boolean ended;

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && !ended) {
                    List<ParentRecords.Keyed> page = parents.nextPage();
                    if (page == null) {
                        ended = true;
                    } else {
                        page.forEach(this::add);
                    }
                }
                return !ready.isEmpty();
            }

            private void add(ParentRecords.Keyed keyed) {
                index++;
                JsonNode record = keyed.record();
                JsonNode key = requireKey(keyPath, record, index, parent, streamName());
                String name = keyed.prefix() + key.asText();
                if (seen.add(name)) {
                    Map<String, String> variables = new LinkedHashMap<>();
                    flatten("parent", record, variables, 0);
                    ObjectNode values = JsonNodeFactory.instance.objectNode();
                    values.set("parent", record);
                    ready.add(new Partition("parent:" + name, null, variables, key, values));
                }
            }

            @Override
            public Partition next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    @Override
    public int parallel() {
        return parent.parallel();
    }

    @Override
    public RecordSource.Reader open(Partition partition, String checkpoint, String runId) {
        String as = parent.as() == null ? StreamSpec.ParentSpec.DEFAULT_AS : parent.as();
        return stream.open(checkpoint, runId, partition.variables(), partition.values(), record -> {
            if (record instanceof ObjectNode object) {
                object.set(as, partition.parentKey());
            }
            return record;
        });
    }

    private String streamName() {
        return stream.name();
    }

    /** The value at the parent key of {@code record}, the {@code index}th of its stream; a record without one fails the read. */
    static JsonNode requireKey(JsonPath keyPath, JsonNode record, int index, StreamSpec.ParentSpec parent, String child) {
        JsonNode key = keyPath.find(record);
        if (key.isMissingNode() || key.isNull() || !key.isValueNode() || key.asText().isEmpty()) {
            throw new ConnectorException("record " + index + " of stream '" + parent.stream() + "' has no value at '" + parent.key()
                    + "', the parent key of sub-stream '" + child + "'");
        }
        return key;
    }

    /** Scalars of the record as variables {@code parent.a}, {@code parent.a.b}; arrays and nulls are left out. */
    static void flatten(String prefix, JsonNode node, Map<String, String> out, int depth) {
        if (node.isObject() && depth < MAX_DEPTH) {
            node.properties().forEach(e -> flatten(prefix + "." + e.getKey(), e.getValue(), out, depth + 1));
        } else if (node.isValueNode() && !node.isNull()) {
            out.put(prefix, node.asText());
        }
    }
}
