package dev.junction.webhook;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority of a test's own, playing the public ones a provider's signing certificate
 * chains to: a root (the test's trust anchor) and an intermediate, which issues signing
 * certificates. Shared with the server's ingress tests.
 */
public final class TestAuthority {
    private static final AtomicLong SERIALS = new AtomicLong(100);
    /** The key of every signing certificate made here (a new RSA key costs a second on a busy machine; which key signs is not what is tested). */
    private static final KeyPair SIGNING = rsa();

    private final X509Certificate root;
    private final KeyPair intermediateKey;
    private final X509Certificate intermediate;

    private TestAuthority(X509Certificate root, KeyPair intermediateKey, X509Certificate intermediate) {
        this.root = root;
        this.intermediateKey = intermediateKey;
        this.intermediate = intermediate;
    }

    /** A signing key and the certificate of its public key. */
    public record Signer(KeyPair key, X509Certificate certificate) {
        /** The signature of {@code content}'s UTF-8 with {@code algorithm}, such as SHA256withRSA, in base64. */
        public String sign(String algorithm, String content) {
            return sign(algorithm, content.getBytes(StandardCharsets.UTF_8));
        }

        public String sign(String algorithm, byte[] content) {
            try {
                Signature signature = Signature.getInstance(algorithm);
                signature.initSign(key.getPrivate());
                signature.update(content);
                return Base64.getEncoder().encodeToString(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }

        /** The certificate alone, as PEM. */
        public String pem() {
            return TestAuthority.pem(certificate);
        }
    }

    /** A root and an intermediate, valid from a year before {@code now} to five years after. */
    public static TestAuthority create(Instant now) {
        KeyPair rootKey = rsa();
        Instant from = now.minus(Duration.ofDays(365));
        Instant to = now.plus(Duration.ofDays(5 * 365));
        X509Certificate root = certificate(new JcaX509v3CertificateBuilder(new X500Name("CN=Junction Test Root CA"), serial(), Date.from(from),
                Date.from(to), new X500Name("CN=Junction Test Root CA"), rootKey.getPublic()), rootKey, true, null, null);
        KeyPair intermediateKey = rsa();
        X509Certificate intermediate = certificate(new JcaX509v3CertificateBuilder(root, serial(), Date.from(from), Date.from(to),
                new X500Name("CN=Junction Test Issuing CA"), intermediateKey.getPublic()), rootKey, true, null, null);
        return new TestAuthority(root, intermediateKey, intermediate);
    }

    /** The trust anchor. */
    public X509Certificate root() {
        return root;
    }

    public X509Certificate intermediate() {
        return intermediate;
    }

    /**
     * A signing certificate issued by the intermediate to {@code name} (its CN and DNS name), valid
     * from {@code from} to {@code to}; its authority information access names {@code issuerUrl}
     * (where the intermediate's certificate is), or nothing when null.
     */
    public Signer issue(String name, Instant from, Instant to, String issuerUrl) {
        X509Certificate certificate = certificate(new JcaX509v3CertificateBuilder(intermediate, serial(), Date.from(from), Date.from(to),
                new X500Name("CN=" + name), SIGNING.getPublic()), intermediateKey, false, name, issuerUrl);
        return new Signer(SIGNING, certificate);
    }

    /** A signing certificate issued to {@code name}, valid from a day before {@code now} to a year after, naming no issuer URL. */
    public Signer issue(String name, Instant now) {
        return issue(name, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), null);
    }

    /** A certificate to {@code name} signed by its own key: what a forger makes. */
    public static Signer selfSigned(String name, Instant from, Instant to) {
        X509Certificate certificate = certificate(new JcaX509v3CertificateBuilder(new X500Name("CN=" + name), serial(), Date.from(from), Date.from(to),
                new X500Name("CN=" + name), SIGNING.getPublic()), SIGNING, false, name, null);
        return new Signer(SIGNING, certificate);
    }

    /** {@code certificates} as PEM, one after the other. */
    public static String pem(X509Certificate... certificates) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                out.append("-----BEGIN CERTIFICATE-----\n")
                        .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new AssertionError(e);
            }
        }
        return out.toString();
    }

    private static X509Certificate certificate(X509v3CertificateBuilder builder, KeyPair issuerKey, boolean authority, String dnsName, String issuerUrl) {
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(authority ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            if (dnsName != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            }
            if (issuerUrl != null) {
                builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(AccessDescription.id_ad_caIssuers,
                        new GeneralName(GeneralName.uniformResourceIdentifier, issuerUrl)));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey.getPrivate())));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }
}
