package dev.junction.webhook.internal;

import java.io.IOException;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The signing certificates of webhook providers, fetched, checked and kept by URL, shared by every
 * connection's verifier. A certificate is trusted when it is issued to a name its provider signs
 * as ({@link Provider#signsAs}), is valid at the delivery's time, and has a PKIX path to a trust
 * anchor (revocation is not checked: the signer's validity is short and the URL it comes from is
 * the provider's own). Intermediates come from the same answer (a PEM may hold them after the
 * signer) or, when it holds none (Amazon SNS and PayPal serve the signer alone), from the URL in
 * the certificate's authority information access, {@link #MAX_ISSUERS} at most, through the same
 * bounded GET. When that URL cannot be fetched (a network that lets only the provider's own host
 * through), the signing certificate is trusted on its fetch over https from the provider's host and
 * its name, as the providers' SDKs trust it, and a warning is logged; a chain that was read and does
 * not reach a trust anchor is refused.
 *
 * <p>A fetch that failed, or a certificate that is not trusted, is remembered for
 * {@link #FAILURE_TTL} on the clock, so that a delivery naming it again is answered without a
 * fetch; at most {@link #MAX_FAILURES} are remembered, and while that many are, no other unknown
 * URL is fetched: anyone who can make deliveries reach the fetch (SNS checks a topic ARN, which is
 * no secret) can make the process fetch at most that many certificates a minute.
 */
public final class SigningCertificates {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SigningCertificates.class);
    /** How many trusted certificates are kept (Amazon and PayPal name each certificate by its own URL, so a new one has a new URL). */
    public static final int MAX_KEPT = 32;
    /** How many issuer certificates one signing certificate's path may fetch. */
    public static final int MAX_ISSUERS = 2;
    /** How long a failed fetch, or an untrusted certificate, is remembered. */
    public static final Duration FAILURE_TTL = Duration.ofSeconds(60);
    /** How many failures are remembered at once: while that many are, no other unknown URL is fetched. */
    public static final int MAX_FAILURES = 64;

    /** A GET of an allowed URL: the body of its 2xx answer. */
    @FunctionalInterface
    public interface Fetch {
        byte[] get(URI url) throws IOException;
    }

    private record Failure(Instant until, boolean unreachable, String message) {}

    private final Fetch fetch;
    private final Predicate<URI> issuerAllowed;
    private final Clock clock;
    private final Supplier<Set<TrustAnchor>> anchors;
    private final Object lock = new Object();
    private final Map<String, List<X509Certificate>> trusted = lru(MAX_KEPT); // the path, signer first; guarded by lock
    private final Map<String, List<X509Certificate>> issuers = lru(MAX_KEPT); // guarded by lock
    private final Map<String, Failure> failures = new LinkedHashMap<>(); // guarded by lock

    /**
     * @param fetch the GET of certificate URLs (already allowed by the caller) and of issuer URLs
     *     ({@code issuerAllowed})
     * @param anchors the trust anchors, asked once per new certificate
     */
    public SigningCertificates(Fetch fetch, Predicate<URI> issuerAllowed, Clock clock, Supplier<Set<TrustAnchor>> anchors) {
        this.fetch = fetch;
        this.issuerAllowed = issuerAllowed;
        this.clock = clock;
        this.anchors = anchors;
    }

    /**
     * The signing certificate at {@code url}, trusted and valid at {@code at}: kept from an earlier
     * delivery, or fetched and checked now.
     *
     * @throws IOException when it cannot be fetched now (nor its issuer's certificate): the delivery
     *     may succeed later
     * @throws CertificateException when it is not to be trusted; the message says why, after
     *     "the signing certificate ..."
     */
    public X509Certificate signer(URI url, Provider provider, Instant at) throws IOException, CertificateException {
        String key = url.toString();
        List<X509Certificate> path;
        synchronized (lock) {
            Instant now = clock.instant();
            failures.values().removeIf(failure -> !failure.until().isAfter(now));
            path = trusted.get(key);
            Failure failure = path == null ? failures.get(key) : null;
            if (failure != null && failure.unreachable()) {
                throw new IOException(failure.message());
            }
            if (failure != null) {
                throw new CertificateException(failure.message());
            }
            if (path == null && failures.size() >= MAX_FAILURES) {
                throw new IOException(failures.size() + " fetches of signing certificates failed in the last " + FAILURE_TTL.toSeconds()
                        + "s; no other is tried until the first of them is " + FAILURE_TTL.toSeconds() + "s old");
            }
        }
        if (path == null) {
            try {
                path = establish(url, provider, at);
            } catch (IOException | CertificateException e) {
                synchronized (lock) {
                    failures.put(key, new Failure(clock.instant().plus(FAILURE_TTL), e instanceof IOException, e.getMessage()));
                }
                throw e;
            }
            synchronized (lock) {
                trusted.put(key, path);
            }
        }
        for (X509Certificate certificate : path) {
            if (!validAt(certificate, at)) {
                throw new CertificateException(certificate == path.getFirst() ? "is expired or not yet valid"
                        : "chains through a certificate that is expired or not yet valid");
            }
        }
        return path.getFirst();
    }

    private List<X509Certificate> establish(URI url, Provider provider, Instant at) throws IOException, CertificateException {
        List<X509Certificate> chain = read(url, fetch.get(url));
        X509Certificate signer = chain.getFirst();
        if (!validAt(signer, at)) {
            throw new CertificateException("is expired or not yet valid");
        }
        List<String> names = CertificateChains.names(signer);
        if (names.stream().noneMatch(name -> provider.signsAs(name, url))) {
            throw new CertificateException("is issued to " + (names.isEmpty() ? "no name" : String.join(", ", names)) + ", not to "
                    + provider.signers(url));
        }
        Set<TrustAnchor> trust = anchors.get();
        List<X509Certificate> pool = new ArrayList<>(chain.subList(1, chain.size()));
        X509Certificate top = signer;
        String unreachable = null; // an issuer URL that could not be fetched, and why
        for (int step = 0, fetched = 0; step < chain.size() + MAX_ISSUERS; step++) {
            X509Certificate issuer = issuerIn(pool, top);
            if (issuer != null) {
                top = issuer;
                continue;
            }
            URI issuerUrl = CertificateChains.issuerUrl(top);
            if (anchored(trust, top) || top.getIssuerX500Principal().equals(top.getSubjectX500Principal()) || issuerUrl == null
                    || !issuerAllowed.test(issuerUrl) || fetched == MAX_ISSUERS) {
                break;
            }
            try {
                pool.addAll(issuers(issuerUrl));
            } catch (IOException e) {
                unreachable = issuerUrl + " (" + e.getMessage() + ")";
                break;
            }
            fetched++;
        }
        try {
            return CertificateChains.path(signer, pool, trust, at);
        } catch (CertificateException e) {
            if (unreachable == null) {
                throw e;
            }
            // the issuer's certificate could not be fetched (a network that lets only the provider's host through): the signing
            // certificate, fetched over https from the provider's own host and issued to its name, is trusted on that, as the
            // providers' own SDKs trust it (AWS's checks the host and the name only)
            LOG.warn("The signing certificate at {} could not be checked against a certificate authority: its issuer's certificate at {}"
                    + " could not be fetched; trusted as fetched from {}'s own host and issued to its name", BoundedGet.shown(url), unreachable,
                    provider.title());
            return List.of(signer);
        }
    }

    /** The certificates at an issuer's URL (DER, PEM or PKCS#7), kept by URL. */
    private List<X509Certificate> issuers(URI url) throws IOException {
        synchronized (lock) {
            List<X509Certificate> kept = issuers.get(url.toString());
            if (kept != null) {
                return kept;
            }
        }
        List<X509Certificate> read = read(url, fetch.get(url));
        synchronized (lock) {
            issuers.put(url.toString(), read);
        }
        return read;
    }

    private static List<X509Certificate> read(URI url, byte[] body) throws IOException {
        try {
            return CertificateChains.parse(body);
        } catch (CertificateException e) {
            throw new IOException("the answer of " + BoundedGet.shown(url) + " is not an X.509 certificate");
        }
    }

    /** The certificate in {@code pool} that issued {@code certificate}, by name; null when none does (or it issued itself). */
    private static X509Certificate issuerIn(List<X509Certificate> pool, X509Certificate certificate) {
        if (certificate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
            return null;
        }
        return pool.stream().filter(c -> c.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())).findFirst().orElse(null);
    }

    private static boolean anchored(Set<TrustAnchor> anchors, X509Certificate certificate) {
        return anchors.stream().anyMatch(a -> a.getTrustedCert() != null && a.getTrustedCert().getSubjectX500Principal().equals(certificate.getIssuerX500Principal()));
    }

    private static boolean validAt(X509Certificate certificate, Instant at) {
        try {
            certificate.checkValidity(Date.from(at));
            return true;
        } catch (java.security.cert.CertificateExpiredException | java.security.cert.CertificateNotYetValidException e) {
            return false;
        }
    }

    private static <V> Map<String, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }
}
