package dev.junction.connector.internal;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.ActionResult;
import dev.junction.connector.ConnectorException;
import dev.junction.connector.RecordOutcome;
import dev.junction.http.CallContext;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.json.JsonPath;
import dev.junction.spec.ActionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One action of a connection, ready to call: the rendered request, the compiled JSONata body and
 * the compiled result paths. Thread-safe.
 */
public final class ActionCaller {
    /** Where a per-record result usually says the destination's code for a refused record. */
    private static final List<JsonPath> RECORD_CODES = List.of(JsonPath.parse("error.code"), JsonPath.parse("code"),
            JsonPath.parse("errors[0].code"), JsonPath.parse("errorCode"), JsonPath.parse("error_code"));
    private final String name;
    private final HttpRequest base;
    private final Jsonata body;
    private final BodyWrap wrap;
    private final int maxRecords;
    private final boolean batch;
    private final Results results;
    private final HttpPipeline pipeline;
    private final ObjectMapper json;
    private final String idempotencyHeader;
    private final PageBodyParser parser;
    private final SoapEnvelope soap;
    private final RecordRequest perRecord;
    /** The connection's config values, bound as {@code $config} in the body (empty: not bound). */
    private final Map<String, String> config;

    /**
     * The request of a single-record action whose path or query uses {@code record.*}: rendered
     * for each call from the record's values.
     *
     * @param variables each {@code record.*} variable with the field that uses it, for messages
     * @param render the request for a lookup of the record's values (never null for these variables)
     */
    public record RecordRequest(java.util.Map<String, String> variables, java.util.function.Function<java.util.function.Function<String, String>, HttpRequest> render) {}

    /** Compiled {@link ActionSpec.ResultsSpec}; any path may be null, and so may {@code matcher} (results in input order). */
    record Results(JsonPath perRecord, JsonPath error, JsonPath status, Set<String> insertedValues, ResultMatcher matcher) {}

    private ActionCaller(String name, HttpRequest base, Jsonata body, BodyWrap wrap, int maxRecords, boolean batch, Results results,
            HttpPipeline pipeline, ObjectMapper json, String idempotencyHeader, PageBodyParser parser, SoapEnvelope soap, RecordRequest perRecord,
            Map<String, String> config) {
        this.config = config;
        this.perRecord = perRecord;
        this.idempotencyHeader = idempotencyHeader;
        this.parser = parser;
        this.soap = soap;
        this.name = name;
        this.base = base;
        this.body = body;
        this.wrap = wrap;
        this.maxRecords = maxRecords;
        this.batch = batch;
        this.results = results;
        this.pipeline = pipeline;
        this.json = json;
    }

    /**
     * @param base the rendered request without a body; null to check the spec only (then use {@link #withBase})
     * @throws ConnectorException when the body expression or a result path is malformed
     */
    public static ActionCaller compile(String connector, ActionSpec spec, HttpRequest base, HttpPipeline pipeline, ObjectMapper json) {
        return compile(connector, spec, base, pipeline, json, dev.junction.spec.ConnectorSpec.DEFAULT_MAX_DECOMPRESSED_SIZE);
    }

    /** @param maxDecompressedSize the most bytes a gzip response body may decompress to */
    public static ActionCaller compile(String connector, ActionSpec spec, HttpRequest base, HttpPipeline pipeline, ObjectMapper json,
            long maxDecompressedSize) {
        String where = "connector '" + connector + "' action '" + spec.name() + "'";
        Jsonata body = null;
        String expression = spec.request().body();
        if (expression != null && !expression.isBlank()) {
            try {
                body = Jsonata.jsonata(expression);
            } catch (RuntimeException e) {
                throw new ConnectorException(where + " request.body: the JSONata expression is not valid: " + e.getMessage(), e);
            }
        }
        Results results = null;
        if (spec.results() != null) {
            ActionSpec.ResultsSpec r = spec.results();
            JsonPath perRecord = path(where, "results.perRecord", r.perRecord());
            ResultMatcher matcher = null;
            if (r.matchBy() != null) {
                if (perRecord == null) {
                    throw new ConnectorException(where + " results.matchBy: matches the items of results.perRecord to the records; set perRecord");
                }
                matcher = new ResultMatcher(spec.name(), path(where, "results.matchBy.result", r.matchBy().result()),
                        path(where, "results.matchBy.record", r.matchBy().record()));
            }
            results = new Results(perRecord, path(where, "results.errorPath", r.errorPath()), path(where, "results.statusPath", r.statusPath()),
                    r.insertedValues() == null ? Set.of() : Set.copyOf(r.insertedValues()), matcher);
        }
        boolean batch = spec.batch() != null;
        int maxRecords = batch ? Math.max(1, spec.batch().maxRecords()) : 1;
        BodyWrap wrap = body == null ? null : BodyWrap.of(expression, batch);
        return new ActionCaller(spec.name(), base, body, wrap, maxRecords, batch, results, pipeline, json,
                spec.idempotencyKey() == null ? null : spec.idempotencyKey().header(), new PageBodyParser(spec.format(), json, maxDecompressedSize),
                null, null, Map.of());
    }

