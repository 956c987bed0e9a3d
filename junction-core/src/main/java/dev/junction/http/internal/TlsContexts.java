package dev.junction.http.internal;

import dev.junction.spec.TlsSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the {@link SSLContext} of a connection from its rendered {@code tls:} settings, with JDK
 * APIs: a PKCS#12 file or PEM certificates and a PEM key ({@link PemKeys}) become the key managers (the
 * client certificate), PEM CA certificates or a PKCS#12 trust store the trust managers. Messages
 * name the setting and the file, never a password or key.
 */
public final class TlsContexts {
    private TlsContexts() {}

    /**
     * @return the context, or null when {@code tls} is null (the JDK's default)
     * @throws IllegalArgumentException naming the setting ({@code tls.clientCertificate.keystore}) and what is wrong
     */
    public static SSLContext build(TlsSpec tls) {
        if (tls == null) {
            return null;
        }
        KeyManager[] keys = tls.clientCertificate() == null ? null : keyManagers(tls.clientCertificate());
        TrustManager[] trust = tls.trust() == null ? null : trustManagers(tls.trust());
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("tls: the JDK cannot make a TLS context (" + e.getMessage() + ")", e);
        }
    }

    private static KeyManager[] keyManagers(TlsSpec.ClientCertificate client) {
        char[] password;
        KeyStore store;
        if (client.keystore() != null) {
            password = client.password().toCharArray();
            store = pkcs12("tls.clientCertificate.keystore", client.keystore(), password);
            if (!hasKey(store)) {
                throw new IllegalArgumentException("tls.clientCertificate.keystore: PKCS#12 file '" + client.keystore()
                        + "' holds no private key; it must hold the client certificate together with its key");
            }
        } else {
            List<Certificate> chain = certificates("tls.clientCertificate.certificate", client.certificate());
            PrivateKey key = privateKey(client.privateKey(), client.keyPassword(), "tls.clientCertificate.privateKey", "tls.clientCertificate.keyPassword");
            password = new char[0];
            try {
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", key, password, chain.toArray(Certificate[]::new));
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException("tls.clientCertificate: the private key does not go with the certificate (" + e.getMessage() + ")", e);
            }
        }
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("tls.clientCertificate.keystore: the private key in PKCS#12 file '" + client.keystore()
                    + "' cannot be opened with tls.clientCertificate.password; the key needs the same password as the file", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("tls.clientCertificate: cannot use the client certificate (" + e.getMessage() + ")", e);
        }
    }

    private static TrustManager[] trustManagers(TlsSpec.Trust trust) {
        KeyStore store;
        if (trust.truststore() != null) {
            store = pkcs12("tls.trust.truststore", trust.truststore(), trust.password() == null ? null : trust.password().toCharArray());
        } else {
            List<Certificate> certificates = certificates("tls.trust.ca", trust.ca());
            try {
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                for (int i = 0; i < certificates.size(); i++) {
                    store.setCertificateEntry("ca-" + i, certificates.get(i));
                }
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException("tls.trust.ca: cannot hold the certificates (" + e.getMessage() + ")", e);
            }
        }
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("tls.trust: cannot use the trusted certificates (" + e.getMessage() + ")", e);
        }
    }

    private static KeyStore pkcs12(String field, String path, char[] password) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(path));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(field + ": PKCS#12 file '" + path + "' does not exist", e);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(field + ": PKCS#12 file '" + path + "' cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password");
            throw new IllegalArgumentException(field + ": cannot open PKCS#12 file '" + path + "': "
                    + (wrongPassword ? "the password is wrong (check the password reference of this connection)"
                    : "it is not a PKCS#12 file or is damaged (" + e.getMessage() + ")"), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(field + ": cannot open PKCS#12 file '" + path + "' (" + e.getMessage() + ")", e);
        }
    }

    private static boolean hasKey(KeyStore store) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Every {@code CERTIFICATE} block of the PEM text, in order. */
    private static List<Certificate> certificates(String field, String pem) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException(field + ": expected PEM certificates (-----BEGIN CERTIFICATE-----), found none");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<Certificate> out = new ArrayList<>(factory.generateCertificates(new ByteArrayInputStream(PemKeys.normalize(pem)
                    .getBytes(StandardCharsets.US_ASCII))));
            if (out.isEmpty()) {
                throw new IllegalArgumentException(field + ": expected PEM certificates (-----BEGIN CERTIFICATE-----), found none");
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(field + ": the PEM certificates cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** A PEM private key, not encrypted (see {@link PemKeys#privateKey}); messages name {@code field}. */
    public static PrivateKey pemPrivateKey(String pem, String field) {
        return PemKeys.privateKey(pem, null, field, null);
    }

    static PrivateKey privateKey(String pem, String keyPassword, String field, String passwordField) {
        return PemKeys.privateKey(pem, keyPassword, field, passwordField);
    }
}
