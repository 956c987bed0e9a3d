package dev.junction.webhook;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP request that claims to be a webhook delivery, as the server received it: method,
 * headers (looked up without regard to case), query parameters, the raw body bytes exactly as
 * they came off the wire, and when it was received (the clock the timestamp tolerance is measured
 * against).
 *
 * <p>The body array is not copied: the caller hands it over and must not change it afterwards.
 * To keep memory bounded, read at most {@link WebhookVerifier#maxBodySize()} {@code + 1} bytes
 * and pass what was read: a longer body is refused with 413 before anything else is looked at.
 */
public final class WebhookDelivery {
    private final String method;
    private final String url;
    private final Map<String, List<String>> headers;
    private final Map<String, List<String>> query;
    private final byte[] body;
    private final Instant receivedAt;

    /**
     * @param method the HTTP method, such as {@code POST}
     * @param headers each header name with its values in order; names are matched without regard to case
     * @param query each query parameter (already URL-decoded) with its values in order; may be empty
     * @param body the raw body; an empty array when there is none
     * @param receivedAt when the request arrived
     */
    public WebhookDelivery(String method, Map<String, List<String>> headers, Map<String, List<String>> query, byte[] body, Instant receivedAt) {
        this(method, null, headers, query, body, receivedAt);
    }

    /**
     * A delivery that knows the URL the provider called, for schemes that sign it (HubSpot, Twilio,
     * Square; {@code {{ url }}} in a generic signed content).
     *
     * @param url the URL as the provider addressed it: scheme, host, path and the query string as
     *     sent (the server's public address, not the address behind a proxy); null when not known
     */
    public WebhookDelivery(String method, String url, Map<String, List<String>> headers, Map<String, List<String>> query, byte[] body,
            Instant receivedAt) {
        this.method = Objects.requireNonNull(method, "method");
        this.url = url;
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Objects.requireNonNull(headers, "headers").forEach((name, values) -> h.merge(name, List.copyOf(values), (a, b) -> {
            List<String> both = new java.util.ArrayList<>(a);
            both.addAll(b);
            return List.copyOf(both);
        }));
        this.headers = Collections.unmodifiableMap(h);
        Map<String, List<String>> q = new java.util.LinkedHashMap<>();
        Objects.requireNonNull(query, "query").forEach((name, values) -> q.put(name, List.copyOf(values)));
        this.query = Collections.unmodifiableMap(q);
        this.body = Objects.requireNonNull(body, "body");
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** A delivery with single-valued headers and no query parameters (convenient in tests and simple adapters). */
    public static WebhookDelivery post(Map<String, String> headers, byte[] body, Instant receivedAt) {
        Map<String, List<String>> h = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> h.put(name, List.of(value)));
        return new WebhookDelivery("POST", h, Map.of(), body, receivedAt);
    }

    public String method() {
        return method;
    }

    /** The URL the provider called (scheme, host, path, query string as sent), or null when the receiver did not say. */
    public String url() {
        return url;
    }

    /** The first value of the header {@code name} (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** Every header, names in any case, sorted without regard to case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of the query parameter {@code name} (exact case), or null. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public Map<String, List<String>> queryParameters() {
        return query;
    }

    /** The raw body, not a copy: do not change it. */
    public byte[] body() {
        return body;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** The media type of the body without parameters, lower case ({@code application/json}), or null. */
    public String contentType() {
        String value = header("Content-Type");
        if (value == null) {
            return null;
        }
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** Method, header names and body size only: header values may carry credentials. */
    @Override
    public String toString() {
        return "WebhookDelivery[" + method + ", headers " + headers.keySet() + ", " + body.length + " bytes, received " + receivedAt + "]";
    }
}
