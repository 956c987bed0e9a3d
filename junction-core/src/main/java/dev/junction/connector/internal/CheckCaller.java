package dev.junction.connector.internal;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.CheckResult;
import dev.junction.connector.ConnectionValues;
import dev.junction.connector.ConnectorException;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.json.JsonPath;
import dev.junction.spec.CheckSpec;
import java.io.IOException;
import java.util.Map;

/**
 * A connector's {@code check:} for one connection, compiled: sends the request through the
 * connection's pipeline and judges the answer by the expected statuses and condition. Failures are
 * results, not exceptions: the call's own error (already redacted, with its category's code), an
 * unexpected status, or a condition that is not true. Thread-safe.
 */
public final class CheckCaller {
    private final String where;
    private final CheckSpec spec;
    private final RequestTemplate template;
    private final StreamBody body;
    private final Jsonata condition;
    private final String baseUrl;
    private final ConnectionValues values;
    private final HttpPipeline pipeline;
    private final ObjectMapper json;

    private CheckCaller(String where, CheckSpec spec, RequestTemplate template, StreamBody body, Jsonata condition, String baseUrl,
            ConnectionValues values, HttpPipeline pipeline, ObjectMapper json) {
        this.where = where;
        this.spec = spec;
        this.template = template;
        this.body = body;
        this.condition = condition;
        this.baseUrl = baseUrl;
        this.values = values;
        this.pipeline = pipeline;
        this.json = json;
    }

    /**
     * @param where the connector, for messages: {@code connector 'acme-crm' check}
     * @throws dev.junction.connector.ConnectorException when a template or the body expression is malformed
     */
    public static CheckCaller compile(String where, CheckSpec spec, Map<String, String> connectorHeaders, String baseUrl, ConnectionValues values,
            HttpPipeline pipeline, ObjectMapper json) {
        RequestTemplate template = RequestTemplate.compile(where, spec.request(), connectorHeaders, "GET");
        StreamBody body = StreamBody.compile(where, spec.request().body(), json, FormBody.declared(connectorHeaders, spec.request().headers()));
        Jsonata condition = spec.condition() == null ? null : Jsonata.jsonata(spec.condition());
        return new CheckCaller(where, spec, template, body, condition, baseUrl, values, pipeline, json);
    }

    /** Runs the check once. */
    public CheckResult run(CallContext context) {
        HttpRequest request;
        try {
            request = template.render(baseUrl, values);
            if (body != null) {
                request = request.withBody(body.render(java.util.Map.of(), null, null));
                if (request.header("Content-Type") == null) {
                    request = request.withHeader("Content-Type", "application/json");
                }
            }
        } catch (ConnectorException e) {
            return CheckResult.failed(null, "invalid_connection", pipeline.redact(e.getMessage()));
        }
        HttpResponse response;
        try {
            response = pipeline.execute(request, context);
        } catch (ApiException e) {
            // a status the connector declared healthy, though an error otherwise; an error an errors: rule found in a 2xx answer
            // (Bybit's bad signature in a 200) is the answer's verdict, not its status
            if (e.status() >= 300 && spec.healthy(e.status())) {
                return CheckResult.ok(e.status());
            }
            return CheckResult.failed(e.status() > 0 ? e.status() : null, e.error().code(), e.getMessage());
        }
        String summary = request.method() + " " + pipeline.redact(request.uri().toString());
        if (!spec.healthy(response.status())) {
            return CheckResult.failed(response.status(), "unexpected_status", where + ": " + summary + " answered HTTP " + response.status()
                    + ", expected " + (spec.statuses().isEmpty() ? "a 2xx status" : "one of " + spec.statuses()));
        }
        CheckResult result = condition == null ? CheckResult.ok(response.status()) : judged(summary, response);
        return result.healthy() && spec.account() != null ? withAccount(result, response) : result;
    }

    /** The account a healthy answer names ({@code check.account}); the result as it is when the body is not JSON or holds no id. */
    private CheckResult withAccount(CheckResult result, HttpResponse response) {
        try {
            JsonNode body = response.bodyLength() == 0 ? null : json.readTree(response.body());
            if (body == null) {
                return result;
            }
            String id = text(JsonPath.parse(spec.account().id()).find(body));
            String name = spec.account().name() == null ? null : text(JsonPath.parse(spec.account().name()).find(body));
            return id == null ? result : result.withAccount(id, name);
        } catch (IOException | RuntimeException e) {
            return result; // who the account is is a detail: a healthy answer stays healthy
        }
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return null;
        }
        String text = node.asText();
        return text.isBlank() ? null : text.length() > 200 ? text.substring(0, 200) : text;
    }

    private CheckResult judged(String summary, HttpResponse response) {
        Object result;
        try {
            Object input = response.bodyLength() == 0 ? null : json.readValue(response.body(), Object.class);
            result = condition.evaluate(input, condition.createFrame());
        } catch (IOException e) {
            return CheckResult.failed(response.status(), "unexpected_response", where + ": " + summary + " answered HTTP " + response.status()
                    + " with a body that is not JSON, so expect.condition cannot be evaluated");
        } catch (RuntimeException e) {
            return CheckResult.failed(response.status(), "condition_failed", where + ": evaluating expect.condition failed: "
                    + pipeline.redact(String.valueOf(e.getMessage())));
        }
        if (Boolean.TRUE.equals(result)) {
            return CheckResult.ok(response.status());
        }
        return CheckResult.failed(response.status(), "condition_false", where + ": " + summary + " answered HTTP " + response.status()
                + " but expect.condition (" + spec.condition() + ") is " + (result == null || result == Jsonata.NULL_VALUE ? "undefined" : result)
                + ", not true");
    }
}
