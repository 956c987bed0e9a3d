package dev.junction.webhook;

import dev.junction.http.EgressPolicy;
import dev.junction.webhook.internal.BoundedGet;
import dev.junction.webhook.internal.Provider;
import dev.junction.webhook.internal.SigningCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The calls a webhook scheme makes to its provider while it checks a delivery: the signing
 * certificates of Amazon SNS and PayPal, and Amazon SNS's subscription confirmations. One per
 * process, shared by every connection's verifier (so a certificate is fetched once, not once per
 * connection); thread-safe.
 *
 * <p>Where it goes is fixed here, not by a connector or a delivery: https on port 443 of the
 * provider's own hosts ({@link Provider#refusal}), checked before anything is sent — a delivery
 * naming its own certificate elsewhere is the classic forgery. On top of that the process's
 * {@link EgressPolicy} judges the addresses a host resolves to (never metadata, link-local or
 * multicast; private addresses are allowed, as an SNS VPC endpoint's private DNS gives them, since
 * no tenant chooses the host), pinned while the request is in flight. No redirect is followed; each
 * call takes at most {@link #TIMEOUT} and reads at most {@link #MAX_BYTES}.
 *
 * <p>A signing certificate is trusted only when it chains to one of the JDK's default trust anchors
 * (PKIX, revocation not checked) and is issued to the name its provider signs as; the issuer's
 * certificate is fetched from the URL the certificate names when the answer does not hold it (see
 * {@link SigningCertificates}, which also keeps failures for a minute on the clock).
 *
 * <p>{@link #forTests} also allows named local hosts, over http, and replaces the trust anchors: only
 * a test builds one; nothing a connector, a connection or the server's settings say can reach it.
 */
public final class WebhookFetcher {
    /** How long one fetch or confirmation may take by default, connecting included. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The largest answer read: a certificate is a few KiB. */
    public static final int MAX_BYTES = BoundedGet.MAX_BYTES;
    /** How many certificates are kept. */
    public static final int MAX_CERTIFICATES = SigningCertificates.MAX_KEPT;

    private final HttpClient client;
    private final EgressPolicy egress;
    private final Clock clock;
    private final Supplier<Set<TrustAnchor>> anchors;
    private final List<String> testHosts;
    private final Duration timeout;
    private final BoundedGet transfer;
    private final SigningCertificates certificates;

    private WebhookFetcher(HttpClient client, EgressPolicy egress, Clock clock, Supplier<Set<TrustAnchor>> anchors, List<String> testHosts,
            Duration timeout) {
        this.client = client;
        this.egress = egress;
        this.clock = clock;
        this.anchors = anchors;
        this.testHosts = List.copyOf(testHosts);
        this.timeout = timeout;
        this.transfer = new BoundedGet(client, egress, timeout);
        this.certificates = new SigningCertificates(transfer::get, this::issuerAllowed, clock, anchors);
    }

    /**
     * Fetches from Amazon SNS and PayPal only, through {@code client} (keep its redirects off), within
     * {@code egress}; trusts the JDK's default trust anchors; remembers failures on {@code clock}.
     */
    public static WebhookFetcher create(HttpClient client, EgressPolicy egress, Clock clock) {
        return new WebhookFetcher(Objects.requireNonNull(client, "client"), Objects.requireNonNull(egress, "egress"),
                Objects.requireNonNull(clock, "clock"), memoized(WebhookFetcher::jdkTrustAnchors), List.of(), TIMEOUT);
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
     * over http or https, so that a local server can play Amazon SNS or PayPal; trusting
     * {@code trustAnchors} (a test's own certificate authority) instead of the JDK's.
     */
    public static WebhookFetcher forTests(HttpClient client, EgressPolicy egress, Clock clock, List<X509Certificate> trustAnchors, String... hostPorts) {
        Set<TrustAnchor> anchors = trustAnchors.stream().map(certificate -> new TrustAnchor(certificate, null)).collect(Collectors.toUnmodifiableSet());
        return new WebhookFetcher(Objects.requireNonNull(client, "client"), Objects.requireNonNull(egress, "egress"), Objects.requireNonNull(clock, "clock"),
                () -> anchors, Arrays.asList(hostPorts), TIMEOUT);
    }

    /** Fetches nothing: for verifiers of schemes that fetch nothing. */
    public static WebhookFetcher none() {
        return new WebhookFetcher(null, EgressPolicy.DEFAULT, Clock.systemUTC(), Set::of, List.of(), TIMEOUT);
    }

    /** This fetcher (its hosts, policy, clock and trust, not its certificates) with each call bounded by {@code value} instead of {@link #TIMEOUT}. */
    public WebhookFetcher withTimeout(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("timeout: expected a positive duration, was " + value);
        }
        return new WebhookFetcher(client, egress, clock, anchors, testHosts, value);
    }

    /** Whether this one fetches at all ({@link #none()} does not). */
    public boolean fetches() {
        return client != null;
    }

    /** Why {@code url} may not be fetched for {@code provider}, or null when it may (see {@link Provider#refusal}). */
    public String refusal(URI url, Provider provider) {
        return testHost(url) ? null : provider.refusal(url);
    }

    /**
     * The signing certificate at {@code url}, as kept from an earlier delivery or fetched now,
     * trusted and valid at {@code at}.
     *
     * @throws IOException when the URL is refused, or it cannot be fetched now: the delivery may succeed later
     * @throws CertificateException when it is not to be trusted, saying why after "the signing certificate ..."
     */
    public X509Certificate signer(URI url, Provider provider, Instant at) throws IOException, CertificateException {
        refuseUnless(url, provider);
        return certificates.signer(url, provider, at);
    }

    /**
     * A GET of {@code url} (a subscription's confirmation), answered with a 2xx.
     *
     * @return the answer's body, at most {@link #MAX_BYTES}
     * @throws IOException when the URL is refused, the call fails or times out, or the answer is not a 2xx
     */
    public byte[] get(URI url, Provider provider) throws IOException {
        refuseUnless(url, provider);
        return transfer.get(url);
    }

    private void refuseUnless(URI url, Provider provider) throws IOException {
        if (client == null) {
            throw new IOException("this verifier fetches nothing; " + BoundedGet.shown(url) + " was not fetched");
        }
        String refused = refusal(url, provider);
        if (refused != null) {
            throw new IOException(BoundedGet.shown(url) + " is " + refused + "; not fetched");
        }
    }

    /** An issuer's certificate, named by a certificate from the provider: over http or https on the scheme's port, no user info. */
    private boolean issuerAllowed(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        boolean defaultPort = url.getPort() == -1 || url.getPort() == (scheme.equals("https") ? 443 : 80);
        return testHost(url) || url.getRawUserInfo() == null && url.getHost() != null && defaultPort && (scheme.equals("http") || scheme.equals("https"));
    }

    private boolean testHost(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return url.getRawUserInfo() == null && testHosts.contains(host + ":" + url.getPort())
                && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()));
    }

    /** The JDK's default trust anchors: those of its default trust manager (the cacerts file, or {@code javax.net.ssl.trustStore}). */
    private static Set<TrustAnchor> jdkTrustAnchors() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            Set<TrustAnchor> anchors = new HashSet<>();
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate certificate : x509.getAcceptedIssuers()) {
                        anchors.add(new TrustAnchor(certificate, null));
                    }
                }
            }
            return Set.copyOf(anchors);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's default trust anchors cannot be read", e);
        }
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    v = supplier.get();
                    value = v;
                }
                return v;
            }
        };
    }

    @Override
    public String toString() {
        return "WebhookFetcher[" + (client == null ? "none" : testHosts.isEmpty() ? "Amazon SNS, PayPal" : "Amazon SNS, PayPal and test hosts " + testHosts) + "]";
    }
}
