package dev.junction.http;

import dev.junction.http.internal.Urls;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable HTTP request: method, absolute URI, headers (case-insensitive names, several values
 * each) and an optional body. Every {@code with...} method returns a changed copy.
 */
public final class HttpRequest {
    private final String method;
    private final URI uri;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    private HttpRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.uri = uri;
        this.headers = headers;
        this.body = body;
    }

    /**
     * @param method an HTTP method, upper-cased here
     * @param uri an absolute http or https URI
     */
    public static HttpRequest of(String method, URI uri) {
        return new HttpRequest(checkMethod(method), checkUri(uri), HttpHeaders.copyOf(Map.of()), null);
    }

    public static HttpRequest get(URI uri) {
        return of("GET", uri);
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    /** All headers; the map ignores case and cannot be changed. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        return HttpHeaders.first(headers, name);
    }

    /** A copy of the body, or null when the request has none. */
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    public boolean hasBody() {
        return body != null;
    }

    public int bodyLength() {
        return body == null ? 0 : body.length;
    }

    /** The body as UTF-8 text, or null. */
    public String bodyText() {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    /** True for methods that may be sent twice without harm (GET, HEAD, PUT, DELETE, OPTIONS). */
    public boolean hasIdempotentMethod() {
        return switch (method) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE" -> true;
            default -> false;
        };
    }

    public HttpRequest withMethod(String value) {
        return new HttpRequest(checkMethod(value), uri, headers, body);
    }

    public HttpRequest withUri(URI value) {
        return new HttpRequest(method, checkUri(value), headers, body);
    }

    /** Sets a header, replacing every earlier value of it. */
    public HttpRequest withHeader(String name, String value) {
        return new HttpRequest(method, uri, HttpHeaders.with(headers, name, value, true), body);
    }

    /** Adds one more value to a header. */
    public HttpRequest addHeader(String name, String value) {
        return new HttpRequest(method, uri, HttpHeaders.with(headers, name, value, false), body);
    }

    public HttpRequest withoutHeader(String name) {
        return new HttpRequest(method, uri, HttpHeaders.without(headers, name), body);
    }

    /** Sets a query parameter (value percent-encoded here), replacing every earlier value of it. */
    public HttpRequest withQueryParam(String name, String value) {
        return withUri(Urls.setQueryParam(uri, name, value));
    }

    /** Adds a query parameter (value percent-encoded here), keeping earlier ones of the same name. */
    public HttpRequest addQueryParam(String name, String value) {
        return withUri(Urls.addQueryParam(uri, name, value));
    }

    /** Sets the body (copied); null removes it. */
    public HttpRequest withBody(byte[] value) {
        return new HttpRequest(method, uri, headers, value == null ? null : value.clone());
    }

    /** Sets a UTF-8 body and its content type. */
    public HttpRequest withBody(String text, String contentType) {
        return withBody(text.getBytes(StandardCharsets.UTF_8)).withHeader("Content-Type", contentType);
    }

    /** {@code GET https://host/path?query}: for messages. */
    @Override
    public String toString() {
        return method + " " + uri;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpRequest other
                && other.method.equals(method)
                && other.uri.equals(uri)
                && other.headers.equals(headers)
                && Arrays.equals(other.body, body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, uri, headers, Arrays.hashCode(body));
    }

    private static String checkMethod(String method) {
        if (method == null || method.isBlank() || !method.strip().chars().allMatch(Character::isLetter)) {
            throw new IllegalArgumentException("method: expected an HTTP method such as GET or POST, found '" + method + "'");
        }
        return method.strip().toUpperCase(Locale.ROOT);
    }

    private static URI checkUri(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("uri: expected an absolute http(s) URL with a host, found '" + uri + "'");
        }
        return uri;
    }
}
