package dev.junction.spec.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.flow.JsonSchemaCheck;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.FlowSpec;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.SyncSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code kind: Flow} document: trigger, input/output JSON Schemas, limits and steps, every
 * expression parsed and every {@code steps.NAME} it reads checked against the steps written before
 * it; then ({@link #crossCheck}) the connections, actions and streams its calls name.
 */
public final class FlowReader {
    /** Step names are JSONata field names, so {@code steps.NAME.output} needs no quoting. */
    static final Pattern STEP_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_STEPS_LIMIT = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Problems problems;
    private final MappingContext mappingContext;
    /** The step names the steps being read may use, and the check of their references. */
    private final FlowStepScope scope;
    /** Each step's onError, retry and timeout when it sets one. */
    final Map<String, FlowSpec.StepPolicy> policies = new HashMap<>();

    FlowReader(Problems problems, MappingContext mappingContext) {
        this.problems = problems;
        this.mappingContext = mappingContext;
        this.scope = new FlowStepScope(problems);
    }

    public static FlowSpec read(Fields root, SourceLocation location) {
        root.allow(Schema.FLOW);
        String name = root.name("name");
        String description = root.string("description", false);
        FlowSpec.Trigger trigger = trigger(root);
        JsonNode input = schema(root, "input");
        JsonNode output = schema(root, "output");
        FlowSpec.Limits limits = limits(root);
        MappingContext context = new MappingContext(Map.of(), limits.expressionTimeout(), limits.maxDepth());
        FlowReader reader = new FlowReader(root.problems(), context);
        List<FlowSpec.Step> steps = null;
        YamlNode list = root.required("steps", true);
        if (list != null) {
            steps = reader.steps(list, "steps", root.keyLocation("steps"));
            if (steps != null && steps.isEmpty()) {
                root.problem("steps", "expected at least one step, found none");
            }
        }
        FlowSpec.OnError onError = root.has("onError") ? FlowStepKinds.onError(reader, root, "onError") : null;
        return new FlowSpec(name, description, trigger, input, output, steps, limits, location, reader.policies, onError);
    }

    /** {@code trigger: { api: {} }}, {@code { manual: {} }} or both; absent: manual only. */
    private static FlowSpec.Trigger trigger(Fields root) {
        if (!root.has("trigger")) {
            return FlowSpec.Trigger.MANUAL;
        }
        Fields t = root.fields("trigger", false);
        if (t == null) {
            return null;
        }
        t.allow(Schema.FLOW_TRIGGERS);
        for (String key : List.of("api", "manual")) {
            YamlNode value = t.node(key);
            if (value != null && !(value instanceof YamlNode.Mapping) && !(value instanceof YamlNode.Scalar s && s.isNull())) {
                t.problem(key, "expected {} (its settings come in later versions), found " + value.describe());
            }
        }
        if (Schema.FLOW_TRIGGERS.stream().noneMatch(t::has)) {
            root.problem("trigger", "expected api: {}, manual: {}, schedule:, webhook: or poll: (one or more), found none");
            return null;
        }
        dev.junction.spec.ScheduleSpec schedule = ScheduleReader.schedule(t);
        SyncSpec.Webhook webhook = null;
        Fields w = t.has("webhook") ? t.fields("webhook", false) : null;
        if (w != null) {
            w.allow(Schema.FLOW_WEBHOOK);
            String connection = w.string("connection", true);
            List<String> events = w.has("events") ? ScheduleReader.events(w) : List.of("*");
            webhook = connection == null || events == null ? null : new SyncSpec.Webhook(connection, events);
        }
        return new FlowSpec.Trigger(t.has("api"), t.has("manual"), schedule, webhook, FlowTriggerCheck.poll(t));
    }

    /** {@code input:} / {@code output:}: a JSON Schema (2020-12) written as YAML; null when absent. */
    private static JsonNode schema(Fields root, String key) {
        YamlNode node = root.node(key);
        if (node == null) {
            return null;
        }
        if (!(node instanceof YamlNode.Mapping)) {
            root.problem(key, "expected a JSON Schema (a mapping such as { type: object, properties: {...} }), found " + node.describe());
            return null;
        }
        JsonNode schema = json(node);
        String error = JsonSchemaCheck.compileError(schema);
        if (error != null) {
            root.problem(key, "not a usable JSON Schema: " + error);
            return null;
        }
        return schema;
    }

    private static FlowSpec.Limits limits(Fields root) {
        FlowSpec.Limits d = FlowSpec.Limits.DEFAULT;
        Fields l = root.has("limits") ? root.fields("limits", false) : null;
        if (l == null) {
            return d;
        }
        l.allow(Schema.FLOW_LIMITS);
        Integer steps = l.positiveInt("steps", false, d.steps());
        if (steps != null && steps > MAX_STEPS_LIMIT) {
            l.problem("steps", "expected at most " + MAX_STEPS_LIMIT + ", found " + steps);
            steps = null;
        }
        Duration timeout = l.duration("expressionTimeout", false, d.expressionTimeout(), true);
        Integer depth = l.positiveInt("maxDepth", false, d.maxDepth());
        if (depth != null && depth > MappingContext.MAX_DEPTH_LIMIT) {
            l.problem("maxDepth", "expected at most " + MappingContext.MAX_DEPTH_LIMIT + ", found " + depth);
            depth = null;
        }
        Integer items = FlowStepKinds.atMost(l, "items", d.items(), FlowStepKinds.MAX_ITEMS_LIMIT);
        Integer concurrency = FlowStepKinds.atMost(l, "concurrency", null, FlowStepKinds.MAX_FLOW_CONCURRENCY);
        return new FlowSpec.Limits(steps == null ? d.steps() : steps, timeout == null ? d.expressionTimeout() : timeout,
                depth == null ? d.maxDepth() : depth, items == null ? d.items() : items, concurrency == null ? d.concurrency() : concurrency);
    }

    /** A list of steps (the flow's, or a branch's {@code then}/{@code else}); null when not a list. */
    List<FlowSpec.Step> steps(YamlNode node, String path, SourceLocation owner) {
        if (!(node instanceof YamlNode.Sequence list)) {
            problems.add(node.location(), path, "expected a list of steps (- name: ..., call/map/branch/respond/fail/wait: ...), found " + node.describe());
            return null;
        }
        List<FlowSpec.Step> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            Fields step = Fields.of(item, path + "[" + i + "]", item.location(), problems);
            if (step != null) {
                FlowSpec.Step read = step(step);
                if (read != null) {
                    out.add(read);
                }
            }
        }
        return List.copyOf(out);
    }

    private FlowSpec.Step step(Fields step) {
        step.allow(Schema.FLOW_STEP);
        String name = step.string("name", true);
        if (name != null && !STEP_NAME.matcher(name).matches()) {
            step.problem("name", "'" + name + "' is not a step name; expected letters, digits and _, not starting with a digit"
                    + " (later steps read it as steps." + name.replaceAll("[^A-Za-z0-9_]", "_") + ".output)");
            name = null;
        }
        List<String> kinds = Schema.FLOW_STEP_KINDS.stream().filter(step::has).toList();
        if (kinds.size() != 1) {
            problems.add(step.mapping().location(), step.path(), "expected exactly one of " + String.join(", ", Schema.FLOW_STEP_KINDS)
                    + ", found " + (kinds.isEmpty() ? "none" : String.join(" and ", kinds)));
            scope.declare(name, step);
            return null;
        }
        String kind = kinds.getFirst();
        SourceLocation location = step.mapping().location();
        // the step's own expressions may read only steps before it: declare it afterwards (a branch's
        // nested steps come after the branch step itself, so they may read it)
        FlowSpec.Step read = switch (kind) {
            case "call" -> step.node("call") instanceof YamlNode.Mapping m && m.get("request") != null ? FlowStepKinds.rawCall(this, step, name, location)
                    : call(step, name, location);
            case "lookup" -> FlowStepKinds.lookup(this, step, name, location);
            case "forEach" -> FlowStepKinds.forEach(this, step, name, location);
            case "flow" -> FlowStepKinds.subFlow(this, step, name, location);
            case "map" -> map(step, name, location);
            case "respond" -> respond(step, name, location);
            case "fail" -> fail(step, name, location);
            case "wait" -> FlowWaitReader.read(step, name, location, this::expression);
            default -> branch(step, name, location);
        };
        if (!"branch".equals(kind) && !"forEach".equals(kind)) {
            scope.declare(name, step);
        }
        FlowStepKinds.policy(this, step, name);
        return read;
    }

    private FlowSpec.Step call(Fields step, String name, SourceLocation location) {
        Fields c = step.fields("call", true);
        if (c == null) {
            return null;
        }
        c.allow(Schema.FLOW_CALL);
        String connection = c.string("connection", true);
        boolean action = c.has("action");
        boolean stream = c.has("stream");
        if (action == stream) {
            problems.add(c.mapping().location(), c.path(), "expected either action (call it with one record) or stream (read a record by key,"
                    + " or its first page), found " + (action ? "both" : "neither"));
            return null;
        }
        if (action && c.has("key")) {
            c.problem("key", "key reads one record of a stream; an action takes record: instead");
        }
        if (stream && c.has("record")) {
            c.problem("record", "record is what an action is called with; a stream takes key: (the record to get) instead");
        }
        FlowSpec.Template record = action ? template(c, "record", true) : null;
        FlowSpec.Template key = stream && c.has("key") ? template(c, "key", false) : null;
        return new FlowSpec.Call(name, connection, action ? c.string("action", true) : null, stream ? c.string("stream", true) : null, record, key,
                location);
    }

    private FlowSpec.Step map(Fields step, String name, SourceLocation location) {
        Fields m = step.fields("map", true);
        if (m == null) {
            return null;
        }
        m.allow(Schema.FLOW_MAP);
        FlowSpec.Template from = m.has("from") ? template(m, "from", false) : new FlowSpec.Template(com.fasterxml.jackson.databind.node.TextNode.valueOf("= input"));
        List<FieldMapping> mapping = null;
        Fields lines = m.fields("mapping", true);
        if (lines != null) {
            if (lines.mapping().isEmpty()) {
                m.problem("mapping", "expected at least one field, found none");
            } else {
                mapping = MappingReader.lines(lines, mappingContext);
                scope.checkTemplate(lines.mapping(), lines.path(), false); // its = lines read earlier steps too; the mapping reader reports parse errors
            }
        }
        return new FlowSpec.MapStep(name, from, mapping, location);
    }

    private FlowSpec.Step branch(Fields step, String name, SourceLocation location) {
        Fields b = step.fields("branch", true);
        if (b == null) {
            scope.declare(name, step);
            return null;
        }
        b.allow(Schema.FLOW_BRANCH);
        String condition = expression(b, "if");
        scope.declare(name, step);
        List<FlowSpec.Step> then = b.has("then") ? steps(b.node("then"), b.child("then"), b.keyLocation("then")) : List.of();
        List<FlowSpec.Step> otherwise = b.has("else") ? steps(b.node("else"), b.child("else"), b.keyLocation("else")) : List.of();
        if (!b.has("then") && !b.has("else")) {
            problems.add(b.mapping().location(), b.path(), "expected then:, else: or both (lists of steps), found neither");
        }
        return new FlowSpec.Branch(name, condition, then, otherwise, location);
    }

    private FlowSpec.Step respond(Fields step, String name, SourceLocation location) {
        Fields r = step.fields("respond", true);
        if (r == null) {
            return null;
        }
        if (scope.insideForEach()) {
            step.problem("respond", "respond ends the whole execution, so it cannot run per item of a forEach; let the forEach end and respond after it");
        }
        r.allow(Schema.FLOW_RESPOND);
        Integer status = status(r, 200, 200, 299);
        FlowSpec.Template body = r.has("body") ? template(r, "body", false) : null;
        return new FlowSpec.Respond(name, status == null ? 200 : status, body, location);
    }

    private FlowSpec.Step fail(Fields step, String name, SourceLocation location) {
        Fields f = step.fields("fail", true);
        if (f == null) {
            return null;
        }
        f.allow(Schema.FLOW_FAIL);
        Integer status = status(f, 500, 400, 599);
        FlowSpec.Template message = template(f, "message", true);
        return new FlowSpec.Fail(name, status == null ? 500 : status, message, location);
    }

    private static Integer status(Fields f, int fallback, int min, int max) {
        Integer status = f.positiveInt("status", false, fallback);
        if (status != null && (status < min || status > max)) {
            f.problem("status", "expected an HTTP status from " + min + " to " + max + ", found " + status);
            return null;
        }
        return status;
    }

    /** {@code if:}: a JSONata expression, with or without the leading {@code =}. */
    String expression(Fields f, String key) {
        String text = f.string(key, true);
        if (text == null) {
            return null;
        }
        String expression = text.startsWith("=") ? text.substring(1).trim() : text;
        String error = Expressions.jsonataError(expression);
        if (error != null) {
            f.problem(key, error);
            return null;
        }
        scope.checkReferences(expression, f.node(key).location(), f.child(key));
        return expression;
    }

    /** A template value: any YAML, its {@code "= ..."} strings parsed and their step references checked. */
    FlowSpec.Template template(Fields f, String key, boolean required) {
        YamlNode node = f.required(key, required);
        if (node == null) {
            return null;
        }
        int before = problems.size();
        scope.checkTemplate(node, f.child(key), true);
        return problems.size() > before ? null : new FlowSpec.Template(json(node));
    }

    /** The step names the steps being read may use (a forEach reads its own steps inside it). */
    FlowStepScope scope() {
        return scope;
    }

    Problems problems() {
        return problems;
    }

    static JsonNode json(YamlNode node) {
        return JSON.valueToTree(MappingReader.toJava(node));
    }

    /** Each call's connection must be loaded and be a connector's, with the action or stream named ({@link FlowCallCheck}). */
    public static void crossCheck(Fields root, FlowSpec flow, Map<String, ConnectionSpec> connections, Map<String, ConnectorSpec> connectors) {
        FlowCallCheck.crossCheck(root, flow, connections, connectors);
    }

    /** As above, and each {@code flow} step must name one of {@code flows}. */
    public static void crossCheck(Fields root, FlowSpec flow, Map<String, ConnectionSpec> connections, Map<String, ConnectorSpec> connectors,
            Set<String> flows) {
        FlowCallCheck.crossCheck(root, flow, connections, connectors, flows);
        FlowTriggerCheck.crossCheck(root, flow, connections, connectors);
    }
}
