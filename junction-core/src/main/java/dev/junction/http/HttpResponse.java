package dev.junction.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An immutable, fully read HTTP response. Header names ignore case.
 *
 * @param status the HTTP status code
 * @param headers every response header
 * @param body the body bytes (empty when there was none); the accessor returns a copy
 */
public record HttpResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public HttpResponse {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status: expected an HTTP status code, was " + status);
        }
        headers = HttpHeaders.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** A response with a UTF-8 body and no headers; handy for interceptors that answer themselves. */
    public static HttpResponse of(int status, String body) {
        return new HttpResponse(status, Map.of(), body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the body bytes. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as a stream over the response's own bytes (no copy). */
    public java.io.InputStream bodyStream() {
        return new java.io.ByteArrayInputStream(body);
    }

    public int bodyLength() {
        return body.length;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        return HttpHeaders.first(headers, name);
    }

    /** Every value of a header, in order; empty when absent. */
    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        return "HttpResponse[status=" + status + ", " + body.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpResponse other && other.status == status && other.headers.equals(headers)
                && java.util.Arrays.equals(other.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * status + headers.hashCode()) + java.util.Arrays.hashCode(body);
    }
}
