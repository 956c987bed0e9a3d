package dev.junction.spec.internal;

import dev.junction.spec.RequestSpec;
import dev.junction.spec.StreamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a stream's {@code get:}, the request that fetches one record by its key:
 *
 * <pre>
 * get:
 *   path: "/v1/contacts/{{ id }}"     # method, query, headers, body as under request:
 *   record: "$.data"                  # where the record is in the answer (default: the whole body)
 *   notFound: [404, 410]              # statuses meaning the record is gone (the default)
 *   gone: { path: $.deleted, equals: true }   # a found record saying it is gone (a tombstone)
 * </pre>
 */
final class GetReader {
    private static final Pattern BODY_KEY = Pattern.compile("\\$(id|key)\\b");

    private GetReader() {}

    /** Null when the stream has no {@code get:}, or when it is not a mapping (reported). */
    static StreamSpec.GetSpec read(Fields stream, TemplateCheck templates) {
        YamlNode node = stream.node("get");
        if (node == null) {
            return null;
        }
        if (!(node instanceof YamlNode.Mapping)) {
            stream.problem("get", "expected a mapping with the request that fetches one record by its key, such as"
                    + " { path: \"/contacts/{{ id }}\" }, found " + node.describe());
            return null;
        }
        Fields g = stream.fields("get", false);
        g.allow(Schema.GET);
        if (stream.has("jsonrpc") || stream.has("soap")) {
            stream.problem("get", "a " + (stream.has("soap") ? "SOAP" : "JSON-RPC") + " stream cannot declare get: yet (its single-record call"
                    + " would need an envelope); remove get");
        }
        RequestSpec request = OperationReader.requestFields(g, Schema.DEFAULT_STREAM_METHOD, templates, StreamSpec.GetSpec.KEY_VARIABLES, true);
        if (request != null && request.path() != null && !usesKey(request)) {
            g.problem("path", "the get request must use the record's key, as {{ id }} (or {{ key }}) in path, query or a header, or $id in a JSONata body,"
                    + " such as path: \"/contacts/{{ id }}\"; otherwise every key fetches the same record");
        }
        String record = g.jsonPath("record", false);
        return new StreamSpec.GetSpec(request, record, notFound(g), gone(g));
    }

    /**
     * {@code gone: { path, equals }} or {@code gone: { path, present: true }}: the found record's field
     * whose value says the record is gone — its text is {@code equals} (one value or a list of them), or
     * it is there and not null. Null when absent or wrong (reported). {@code equals} has the shape of a
     * handshake's {@code when}.
     */
    private static StreamSpec.GetSpec.Gone gone(Fields g) {
        YamlNode node = g.node("gone");
        if (node == null) {
            return null;
        }
        if (!(node instanceof YamlNode.Mapping)) {
            g.problem("gone", "expected { path: ..., equals: ... } or { path: ..., present: true }, the field of the found record saying it is gone,"
                    + " such as gone: { path: $.deleted, equals: true }, found " + node.describe());
            return null;
        }
        Fields w = g.fields("gone", false).allow(Schema.GET_GONE);
        String path = w.jsonPath("path", true);
        Boolean present = w.bool("present", false);
        YamlNode value = w.node("equals");
        if (Boolean.TRUE.equals(present)) {
            if (value != null) {
                w.problem("equals", "give either equals (the values meaning gone) or present: true (any value means gone), not both");
                return null;
            }
            return path == null ? null : StreamSpec.GetSpec.Gone.whenPresent(path);
        }
        if (value == null) {
            w.required("equals", true); // reported as missing: one of equals and present: true is
            return null;
        }
        List<String> equals = w.texts("equals", "the value's text when the record is gone", " that means the record is gone");
        return path == null || equals == null ? null : StreamSpec.GetSpec.Gone.anyOf(path, equals);
    }

    private static boolean usesKey(RequestSpec request) {
        return PartitionReader.variables(request).stream().anyMatch(StreamSpec.GetSpec.KEY_VARIABLES::contains)
                || request.body() != null && BODY_KEY.matcher(request.body()).find();
    }

    /** {@code notFound}: a status or a list of statuses (200 to 599); the default when absent. */
    private static List<Integer> notFound(Fields g) {
        YamlNode node = g.node("notFound");
        if (node == null) {
            return StreamSpec.GetSpec.DEFAULT_NOT_FOUND;
        }
        List<YamlNode> items = node instanceof YamlNode.Sequence list ? list.items() : List.of(node);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            Integer status = item instanceof YamlNode.Scalar s ? Fields.asInt(s) : null;
            if (status == null || status < 201 || status > 599) {
                String where = node instanceof YamlNode.Sequence ? g.child("notFound") + "[" + i + "]" : g.child("notFound");
                g.problems().add(item.location(), where, "expected an HTTP status code meaning the record is gone (201 to 599), such as"
                        + " notFound: [404, 410], found " + item.describe());
                continue;
            }
            out.add(status);
        }
        return List.copyOf(out);
    }
}
