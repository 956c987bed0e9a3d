package dev.junction.connector.internal;

import dev.junction.connector.ConnectionValues;
import dev.junction.connector.ConnectorException;
import dev.junction.http.HttpRequest;
import dev.junction.http.internal.Urls;
import dev.junction.spec.RequestSpec;
import dev.junction.template.Template;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A {@link RequestSpec} with its templates parsed once: method, path, query and headers (the
 * connector's headers first, the request's own ones winning). Rendered against a connection's
 * values into an {@link HttpRequest} without a body.
 */
public final class RequestTemplate {
    private static final String RECORD = "record.";
    private final String where;
    private final String method;
    private final Template path;
    private final Map<String, Template> query;
    private final Map<String, Template> headers;

    private RequestTemplate(String where, String method, Template path, Map<String, Template> query, Map<String, Template> headers) {
        this.where = where;
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
    }

    /**
     * @param where what this request belongs to, for messages: {@code stream 'contacts'}
     * @throws ConnectorException when a template is malformed, naming the field
     */
    public static RequestTemplate compile(String where, RequestSpec spec, Map<String, String> connectorHeaders, String defaultMethod) {
        if (spec == null) {
            throw new ConnectorException(where + ": has no request");
        }
        String method = spec.method() == null || spec.method().isBlank() ? defaultMethod : spec.method().strip();
        Template path = parse(where, "request.path", spec.path() == null ? "" : spec.path());
        Map<String, Template> query = new LinkedHashMap<>();
        if (spec.query() != null) {
            spec.query().forEach((name, value) -> query.put(name, parse(where, "request.query." + name, value)));
        }
        Map<String, Template> headers = new LinkedHashMap<>();
        if (connectorHeaders != null) {
            connectorHeaders.forEach((name, value) -> headers.put(name, parse("connector", "headers." + name, value)));
        }
        if (spec.headers() != null) {
            spec.headers().forEach((name, value) -> headers.put(name, parse(where, "request.headers." + name, value)));
        }
        // in the order written: an API that signs its query as sent (Binance) or reads it positionally gets it as the connector says
        return new RequestTemplate(where, method, path, java.util.Collections.unmodifiableMap(query), java.util.Collections.unmodifiableMap(headers));
    }

    /** Whether the path, a query value or a header names {@code variable}. */
    boolean reads(String variable) {
        return path.variables().contains(variable) || query.values().stream().anyMatch(t -> t.variables().contains(variable))
                || headers.values().stream().anyMatch(t -> t.variables().contains(variable));
    }

    /** {@code value} percent-encoded as one path segment; {@code .} and {@code ..} too, so a value never walks up the path. */
    static String segment(String value) {
        String encoded = Urls.encode(value);
        return encoded.equals(".") || encoded.equals("..") ? encoded.replace(".", "%2E") : encoded;
    }

    public static Template parse(String where, String field, String text) {
        try {
            return Template.parse(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(where + " " + field + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param baseUrl the connector's rendered base URL, used when the path is not absolute
     * @throws ConnectorException when a variable has no value or the result is not a valid URL
     */
    public HttpRequest render(String baseUrl, ConnectionValues values) {
        return render(baseUrl, values, v -> null);
    }

    /**
     * The {@code record.*} variables of the path, query and headers (a single-record action's), each
     * with the field that uses it first ({@code request.path}, {@code request.query.id},
     * {@code request.headers.If-Match}); empty when none.
     */
    public Map<String, String> recordVariables() {
        Map<String, String> out = new LinkedHashMap<>();
        path.variables().stream().filter(v -> v.startsWith(RECORD)).forEach(v -> out.putIfAbsent(v, "request.path"));
        query.forEach((name, template) -> template.variables().stream().filter(v -> v.startsWith(RECORD))
                .forEach(v -> out.putIfAbsent(v, "request.query." + name)));
        headers.forEach((name, template) -> template.variables().stream().filter(v -> v.startsWith(RECORD))
                .forEach(v -> out.putIfAbsent(v, "request.headers." + name)));
        return out;
    }

    /**
     * Like {@link #render(String, ConnectionValues)}, with {@code record.*} variables looked up in
     * {@code record}. Every value is escaped for where it lands: in the path percent-encoded as one
     * path segment (a {@code /} in it becomes {@code %2F}, {@code ..} becomes {@code %2E%2E}), be it a
     * config value, a secret, a parent's field or a record's; in the query as a query value; in a
     * header as it is, refused when it holds a line break (without showing it).
     */
    public HttpRequest render(String baseUrl, ConnectionValues connection, Function<String, String> record) {
        ConnectionValues values = connection.withVariables(record);
        String renderedPath = values.render(path, where + " request.path", RequestTemplate::segment);
        String url;
        if (renderedPath.startsWith("http://") || renderedPath.startsWith("https://")) {
            url = renderedPath;
        } else {
            String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            url = renderedPath.isEmpty() ? base : base + (renderedPath.startsWith("/") ? "" : "/") + renderedPath;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConnectorException(where + ": baseUrl and request.path '" + path.text() + "' do not form a valid URL ("
                    + e.getReason() + " at index " + e.getIndex() + ")");
        }
        HttpRequest request;
        try {
            request = HttpRequest.of(method, uri);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(where + ": " + e.getMessage().replace(url, "baseUrl + '" + path.text() + "'"));
        }
        for (var entry : query.entrySet()) {
            request = request.addQueryParam(entry.getKey(), values.render(entry.getValue(), where + " request.query." + entry.getKey()));
        }
        for (var entry : headers.entrySet()) {
            String field = where + " request.headers." + entry.getKey();
            try {
                request = request.withHeader(entry.getKey(), values.render(entry.getValue(), field));
            } catch (IllegalArgumentException e) {
                throw new ConnectorException("connection '" + values.connection() + "' " + field + ": " + e.getMessage());
            }
        }
        return request;
    }
}
