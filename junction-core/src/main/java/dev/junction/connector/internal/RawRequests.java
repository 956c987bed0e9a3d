package dev.junction.connector.internal;

import dev.junction.http.CallContext;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import java.util.Map;

/**
 * Requests a caller wrote (a flow's {@code call: { request }}), sent below the connector's base URL
 * with the connector's headers through the connection's pipeline; a path that would leave the base
 * URL's path, or a header that is the connection's to set, is refused. Thread-safe.
 */
public final class RawRequests {
    /** The base URL with the connector's headers: what a raw request starts from. */
    private final Lazy<HttpRequest> base;
    private final HttpPipeline pipeline;
    private final OperationContexts contexts;

    public RawRequests(Lazy<HttpRequest> base, HttpPipeline pipeline, OperationContexts contexts) {
        this.base = base;
        this.pipeline = pipeline;
        this.contexts = contexts;
    }

    /** See {@link dev.junction.connector.ConnectionClient#send}. */
    public HttpResponse send(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body,
            CallContext context) {
        return pipeline.execute(request(method, path, query, headers, body), contexts.of(context).withOperation("request"));
    }

    /** See {@link dev.junction.connector.ConnectionClient#exchange}. */
    public HttpResponse exchange(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body,
            CallContext context) {
        return pipeline.exchange(request(method, path, query, headers, body), contexts.of(context).withOperation("request"));
    }

    private HttpRequest request(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("?") || path.contains("#")
                || java.util.Arrays.stream(path.split("/")).map(RawRequests::decoded).anyMatch(s -> s.equals(".") || s.equals(".."))) {
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
        return request;
    }

    /** A path segment percent-decoded (as the server would read it); as it is when it does not decode. */
    private static String decoded(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
