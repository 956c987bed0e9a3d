package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.ConnectionValues;
import dev.junction.connector.ConnectorException;
import dev.junction.connector.SecretResolver;
import dev.junction.http.EgressProxy;
import dev.junction.http.ErrorRules;
import dev.junction.http.Hook;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.PipelineOptions;
import dev.junction.json.JsonPath;
import dev.junction.spec.ActionSpec;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.StreamSpec;
import dev.junction.spec.TlsSpec;
import dev.junction.spec.ValueRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compiles a connector for one connection into what a {@link dev.junction.connector.ConnectionClient}
 * calls, checking all that can be checked up front: values resolved, templates parsed, body expressions
 * and paths compiled, the base URL and auth rendered, the connection's pipeline built. A stream's or
 * action's own templates are rendered when first used ({@link Lazy}).
 */
public final class ConnectionCompiler {
    /**
     * A compiled connection: the pipeline every call goes through (its owner closes it), and its streams, actions,
     * raw requests and {@code check:} (null when the connector declares none).
     */
    public record Compiled(HttpPipeline pipeline, StreamCalls streams, ActionCalls actions, RawRequests requests, CheckCaller check,
            OperationContexts contexts) {}

    private ConnectionCompiler() {
    }

    /**
     * @throws ConnectorException when a value is missing or a template, path or body expression is
     *     malformed; the message names the connection or connector and the field
     */
    public static Compiled compile(ConnectorSpec connector, ConnectionSpec connection, SecretResolver secrets, PipelineOptions options) {
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
                // a job's results at URLs its done answer gives: the stream has no request, and its job's status request stands
                // in for it where the connection's values are checked ahead of a read
                RequestSpec request = stream.request() != null ? stream.request() : stream.job().status();
                RequestTemplate template = RequestTemplate.compile(where, request, connector.headers(), "GET");
                if (stream.partitioned() || stream.job() != null || template.reads(dev.junction.spec.internal.Schema.SINCE)) {
                    // rendered per partition (or per job, or per read's checkpoint); prepareStream renders with no partition only to
                    // check config values
                    partitionRequests.put(name, variables -> template.render(baseUrl, values.withPartition(variables)));
                    streamRequests.put(name, new Lazy<>(() -> template.render(baseUrl, values.withAnyPartition("0"))));
                } else {
                    streamRequests.put(name, new Lazy<>(() -> template.render(baseUrl, values)));
                }
                StreamBody compiled = stream.request() == null ? null : StreamBody.compile("connector '" + connector.name() + "' " + where,
                        request.body(), json, FormBody.declared(connector.headers(), request.headers()));
                StreamBody body = compiled == null ? null : compiled.withConfig(values.config());
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
        EgressProxy proxy = proxy(connection, secrets);
        HttpPipeline pipeline = checked(connection, () -> HttpPipeline.builder(options)
                .auth(auth)
                .tls(tls)
                .proxy(proxy)
                .trust(connection.trust())
                .connection(connection.tenant() == null ? "default" : connection.tenant(), connection.name())
                .retry(connection.effectiveRetry(connector))
                .rateLimiter(options.rateLimiters().forConnection(tenant(connection), connection.name(), connection.effectiveRateLimit(connector)))
                .operationRateLimiters(operationRateLimiters(connector, connection, options))
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
        Map<String, JobRunner> jobs = new LinkedHashMap<>();
        CheckCaller check;
        try {
            if (connector.streams() != null) {
                connector.streams().forEach((name, stream) -> putIfSet(jobs, name, stream.job() == null ? null : JobRunner.compile(connector.name(), name,
                        stream.job(), connector.headers(), baseUrl, values, pipeline, json, options.sleeper(), options.clock())));
            }
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
                    ActionCaller compiled = ActionCaller.compile(connector.name(), named, null, pipeline, json, connector.maxDecompressedSize())
                            .withConfig(values.config());
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
        OperationContexts contexts = new OperationContexts(connection, Map.copyOf(operationRules), operationHooks);
        StreamCalls streams = new StreamCalls(connector, pipeline, json, contexts, Map.copyOf(streamRequests), Map.copyOf(partitionRequests),
                Map.copyOf(streamBodies), Map.copyOf(envelopes), Map.copyOf(fetchers), Map.copyOf(jobs));
        Lazy<HttpRequest> base = new Lazy<>(() -> RequestTemplate.compile("connector '" + connector.name() + "' request", new dev.junction.spec.RequestSpec("GET", "",
                null, null, null), connector.headers(), "GET").render(baseUrl, values));
        return new Compiled(pipeline, streams, new ActionCalls(connector.name(), Map.copyOf(actions), contexts), new RawRequests(base, pipeline, contexts),
                check, contexts);
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

    /**
     * The connection's own outbound proxy ({@code proxy:}), or null for the process's. Only an operator's connection sets one: a
     * tenant's goes where the server's egress settings send it.
     */
    private static EgressProxy proxy(ConnectionSpec connection, SecretResolver secrets) {
        if (connection.proxy() == null) {
            return null;
        }
        String where = "connection '" + connection.name() + "' proxy";
        if (connection.isTenantApplied()) {
            throw new ConnectorException(where + ": " + ConnectionValues.TENANT_PROXY_REFUSAL);
        }
        String url = secrets.resolve(connection.proxy());
        try {
            return EgressProxy.of(url, java.util.List.of());
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(where + ": " + (connection.proxy() instanceof ValueRef.Literal ? e.getMessage()
                    : "the value it names is not a proxy URL (not repeated here: it may hold a password); expected http://HOST:PORT"
                            + " or http://USER:PASSWORD@HOST:PORT"));
        }
    }

    /**
     * The limiters of the streams and actions that declare a {@code rateLimit:} of their own, shared
     * like the connection's (per connection name and limit; across the nodes that call it, unless {@code scope: node}).
     */
    private static Map<String, dev.junction.http.RequestRateLimiter> operationRateLimiters(ConnectorSpec connector, ConnectionSpec connection,
            PipelineOptions options) {
        Map<String, dev.junction.spec.RateLimitSpec> limits = new LinkedHashMap<>();
        if (connector.streams() != null) {
            connector.streams().forEach((name, stream) -> putIfSet(limits, "stream:" + name, stream.rateLimit()));
        }
        if (connector.actions() != null) {
            connector.actions().forEach((name, action) -> putIfSet(limits, "action:" + name, action.rateLimit()));
        }
        Map<String, dev.junction.http.RequestRateLimiter> limiters = new LinkedHashMap<>();
        limits.forEach((operation, spec) -> limiters.put(operation, options.rateLimiters().forConnection(tenant(connection), connection.name() + " " + operation,
                spec)));
        return limiters;
    }

    private static String tenant(ConnectionSpec connection) {
        return connection.owningTenant();
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
}
