package dev.junction.http;

import dev.junction.http.internal.JdkTransport;
import dev.junction.http.internal.TlsContexts;
import dev.junction.spec.TlsSpec;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One JDK {@link HttpClient} per connection (and per connect timeout and TLS settings), handed to
 * every pipeline of that connection so that runs, samples and tenants reuse its connection pool.
 * Keep one per process, next to {@link RateLimiters}; pipelines built with it never close its
 * clients: {@link #close()} does, when the process stops. Changed settings (a connection's new client
 * certificate) get a fresh client; the old one stays open until close, since runs may still use it.
 */
public final class HttpClients implements AutoCloseable {
    private record Key(String tenant, String connection, Duration connectTimeout, TlsSpec tls, EgressProxy proxy) {}

    private final ConcurrentMap<Key, HttpClient> clients = new ConcurrentHashMap<>();

    /** The shared client of the connection, connecting directly. */
    public HttpClient forConnection(String tenant, String connection, Duration connectTimeout, TlsSpec tls) {
        return forConnection(tenant, connection, connectTimeout, tls, EgressProxy.NONE);
    }

    /** The shared client of the connection, through {@code proxy} where it applies. */
    public HttpClient forConnection(String tenant, String connection, Duration connectTimeout, TlsSpec tls, EgressProxy proxy) {
        Objects.requireNonNull(connection, "connection");
        return clients.computeIfAbsent(new Key(tenant, connection, connectTimeout, tls, proxy),
                key -> JdkTransport.newClient(key.connectTimeout(), TlsContexts.build(key.tls()), key.proxy()));
    }

    /** How many clients are open (one per connection and settings). */
    public int size() {
        return clients.size();
    }

    @Override
    public void close() {
        clients.values().forEach(HttpClient::close);
        clients.clear();
    }
}
