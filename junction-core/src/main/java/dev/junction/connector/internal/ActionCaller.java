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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One action of a connection, ready to call: the rendered request, the compiled JSONata body and
 * the compiled result paths. Thread-safe.
 */
public final class ActionCaller {
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

    /** Compiled {@link ActionSpec.ResultsSpec}; any path may be null. */
    record Results(JsonPath perRecord, JsonPath error, JsonPath status, Set<String> insertedValues) {}

    private ActionCaller(String name, HttpRequest base, Jsonata body, BodyWrap wrap, int maxRecords, boolean batch, Results results,
            HttpPipeline pipeline, ObjectMapper json, String idempotencyHeader) {
        this.idempotencyHeader = idempotencyHeader;
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
            results = new Results(path(where, "results.perRecord", r.perRecord()), path(where, "results.errorPath", r.errorPath()),
                    path(where, "results.statusPath", r.statusPath()), r.insertedValues() == null ? Set.of() : Set.copyOf(r.insertedValues()));
        }
        boolean batch = spec.batch() != null;
        int maxRecords = batch ? Math.max(1, spec.batch().maxRecords()) : 1;
        BodyWrap wrap = body == null ? null : BodyWrap.of(expression, batch);
        return new ActionCaller(spec.name(), base, body, wrap, maxRecords, batch, results, pipeline, json,
                spec.idempotencyKey() == null ? null : spec.idempotencyKey().header());
    }

    /** The same action with its request rendered for a connection (compile with a null base to check the spec first). */
    public ActionCaller withBase(HttpRequest value) {
        return new ActionCaller(name, java.util.Objects.requireNonNull(value, "base"), body, wrap, maxRecords, batch, results, pipeline, json,
                idempotencyHeader);
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
        if (records.isEmpty()) {
            return new ActionResult(List.of());
        }
        if (records.size() > maxRecords) {
            throw new IllegalArgumentException("action '" + name + "' takes at most " + maxRecords + " record(s) per call"
                    + (batch ? " (batch.maxRecords)" : " (it has no batch settings)") + ", got " + records.size());
        }
        HttpRequest request = base;
        if (body != null) {
            request = request.withBody(render(records));
            if (request.header("Content-Type") == null) {
                request = request.withHeader("Content-Type", "application/json");
            }
        }
        if (idempotencyHeader != null && idempotencyKey != null) {
            request = request.withHeader(idempotencyHeader, idempotencyKey);
        }
        HttpResponse response = pipeline.execute(request, context);
        return new ActionResult(outcomes(request, response, records.size()));
    }

    /** The request body; a body that only wraps the records is written without JSONata (see {@link BodyWrap}). */
    byte[] render(List<JsonNode> records) {
        if (wrap != null && records.stream().allMatch(JsonNode::isObject)) {
            return wrap.render(json, records, batch);
        }
        var frame = body.createFrame();
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
        try {
            return json.writeValueAsBytes(result == Jsonata.NULL_VALUE ? null : result);
        } catch (JsonProcessingException e) {
            throw new ConnectorException("action '" + name + "' request.body: the result cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private List<RecordOutcome> outcomes(HttpRequest request, HttpResponse response, int count) {
        if (results == null) {
            return java.util.Collections.nCopies(count, RecordOutcome.success(false));
        }
        JsonNode root;
        try {
            root = json.readTree(response.body());
        } catch (IOException e) {
            throw ApiProblems.permanent(pipeline, request, response, "unexpected_response", "action '" + name
                    + "': the response is not JSON (" + pipeline.redact(StreamPageReader.jsonProblem(e)) + "), so per-record results cannot be read", e);
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
        if (items.size() != count) {
            throw ApiProblems.unexpected(pipeline, request, response, "action '" + name + "': the API returned " + items.size()
                    + " results at '" + results.perRecord() + "' for " + count + " records; cannot tell which records were written");
        }
        List<RecordOutcome> outcomes = new ArrayList<>(count);
        inIdOrder(request, response, items).forEach(item -> outcomes.add(outcome(item)));
        return outcomes;
    }

    /**
     * A JSON-RPC 2.0 batch may answer in any order: envelopes (items with {@code "jsonrpc": "2.0"})
     * are put back in record order by their ids 1, 2, ..., which is how the batch was sent.
     */
    private List<JsonNode> inIdOrder(HttpRequest request, HttpResponse response, JsonNode items) {
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
                throw ApiProblems.unexpected(pipeline, request, response, "action '" + name + "': the JSON-RPC batch response has an entry with id "
                        + (id.isMissingNode() ? "missing" : id.toString()) + ", expected each of the ids 1 to " + ordered.length
                        + " once; cannot tell which records were written");
            }
            ordered[at - 1] = item;
        }
        return List.of(ordered);
    }

    private RecordOutcome outcome(JsonNode item) {
        if (results.error() != null) {
            JsonNode error = results.error().find(item);
            if (!error.isMissingNode() && !error.isNull() && !(error.isTextual() && error.asText().isBlank())) {
                return RecordOutcome.failure(pipeline.redact(error.isTextual() ? error.asText() : error.toString()));
            }
        }
        if (results.status() != null) {
            JsonNode status = results.status().find(item);
            return RecordOutcome.success(!status.isMissingNode() && !status.isNull() && results.insertedValues().contains(status.asText()));
        }
        return RecordOutcome.success(false);
    }
}