    /** The same action with its request rendered for a connection (compile with a null base to check the spec first). */
    public ActionCaller withBase(HttpRequest value) {
        return new ActionCaller(name, java.util.Objects.requireNonNull(value, "base"), body, wrap, maxRecords, batch, results, pipeline, json,
                idempotencyHeader, parser, soap, perRecord, config);
    }

    /**
     * The same action with its request rendered for each record ({@code {{ record.* }}} in the path
     * or query); {@code base} stays what {@link #withBase} set, rendered with placeholders.
     *
     * @throws ConnectorException for a batch action (the loader refuses it)
     */
    public ActionCaller withRecordRequest(RecordRequest value) {
        if (batch) {
            throw new ConnectorException("action '" + name + "' has batch settings, so {{ record.* }} cannot fill its request.path or request.query"
                    + " (one call carries many records); send the records in request.body, or remove batch");
        }
        return new ActionCaller(name, base, body, wrap, maxRecords, batch, results, pipeline, json, idempotencyHeader, parser, soap, value, config);
    }

    /** The same action as a SOAP call: each call is the envelope rendered for its one record ({@code {{ record.* }}}). */
    public ActionCaller withSoap(SoapEnvelope envelope) {
        return new ActionCaller(name, base, body, wrap, maxRecords, batch, results, pipeline, json, idempotencyHeader, parser, envelope, perRecord,
                config);
    }

    /** The same action with the connection's config values bound as {@code $config} in its body ({@code $config.projectKey}); never its secrets. */
    public ActionCaller withConfig(Map<String, String> values) {
        return new ActionCaller(name, base, body, wrap, maxRecords, batch, results, pipeline, json, idempotencyHeader, parser, soap, perRecord,
                values == null ? Map.of() : Map.copyOf(values));
    }

