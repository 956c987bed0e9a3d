package dev.junction.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.internal.ActionCaller;
import dev.junction.connector.internal.Paginator;
import dev.junction.connector.internal.RequestTemplate;
import dev.junction.connector.internal.StreamPageReader;
import dev.junction.http.CallContext;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.PipelineOptions;
import dev.junction.json.JsonPath;
import dev.junction.spec.ActionSpec;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.StreamSpec;
import dev.junction.template.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One connection, ready to use: reads streams page by page and calls actions, through the
 * connection's {@link HttpPipeline}. Everything that can be checked is checked in {@link #create}:
 * values resolved, templates rendered, body expressions and paths compiled. Thread-safe: share one
 * client per connection; close it when the connection is no longer used.
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
    private final Map<String, HttpRequest> streamRequests;
    private final Map<String, ActionCaller> actions;
    private final ObjectMapper json;

    private ConnectionClient(ConnectorSpec connector, ConnectionSpec connection, HttpPipeline pipeline,
            Map<String, HttpRequest> streamRequests, Map<String, ActionCaller> actions, ObjectMapper json) {
        this.connector = connector;
        this.connection = connection;
        this.pipeline = pipeline;
        this.streamRequests = streamRequests;
        this.actions = actions;
        this.json = json;
    }

    /**
     * @throws ConnectorException when a value is missing or a template, path or body expression is
     *     malformed; the message names the connection or connector and the field
     */
    public static ConnectionClient create(ConnectorSpec connector, ConnectionSpec connection, SecretResolver secrets, PipelineOptions options) {
        Objects.requireNonNull(options, "options");
        ConnectionValues values = ConnectionValues.resolve(connector, connection, secrets);
        String baseUrl = values.render(RequestTemplate.parse("connector", "baseUrl", connector.baseUrl()), "baseUrl");
        AuthSpec auth = renderAuth(connector.auth(), values);

        Map<String, HttpRequest> streamRequests = new LinkedHashMap<>();
        if (connector.streams() != null) {
            connector.streams().forEach((name, stream) -> {
                String where = "stream '" + name + "'";
                streamRequests.put(name, RequestTemplate.compile(where, stream.request(), connector.headers(), "GET").render(baseUrl, values));
                compileStreamPaths(connector.name(), name, stream);
            });
        }
        HttpPipeline pipeline = HttpPipeline.builder(options)
                .auth(auth)
                .retry(connector.retry())
                .rateLimiter(options.rateLimiters().forConnection(connection.name(), connector.rateLimit()))
                .secretValues(values.secretValues())
                .build();
        ObjectMapper json = new ObjectMapper();
        Map<String, ActionCaller> actions = new LinkedHashMap<>();
        try {
            if (connector.actions() != null) {
                connector.actions().forEach((name, action) -> {
                    ActionSpec named = action.name() == null ? new ActionSpec(name, action.request(), action.batch(), action.results()) : action;
                    HttpRequest base = RequestTemplate.compile("action '" + name + "'", action.request(), connector.headers(), "POST").render(baseUrl, values);
                    actions.put(name, ActionCaller.compile(connector.name(), named, base, pipeline, json));
                });
            }
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
        return new ConnectionClient(connector, connection, pipeline, Map.copyOf(streamRequests), Map.copyOf(actions), json);
    }

    /**
     * Starts reading a stream. Nothing is requested until the first page is asked for.
     *
     * @throws IllegalArgumentException when the connector has no such stream
     */
    public PageReader readStream(String stream, ReadOptions options) {
        StreamSpec spec = connector.streams() == null ? null : connector.streams().get(stream);
        HttpRequest first = streamRequests.get(stream);
        if (spec == null || first == null) {
            throw new IllegalArgumentException("connector '" + connector.name() + "' has no stream '" + stream + "'; it has "
                    + (streamRequests.isEmpty() ? "none" : String.join(", ", streamRequests.keySet())));
        }
        if (options.incrementalFrom() != null && spec.incremental() != null && spec.incremental().param() != null) {
            first = first.withQueryParam(spec.incremental().param(), options.incrementalFrom());
        }
        int maxPages = spec.maxPages() > 0 ? spec.maxPages() : DEFAULT_MAX_PAGES;
        JsonPath records = JsonPath.parse(spec.records() == null ? "$" : spec.records());
        return new StreamPageReader(stream, first, pipeline, context(options.context()), json, Paginator.of(spec.pagination()), records, maxPages);
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
        ActionCaller caller = actions.get(action);
        if (caller == null) {
            throw new IllegalArgumentException("connector '" + connector.name() + "' has no action '" + action + "'; it has "
                    + (actions.isEmpty() ? "none" : String.join(", ", actions.keySet())));
        }
        return caller.call(records, context(context));
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
                    context.idempotent(), context.attempt());
        }
        return context;
    }

    private static void compileStreamPaths(String connector, String name, StreamSpec stream) {
        String where = "connector '" + connector + "' stream '" + name + "'";
        try {
            JsonPath.parse(stream.records() == null ? "$" : stream.records());
            Paginator.of(stream.pagination());
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(where + ": " + e.getMessage(), e);
        }
    }

    private static AuthSpec renderAuth(AuthSpec auth, ConnectionValues values) {
        return switch (auth) {
            case null -> new AuthSpec.None();
            case AuthSpec.None none -> none;
            case AuthSpec.ApiKey key -> new AuthSpec.ApiKey(key.in(), key.name(), render(key.value(), "auth.value", values));
            case AuthSpec.Bearer bearer -> new AuthSpec.Bearer(render(bearer.token(), "auth.token", values));
            case AuthSpec.Basic basic -> new AuthSpec.Basic(render(basic.username(), "auth.username", values), render(basic.password(), "auth.password", values));
        };
    }

    private static String render(String text, String field, ConnectionValues values) {
        Template template = RequestTemplate.parse("connector", field, text);
        return values.render(template, field);
    }

    @Override
    public String toString() {
        return "ConnectionClient[" + connection.name() + " → " + connector.name() + "]";
    }
}
