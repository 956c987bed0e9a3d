package dev.junction.engine;

import dev.junction.JunctionException;
import dev.junction.connector.ConnectionClient;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.HttpResponse;
import dev.junction.http.PipelineListener;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Requests to a connection's API that the caller writes — a proxy, as an application calls an API
 * endpoint no connector stream or action covers: the method, a path below the connector's base URL,
 * query, headers and body, sent through the connection's whole pipeline (its auth, refreshed as
 * needed; the rate budget; retries, of POST and PATCH only when they cannot have reached the API; the
 * exchange log, secrets hidden). The API's answer comes back with the connection's secret values hidden,
 * whatever its status, once the retries are done, without the headers that are the connection's
 * ({@code Set-Cookie}) or the transport's. A body sent without a {@code Content-Type} goes as
 * {@code application/json} when it parses as JSON, else as UTF-8 text. Thread-safe.
 */
public final class ConnectionRequests {
    /** The methods a caller may send. */
    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    /** The most bytes a request body may have. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /**
     * Headers a caller may not set: the connection's credentials and what the transport writes (and reads: an
     * {@code Accept-Encoding} would have the answer come back compressed). Other
     * credential headers the connection's auth sets (an API key's) are set again by the auth after the
     * caller's, so the connection's value wins.
     */
    private static final Set<String> REFUSED_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "host", "content-length",
            "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "accept-encoding");
    /** Answer headers that are the connection's (its session cookies) or hop-by-hop (RFC 9110 section 7.6.1), not passed on. */
    private static final Set<String> DROPPED_ANSWER_HEADERS = Set.of("set-cookie", "set-cookie2", "connection", "keep-alive", "transfer-encoding",
            "content-length", "proxy-authenticate", "trailer", "upgrade", "te");
    private static final Duration CLIENT_REUSE = Duration.ofSeconds(60);

    /**
     * A request: the method (one of {@link #METHODS}), a path below the connector's base URL starting with {@code /} (percent-encoded as
     * it is to be sent), query parameters, headers, and the body's bytes (null: none).
     */
    public record Request(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {
        public Request {
            query = query == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(query));
            headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }
    }

