package dev.junction.spec;

/**
 * A connector's {@code tls:}: a client certificate presented to the server (mutual TLS) and the
 * certificates trusted for the server's. Transport-level: it combines with any {@link AuthSpec}.
 * Every string is a template; passwords and private keys are references to secrets.
 *
 * @param clientCertificate the client certificate, or null for none
 * @param trust what the server's certificate must chain to, or null for the JDK's default trust
 */
public record TlsSpec(ClientCertificate clientCertificate, Trust trust) {

    /**
     * Either a PKCS#12 file ({@code keystore} and {@code password}) or PEM text ({@code certificate}
     * and {@code privateKey}).
     *
     * @param keystore path of a PKCS#12 file, or null
     * @param password the PKCS#12 file's password, or null
     * @param certificate PEM certificates, the client's first and then its chain, or null
     * @param privateKey a PEM PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----} or
     *     {@code -----BEGIN ENCRYPTED PRIVATE KEY-----}), or null
     * @param keyPassword the password of an encrypted {@code privateKey}, or null
     */
    public record ClientCertificate(String keystore, String password, String certificate, String privateKey, String keyPassword) {
        /** Without a key password. */
        public ClientCertificate(String keystore, String password, String certificate, String privateKey) {
            this(keystore, password, certificate, privateKey, null);
        }

        /** Hides the password and the key. */
        @Override
        public String toString() {
            return keystore != null ? "ClientCertificate[pkcs12 " + keystore + "]" : "ClientCertificate[pem]";
        }
    }

    /**
     * Either PEM CA certificates ({@code ca}) or a PKCS#12 trust store ({@code truststore}, with an
     * optional {@code password}).
     */
    public record Trust(String ca, String truststore, String password) {
        @Override
        public String toString() {
            return truststore != null ? "Trust[pkcs12 " + truststore + "]" : "Trust[pem]";
        }
    }
}
