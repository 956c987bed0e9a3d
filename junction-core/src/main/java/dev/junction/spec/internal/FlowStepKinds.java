package dev.junction.spec.internal;

import dev.junction.spec.FlowSpec;
import dev.junction.spec.SourceLocation;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the flow steps beyond the first slice's ({@code lookup}, {@code forEach}, {@code flow}, a
 * {@code call} with a raw {@code request}) and every step's {@code onError}, {@code retry} and
 * {@code timeout}, with the {@link FlowReader} whose step names ({@link FlowStepScope}) and problems they share.
 */
final class FlowStepKinds {
    /** The most a forEach may run at once ({@code forEach.concurrency}). */
    static final int MAX_FOR_EACH_CONCURRENCY = 16;
    /** The highest {@code limits.items}. */
    static final int MAX_ITEMS_LIMIT = 100_000;
    /** The highest {@code limits.concurrency}. */
    static final int MAX_FLOW_CONCURRENCY = 1000;
    static final int MAX_RETRY_ATTEMPTS = 10;
    private static final Set<String> RESERVED_ITEM_NAMES = Set.of("input", "steps", "error");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    private static final List<String> ON_ERROR_WORDS = List.of("fail", "catch", "continue");

    private FlowStepKinds() {}

    /** {@code lookup: { connection, stream, match, value }}. */
    static FlowSpec.Step lookup(FlowReader reader, Fields step, String name, SourceLocation location) {
        Fields l = step.fields("lookup", true);
        if (l == null) {
            return null;
        }
        l.allow(Schema.FLOW_LOOKUP);
        String connection = l.string("connection", true);
        String stream = l.string("stream", true);
        String match = l.jsonPath("match", true);
        FlowSpec.Template value = reader.template(l, "value", true);
        return new FlowSpec.Lookup(name, connection, stream, match, value, location);
    }

    /** {@code forEach: { over, as, concurrency, steps }}: the names of its steps are readable only inside it. */
    static FlowSpec.Step forEach(FlowReader reader, Fields step, String name, SourceLocation location) {
        Fields f = step.fields("forEach", true);
        if (f == null) {
            reader.scope().declare(name, step);
            return null;
        }
        f.allow(Schema.FLOW_FOR_EACH);
        FlowSpec.Template over = reader.template(f, "over", true);
        String as = f.string("as", false, "item");
        if (as != null && (!FlowReader.STEP_NAME.matcher(as).matches() || RESERVED_ITEM_NAMES.contains(as))) {
            f.problem("as", "'" + as + "' cannot name the item; expected letters, digits and _ (not input, steps or error), such as item");
            as = null;
        }
        Integer concurrency = atMost(f, "concurrency", 1, MAX_FOR_EACH_CONCURRENCY);
        reader.scope().declare(name, step);
        List<FlowSpec.Step> steps = reader.scope().forEach(name, () -> {
            YamlNode list = f.required("steps", true);
            List<FlowSpec.Step> inner = list == null ? null : reader.steps(list, f.child("steps"), f.keyLocation("steps"));
            if (inner != null && inner.isEmpty()) {
                f.problem("steps", "expected at least one step to run per item, found none");
            }
            return inner;
        });
        return new FlowSpec.ForEach(name, over, as == null ? "item" : as, concurrency == null ? 1 : concurrency, steps == null ? List.of() : steps,
                location);
    }

    /** {@code flow: { name, input }}: another applied flow, run with {@code input}. */
    static FlowSpec.Step subFlow(FlowReader reader, Fields step, String name, SourceLocation location) {
        Fields f = step.fields("flow", true);
        if (f == null) {
            return null;
        }
        f.allow(Schema.FLOW_SUB_FLOW);
        String flow = f.string("name", true);
        FlowSpec.Template input = f.has("input") ? reader.template(f, "input", false) : null;
        return new FlowSpec.SubFlow(name, flow, input, location);
    }

