package dev.junction.http.internal;

import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The last step: sends the request with the JDK {@link HttpClient} and reads the whole response. */
public final class JdkTransport implements Interceptor {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> SET_BY_CLIENT = Set.of("content-length", "host", "connection");

    private final HttpClient client;
    private final Duration requestTimeout;

    public JdkTransport(HttpClient client, Duration requestTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    /** One client per connection: HTTP/1.1, redirects followed except https to http. */
    public static HttpClient newClient(Duration connectTimeout) {
        return newClient(connectTimeout, null);
    }

    /** Like {@link #newClient(Duration)}, with the connection's TLS context (client certificate, trust); null for the JDK's default. */
    public static HttpClient newClient(Duration connectTimeout, javax.net.ssl.SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        HttpRequest request = chain.request();
        var builder = java.net.http.HttpRequest.newBuilder(request.uri())
                .timeout(requestTimeout)
                .method(request.method(), request.hasBody() ? BodyPublishers.ofByteArray(request.body()) : BodyPublishers.noBody());
        request.headers().forEach((name, values) -> {
            if (!SET_BY_CLIENT.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        java.net.http.HttpResponse<byte[]> response;
        try {
            response = client.send(builder.build(), BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + request.method() + " " + request.uri().getHost());
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                headers.put(name, values);
            }
        });
        return new HttpResponse(response.statusCode(), headers, response.body());
    }

    @Override
    public String toString() {
        return "transport(jdk)";
    }
}
