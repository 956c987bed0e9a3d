package dev.junction.http.internal;

import dev.junction.http.EgressPolicy;
import dev.junction.http.EgressProxy;
import dev.junction.http.EgressRefusedException;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.spec.DefinitionTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The last step: checks where the request goes against the {@link EgressPolicy}, sends it with the
 * JDK {@link HttpClient} and reads the response, at most {@link EgressPolicy#maxResponseBytes} of it.
 *
 * <p>The host is resolved here and pinned ({@link EgressPins}) while the request is in flight; every
 * address is checked, and the client's own lookup of the host answers with those same addresses, so
 * the request connects only where the policy looked. The client never follows redirects: the
 * pipeline's redirect step does, sending every hop through here again.
 */
public final class JdkTransport implements Interceptor {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> SET_BY_CLIENT = Set.of("content-length", "host", "connection");
    private static final int CHUNK = 16 * 1024;

    static {
        dev.junction.http.JdkClientRetries.turnOff(); // before the first client: every attempt on the wire is the pipeline's, and logged
    }

    private final HttpClient client;
    private final Duration requestTimeout;
    private final EgressPolicy egress;
    private final DefinitionTrust trust;
    private final Redactor redactor;

    /**
     * @param egress where requests may go and how much of an answer they may read
     * @param trust who stands behind the connection (a tenant's may not reach private addresses)
     * @param redactor hides secrets in the request line of refusals
     */
    public JdkTransport(HttpClient client, Duration requestTimeout, EgressPolicy egress, DefinitionTrust trust, Redactor redactor) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.egress = egress;
        this.trust = trust;
        this.redactor = redactor;
    }

    /** One client per connection: HTTP/1.1, redirects never followed (the pipeline follows them, checking each hop). */
    public static HttpClient newClient(Duration connectTimeout) {
        return newClient(connectTimeout, null);
    }

    /** Like {@link #newClient(Duration)}, with the connection's TLS context (client certificate, trust); null for the JDK's default. */
    public static HttpClient newClient(Duration connectTimeout, javax.net.ssl.SSLContext tls) {
        return newClient(connectTimeout, tls, EgressProxy.NONE);
    }

    /** Like {@link #newClient(Duration, javax.net.ssl.SSLContext)}, sending through {@code proxy} what it applies to. */
    public static HttpClient newClient(Duration connectTimeout, javax.net.ssl.SSLContext tls, EgressProxy proxy) {
        HttpClient.Builder builder = proxy.configure(HttpClient.newBuilder());
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        HttpRequest request = chain.request();
        String host = request.uri().getHost();
        String refusedName = egress.refusalOfName(host);
        if (refusedName != null) {
            throw refused(request, refusedName);
        }
        java.net.URI proxy = egress.proxyInUse().proxyFor(request.uri());
        if (proxy != null) {
            checkThroughProxy(request, host);
            return send(request, proxy);
        }
        try (EgressPins.Hold hold = EgressPins.hold(host)) {
            for (InetAddress address : hold.addresses()) {
                String refusal = egress.refusal(host, address, trust);
                if (refusal != null) {
                    throw refused(request, refusal);
                }
            }
            return send(request, null);
        }
    }

    /**
     * A request the proxy sends on: the proxy resolves the host and connects, so nothing can be pinned
     * here. What can be checked is: an address written in the URL, and the addresses the host resolves to
     * here when it does (a name this network cannot resolve, as in networks where only the proxy reaches
     * the internet, is the proxy's to resolve and to allow).
     */
    private void checkThroughProxy(HttpRequest request, String host) throws IOException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (java.net.UnknownHostException e) {
            return;
        }
        for (InetAddress address : addresses) {
            String refusal = egress.refusal(host, address, trust);
            if (refusal != null) {
                throw refused(request, refusal);
            }
        }
    }

    /** Sends it, through {@code proxy} when not null (the proxy {@link EgressProxy#proxyFor} gave for it). */
    private HttpResponse send(HttpRequest request, java.net.URI proxy) throws IOException {
        var builder = java.net.http.HttpRequest.newBuilder(request.uri())
                .timeout(requestTimeout)
                .method(request.method(), request.hasBody() ? BodyPublishers.ofByteArray(request.body()) : BodyPublishers.noBody());
        String proxyAuthorization = EgressProxy.authorization(proxy);
        if (proxyAuthorization != null) {
            builder.header("Proxy-Authorization", proxyAuthorization); // after the exchange log: never logged; the JDK client sends it on CONNECT too
        }
        request.headers().forEach((name, values) -> {
            if (!SET_BY_CLIENT.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.equalsIgnoreCase("Proxy-Authorization")) {
                values.forEach(value -> {
                    try {
                        builder.header(name, value);
                    } catch (IllegalArgumentException e) { // the JDK's message quotes the value, often a secret
                        throw new IllegalArgumentException("header '" + name + "': the JDK client refused its value (not shown), a character"
                                + " a header cannot carry; check the secret or config value it is made from");
                    }
                });
            }
        });
        java.net.http.HttpResponse<InputStream> response;
        long deadline = System.nanoTime() + requestTimeout.toNanos(); // the whole attempt's: the JDK's timeout covers the headers only
        try {
            response = client.send(builder.build(), BodyHandlers.ofInputStream());
        } catch (IOException e) {
            IOException failure = unwrapAttemptLimit(e);
            if (proxy != null) {
                refusedByProxy(request, proxy, failure);
            }
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + request.method() + " " + request.uri().getHost());
        }
        if (response.statusCode() == 407 && proxy != null) {
            if (response.body() != null) { // none when the JDK client's CONNECT was the one refused
                response.body().close();
            }
            throw proxyRefused(request, proxy, "https".equalsIgnoreCase(request.uri().getScheme()) ? "tunnel" : "request");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                headers.put(name, values);
            }
        });
        try (InputStream body = response.body(); BodyDeadline.Armed reading = BodyDeadline.arm(body, deadline)) {
            long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
            if (declared > egress.maxResponseBytes()) {
                throw tooLarge(request, " (it declares " + declared + " bytes)");
            }
            try {
                return new HttpResponse(response.statusCode(), headers, read(body, request));
            } catch (IOException e) {
                if (reading.expired()) {
                    var timeout = new HttpTimeoutException(summary(request) + ": the response body did not arrive within the request"
                            + " timeout (" + requestTimeout.toMillis() + " ms); the headers did (HTTP " + response.statusCode() + ")");
                    timeout.initCause(e);
                    throw timeout;
                }
                throw e;
            }
        }
    }

    /** The JDK client's failure to open a tunnel because the proxy asked for credentials (407): permanent, and said so. */
    private void refusedByProxy(HttpRequest request, java.net.URI proxy, IOException failure) {
        String message = failure.getMessage();
        if (message != null && message.contains("407")) {
            throw proxyRefused(request, proxy, "tunnel");
        }
    }

    private EgressRefusedException proxyRefused(HttpRequest request, java.net.URI proxy, String what) {
        String shown = EgressProxy.hidden(proxy);
        return new EgressRefusedException("proxy_auth_required", summary(request) + ": the outbound proxy " + shown + " refused the " + what
                + " (407 Proxy Authentication Required); check the proxy's user and password (egress.proxy, or HTTPS_PROXY / HTTP_PROXY)",
                summary(request));
    }

    /**
     * The JDK client's own retry, stopped by {@link dev.junction.http.JdkClientRetries}, fails with
     * "Too many retries" around the real failure (a reset, an empty answer): that failure is what
     * happened on the wire.
     */
    static IOException unwrapAttemptLimit(IOException e) {
        if ("Too many retries".equals(e.getMessage()) && e.getCause() instanceof IOException cause) {
            return cause;
        }
        return e;
    }

    /** Reads the body in chunks, failing as soon as it passes the cap: memory stays bounded by it. */
    private byte[] read(InputStream body, HttpRequest request) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[CHUNK];
        long total = 0;
        for (int n = body.read(chunk); n >= 0; n = body.read(chunk)) {
            total += n;
            if (total > egress.maxResponseBytes()) {
                throw tooLarge(request, "");
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    private EgressRefusedException tooLarge(HttpRequest request, String declared) {
        return new EgressRefusedException("response_too_large", summary(request) + ": the response body is larger than the "
                + size(egress.maxResponseBytes()) + " a response may have" + declared + "; ask for smaller pages, or raise egress.maxResponseBody"
                + " in the server config", summary(request));
    }

    private EgressRefusedException refused(HttpRequest request, String why) {
        return new EgressRefusedException("egress_refused", summary(request) + " was not sent: " + why, summary(request));
    }

    private String summary(HttpRequest request) {
        return request.method() + " " + redactor.url(request.uri());
    }

    /** {@code 32 MiB}, {@code 1500 bytes}. */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }

    @Override
    public String toString() {
        return "transport(jdk)";
    }
}
