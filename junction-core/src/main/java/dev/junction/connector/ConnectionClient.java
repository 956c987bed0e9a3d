package dev.junction.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.internal.ActionCaller;
import dev.junction.connector.internal.CheckCaller;
import dev.junction.connector.internal.GraphQlCalls;
import dev.junction.connector.internal.ConnectionRendering;
import dev.junction.connector.internal.OperationHooks;
import dev.junction.connector.internal.Lazy;
import dev.junction.connector.internal.Paginator;
import dev.junction.connector.internal.RecordFetcher;
import dev.junction.connector.internal.RequestTemplate;
import dev.junction.connector.internal.SoapCalls;
import dev.junction.connector.internal.SoapEnvelope;
import dev.junction.connector.internal.SoapPaginator;
import dev.junction.connector.internal.StreamBody;
import dev.junction.connector.internal.StreamPageReader;
import dev.junction.http.CallContext;
import dev.junction.http.ErrorRules;
import dev.junction.http.Hook;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.PipelineOptions;
import dev.junction.json.JsonPath;
import dev.junction.spec.ActionSpec;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.StreamSpec;
import dev.junction.spec.TlsSpec;
import dev.junction.template.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    private static final int DEFAULT_MAX_PAGES = 10_000;

    private final ConnectorSpec connector;
    private final ConnectionSpec connection;
    private final HttpPipeline pipeline;
    private final Map<String, Lazy<HttpRequest>> streamRequests;
    private final Map<String, java.util.function.Function<Map<String, String>, HttpRequest>> partitionRequests;
    private final Map<String, Lazy<ActionCaller>> actions;
    private final ObjectMapper json;
    private final Map<String, StreamBody> streamBodies;
    private final Map<String, ErrorRules> operationRules;
    private final Map<String, List<Hook>> operationHooks;
    private final Map<String, SoapEnvelope> envelopes;
    private final Map<String, RecordFetcher> fetchers;
    private final CheckCaller check;
    /** The base URL with the connector's headers: what a raw request ({@link #send}) starts from. */
    private final Lazy<HttpRequest> base;

    private ConnectionClient(ConnectorSpec connector, ConnectionSpec connection, HttpPipeline pipeline,
            Map<String, Lazy<HttpRequest>> streamRequests, Map<String, Lazy<ActionCaller>> actions, ObjectMapper json,
            Map<String, StreamBody> streamBodies, Map<String, ErrorRules> operationRules, Map<String, List<Hook>> operationHooks,
            Map<String, java.util.function.Function<Map<String, String>, HttpRequest>> partitionRequests, Map<String, SoapEnvelope> envelopes,
            Map<String, RecordFetcher> fetchers, CheckCaller check, Lazy<HttpRequest> base) {
        this.base = base;
        this.fetchers = fetchers;
        this.check = check;
        this.partitionRequests = partitionRequests;
        this.envelopes = envelopes;
        this.connector = connector;
        this.connection = connection;
        this.pipeline = pipeline;
        this.streamRequests = streamRequests;
        this.actions = actions;
        this.json = json;
        this.streamBodies = streamBodies;
        this.operationRules = operationRules;
        this.operationHooks = operationHooks;
    }

    /**
     * @throws ConnectorException when a value is missing or a template, path or body expression is
     *     malformed; the message names the connection or connector and the field
     */
    public static ConnectionClient create(ConnectorSpec connector, ConnectionSpec connection, SecretResolver secrets, PipelineOptions options) {
        Objects.requireNonNull(options, "options");
        ConnectionValues values = ConnectionValues.resolve(connector, connection, secrets);
        String baseUrl = values.render(RequestTemplate.parse("connector", "baseUrl", connector.baseUrl()), "baseUrl");
        AuthSpec auth = ConnectionRendering.auth(connector.auth(), values, baseUrl);
        TlsSpec tls = ConnectionRendering.tls(connector.tls(), values);

        Map<String, Lazy<HttpRequest>> streamRequests = new LinkedHashMap<>();
        Map<String, java.util.function.Function<Map<String, String>, HttpRequest>> partitionRequests = new LinkedHashMap<>();
        Map<String, StreamBody> streamBodies = new LinkedHashMap<>();
        Map<String, ErrorRules> operationRules = new LinkedHashMap<>();
        Map<String, SoapEnvelope> envelopes = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        if (connector.streams() != null) {
            connector.streams().forEach((name, stream) -> {
                String where = "stream '" + name + "'";
                RequestTemplate template = RequestTemplate.compile(where, stream.request(), connector.headers(), "GET");
                if (stream.partitioned()) {
                    // rendered per partition; prepareStream renders with no partition only to check config values
                    partitionRequests.put(name, variables -> template.render(baseUrl, values.withPartition(variables)));
                    streamRequests.put(name, new Lazy<>(() -> template.render(baseUrl, values.withAnyPartition("0"))));
                } else {
                    streamRequests.put(name, new Lazy<>(() -> template.render(baseUrl, values)));
                }
                StreamBody body = StreamBody.compile("connector '" + connector.name() + "' " + where, stream.request().body(), json);
                if (body != null) {
                    streamBodies.put(name, body);
                }
                compileStreamPaths(connector.name(), name, stream, body);
                String full = "connector '" + connector.name() + "' " + where;
                operationRules.put("stream:" + name, GraphQlCalls.rules(SoapCalls.rules(rules(full, stream.errors()), stream.soap()), stream.format(),
                        stream.singleRecord() ? null : stream.recordsPath()));
                putIfSet(envelopes, "stream:" + name, SoapCalls.envelope(full, stream.soap(), connector, values));
            });
        }
        if (connector.actions() != null) {
            connector.actions().forEach((name, action) -> {
                String full = "connector '" + connector.name() + "' action '" + name + "'";
                operationRules.put("action:" + name, GraphQlCalls.rules(SoapCalls.rules(rules(full, action.errors()), action.soap()), action.format(), null));
                putIfSet(envelopes, "action:" + name, SoapCalls.envelope(full, action.soap(), connector, values));
            });
        }
        ErrorRules connectorRules = rules("connector '" + connector.name() + "'", connector.errors());
        HttpPipeline pipeline = checked(connection, () -> HttpPipeline.builder(options)
                .auth(auth)
                .tls(tls)
                .trust(connection.trust())
                .connection(connection.tenant() == null ? "default" : connection.tenant(), connection.name())
                .retry(connection.effectiveRetry(connector))
                .rateLimiter(options.rateLimiters().forConnection(connection.name(), connection.effectiveRateLimit(connector)))
                .secretValues(values.secretValues())
                .errorRules(connectorRules.isEmpty() ? null : connector.errors())
                .timeouts(connection.effectiveTimeouts(connector))
                .exchangeLog(connection.effectiveExchangeLog(connector))
                .connectionHooks(redact -> OperationHooks.compiler().compile("connector '" + connector.name() + "'", connector.hooks(), json, redact))
                .attemptStep(SoapCalls.security(connector, values, options.clock()))
                .propagateTrace(connector.propagateTrace())
                .build());
        Map<String, Lazy<ActionCaller>> actions = new LinkedHashMap<>();
        Map<String, List<Hook>> operationHooks;
        Map<String, RecordFetcher> fetchers = new LinkedHashMap<>();
        CheckCaller check;
        try {
            check = connector.check() == null ? null : CheckCaller.compile("connector '" + connector.name() + "' check", connector.check(),
                    connector.headers(), baseUrl, values, pipeline, json);
            operationHooks = OperationHooks.of(connector, json, pipeline);
            if (connector.streams() != null) {
                connector.streams().forEach((name, stream) -> putIfSet(fetchers, name, stream.get() == null ? null
                        : RecordFetcher.compile("connector '" + connector.name() + "' stream '" + name + "' get", stream, connector.headers(),
                                baseUrl, values, pipeline, json, connector.maxDecompressedSize())));
            }
            if (connector.actions() != null) {
                connector.actions().forEach((name, action) -> {
                    ActionSpec named = action.name() == null ? action.named(name) : action;
                    RequestTemplate template = RequestTemplate.compile("action '" + name + "'", action.request(), connector.headers(), "POST");
                    SoapEnvelope envelope = envelopes.get("action:" + name);
                    ActionCaller compiled = ActionCaller.compile(connector.name(), named, null, pipeline, json, connector.maxDecompressedSize());
                    ActionCaller soapOrNot = envelope == null ? compiled : compiled.withSoap(envelope);
                    Map<String, String> recordVariables = template.recordVariables();
                    ActionCaller caller = recordVariables.isEmpty() ? soapOrNot : soapOrNot.withRecordRequest(
                            new ActionCaller.RecordRequest(recordVariables, record -> template.render(baseUrl, values, record)));
                    // with record values, the base is rendered with a placeholder for each, to check the connection's values early
                    actions.put(name, new Lazy<>(() -> caller.withBase(template.render(baseUrl, values, v -> recordVariables.containsKey(v) ? "0" : null))));
                });
            }
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
        return new ConnectionClient(connector, connection, pipeline, Map.copyOf(streamRequests), Map.copyOf(actions), json,
                Map.copyOf(streamBodies), Map.copyOf(operationRules), operationHooks, Map.copyOf(partitionRequests), Map.copyOf(envelopes), Map.copyOf(fetchers), check,
                new Lazy<>(() -> RequestTemplate.compile("connector '" + connector.name() + "' request", new dev.junction.spec.RequestSpec("GET", "",
                        null, null, null), connector.headers(), "GET").render(baseUrl, values)));
    }

    /**
     * Starts reading a stream. Nothing is requested until the first page is asked for.
     *
     * @throws IllegalArgumentException when the connector has no such stream
     */
    public PageReader readStream(String stream, ReadOptions options) {
        StreamSpec spec = connector.streams() == null ? null : connector.streams().get(stream);
        HttpRequest first = streamRequest(stream);
        if (partitionRequests.containsKey(stream)) {
            first = partitionRequests.get(stream).apply(options.variables());
        }
        if (options.incrementalFrom() != null && spec.incremental() != null && spec.incremental().param() != null) {
            first = first.withQueryParam(spec.incremental().param(), options.incrementalFrom());
        }
        StreamBody body = streamBodies.get(stream);
        Paginator.Body pageBody = null;
        if (body != null) {
            String since = options.incrementalFrom();
            pageBody = variables -> body.render(variables, since, options.bindings());
            first = first.withBody(pageBody.render(Map.of()));
            if (first.header("Content-Type") == null) {
                first = first.withHeader("Content-Type", "application/json");
            }
        }
        int maxPages = spec.maxPages() > 0 ? spec.maxPages() : DEFAULT_MAX_PAGES;
        JsonPath records = JsonPath.parse(spec.recordsPath());
        CallContext context = context(options.context()).withErrorRules(operationRules.getOrDefault("stream:" + stream, ErrorRules.none()))
                .withOperation("stream:" + stream).withHooks(operationHooks.getOrDefault("stream:" + stream, List.of()));
        SoapEnvelope envelope = envelopes.get("stream:" + stream);
        Paginator paginator = envelope == null ? Paginator.of(spec.pagination(), pageBody) : SoapPaginator.of(spec.pagination(), envelope, options.incrementalFrom());
        StreamPageReader reader = new StreamPageReader(stream, first, pipeline, context, json, paginator, records, maxPages, spec.format(),
                connector.maxDecompressedSize());
        return spec.singleRecord() ? reader.singleRecord() : reader;
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
        return actionCaller(action).call(records, context(context).withErrorRules(operationRules.getOrDefault("action:" + action, ErrorRules.none()))
                .withOperation("action:" + action).withHooks(operationHooks.getOrDefault("action:" + action, List.of())), idempotencyKey, answer);
    }

    /**
     * Fetches one record of a stream by its key through the stream's {@code get:} and this
     * connection's pipeline (auth, rate budget, retries, error rules, hooks, exchange log tagged
     * with the key): how a webhook event that carries only an id gets its record.
     *
     * @param key fills {@code {{ id }}} / {@code {{ key }}} (one percent-encoded segment in the path)
     * @param context who asks (run id, tenant); the key becomes its record key when it has none
     * @return the record, or empty when it is gone: a {@code notFound} status (404, 410 by
     *     default), or an empty list at the get's record path
     * @throws IllegalArgumentException when the connector has no such stream, or the key is blank
     * @throws ConnectorException when the stream declares no {@code get:}, or a value it uses is missing
     * @throws dev.junction.http.ApiException when the call fails, with its category: RETRYABLE
     *     (network, 408, 429, 5xx after the retries), AUTH (401/403) or PERMANENT (other 4xx, or no
     *     single record object at the record path)
     */
    public Optional<JsonNode> fetchRecord(String stream, String key, CallContext context) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("fetchRecord of stream '" + stream + "': the key is " + (key == null ? "null" : "blank")
                    + "; pass the record's primary key value");
        }
        requireStream(stream);
        RecordFetcher fetcher = fetchers.get(stream);
        if (fetcher == null) {
            throw new ConnectorException("connector '" + connector.name() + "' stream '" + stream + "' cannot fetch a record by its key: it"
                    + " declares no get: request; add one to the stream, such as get: { path: \"/" + stream + "/{{ id }}\" }");
        }
        CallContext call = context(context).withErrorRules(operationRules.getOrDefault("stream:" + stream, ErrorRules.none()))
                .withOperation("stream:" + stream).withHooks(operationHooks.getOrDefault("stream:" + stream, List.of()));
        return fetcher.fetch(key, call.recordKeys().isEmpty() ? call.withRecordKeys(List.of(key)) : call);
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
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("?") || path.contains("#")
                || java.util.Arrays.stream(path.split("/")).map(ConnectionClient::decoded).anyMatch(s -> s.equals(".") || s.equals(".."))) {
            throw new IllegalArgumentException("the request path '" + path + "' is not a path below the connector's base URL; expected one starting"
                    + " with / (such as /v1/contacts/42), without . or .. segments, and the query in query:");
        }
        HttpRequest start = base.get();
        String root = start.uri().toString();
        HttpRequest request;
        try {
            request = start.withMethod(method).withUri(java.net.URI.create((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the request path '" + path + "' does not form a URL (percent-encode what is not a URL character): "
                    + e.getMessage());
        }
        if (query != null) {
            for (Map.Entry<String, String> q : query.entrySet()) {
                request = request.addQueryParam(q.getKey(), q.getValue());
            }
        }
        if (headers != null) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase("Authorization") || h.getKey().equalsIgnoreCase("Host")) {
                    throw new IllegalArgumentException("the request header '" + h.getKey() + "' is the connection's to set (its auth and base URL)");
                }
                request = request.withHeader(h.getKey(), h.getValue());
            }
        }
        if (body != null) {
            request = request.withBody(body);
        }
        return pipeline.execute(request, context(context).withOperation("request"));
    }

    /** A path segment percent-decoded (as the server would read it); as it is when it does not decode. */
    private static String decoded(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
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
        return check.run(context(context));
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
        streamRequest(stream);
    }

    /** Like {@link #prepareStream} for an action. */
    public void prepareAction(String action) {
        actionCaller(action);
    }

    private HttpRequest streamRequest(String stream) {
        requireStream(stream);
        return streamRequests.get(stream).get();
    }

    private void requireStream(String stream) {
        StreamSpec spec = connector.streams() == null ? null : connector.streams().get(stream);
        if (spec == null || !streamRequests.containsKey(stream)) {
            throw new IllegalArgumentException("connector '" + connector.name() + "' has no stream '" + stream + "'; it has "
                    + (streamRequests.isEmpty() ? "none" : String.join(", ", streamRequests.keySet())));
        }
    }

    private ActionCaller actionCaller(String action) {
        Lazy<ActionCaller> caller = actions.get(action);
        if (caller == null) {
            throw new IllegalArgumentException("connector '" + connector.name() + "' has no action '" + action + "'; it has "
                    + (actions.isEmpty() ? "none" : String.join(", ", actions.keySet())));
        }
        return caller.get();
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

    /** Fills in this connection's name and tenant when the caller left them out. */
    private CallContext context(CallContext given) {
        CallContext context = Objects.requireNonNull(given, "context");
        if (context.connection() == null || context.tenant() == null) {
            context = new CallContext(context.runId(), context.tenant() == null ? connection.tenant() : context.tenant(),
                    context.connection() == null ? connection.name() : context.connection(), context.recordKeys(),
                    context.idempotent(), context.attempt(), context.errorRules(), context.hooks(), context.operation());
        }
        return context;
    }

    private static void compileStreamPaths(String connector, String name, StreamSpec stream, StreamBody body) {
        String where = "connector '" + connector + "' stream '" + name + "'";
        try {
            JsonPath.parse(stream.recordsPath());
            Paginator.of(stream.pagination(), body == null ? null : variables -> new byte[0]);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(where + ": " + e.getMessage(), e);
        }
    }

    private static <T> void putIfSet(Map<String, T> map, String key, T value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static ErrorRules rules(String where, List<dev.junction.spec.ErrorRuleSpec> specs) {
        try {
            return ErrorRules.of(specs);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(where + " errors: " + e.getMessage(), e);
        }
    }

    /** Builds the pipeline; auth settings it cannot use (a private key that does not parse) name the connection. */
    private static HttpPipeline checked(ConnectionSpec connection, java.util.function.Supplier<HttpPipeline> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ConnectorException("connection '" + connection.name() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ConnectionClient[" + connection.name() + " → " + connector.name() + "]";
    }
}
