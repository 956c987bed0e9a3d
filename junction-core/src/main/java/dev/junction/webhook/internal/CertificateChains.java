package dev.junction.webhook.internal;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The steps that make a fetched signing certificate trusted: its PEM (or DER) read, the names it is
 * issued to, the URL of its issuer's certificate, and the PKIX path to a trust anchor.
 */
final class CertificateChains {
    private CertificateChains() {}

    /** {@code id-pe-authorityInfoAccess} (RFC 5280, 4.2.2.1). */
    private static final String AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
    /** The DER of the OID {@code id-ad-caIssuers}, 1.3.6.1.5.5.7.48.2, tag and length included. */
    private static final byte[] CA_ISSUERS = {0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02};

    /**
     * The certificates in {@code body}, in order (the signer first, then any intermediates).
     *
     * @throws CertificateException when there are none, or one is not X.509
     */
    static List<X509Certificate> parse(byte[] body) throws CertificateException {
        Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(body));
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate certificate : read) {
            if (!(certificate instanceof X509Certificate x509)) {
                throw new CertificateException("not an X.509 certificate");
            }
            out.add(x509);
        }
        if (out.isEmpty()) {
            throw new CertificateException("no certificate");
        }
        return out;
    }

    /** The DNS names of the subject alternative name and the common names of the subject, as written, each once. */
    static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            for (List<?> alternative : alternatives == null ? List.<List<?>>of() : alternatives) {
                if (Integer.valueOf(2).equals(alternative.get(0)) && alternative.get(1) instanceof String dns) { // dNSName
                    names.add(dns);
                }
            }
        } catch (CertificateParsingException e) {
            // an unreadable extension names nothing
        }
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            // the JDK wrote it in RFC 2253: always readable
        }
        return names.stream().distinct().toList();
    }

    /**
     * The certification path of {@code signer} to one of {@code anchors} at {@code at}, through
     * {@code intermediates}, revocation not checked (see {@code WebhookFetcher}).
     *
     * @return the path, the signer first, without the anchor
     * @throws CertificateException when there is none
     */
    static List<X509Certificate> path(X509Certificate signer, Collection<X509Certificate> intermediates, Set<TrustAnchor> anchors, Instant at)
            throws CertificateException {
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            List<X509Certificate> pool = new ArrayList<>(intermediates);
            pool.add(signer);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            PKIXCertPathBuilderResult built = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
            return built.getCertPath().getCertificates().stream().map(X509Certificate.class::cast).toList();
        } catch (CertPathBuilderException | InvalidAlgorithmParameterException e) {
            throw new CertificateException("does not chain to a trusted certificate authority", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot build PKIX certification paths", e);
        }
    }

    /**
     * The http(s) URL of the certificate of {@code certificate}'s issuer, from its authority
     * information access ({@code caIssuers}), or null. Read here because the JDK keeps its reader of
     * the extension internal; the URL only says where to look, since what is found there must
     * still chain to a trust anchor.
     */
    static URI issuerUrl(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(AUTHORITY_INFO_ACCESS);
        if (extension == null) {
            return null;
        }
        try {
            Tlv octets = Tlv.at(extension, 0);
            Tlv descriptions = Tlv.at(extension, octets.start());
            for (int at = descriptions.start(); at < descriptions.end(); ) {
                Tlv description = Tlv.at(extension, at);
                Tlv method = Tlv.at(extension, description.start());
                Tlv location = Tlv.at(extension, method.end());
                boolean caIssuers = Arrays.equals(extension, description.start(), method.end(), CA_ISSUERS, 0, CA_ISSUERS.length);
                if (caIssuers && (extension[location.tag()] & 0xff) == 0x86) { // [6] uniformResourceIdentifier
                    String text = new String(extension, location.start(), location.end() - location.start(), StandardCharsets.US_ASCII);
                    if (text.startsWith("http://") || text.startsWith("https://")) {
                        return URI.create(text);
                    }
                }
                at = description.end();
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return null; // not DER as RFC 5280 writes it: no URL
        }
        return null;
    }

    /** One DER tag-length-value: where its tag is, where its content starts and ends. */
    private record Tlv(int tag, int start, int end) {
        static Tlv at(byte[] der, int tag) {
            int length = der[tag + 1] & 0xff;
            int start = tag + 2;
            if (length > 0x7f) {
                int octets = length & 0x7f;
                if (octets == 0 || octets > 3) {
                    throw new IllegalArgumentException("unsupported DER length");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (der[start + i] & 0xff);
                }
                start += octets;
            }
            if (start + length > der.length) {
                throw new IndexOutOfBoundsException("DER value runs past its end");
            }
            return new Tlv(tag, start, start + length);
        }
    }
}
