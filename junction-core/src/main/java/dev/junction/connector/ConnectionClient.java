package dev.junction.connector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.connector.internal.ActionCalls;
import dev.junction.connector.internal.CheckCaller;
import dev.junction.connector.internal.ConnectionCompiler;
import dev.junction.connector.internal.OperationContexts;
import dev.junction.connector.internal.RawRequests;
import dev.junction.connector.internal.StreamCalls;
import dev.junction.http.CallContext;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpResponse;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One connection, ready to use: reads streams page by page and calls actions, through the
 * connection's {@link HttpPipeline}. Everything that can be checked is checked in {@link #create}:
 * values resolved, templates parsed, body expressions and paths compiled, the base URL and auth
 * rendered. A stream's or action's own templates are rendered when it is first used (or
 * {@linkplain #prepareStream prepared}), so an optional config value that only an unused stream
 * needs breaks nothing else. Thread-safe: share one client per connection; close it when the
 * connection is no longer used.
 *
 * <pre>{@code
 * try (var client = ConnectionClient.create(connector, connection, EnvSecretResolver.system(), options)) {
 *     PageReader pages = client.readStream("contacts", ReadOptions.full(CallContext.of("crm")));
 *     pages.forEachRemaining(page -> handle(page.records()));
 * }
 * }</pre>
 */
public final class ConnectionClient implements AutoCloseable {
    private final ConnectorSpec connector;
    private final ConnectionSpec connection;
    private final HttpPipeline pipeline;
    private final StreamCalls streams;
    private final ActionCalls actions;
    /** What a raw request ({@link #send}) goes through. */
    private final RawRequests requests;
    private final CheckCaller check;
    private final OperationContexts contexts;

    private ConnectionClient(ConnectorSpec connector, ConnectionSpec connection, ConnectionCompiler.Compiled compiled) {
        this.connector = connector;
        this.connection = connection;
        this.pipeline = compiled.pipeline();
        this.streams = compiled.streams();
        this.actions = compiled.actions();
        this.requests = compiled.requests();
        this.check = compiled.check();
        this.contexts = compiled.contexts();
    }

    /**
     * @throws ConnectorException when a value is missing or a template, path or body expression is
     *     malformed; the message names the connection or connector and the field
     */
    public static ConnectionClient create(ConnectorSpec connector, ConnectionSpec connection, SecretResolver secrets, PipelineOptions options) {
        return new ConnectionClient(connector, connection, ConnectionCompiler.compile(connector, connection, secrets, options));
    }

    /**
     * Starts reading a stream. Nothing is requested until the first page is asked for.
     *
     * @throws IllegalArgumentException when the connector has no such stream
     */
    public PageReader readStream(String stream, ReadOptions options) {
        return streams.read(stream, options);
    }

    /**
     * Calls an action with records (at most the action's {@code batch.maxRecords}; exactly one
     * without batch settings). The body expression sees them as {@code $records} (batch) or
     * {@code $record}.
     *
     * @return one outcome per record, in input order
     * @throws dev.junction.http.ApiException when the call fails as a whole (PERMANENT for a 400:
     *     the caller may split the batch or dead-letter), or the per-record results cannot be read
     * @throws ConnectorException when the body expression fails for these records
     */
    public ActionResult call(String action, List<JsonNode> records, CallContext context) {
        return call(action, records, context, null);
    }

    /**
     * Like {@link #call(String, List, CallContext)}, with {@code idempotencyKey} in the header the
     * action names in {@code idempotencyKey: { header }} (nothing is sent when it names none, or
     * the key is null). Send the same key only with the same records.
     */
    public ActionResult call(String action, List<JsonNode> records, CallContext context, String idempotencyKey) {
        return call(action, records, context, idempotencyKey, null);
    }

    /**
     * Like {@link #call(String, List, CallContext, String)}, giving {@code answer} the 2xx answer's
     * body as JSON (null when empty or not JSON): for a caller that keeps what the API answered, such
     * as the id of a webhook subscription it created.
     */
    public ActionResult call(String action, List<JsonNode> records, CallContext context, String idempotencyKey,
            java.util.function.Consumer<JsonNode> answer) {
        return actions.call(action, records, context, idempotencyKey, answer);
    }

    /**
     * Fetches one record of a stream by its key through the stream's {@code get:} and this
     * connection's pipeline (auth, rate budget, retries, error rules, hooks, exchange log tagged
     * with the key): how a webhook event that carries only an id gets its record.
     *
     * @param key fills {@code {{ id }}} / {@code {{ key }}} (one percent-encoded segment in the path)
     * @param context who asks (run id, tenant); the key becomes its record key when it has none
     * @return the record, or empty when it is gone: a {@code notFound} status (404, 410 by
     *     default), an empty list at the get's record path, or a record whose {@code gone} field
     *     says so (a tombstone such as Stripe's {@code "deleted": true})
     * @throws IllegalArgumentException when the connector has no such stream, or the key is blank
     * @throws ConnectorException when the stream declares no {@code get:}, or a value it uses is missing
     * @throws dev.junction.http.ApiException when the call fails, with its category: RETRYABLE
     *     (network, 408, 429, 5xx after the retries), AUTH (401/403) or PERMANENT (other 4xx, or no
     *     single record object at the record path)
     */
    public Optional<JsonNode> fetchRecord(String stream, String key, CallContext context) {
        return streams.fetchRecord(stream, key, context);
    }

    /**
     * Sends a request the caller wrote (a flow's {@code call: { request }}) below the connector's
     * base URL, with the connector's headers, through this connection's pipeline: auth, rate budget,
     * retries, error rules and the exchange log. {@code path} is appended to the base URL as it is
     * (the caller encodes it); it must start with {@code /} and may not leave the base URL's path.
     *
     * @return the answer, always 2xx
     * @throws IllegalArgumentException when the path is not such a path or a header is not the caller's to set
     * @throws dev.junction.http.ApiException when the call fails (any other status after the retries, or the network)
     */
    public HttpResponse send(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body,
            CallContext context) {
        return requests.send(method, path, query, headers, body, context);
    }

    /**
     * Like {@link #send}, but answers whatever status the API gave once the retries are done (a proxy's
     * call: the API's 404 is the caller's to read), without the connector's error rules for 2xx bodies.
     *
     * @throws IllegalArgumentException when the path is not such a path or a header is not the caller's to set
     * @throws dev.junction.http.ApiException when nothing came back: the network, a refused address, a body over the cap
     */
    public HttpResponse exchange(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body,
            CallContext context) {
        return requests.exchange(method, path, query, headers, body, context);
    }

    /**
     * Runs the connector's {@code check:} once through this connection's pipeline: a failure is a
     * result (with the reason, redacted), never an exception.
     *
     * @throws ConnectorException when the connector declares no {@code check:} (see {@link #hasCheck})
     */
    public CheckResult check(CallContext context) {
        if (check == null) {
            throw new ConnectorException("connector '" + connector.name() + "' declares no check:; add one, such as"
                    + " check: { request: { path: /v1/me } }");
        }
        return check.run(contexts.of(context));
    }

    /** Whether the connector declares a {@code check:}. */
    public boolean hasCheck() {
        return check != null;
    }

    /** Like {@link #fetchRecord(String, String, CallContext)} outside any run. */
    public Optional<JsonNode> fetchRecord(String stream, String key) {
        return fetchRecord(stream, key, CallContext.of(connection.name()));
    }

    /**
     * Renders the stream's request now (it is cached), so a missing value fails here, when a sync is
     * planned, rather than at the first page.
     *
     * @throws IllegalArgumentException when the connector has no such stream
     * @throws ConnectorException when a value the stream's request uses is missing, naming the field
     */
    public void prepareStream(String stream) {
        streams.prepare(stream);
    }

    /** Like {@link #prepareStream} for an action. */
    public void prepareAction(String action) {
        actions.prepare(action);
    }

    public String name() {
        return connection.name();
    }

    public ConnectorSpec connector() {
        return connector;
    }

    /** The pipeline every request of this connection goes through. */
    public HttpPipeline pipeline() {
        return pipeline;
    }

    @Override
    public void close() {
        pipeline.close();
    }

    @Override
    public String toString() {
        return "ConnectionClient[" + connection.name() + " → " + connector.name() + "]";
    }
}
