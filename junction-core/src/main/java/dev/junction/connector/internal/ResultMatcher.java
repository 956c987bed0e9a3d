package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.connector.RecordOutcome;
import dev.junction.json.JsonPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code results.matchBy} of an action: which result item belongs to which record of a call, by the
 * text of a value in each ({@code asText()}: a number or boolean as its JSON text), in any order, so
 * the answer may leave records out (HubSpot's 207 Multi-Status) or list them in its own order. A
 * record without a usable value, or with the value of an earlier record of the call, is not sent:
 * its result could not be told apart. Reasons name the paths, never a record's value. Thread-safe.
 */
final class ResultMatcher {
    private final String action;
    private final JsonPath result;
    private final JsonPath record;

    /**
     * @param result the path of the value inside a result item
     * @param record the path of the value inside a record, as the action is given it
     */
    ResultMatcher(String action, JsonPath result, JsonPath record) {
        this.action = action;
        this.result = result;
        this.record = record;
    }

    /**
     * The records of one call, split into those to send and those refused before sending.
     *
     * @param keys the records' keys (for messages), or a list of another size when not known
     */
    Split split(List<JsonNode> records, List<String> keys) {
        String[] refused = new String[records.size()];
        Map<String, Integer> first = new HashMap<>();
        List<JsonNode> sent = new ArrayList<>(records.size());
        List<String> values = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            JsonNode node = record.find(records.get(i));
            String problem = problem(node);
            if (problem == null && first.containsKey(node.asText())) {
                int earlier = first.get(node.asText());
                problem = "the record's value at '" + record + "' (results.matchBy.record) repeats that of " + (keys.size() == records.size()
                        ? "record '" + keys.get(earlier) + "'" : "record " + (earlier + 1)) + " of the same call, so their results could not be told apart";
            }
            if (problem != null) {
                refused[i] = "action '" + action + "': " + problem + "; the record was not sent";
                continue;
            }
            first.put(node.asText(), i);
            sent.add(records.get(i));
            values.add(node.asText());
        }
        return new Split(List.copyOf(sent), List.copyOf(values), refused);
    }

    /** What is wrong with a record's value to match by, or null when it is a usable one. */
    private String problem(JsonNode node) {
        String what;
        if (node.isMissingNode()) {
            what = "has no value";
        } else if (node.isNull()) {
            what = "has null";
        } else if (node.isContainerNode()) {
            what = "has " + (node.isArray() ? "an array" : "an object") + " (it takes text, a number or a boolean)";
        } else if (node.asText().isBlank()) {
            what = "has a blank value";
        } else {
            return null;
        }
        return "the record " + what + " at '" + record + "' (results.matchBy.record), which matches it to its result";
    }

    /**
     * For each value sent, the first item of {@code items} whose value at the result path has its
     * text; null where there is none. Items that match no value are left out.
     */
    List<JsonNode> match(JsonNode items, List<String> values) {
        Map<String, JsonNode> byValue = new HashMap<>();
        for (JsonNode item : items) {
            JsonNode value = result.find(item);
            if (value.isValueNode() && !value.isNull()) {
                byValue.putIfAbsent(value.asText(), item);
            }
        }
        List<JsonNode> matched = new ArrayList<>(values.size());
        values.forEach(value -> matched.add(byValue.get(value)));
        return matched;
    }

    /** The outcome of a record sent that no item of an answer with HTTP {@code status} matches. */
    RecordOutcome noResult(int status) {
        String by = result.toString().equals(record.toString()) ? result.toString()
                : "the record's " + record + " and the result's " + result;
        return RecordOutcome.failure("action '" + action + "': the answer" + (status == 207 ? " (HTTP 207 Multi-Status)" : "")
                + " has no result for this record (results matched by " + by + ")");
    }

    /**
     * The records of a call: {@link #sent} (their values in {@link #values}, in the same order) and
     * the reason of each refused one by its index in the call (null for a record sent).
     */
    record Split(List<JsonNode> sent, List<String> values, String[] refused) {
        /** The keys of the records sent, when {@code keys} has one per record of the call; else {@code keys}. */
        List<String> sentKeys(List<String> keys) {
            if (keys.size() != refused.length) {
                return keys;
            }
            List<String> out = new ArrayList<>(sent.size());
            for (int i = 0; i < refused.length; i++) {
                if (refused[i] == null) {
                    out.add(keys.get(i));
                }
            }
            return out;
        }

        /** Every record's outcome in call order: the refused ones' failures and, in turn, {@code outcomes} of those sent. */
        List<RecordOutcome> merge(List<RecordOutcome> outcomes) {
            List<RecordOutcome> out = new ArrayList<>(refused.length);
            int next = 0;
            for (String reason : refused) {
                out.add(reason != null ? RecordOutcome.failure(reason) : outcomes.get(next++));
            }
            return out;
        }
    }

    /**
     * A JSON-RPC 2.0 batch may answer in any order: envelopes (items with {@code "jsonrpc": "2.0"}) are put back in record
     * order by their ids 1, 2, ..., which is how the batch was sent; other items stay as they are.
     *
     * @throws IllegalArgumentException when the envelopes do not hold each id once, saying which entry: "has an entry with id ..."
     */
    static List<JsonNode> inIdOrder(JsonNode items) {
        List<JsonNode> list = new ArrayList<>(items.size());
        items.forEach(list::add);
        if (list.isEmpty() || !"2.0".equals(list.get(0).path("jsonrpc").asText())) {
            return list;
        }
        JsonNode[] ordered = new JsonNode[list.size()];
        for (JsonNode item : list) {
            JsonNode id = item.path("id");
            int at = id.isIntegralNumber() ? id.asInt() : -1;
            if (at < 1 || at > ordered.length || ordered[at - 1] != null) {
                throw new IllegalArgumentException("has an entry with id " + (id.isMissingNode() ? "missing" : id.toString())
                        + ", expected each of the ids 1 to " + ordered.length + " once");
            }
            ordered[at - 1] = item;
        }
        return List.of(ordered);
    }
}
