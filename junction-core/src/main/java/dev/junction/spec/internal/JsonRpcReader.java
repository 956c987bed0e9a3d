package dev.junction.spec.internal;

import dev.junction.spec.ErrorRuleSpec;
import dev.junction.spec.RequestSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jsonrpc: { method, params }} on a stream or an action, turned into what the runtime
 * already knows: a POST whose body is the JSON-RPC 2.0 envelope (a JSONata expression, so
 * {@code params} sees {@code $cursor}/{@code $since} or {@code $record}), and error rules that
 * turn the envelope's {@code error} object into a normalized error: the reserved server codes
 * (-32000 to -32099) and internal errors (-32603) are retryable, every other code permanent.
 */
final class JsonRpcReader {
    /** Server errors and internal errors: worth another try. */
    static final String RETRYABLE_CODES = "\"code\"\\s*:\\s*-32(0[0-9][0-9]|603)(?![0-9])";

    record Call(String method, String params) {}

    private JsonRpcReader() {}

    /** Null when {@code jsonrpc} is absent or has problems (reported). */
    static Call read(Fields owner) {
        Fields j = owner.has("jsonrpc") ? owner.fields("jsonrpc", false) : null;
        if (j == null) {
            return null;
        }
        j.allow(Schema.JSONRPC);
        String method = j.string("method", true);
        String params = j.string("params", false);
        if (params != null) {
            String error = Expressions.jsonataError(params);
            if (error != null) {
                j.problem("params", error);
                return null;
            }
        }
        return method == null ? null : new Call(method, params);
    }

    /**
     * The request as a POST with the envelope as its body; a batch action sends an array of
     * envelopes, one per record, with ids 1, 2, ... in record order.
     */
    static RequestSpec request(Fields owner, RequestSpec request, Call call, boolean batch) {
        if (request == null || call == null) {
            return request;
        }
        if (request.body() != null) {
            owner.problem("jsonrpc", "a JSON-RPC call builds its request body from method and params; remove request.body");
        }
        String body = batch ? "$map($records, function($record, $i) { " + envelope(call, "$i + 1") + " })" : envelope(call, "1");
        return new RequestSpec("POST", request.path(), request.query(), request.headers(), body);
    }

    /** The owner's rules first, then the JSON-RPC ones. */
    static List<ErrorRuleSpec> errors(List<ErrorRuleSpec> own, Call call) {
        if (call == null) {
            return own;
        }
        List<ErrorRuleSpec> rules = new ArrayList<>(own == null ? List.of() : own);
        rules.add(new ErrorRuleSpec(null, "$.error.code", null, RETRYABLE_CODES, "retryable", "$.error.message"));
        rules.add(new ErrorRuleSpec(null, "$.error", null, null, "permanent", "$.error.message"));
        return rules;
    }

    private static String envelope(Call call, String id) {
        return "{\"jsonrpc\": \"2.0\", \"method\": " + quoted(call.method()) + (call.params() == null ? "" : ", \"params\": (" + call.params() + ")")
                + ", \"id\": " + id + "}";
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
