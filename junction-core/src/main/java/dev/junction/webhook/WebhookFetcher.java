package dev.junction.webhook;

import dev.junction.http.EgressPolicy;
import dev.junction.http.internal.EgressPins;
import dev.junction.spec.DefinitionTrust;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The calls a webhook scheme makes to its provider while it checks a delivery: Amazon SNS's signing
 * certificates and its subscription confirmations, the one scheme that needs any. One per process,
 * shared by every connection's verifier (so a certificate is fetched once, not once per connection);
 * thread-safe.
 *
 * <p>Where it goes is fixed here, not by a connector or a delivery: https on port 443 of
 * {@code sns.REGION.amazonaws.com} (or {@code .amazonaws.com.cn}), checked before anything is sent —
 * a message naming its own certificate elsewhere is the classic SNS forgery. On top of that the
 * process's {@link EgressPolicy} judges the addresses the host resolves to (never metadata,
 * link-local or multicast; private addresses are allowed, as an SNS VPC endpoint's private DNS
 * gives them, since no tenant chooses the host), pinned while the request is in flight. No redirect
 * is followed; each call takes at most {@link #TIMEOUT} and reads at most {@link #MAX_BYTES}.
 * Certificates are kept by URL, the {@link #MAX_CERTIFICATES} most recently used (Amazon names each
 * certificate by its own URL, so a new one has a new URL).
 *
 * <p>{@link #forTests} also allows named local hosts, over http: only a test builds one; nothing a
 * connector, a connection or the server's settings say can reach it.
 */
public final class WebhookFetcher {
    /** How long one fetch or confirmation may take by default, connecting included. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The largest answer read: a certificate is a few KiB. */
    public static final int MAX_BYTES = 64 * 1024;
    /** How many certificates are kept. */
    public static final int MAX_CERTIFICATES = 32;

    private static final Pattern SNS_HOST = Pattern.compile("sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

    /** Closes a body still trickling when its call's time is up (one daemon thread for every fetcher of the process). */
    private static final java.util.concurrent.ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final HttpClient client;
    private final EgressPolicy egress;
    private final List<String> testHosts;
    private final Duration timeout;
    private final Map<String, X509Certificate> certificates = new LinkedHashMap<>(16, 0.75f, true) { // guarded by itself
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, X509Certificate> eldest) {
            return size() > MAX_CERTIFICATES;
        }
    };

    private WebhookFetcher(HttpClient client, EgressPolicy egress, List<String> testHosts, Duration timeout) {
        this.client = client;
        this.egress = egress;
        this.testHosts = List.copyOf(testHosts);
        this.timeout = timeout;
    }

    /** Fetches from Amazon SNS only, through {@code client} (keep its redirects off), within {@code egress}. */
    public static WebhookFetcher create(HttpClient client, EgressPolicy egress) {
        return new WebhookFetcher(Objects.requireNonNull(client, "client"), Objects.requireNonNull(egress, "egress"), List.of(), TIMEOUT);
    }

    /** A client fit for it: no redirects, connecting bounded by {@link #TIMEOUT}. */
    public static HttpClient newClient() {
        return newClient(dev.junction.http.EgressProxy.NONE);
    }

    /** Like {@link #newClient()}, through the outbound proxy where it applies (give the fetcher the policy with that proxy). */
    public static HttpClient newClient(dev.junction.http.EgressProxy proxy) {
        return proxy.configure(HttpClient.newBuilder()).connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * For tests only: like {@link #create}, and also to {@code hostPorts} ({@code 127.0.0.1:8443}),
     * over http or https, so that a local server can play Amazon SNS.
     */
    public static WebhookFetcher forTests(HttpClient client, EgressPolicy egress, String... hostPorts) {
        return new WebhookFetcher(Objects.requireNonNull(client, "client"), Objects.requireNonNull(egress, "egress"), List.of(hostPorts), TIMEOUT);
    }

    /** Fetches nothing: for verifiers of schemes that fetch nothing. */
    public static WebhookFetcher none() {
        return new WebhookFetcher(null, EgressPolicy.DEFAULT, List.of(), TIMEOUT);
    }

    /** This fetcher (its hosts and policy, not its certificates) with each call bounded by {@code value} instead of {@link #TIMEOUT}. */
    public WebhookFetcher withTimeout(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("timeout: expected a positive duration, was " + value);
        }
        return new WebhookFetcher(client, egress, testHosts, value);
    }

    /** Whether this one fetches at all ({@link #none()} does not). */
    public boolean fetches() {
        return client != null;
    }

    /**
     * Why {@code url} may not be fetched, or null when it may: anything but https on port 443 of
     * Amazon SNS ({@code sns.REGION.amazonaws.com}), without user info.
     */
    public String refusal(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (url.getRawUserInfo() == null && testHosts.contains(host + ":" + url.getPort())
                && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            return null;
        }
        boolean sns = "https".equalsIgnoreCase(url.getScheme()) && url.getRawUserInfo() == null && (url.getPort() == -1 || url.getPort() == 443)
                && SNS_HOST.matcher(host).matches();
        return sns ? null : "not an Amazon SNS address (https://sns.REGION.amazonaws.com/...)";
    }

    /**
     * The X.509 certificate at {@code url} (PEM or DER), as kept from an earlier fetch or fetched now.
     *
     * @throws IOException when the URL is refused, the fetch fails or times out, or the answer is no certificate
     */
    public X509Certificate certificate(URI url) throws IOException {
        String key = url.toString();
        synchronized (certificates) {
            X509Certificate kept = certificates.get(key);
            if (kept != null) {
                return kept;
            }
        }
        byte[] body = get(url);
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(body));
        } catch (CertificateException | ClassCastException e) {
            throw new IOException("the answer of " + shown(url) + " is not an X.509 certificate");
        }
        synchronized (certificates) {
            certificates.put(key, certificate);
        }
        return certificate;
    }

    /**
     * A GET of {@code url} (a subscription's confirmation), answered with a 2xx.
     *
     * @return the answer's body, at most {@link #MAX_BYTES}
     * @throws IOException when the URL is refused, the call fails or times out, or the answer is not a 2xx
     */
    public byte[] get(URI url) throws IOException {
        if (client == null) {
            throw new IOException("this verifier fetches nothing; " + shown(url) + " was not fetched");
        }
        String refused = refusal(url);
        if (refused != null) {
            throw new IOException(shown(url) + " is " + refused + "; not fetched");
        }
        String named = egress.refusalOfName(url.getHost());
        if (named != null) {
            throw new IOException(named);
        }
        try (EgressPins.Hold hold = EgressPins.holdUnlessProxied(url, egress.proxyInUse())) {
            for (InetAddress address : hold == null ? new InetAddress[0] : hold.addresses()) {
                String refusal = egress.refusal(url.getHost(), address, DefinitionTrust.OPERATOR);
                if (refusal != null) {
                    throw new IOException(refusal);
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout).header("user-agent", "Junction-Webhooks/1").GET();
            String proxyAuthorization = egress.proxyInUse().authorizationFor(url);
            if (proxyAuthorization != null) {
                builder.header("Proxy-Authorization", proxyAuthorization);
            }
            HttpRequest request = builder.build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream()); // the request's timeout bounds the wait for the headers
            } catch (java.net.http.HttpTimeoutException | java.net.UnknownHostException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException(shown(url) + " could not be reached: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            byte[] body = readWithin(response.body(), deadline, url, timeout);
            if (response.statusCode() / 100 != 2) {
                throw new IOException(shown(url) + " answered HTTP " + response.statusCode());
            }
            if (body.length > MAX_BYTES) {
                throw new IOException(shown(url) + " answered more than " + MAX_BYTES + " bytes");
            }
            return body;
        } catch (java.net.UnknownHostException e) {
            throw new IOException("host " + url.getHost() + " is unknown");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException(shown(url) + " did not answer within " + seconds(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + shown(url));
        }
    }

    private static java.util.concurrent.ScheduledThreadPoolExecutor watchdog() {
        var watchdog = new java.util.concurrent.ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("junction-webhook-fetch-watchdog").factory());
        watchdog.setRemoveOnCancelPolicy(true); // a body read in time leaves nothing queued
        return watchdog;
    }

    /**
     * At most {@link #MAX_BYTES} {@code + 1} bytes of {@code in}, read before {@code deadline}
     * ({@link System#nanoTime()}): the body of an answer whose headers came in time may still trickle,
     * so the stream is closed under the read when the time is up.
     */
    private static byte[] readWithin(InputStream in, long deadline, URI url, Duration timeout) throws IOException {
        java.util.concurrent.ScheduledFuture<?> closer = WATCHDOG.schedule(() -> {
            try {
                in.close();
            } catch (IOException e) {
                // already closed
            }
        }, Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        try (in) {
            return in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new IOException(System.nanoTime() - deadline >= 0 ? shown(url) + " did not answer within " + seconds(timeout)
                    : shown(url) + " broke off its answer: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } finally {
            closer.cancel(false);
        }
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
    }

    /** The URL without its query (a SubscribeURL's query holds the subscription's token), for messages. */
    static String shown(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    @Override
    public String toString() {
        return "WebhookFetcher[" + (client == null ? "none" : testHosts.isEmpty() ? "Amazon SNS" : "Amazon SNS and test hosts " + testHosts) + "]";
    }
}
