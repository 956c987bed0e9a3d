package dev.junction.http;

import dev.junction.store.EndpointSignalRepository;
import dev.junction.store.ExchangeRecord;
import java.net.URI;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches every response for {@code Deprecation}, {@code Sunset} (RFC 8594) and {@code Warning}
 * headers, so a maintainer sees an API version going away before it breaks. Each distinct signal is
 * recorded once per watcher (use one per run): in the store, and in memory for the run summary.
 */
public final class DeprecationWatcher implements PipelineListener {
    static final List<String> HEADERS = List.of("Deprecation", "Sunset", "Warning");

    /** One signal: which header said what about which endpoint. */
    public record Sighting(String connection, String method, String path, String kind, String value) {}

    private final EndpointSignalRepository repository;
    private final Clock clock;
    private final Set<Sighting> seen = ConcurrentHashMap.newKeySet();

    public DeprecationWatcher(EndpointSignalRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Override
    public void onExchange(ExchangeRecord exchange) {
        if (exchange.status() == 0 || exchange.responseHeaders() == null) {
            return;
        }
        for (String header : HEADERS) {
            String value = header(exchange.responseHeaders(), header);
            if (value == null) {
                continue;
            }
            Sighting sighting = new Sighting(exchange.connection(), exchange.method(), path(exchange.url()), header, value);
            if (seen.add(sighting)) {
                repository.record(sighting.connection(), sighting.method(), sighting.path(), sighting.kind(), sighting.value(), clock.instant());
            }
        }
    }

    /** Every distinct signal seen so far, ordered by connection, path, method and header. */
    public List<Sighting> sightings() {
        return seen.stream()
                .sorted(Comparator.comparing(Sighting::connection, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Sighting::path).thenComparing(Sighting::method).thenComparing(Sighting::kind))
                .toList();
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                return String.join(", ", e.getValue());
            }
        }
        return null;
    }

    /** The URL's path without query: endpoints are told apart by path, not by parameters. */
    static String path(String url) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        try {
            String path = URI.create(base).getRawPath();
            return path == null || path.isEmpty() ? "/" : path;
        } catch (IllegalArgumentException e) {
            return base;
        }
    }
}