    private static JsonPath path(String where, String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JsonPath.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(where + " " + field + ": " + e.getMessage(), e);
        }
    }

    public ActionResult call(List<JsonNode> records, CallContext context) {
        return call(records, context, null);
    }

    /** Whether calls carry an idempotency key ({@code idempotencyKey:} of the action). */
    public boolean takesIdempotencyKey() {
        return idempotencyHeader != null;
    }

    /**
     * Calls with {@code idempotencyKey} in the action's idempotency header; null sends none, and so
     * does an action that declares no header.
     */
    public ActionResult call(List<JsonNode> records, CallContext context, String idempotencyKey) {
        return call(records, context, idempotencyKey, null);
    }

    /**
     * Like {@link #call(List, CallContext, String)}; {@code answer} (when not null) is given the 2xx
     * answer's body as JSON (decompressed), or null when it is empty or not JSON, before the outcomes
     * are read: what a webhook registration keeps. With {@code results.matchBy}, records that could
     * not be matched to a result are refused without being sent, and the others go.
     */
    public ActionResult call(List<JsonNode> records, CallContext context, String idempotencyKey, java.util.function.Consumer<JsonNode> answer) {
        if (records.isEmpty()) {
            return new ActionResult(List.of());
        }
        if (records.size() > maxRecords) {
            throw new IllegalArgumentException("action '" + name + "' takes at most " + maxRecords + " record(s) per call"
                    + (batch ? " (batch.maxRecords)" : " (it has no batch settings)") + ", got " + records.size());
        }
        ResultMatcher matcher = results == null ? null : results.matcher();
        if (matcher == null) {
            return new ActionResult(send(records, null, context, idempotencyKey, answer));
        }
        ResultMatcher.Split split = matcher.split(records, context.recordKeys());
        List<RecordOutcome> sent = split.sent().isEmpty() ? List.of()
                : send(split.sent(), split.values(), context.withRecordKeys(split.sentKeys(context.recordKeys())), idempotencyKey, answer);
        return new ActionResult(split.merge(sent));
    }

    /** Sends {@code records} in one call; {@code matchValues}: the records' values to match results by, null for results in input order. */
    private List<RecordOutcome> send(List<JsonNode> records, List<String> matchValues, CallContext context, String idempotencyKey,
            java.util.function.Consumer<JsonNode> answer) {
        HttpRequest request = base;
        if (perRecord != null) {
            java.util.Map<String, String> values = new java.util.HashMap<>();
            for (var variable : perRecord.variables().entrySet()) {
                String problem = scalar(records.get(0), variable.getKey(), values);
                if (problem != null) {
                    String key = context.recordKeys().isEmpty() ? "" : " in record '" + context.recordKeys().get(0) + "'";
                    return List.of(RecordOutcome.failure("action '" + name + "' " + variable.getValue() + ": {{ "
                            + variable.getKey() + " }} " + problem + key + "; the request cannot be sent without it"));
                }
            }
            request = perRecord.render().apply(values::get);
        }
        if (soap != null) {
            JsonNode record = records.get(0);
            request = soap.apply(request, variable -> recordValue(record, variable));
        } else if (body != null) {
            request = request.withBody(FormBody.is(request.header("Content-Type")) ? formBody(records) : render(records));
            if (request.header("Content-Type") == null) {
                request = request.withHeader("Content-Type", "application/json");
            }
        }
        if (idempotencyHeader != null && idempotencyKey != null) {
            request = request.withHeader(idempotencyHeader, idempotencyKey);
        }
        HttpResponse response = pipeline.execute(request, context);
        if (parser.format() == dev.junction.spec.StreamSpec.Format.GRAPHQL) {
            GraphQlCalls.warnPartial("action '" + name + "'", response, pipeline);
        }
        if (answer != null) {
            JsonNode parsed;
            try {
                parsed = response.bodyLength() == 0 ? null : parser.parse(request, response);
            } catch (PageBodyParser.Malformed | RuntimeException e) {
                parsed = null; // not JSON: nothing to keep
            }
            answer.accept(parsed);
        }
        return outcomes(request, response, records.size(), matchValues);
    }

    /** Puts the text of {@code record.a.b} into {@code values}; returns what is wrong with it instead (missing, null, an object or array). */
    private static String scalar(JsonNode record, String variable, java.util.Map<String, String> values) {
        JsonNode node = at(record, variable);
        if (node.isMissingNode() || node.isNull()) {
            return node.isNull() ? "is null" : "has no value";
        }
        if (node.isContainerNode()) {
            return "is " + (node.isArray() ? "an array" : "an object") + " (path, query and header values take text, numbers and booleans)";
        }
        values.put(variable, node.asText());
        return null;
    }

    private static JsonNode at(JsonNode record, String variable) {
        JsonNode node = record;
        for (String step : variable.substring("record.".length()).split("\\.")) {
            node = node.path(step);
        }
        return node;
    }

    /** The text of {@code record.a.b} in the record; null when absent or null. */
    private String recordValue(JsonNode record, String variable) {
        JsonNode node = at(record, variable);
        if (node.isContainerNode()) {
            throw new ConnectorException("action '" + name + "' soap.body: {{ " + variable + " }} is " + (node.isArray() ? "an array" : "an object")
                    + " in this record; the template takes text, numbers and booleans");
        }
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    /** The request body; a body that only wraps the records is written without JSONata (see {@link BodyWrap}). */
    byte[] render(List<JsonNode> records) {
        if (wrap != null && records.stream().allMatch(JsonNode::isObject)) {
            return wrap.render(json, records, batch);
        }
        Object result = evaluate(records);
        try {
            return json.writeValueAsBytes(result == Jsonata.NULL_VALUE ? null : result);
        } catch (JsonProcessingException e) {
            throw new ConnectorException("action '" + name + "' request.body: the result cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The request body as form fields, for a request that declares a form {@code Content-Type} ({@link FormBody}). */
    private byte[] formBody(List<JsonNode> records) {
        Object result = evaluate(records);
        return FormBody.encode(json.valueToTree(result == Jsonata.NULL_VALUE ? null : result), "action '" + name + "' request.body");
    }

    /** The body expression's result for these records (never null: no value at all is refused). */
    private Object evaluate(List<JsonNode> records) {
        var frame = body.createFrame();
        if (!config.isEmpty()) {
            frame.bind("config", config);
        }
        Object input;
        if (batch) {
            List<Object> list = new ArrayList<>(records.size());
            records.forEach(r -> list.add(json.convertValue(r, Object.class)));
            frame.bind("records", list);
            input = list;
        } else {
            input = json.convertValue(records.get(0), Object.class);
            frame.bind("record", input);
        }
        Object result;
        try {
            result = body.evaluate(input, frame);
        } catch (RuntimeException e) {
            throw new ConnectorException("action '" + name + "' request.body: evaluating the JSONata expression failed: " + e.getMessage(), e);
        }
        if (result == null) {
            throw new ConnectorException("action '" + name + "' request.body: the JSONata expression produced no value for "
                    + records.size() + " record(s); check the field names it uses");
        }
        return result;
    }

    private List<RecordOutcome> outcomes(HttpRequest request, HttpResponse response, int count, List<String> matchValues) {
        if (results == null) {
            return java.util.Collections.nCopies(count, RecordOutcome.success(false));
        }
        JsonNode root;
        try {
            root = parser.parse(request, response);
        } catch (PageBodyParser.Malformed e) {
            throw ApiProblems.permanent(pipeline, request, response, "unexpected_response", "action '" + name
                    + "': " + pipeline.redact(e.getMessage()) + ", so per-record results cannot be read", e);
        }
        if (results.perRecord() == null) {
            RecordOutcome outcome = outcome(root);
            return java.util.Collections.nCopies(count, outcome);
        }
        JsonNode items = results.perRecord().find(root);
        if (!items.isArray()) {
            throw ApiProblems.unexpected(pipeline, request, response, "action '" + name + "': expected an array of per-record results at '"
                    + results.perRecord() + "' but found " + (items.isMissingNode() ? "nothing" : items.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        List<RecordOutcome> outcomes = new ArrayList<>(count);
        if (matchValues != null) {
            results.matcher().match(items, matchValues).forEach(item -> outcomes.add(item == null ? results.matcher().noResult(response.status()) : outcome(item)));
            return outcomes;
        }
        if (items.size() != count) {
            throw ApiProblems.unexpected(pipeline, request, response, "action '" + name + "': the API returned " + items.size()
                    + " results at '" + results.perRecord() + "' for " + count + " records; cannot tell which records were written");
        }
        List<JsonNode> ordered;
        try {
            ordered = ResultMatcher.inIdOrder(items);
        } catch (IllegalArgumentException e) {
            throw ApiProblems.unexpected(pipeline, request, response, "action '" + name + "': the JSON-RPC batch response " + e.getMessage()
                    + "; cannot tell which records were written");
        }
        ordered.forEach(item -> outcomes.add(outcome(item)));
        return outcomes;
    }

    /** The destination's code for a refused record, at one of the usual places of a per-record result, redacted; or null. */
    private String code(JsonNode item) {
        for (JsonPath path : RECORD_CODES) {
            JsonNode code = path.find(item);
            if (code.isValueNode() && !code.isNull() && !code.asText().isBlank()) {
                String text = pipeline.redact(code.asText());
                return text.length() <= 120 ? text : text.substring(0, 120) + "…";
            }
        }
        return null;
    }

    private RecordOutcome outcome(JsonNode item) {
        if (results.error() != null) {
            JsonNode error = results.error().find(item);
            if (!error.isMissingNode() && !error.isNull() && !(error.isTextual() && error.asText().isBlank())) {
                return RecordOutcome.failure(pipeline.redact(error.isTextual() ? error.asText() : error.toString()), code(item));
            }
        }
        if (results.status() != null) {
            JsonNode status = results.status().find(item);
            // by text: insertedValues [true] matches a JSON true, [1] a number 1, as well as the strings
            return RecordOutcome.success(status.isValueNode() && !status.isNull() && results.insertedValues().contains(status.asText()));
        }
        return RecordOutcome.success(false);
    }
}