    /**
     * The API's answer: its status, its headers (names lower case, without those not passed on), its body's bytes, and the id its
     * exchanges are logged under ({@code request:UUID}: the exchange log's run id, for {@code junction exchanges --run} and
     * {@code GET /api/v1/exchanges?run=}).
     */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body, String logId) {
        /** The answer's content type, or null. */
        public String contentType() {
            List<String> values = headers.get("content-type");
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        /** The body as UTF-8 text, or null when it is not UTF-8 (an image, a compressed file). */
        public String text() {
            return utf8(body);
        }
    }

    private final Function<Predicate<LoadResult>, LoadResult> definitions;
    private final Connections connections;
    private final Clock clock;
    private final ConcurrentHashMap<String, CachedClient> clients = new ConcurrentHashMap<>();

    /**
     * @param definitions what is applied: as recently checked when it has what the predicate looks for, else as stored now (a
     *     connection applied a moment ago, on another node too)
     */
    ConnectionRequests(Function<Predicate<LoadResult>, LoadResult> definitions, Connections connections, Clock clock) {
        this.definitions = definitions;
        this.connections = connections;
        this.clock = clock;
    }

    /**
     * Sends {@code request} through connection {@code name}'s pipeline.
     *
     * @param tenant the tenant the caller is confined to (null: any); another tenant's connection is not found
     * @throws EngineException.NotFound when no such connection is applied (for this tenant)
     * @throws EngineException.Invalid when the connection is a database connection, or the request is not one to send (the method, the
     *     path, a header, the body's size), saying what was expected
     * @throws ApiException when nothing came back: the network, a refused address, an answer over the size cap
     */
    public Answer send(String name, String tenant, Request request) {
        String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new EngineException.Invalid("method '" + request.method() + "' is not one to send; expected one of " + String.join(", ", METHODS));
        }
        for (String header : request.headers().keySet()) {
            if (REFUSED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                throw new EngineException.Invalid("header '" + header + "' is the connection's or the transport's to set; the connection's auth"
                        + " adds its credentials itself");
            }
        }
        if (request.body() != null && request.body().length > MAX_BODY_BYTES) {
            throw new EngineException.Invalid("the body is " + request.body().length + " bytes; at most " + MAX_BODY_BYTES + " may be sent");
        }
        if (request.body() != null && (method.equals("GET") || method.equals("HEAD"))) {
            throw new EngineException.Invalid(method + " takes no body; send it with POST, PUT, PATCH or DELETE");
        }
        Map<String, String> headers = request.headers();
        if (request.body() != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            headers = new LinkedHashMap<>(headers); // a body without a type: JSON when it parses as JSON, else text
            headers.put("Content-Type", isJson(request.body()) ? "application/json" : "text/plain; charset=UTF-8");
        }
        LoadResult applied = definitions.apply(r -> r.connections().containsKey(name));
        ConnectionSpec connection = connection(applied, name, tenant);
        String logId = "request:" + java.util.UUID.randomUUID();
        // POST and PATCH are not idempotent (RFC 9110 section 9.2.2): one that may have reached the API is not sent again
        boolean idempotent = !method.equals("POST") && !method.equals("PATCH");
        CallContext context = new CallContext(logId, connection.owningTenant(), connection.name(), List.of(), idempotent);
        HttpResponse response;
        ConnectionClient client;
        try {
            client = client(applied, connection);
            response = client.exchange(method, request.path(), request.query(), headers, request.body(), context);
        } catch (IllegalArgumentException e) {
            throw new EngineException.Invalid(e.getMessage());
        } catch (dev.junction.connector.ConnectorException e) {
            throw new EngineException.Invalid("connection '" + connection.name() + "': " + e.getMessage()); // a value its base URL lacks
        }
        Map<String, List<String>> answered = new LinkedHashMap<>();
        response.headers().forEach((header, values) -> {
            String lower = header.toLowerCase(Locale.ROOT);
            if (!DROPPED_ANSWER_HEADERS.contains(lower) && !lower.startsWith(":")) {
                values.forEach(v -> answered.computeIfAbsent(lower, h -> new java.util.ArrayList<>()).add(client.pipeline().withoutSecrets(v)));
            }
        });
        return new Answer(response.status(), answered, withoutSecrets(client, response.body()), logId);
    }

    /**
     * The answer's body with the connection's secret values hidden when it is text (an API that echoes the request's headers, a
     * token introspection): the caller never sees a credential, as the connect flow promises. A body that is not UTF-8 is as it came.
     */
    private static byte[] withoutSecrets(ConnectionClient client, byte[] body) {
        if (body == null || body.length == 0) {
            return new byte[0];
        }
        String text = utf8(body);
        String hidden = text == null ? null : client.pipeline().withoutSecrets(text);
        return hidden == null || hidden.equals(text) ? body : hidden.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@code bytes} as UTF-8 text, or null when they are not UTF-8. */
    private static String utf8(byte[] bytes) {
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException binary) {
            return null;
        }
    }

    private static boolean isJson(byte[] body) {
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            return body.length > 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static ConnectionSpec connection(LoadResult applied, String name, String tenant) {
        ConnectionSpec connection = applied.connections().get(name);
        if (connection == null || tenant != null && !tenant.equals(connection.tenant())) {
            throw new EngineException.NotFound("no connection named '" + name + "' is applied");
        }
        if (connection.isDatabase()) {
            throw new EngineException.Invalid("connection '" + name + "' is a database connection: it has no API to send requests to");
        }
        return connection;
    }

    /**
     * The connection's client, reused while its definition stays the same object and for at most
     * {@link #CLIENT_REUSE} (a rotated secret file is read again soon): building one compiles the
     * connector's requests and resolves the secrets. Its pipeline uses the process's shared HTTP
     * clients, budgets and token states.
     */
    private ConnectionClient client(LoadResult applied, ConnectionSpec connection) {
        ConnectorSpec connector = applied.connectors().get(connection.connector());
        if (connector == null) {
            throw new EngineException.NotFound("connection '" + connection.name() + "' names connector '" + connection.connector()
                    + "', which is not applied");
        }
        Instant now = clock.instant();
        CachedClient cached = clients.get(connection.name());
        if (cached != null && cached.connection() == connection && cached.connector() == connector && now.isBefore(cached.until())) {
            return cached.client();
        }
        try {
            ConnectionClient client = ConnectionClient.create(connector, connection, connections.secrets(), connections.pipeline(PipelineListener.NONE, true));
            clients.put(connection.name(), new CachedClient(connection, connector, client, now.plus(CLIENT_REUSE)));
            return client;
        } catch (JunctionException e) {
            throw new EngineException.Invalid("connection '" + connection.name() + "': " + e.getMessage());
        }
    }

    private record CachedClient(ConnectionSpec connection, ConnectorSpec connector, ConnectionClient client, Instant until) {}
}
