package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.ConnectionValues;
import dev.junction.connector.ConnectorException;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.json.JsonPath;
import dev.junction.spec.StreamSpec;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A stream's {@code get:} for one connection, compiled: fetches one record by its key through the
 * connection's pipeline (auth, rate budget, retries, error rules, exchange log), and tells a found
 * record from a gone one by the declared {@code notFound} statuses, or by the found record's own
 * {@code gone} field (a tombstone answered with 200). Thread-safe.
 */
public final class RecordFetcher {
    private final String where;
    private final RequestTemplate template;
    private final String baseUrl;
    private final ConnectionValues values;
    private final StreamBody body;
    private final JsonPath record;
    private final Set<Integer> notFound;
    private final JsonPath gonePath;
    private final StreamSpec.GetSpec.Gone gone;
    private final HttpPipeline pipeline;
    private final PageBodyParser parser;
    private final ObjectMapper json;

    private RecordFetcher(String where, RequestTemplate template, String baseUrl, ConnectionValues values, StreamBody body, JsonPath record,
            Set<Integer> notFound, JsonPath gonePath, StreamSpec.GetSpec.Gone gone, HttpPipeline pipeline, PageBodyParser parser, ObjectMapper json) {
        this.where = where;
        this.template = template;
        this.baseUrl = baseUrl;
        this.values = values;
        this.body = body;
        this.record = record;
        this.notFound = notFound;
        this.gonePath = gonePath;
        this.gone = gone;
        this.pipeline = pipeline;
        this.parser = parser;
        this.json = json;
    }

    /**
     * @param where the stream, for messages: {@code connector 'acme-crm' stream 'contacts' get}
     * @param connectorHeaders the connector's headers, sent first (the get's own win)
     * @throws ConnectorException when a template, the body expression, the record path or the gone path is malformed
     */
    public static RecordFetcher compile(String where, StreamSpec stream, java.util.Map<String, String> connectorHeaders, String baseUrl,
            ConnectionValues values, HttpPipeline pipeline, ObjectMapper json, long maxDecompressedSize) {
        StreamSpec.GetSpec get = stream.get();
        RequestTemplate template = RequestTemplate.compile(where, get.request(), connectorHeaders, "GET");
        StreamBody body = StreamBody.compile(where, get.request().body(), json, FormBody.declared(connectorHeaders, get.request().headers()));
        JsonPath record;
        try {
            record = JsonPath.parse(get.record() == null ? "$" : get.record());
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(where + " record: " + e.getMessage(), e);
        }
        JsonPath gonePath = null;
        if (get.gone() != null) {
            try {
                gonePath = JsonPath.parse(get.gone().path());
            } catch (IllegalArgumentException e) {
                throw new ConnectorException(where + " gone.path: " + e.getMessage(), e);
            }
        }
        // a single record comes as JSON, or as XML from an XML API; line and row formats are for lists
        StreamSpec.Format format = stream.format() == StreamSpec.Format.XML ? StreamSpec.Format.XML : StreamSpec.Format.JSON;
        return new RecordFetcher(where, template, baseUrl, values, body, record, Set.copyOf(get.notFound()), gonePath,
                get.gone(), pipeline,
                new PageBodyParser(format, json, maxDecompressedSize), json);
    }

    /**
     * The record with {@code key}, or empty when the API answers one of the {@code notFound}
     * statuses, an empty list at the record path, or a record whose {@code gone} field says so.
     *
     * @throws ApiException when the call fails otherwise (category RETRYABLE, AUTH or PERMANENT, as
     *     for every call), or the answer holds no single record object at the record path (PERMANENT)
     * @throws ConnectorException when a value the request uses is missing or the body expression fails
     */
    public Optional<JsonNode> fetch(String key, CallContext context) {
        HttpRequest request = template.render(baseUrl, values, v -> StreamSpec.GetSpec.KEY_VARIABLES.contains(v) ? key : null);
        if (body != null) {
            var bindings = json.createObjectNode().put("id", key).put("key", key);
            request = request.withBody(body.render(java.util.Map.of(), null, bindings));
            if (request.header("Content-Type") == null) {
                request = request.withHeader("Content-Type", "application/json");
            }
        }
        HttpResponse response;
        try {
            response = pipeline.execute(request, context);
        } catch (ApiException e) {
            if (notFound.contains(e.status())) {
                return Optional.empty();
            }
            throw e;
        }
        if (notFound.contains(response.status())) {
            return Optional.empty(); // a 2xx the connector declared as "gone", such as 204
        }
        return found(request, response);
    }

    private Optional<JsonNode> found(HttpRequest request, HttpResponse response) {
        JsonNode root;
        try {
            root = parser.parse(request, response);
        } catch (PageBodyParser.Malformed e) {
            throw ApiProblems.permanent(pipeline, request, response, "unexpected_response", where + ": " + pipeline.redact(e.getMessage()), e.getCause());
        }
        JsonNode found = record.find(root);
        if (found.isArray() && found.size() <= 1) {
            // a list endpoint filtered by key: one record, or none when it is gone
            if (found.isEmpty()) {
                return Optional.empty();
            }
            found = found.get(0);
        }
        if (!found.isObject()) {
            throw ApiProblems.unexpected(pipeline, request, response, where + ": expected a record object at '" + record + "' but found "
                    + describe(found) + "; check the get's record path");
        }
        return gone(found) ? Optional.empty() : Optional.of(found);
    }

    /** Whether the found record is a tombstone, as its {@code gone:} field says. */
    private boolean gone(JsonNode found) {
        if (gonePath == null) {
            return false;
        }
        return gone.says(gonePath.find(found));
    }

    private static String describe(JsonNode node) {
        if (node.isMissingNode()) {
            return "nothing";
        }
        if (node.isArray()) {
            return "an array of " + node.size() + " entries (one record or none expected)";
        }
        return node.isNull() ? "null" : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
