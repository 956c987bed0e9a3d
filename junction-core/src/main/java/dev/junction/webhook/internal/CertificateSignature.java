package dev.junction.webhook.internal;

import dev.junction.webhook.WebhookFetcher;
import dev.junction.webhook.WebhookResult;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A signature made with the certificate the delivery names (Amazon SNS's {@code SigningCertURL},
 * PayPal's {@code PAYPAL-CERT-URL}): the URL checked without fetching anything, then the
 * certificate fetched (or kept) and trusted through the {@link WebhookFetcher}, then the signature.
 */
final class CertificateSignature {
    private CertificateSignature() {}

    /** The trusted signing certificate, or why there is none. */
    record Signer(X509Certificate certificate, WebhookResult.Rejected rejected) {}

    /**
     * The signing certificate at {@code text}, the URL the delivery gave in {@code field}: 401 when
     * the URL is not the provider's certificate's (nothing fetched) or the certificate is not to be
     * trusted, 503 when it cannot be fetched now (the provider delivers again).
     */
    static Signer find(WebhookFetcher fetcher, Provider provider, String field, String text, Instant at) {
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            return new Signer(null, Authenticator.refuse(401, field + " is not a URL; refused without fetching it"));
        }
        String refused = fetcher.refusal(url, provider);
        if (refused == null) {
            refused = provider.certificatePathProblem(url);
        }
        if (refused != null) {
            return new Signer(null, Authenticator.refuse(401, field + " is " + refused + "; refused without fetching it"));
        }
        try {
            return new Signer(fetcher.signer(url, provider, at), null);
        } catch (IOException e) {
            return new Signer(null, Authenticator.refuse(503, "the signing certificate could not be fetched: " + e.getMessage() + "; deliver again later"));
        } catch (CertificateException e) {
            return new Signer(null, Authenticator.refuse(401, "the signing certificate at " + field + " " + e.getMessage()));
        }
    }

    /** Whether {@code signature} is {@code certificate}'s key's signature of {@code content} with {@code algorithm}. */
    static boolean verifies(String algorithm, X509Certificate certificate, byte[] content, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(content);
            return verifier.verify(signature);
        } catch (java.security.SignatureException | java.security.InvalidKeyException e) {
            return false; // not an RSA signature, or not an RSA key
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot verify " + algorithm, e);
        }
    }
}