    /** {@code call: { connection, request: { method, path, query, headers, body } }}. */
    static FlowSpec.Step rawCall(FlowReader reader, Fields step, String name, SourceLocation location) {
        Fields c = step.fields("call", true);
        if (c == null) {
            return null;
        }
        c.allow(Schema.FLOW_CALL);
        String connection = c.string("connection", true);
        for (String other : List.of("action", "stream", "record", "key")) {
            if (c.has(other)) {
                c.problem(other, "a call with request: sends that request as it is; it takes no " + other + " (use either request or action/stream)");
            }
        }
        Fields r = c.fields("request", true);
        if (r == null) {
            return null;
        }
        r.allow(Schema.FLOW_REQUEST);
        String method = r.string("method", false, "GET");
        if (method != null && !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            r.problem("method", "expected one of " + String.join(", ", METHODS.stream().sorted().toList()) + ", found '" + method + "'");
        }
        FlowSpec.Template path = reader.template(r, "path", true);
        if (path != null && path.node().isTextual() && !path.node().asText().startsWith("=") && !path.node().asText().startsWith("/")) {
            r.problem("path", "expected a path below the connector's base URL starting with /, such as /v1/contacts, found '"
                    + path.node().asText() + "'");
        }
        FlowSpec.Template query = r.has("query") ? objectTemplate(reader, r, "query") : null;
        FlowSpec.Template headers = r.has("headers") ? objectTemplate(reader, r, "headers") : null;
        FlowSpec.Template body = r.has("body") ? reader.template(r, "body", false) : null;
        return new FlowSpec.RawCall(name, connection, method == null ? "GET" : method.toUpperCase(Locale.ROOT), path, query, headers, body,
                location);
    }

    private static FlowSpec.Template objectTemplate(FlowReader reader, Fields r, String key) {
        YamlNode node = r.node(key);
        if (!(node instanceof YamlNode.Mapping) && !(node instanceof YamlNode.Scalar s && s.text().startsWith("="))) {
            r.problem(key, "expected a mapping of names to values (or \"= expression\" giving one), found " + node.describe());
            return null;
        }
        return reader.template(r, key, false);
    }

    /** A step's {@code onError}, {@code retry} and {@code timeout}, kept under its name when any is set. */
    static void policy(FlowReader reader, Fields step, String name) {
        if (!step.has("onError") && !step.has("retry") && !step.has("timeout")) {
            return;
        }
        if (step.has("respond") || step.has("fail")) {
            for (String key : List.of("onError", "retry", "timeout")) {
                if (step.has(key)) {
                    step.problem(key, "a " + (step.has("respond") ? "respond" : "fail") + " step ends the execution itself; it takes no " + key);
                }
            }
            return;
        }
        FlowSpec.OnError onError = step.has("onError") ? onError(reader, step, "onError") : null;
        FlowSpec.Retry retry = null;
        if (step.has("retry")) {
            Fields r = step.fields("retry", false);
            if (r != null) {
                r.allow(Schema.FLOW_RETRY);
                Integer attempts = atMost(r, "attempts", 3, MAX_RETRY_ATTEMPTS);
                Duration backoff = r.duration("backoff", false, Duration.ofSeconds(1), false);
                retry = new FlowSpec.Retry(attempts == null ? 3 : attempts, backoff == null ? Duration.ofSeconds(1) : backoff);
            }
        }
        Duration timeout = step.has("timeout") ? step.duration("timeout", false, null, true) : null;
        if (name != null) {
            reader.policies.put(name, new FlowSpec.StepPolicy(onError, retry, timeout));
        }
    }

    /** {@code onError: fail | catch | continue}, or {@code onError: { compensate: [steps] }} (its steps then the failure). */
    static FlowSpec.OnError onError(FlowReader reader, Fields owner, String key) {
        YamlNode node = owner.node(key);
        if (node instanceof YamlNode.Scalar s && ON_ERROR_WORDS.contains(s.text())) {
            return new FlowSpec.OnError(FlowSpec.OnError.Mode.valueOf(s.text().toUpperCase(Locale.ROOT)), List.of());
        }
        if (!(node instanceof YamlNode.Mapping)) {
            owner.problem(key, "expected fail, catch, continue or { compensate: [steps] }, found " + node.describe());
            return null;
        }
        Fields c = owner.fields(key, false);
        c.allow(Schema.FLOW_ON_ERROR);
        YamlNode list = c.required("compensate", true);
        if (list == null) {
            return null;
        }
        List<FlowSpec.Step> steps = reader.steps(list, c.child("compensate"), c.keyLocation("compensate"));
        if (steps != null && steps.isEmpty()) {
            c.problem("compensate", "expected at least one step to run before the execution fails, found none");
        }
        if (steps != null && steps.stream().anyMatch(s -> s instanceof FlowSpec.Respond)) {
            c.problem("compensate", "a compensation runs before the execution fails; it cannot respond (use fail: to choose the answer)");
        }
        return steps == null ? null : new FlowSpec.OnError(FlowSpec.OnError.Mode.COMPENSATE, steps);
    }

    /** A positive whole number up to {@code max}; null (reported) when it is not. */
    static Integer atMost(Fields f, String key, Integer fallback, int max) {
        Integer value = f.positiveInt(key, false, fallback);
        if (value != null && value > max) {
            f.problem(key, "expected at most " + max + ", found " + value);
            return null;
        }
        return value;
    }
}
