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
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the {@link SSLContext} of a connection from its rendered {@code tls:} settings, with JDK
 * APIs only: a PKCS#12 file or PEM certificates and a PKCS#8 key become the key managers (the
 * client certificate), PEM CA certificates or a PKCS#12 trust store the trust managers. Messages
 * name the setting and the file, never a password or key.
 */
public final class TlsContexts {
    private static final Pattern PEM_KEY = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");
    /** Key algorithms tried in turn for a PKCS#8 key (the encoding names its algorithm, but the JDK wants it named). */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA");

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
            List<Certificate> out = new ArrayList<>(factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
            if (out.isEmpty()) {
                throw new IllegalArgumentException(field + ": expected PEM certificates (-----BEGIN CERTIFICATE-----), found none");
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(field + ": the PEM certificates cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A PEM PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----}, or encrypted with {@code keyPassword}) of any
     * algorithm the JDK knows; messages name {@code field}, and {@code passwordField} where an encrypted
     * key's password is given (null: none can be, an encrypted key is refused). Never shows the key.
     */
    /** A PEM PKCS#8 private key, not encrypted (see {@link #privateKey(String, String, String, String)}); messages name {@code field}. */
    public static PrivateKey pemPrivateKey(String pem, String field) {
        return privateKey(pem, null, field, null);
    }

    static PrivateKey privateKey(String pem, String keyPassword, String field, String passwordField) {
        Matcher m = PEM_KEY.matcher(pem == null ? "" : pem);
        if (!m.find()) {
            throw new IllegalArgumentException(field + ": expected a PEM private key (-----BEGIN PRIVATE KEY-----), found none");
        }
        String type = m.group(1);
        boolean encrypted = type.equals("ENCRYPTED PRIVATE KEY");
        if (encrypted && keyPassword == null) {
            throw new IllegalArgumentException(field + ": the key is encrypted (-----BEGIN ENCRYPTED PRIVATE KEY-----); " + (passwordField == null
                    ? "give it decrypted (openssl pkcs8 -in key.pem -out key-plain.pem)" : "give its password as " + passwordField));
        }
        if (!encrypted && keyPassword != null) {
            throw new IllegalArgumentException(field + ": " + passwordField + " is set but the key is not encrypted; remove "
                    + passwordField.substring(passwordField.lastIndexOf('.') + 1));
        }
        if (!type.equals("PRIVATE KEY") && !encrypted) {
            throw new IllegalArgumentException(field + ": found a '" + type + "' block; expected a PKCS#8 key (-----BEGIN PRIVATE KEY-----"
                    + " or ENCRYPTED PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": the PEM block is not valid base64", e);
        }
        PKCS8EncodedKeySpec spec = encrypted ? decrypt(der, keyPassword, field, passwordField) : new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException notThisOne) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(field + ": the PKCS#8 key cannot be read as an RSA, EC, EdDSA or DSA key");
    }

    /** An encrypted PKCS#8 key (PBES2 as {@code openssl pkcs8 -topk8} writes it, or a PBES1 scheme the JDK knows), decrypted. */
    private static PKCS8EncodedKeySpec decrypt(byte[] der, String password, String field, String passwordField) {
        javax.crypto.EncryptedPrivateKeyInfo info;
        try {
            info = new javax.crypto.EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            throw new IllegalArgumentException(field + ": the encrypted key cannot be read (" + e.getMessage() + ")", e);
        }
        try {
            String algorithm = info.getAlgName();
            javax.crypto.SecretKey secret = javax.crypto.SecretKeyFactory.getInstance(algorithm)
                    .generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray()));
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(algorithm);
            cipher.init(javax.crypto.Cipher.DECRYPT_MODE, secret, info.getAlgParameters());
            return info.getKeySpec(cipher);
        } catch (java.security.NoSuchAlgorithmException | javax.crypto.NoSuchPaddingException e) {
            throw new IllegalArgumentException(field + ": the key is encrypted with " + info.getAlgName() + ", which the JDK cannot decrypt;"
                    + " decrypt it with: openssl pkcs8 -in key.pem -out key-plain.pem", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(field + ": the encrypted key cannot be decrypted with " + passwordField + ";"
                    + " the password is wrong or the key is damaged", e);
        }
    }
}
