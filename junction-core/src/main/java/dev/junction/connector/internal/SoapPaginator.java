package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.internal.Urls;
import dev.junction.spec.PaginationSpec;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pagination of a SOAP stream. The usual {@link Paginator} walks the pages on a plain request,
 * putting the cursor, offset or page number in query parameters as for REST; this one turns each
 * such request into the envelope the API gets: those parameters leave the URL and become the
 * {@code {{ cursor }}}, {@code {{ offset }}}/{@code {{ limit }}} or {@code {{ page }}}/{@code {{ size }}}
 * values of the body template, next to {@code {{ since }}}. One per read; not thread-safe.
 */
public final class SoapPaginator implements Paginator {
    private final Paginator inner;
    private final SoapEnvelope envelope;
    /** Variable name → the query parameter the inner paginator uses for it. */
    private final Map<String, String> parameters;
    private final String since;
    private HttpRequest plain;

    private SoapPaginator(Paginator inner, SoapEnvelope envelope, Map<String, String> parameters, String since) {
        this.inner = inner;
        this.envelope = envelope;
        this.parameters = parameters;
        this.since = since;
    }

    /** @param since the incremental checkpoint, or null */
    public static SoapPaginator of(PaginationSpec spec, SoapEnvelope envelope, String since) {
        Map<String, String> parameters = new HashMap<>();
        switch (spec) {
            case PaginationSpec.Cursor c -> parameters.put("cursor", c.param());
            case PaginationSpec.Offset o -> {
                parameters.put("offset", o.offsetParam());
                parameters.put("limit", o.limitParam());
            }
            case PaginationSpec.Page p -> {
                parameters.put("page", p.param());
                if (p.sizeParam() != null) {
                    parameters.put("size", p.sizeParam());
                }
            }
            case null, default -> { }
        }
        parameters.values().removeIf(java.util.Objects::isNull);
        return new SoapPaginator(Paginator.of(spec), envelope, Map.copyOf(parameters), since);
    }

    @Override
    public HttpRequest first(HttpRequest request) {
        plain = inner.first(request);
        return envelope(plain);
    }

    @Override
    public HttpRequest next(HttpRequest current, HttpResponse response, JsonNode body, int records) {
        HttpRequest next = inner.next(plain, response, body, records);
        if (next == null) {
            return null;
        }
        plain = next;
        return envelope(next);
    }

    private HttpRequest envelope(HttpRequest request) {
        Map<String, String> values = new HashMap<>();
        List<String> pairs = Urls.pairs(request.uri());
        pairs.removeIf(pair -> {
            String[] nameAndValue = pair.split("=", 2);
            String name = Urls.decode(nameAndValue[0]);
            for (var entry : parameters.entrySet()) {
                if (entry.getValue().equals(name)) {
                    values.put(entry.getKey(), nameAndValue.length == 2 ? Urls.decode(nameAndValue[1]) : "");
                    return true;
                }
            }
            return false;
        });
        URI uri = Urls.withRawQuery(request.uri(), pairs);
        return envelope.apply(request.withUri(uri), name -> name.equals("since") ? since : values.get(name));
    }
}
