package dev.junction.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.http.CallContext;
import dev.junction.json.JsonPath;
import dev.junction.spec.StreamSpec;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The records of a sub-stream's parent stream, page by page, each read in full. A plain parent is
 * read as it is. A parent that is a sub-stream itself (two levels of nesting) is read once per
 * grandparent record (once per key, in the grandparent's order), with the grandparent's fields as
 * its variables ({@code parent.FIELD}, {@code $parent}); each of its records gets the
 * grandparent's key as field {@code as} of the parent's {@code parent:} settings, and is named
 * {@code GRANDKEY/} before its own key, since a parent's key need only be unique within its
 * grandparent. Used by one thread.
 */
final class ParentRecords {
    /** A parent record and what goes before its key in the partition's name ({@code ""}, or {@code GRANDKEY/}). */
    record Keyed(String prefix, JsonNode record) {}

    private final ConnectionClient client;
    private final String stream;
    private final StreamSpec.ParentSpec grand;
    private final CallContext context;
    private final PageReader top;
    private final JsonPath grandKey;
    private final ArrayDeque<JsonNode> grandparents = new ArrayDeque<>();
    private final Set<String> seenGrandparents = new HashSet<>();
    private int grandIndex;
    private PageReader current;
    private JsonNode currentKey;

    /** {@code grand}: the parent stream's own {@code parent:} settings, null for a plain parent. */
    ParentRecords(ConnectionClient client, String stream, StreamSpec.ParentSpec grand, CallContext context) {
        this.client = client;
        this.stream = stream;
        this.grand = grand;
        this.context = context;
        this.top = client.readStream(grand == null ? stream : grand.stream(), ReadOptions.full(context));
        this.grandKey = grand == null ? null : JsonPath.parse(grand.key());
    }

    /** The next page of parent records (may be empty), or null once they are all read. */
    List<Keyed> nextPage() {
        if (grand == null) {
            return top.nextPage().map(page -> page.records().stream().map(r -> new Keyed("", r)).toList()).orElse(null);
        }
        while (true) {
            if (current != null) {
                Optional<Page> page = current.nextPage();
                if (page.isPresent()) {
                    String as = grand.as() == null ? StreamSpec.ParentSpec.DEFAULT_AS : grand.as();
                    return page.get().records().stream().map(r -> {
                        if (r instanceof ObjectNode object) {
                            object.set(as, currentKey);
                        }
                        return new Keyed(currentKey.asText() + "/", r);
                    }).toList();
                }
                current = null;
            }
            if (grandparents.isEmpty()) {
                Optional<Page> page = top.nextPage();
                if (page.isEmpty()) {
                    return null;
                }
                grandparents.addAll(page.get().records());
                continue;
            }
            JsonNode grandparent = grandparents.poll();
            JsonNode key = ParentPartitions.requireKey(grandKey, grandparent, ++grandIndex, grand, stream);
            if (seenGrandparents.add(key.asText())) {
                Map<String, String> variables = new LinkedHashMap<>();
                ParentPartitions.flatten("parent", grandparent, variables, 0);
                ObjectNode bindings = JsonNodeFactory.instance.objectNode();
                bindings.set("parent", grandparent);
                currentKey = key;
                current = client.readStream(stream, new ReadOptions(null, context, variables, bindings));
            }
        }
    }
}
