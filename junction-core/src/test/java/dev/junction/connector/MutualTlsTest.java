package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS against WireMock over HTTPS with {@code needClientAuth}: certificates are made at run
 * time with the JDK's keytool (self-signed EC keys; the server trusts only the client's certificate,
 * the client trusts only the server's). The server is started by hand, after the certificates exist.
 */
class MutualTlsTest {
    @TempDir
    static Path dir;
    private static WireMockServer server;
    private final List<ConnectionClient> clients = new ArrayList<>();

    @BeforeAll
    static void makeCertificatesAndStartServer() throws Exception {
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", "server.p12", "-storetype", "PKCS12", "-storepass", "server-pw");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", "server.p12", "-storepass", "server-pw", "-file", "server.pem");
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", "server.pem", "-keystore", "client-trust.p12", "-storetype", "PKCS12",
                "-storepass", "client-trust-pw");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=junction-client",
                "-validity", "2", "-keystore", "client.p12", "-storetype", "PKCS12", "-storepass", "client-pw");
        keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", "client.p12", "-storepass", "client-pw", "-file", "client.pem");
        keytool("-importcert", "-noprompt", "-alias", "client", "-file", "client.pem", "-keystore", "server-trust.p12", "-storetype", "PKCS12",
                "-storepass", "server-trust-pw");
        keytool("-genkeypair", "-alias", "stranger", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=stranger",
                "-validity", "2", "-keystore", "stranger.p12", "-storetype", "PKCS12", "-storepass", "stranger-pw");
        writePrivateKeyPem();
        Files.writeString(dir.resolve("rsa-key.pem"), "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");

        server = new WireMockServer(wireMockConfig().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1")
                .keystorePath(dir.resolve("server.p12").toString()).keystorePassword("server-pw").keyManagerPassword("server-pw").keystoreType("PKCS12")
                .needClientAuth(true)
                .trustStorePath(dir.resolve("server-trust.p12").toString()).trustStorePassword("server-trust-pw").trustStoreType("PKCS12"));
        server.start();
        server.stubFor(get(urlEqualTo("/api/contacts")).willReturn(okJson("[{\"id\":1},{\"id\":2}]")));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    @Test
    void presentsAPkcs12ClientCertificateTogetherWithBearerAuth() {
        ConnectionClient client = client("""
                tls:
                  clientCertificate: { keystore: "{{ config.certFile }}", password: "{{ secrets.certPassword }}" }
                  trust: { ca: "{{ secrets.serverCa }}" }
                """);

        assertThat(read(client)).hasSize(2);
        server.verify(getRequestedFor(urlEqualTo("/api/contacts")).withHeader("Authorization", equalTo("Bearer api-token")));
    }

    @Test
    void presentsAPemClientCertificateAndTrustsTheServerThroughATrustStore() {
        ConnectionClient client = client("""
                tls:
                  clientCertificate: { certificate: "{{ secrets.clientCert }}", privateKey: "{{ secrets.clientKey }}" }
                  trust: { truststore: "{{ config.trustFile }}", password: "{{ secrets.trustPassword }}" }
                """);

        assertThat(read(client)).hasSize(2);
    }

    @Test
    void decryptsAnEncryptedPemKeyWithItsKeyPassword() {
        ConnectionClient client = client("""
                tls:
                  clientCertificate: { certificate: "{{ secrets.clientCert }}", privateKey: "{{ secrets.encryptedKey }}", keyPassword: "{{ secrets.keyPassword }}" }
                  trust: { ca: "{{ secrets.serverCa }}" }
                """);

        assertThat(read(client)).hasSize(2);
    }

    @Test
    void aWrongKeyPasswordFailsWhenTheConnectionIsCreated() {
        assertThatThrownBy(() -> client("""
                tls:
                  clientCertificate: { certificate: "{{ secrets.clientCert }}", privateKey: "{{ secrets.encryptedKey }}", keyPassword: "{{ secrets.certPassword }}" }
                """)).isInstanceOf(ConnectorException.class)
                .hasMessage("connection 'secure': tls.clientCertificate.privateKey: the encrypted key cannot be decrypted with"
                        + " tls.clientCertificate.keyPassword; it is wrong or the key is damaged");
    }

    @Test
    void withoutAClientCertificateTheCallFailsAsAnAuthErrorNamingTheConnection() {
        ConnectionClient client = client("""
                tls:
                  trust: { ca: "{{ secrets.serverCa }}" }
                """);

        assertThatThrownBy(() -> read(client)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error().category()).isEqualTo(ApiError.Category.AUTH);
            assertThat(e.error().retryable()).isFalse();
            assertThat(e.error().code()).isEqualTo("tls_client_certificate");
            assertThat(e.getMessage()).contains("connection 'secure'").contains("client certificate").contains("127.0.0.1:" + server.httpsPort());
        });
    }

    @Test
    void aCertificateTheServerDoesNotTrustFailsTheSameWay() {
        ConnectionClient client = client("""
                tls:
                  clientCertificate: { keystore: "{{ config.strangerFile }}", password: "{{ secrets.strangerPassword }}" }
                  trust: { ca: "{{ secrets.serverCa }}" }
                """);

        assertThatThrownBy(() -> read(client)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error().code()).isEqualTo("tls_client_certificate");
            assertThat(e.getMessage()).contains("connection 'secure'").contains("client certificate");
        });
    }

    @Test
    void aServerCertificateThatIsNotTrustedFailsWithoutRetrying() {
        ConnectionClient client = client("""
                tls:
                  clientCertificate: { keystore: "{{ config.certFile }}", password: "{{ secrets.certPassword }}" }
                """);

        assertThatThrownBy(() -> read(client)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error().code()).isEqualTo("tls_server_certificate");
            assertThat(e.error().retryable()).isFalse();
            assertThat(e.getMessage()).contains("connection 'secure'").contains("not trusted").contains("tls.trust");
        });
    }

    @Test
    void aWrongKeystorePasswordFailsWhenTheConnectionIsCreatedNamingTheFile() {
        assertThatThrownBy(() -> client("""
                tls:
                  clientCertificate: { keystore: "{{ config.certFile }}", password: "{{ secrets.trustPassword }}" }
                """)).isInstanceOf(ConnectorException.class)
                .hasMessageStartingWith("connection 'secure': tls.clientCertificate.keystore: cannot open PKCS#12 file '" + dir.resolve("client.p12")
                        + "': the password is wrong")
                .hasMessageNotContaining("client-trust-pw");
    }

    @Test
    void aDamagedKeyIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> client("""
                tls:
                  clientCertificate: { certificate: "{{ secrets.clientCert }}", privateKey: "{{ secrets.rsaKey }}" }
                """)).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("tls.clientCertificate.privateKey: the PEM block cannot be read as a private key").hasMessageNotContaining("MIIB");
    }

    @Test
    void passwordsAndKeysMustBeSecretReferencesAndTheTwoFormsDoNotMix() {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("secure.yaml", connector("""
                tls:
                  clientCertificate: { keystore: /etc/client.p12, password: hunter2, certificate: "{{ secrets.clientCert }}" }
                  trust: {}
                """))));

        assertThat(loaded.problems()).extracting(Object::toString).anySatisfy(p -> assertThat(p).contains("tls.clientCertificate.password")
                        .contains("expected a reference to a declared secret"))
                .anySatisfy(p -> assertThat(p).contains("tls.clientCertificate.keystore").contains("not both"))
                .anySatisfy(p -> assertThat(p).contains("tls.trust").contains("missing required key 'ca'"));
    }

    private static List<?> read(ConnectionClient client) {
        return client.readStream("contacts", ReadOptions.full(CallContext.of("secure"))).nextPage().orElseThrow().records();
    }

    private ConnectionClient client(String tls) {
        String connection = """
                kind: Connection
                name: secure
                connector: secure-api
                config: { certFile: "%s", trustFile: "%s", strangerFile: "%s" }
                secrets:
                  token: "${env:TOKEN}"
                  certPassword: "${env:CERT_PASSWORD}"
                  trustPassword: "${env:TRUST_PASSWORD}"
                  strangerPassword: "${env:STRANGER_PASSWORD}"
                  clientCert: "${file:%s}"
                  clientKey: "${file:%s}"
                  serverCa: "${file:%s}"
                  rsaKey: "${file:%s}"
                  encryptedKey: "${file:%s}"
                  keyPassword: "${env:KEY_PASSWORD}"
                """.formatted(dir.resolve("client.p12"), dir.resolve("client-trust.p12"), dir.resolve("stranger.p12"), dir.resolve("client.pem"),
                dir.resolve("client-key.pem"), dir.resolve("server.pem"), dir.resolve("rsa-key.pem"),
                dir.resolve("client-key-encrypted.pem"));
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("secure.yaml", connector(tls)), new SourceText("conn.yaml", connection)));
        assertThat(loaded.problems()).isEmpty();
        Map<String, String> env = Map.of("TOKEN", "api-token", "CERT_PASSWORD", "client-pw", "TRUST_PASSWORD", "client-trust-pw",
                "STRANGER_PASSWORD", "stranger-pw", "KEY_PASSWORD", "key-pw");
        ConnectionClient client = ConnectionClient.create(loaded.connectors().get("secure-api"), loaded.connections().get("secure"),
                new EnvSecretResolver(env::get), PipelineOptions.builder().build());
        clients.add(client);
        return client;
    }

    private static String connector(String tls) {
        return """
                kind: Connector
                name: secure-api
                config:
                  certFile: {}
                  trustFile: {}
                  strangerFile: {}
                secrets:
                  token: {}
                  certPassword: {}
                  trustPassword: {}
                  strangerPassword: {}
                  clientCert: {}
                  clientKey: {}
                  serverCa: {}
                  rsaKey: { required: false }
                  encryptedKey: {}
                  keyPassword: {}
                baseUrl: https://127.0.0.1:%d/api
                auth: { type: bearer, token: "{{ secrets.token }}" }
                retry: { maxAttempts: 2, initialDelay: 1ms, maxDelay: 2ms }
                %s
                streams:
                  contacts:
                    request: { path: /contacts }
                    records: "$"
                    primaryKey: id
                """.formatted(server == null ? 1 : server.httpsPort(), tls);
    }

    /** The client's key as PEM PKCS#8, as {@code openssl pkcs12 -nocerts -nodes} would write it. */
    private static void writePrivateKeyPem() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("client.p12"))) {
            store.load(in, "client-pw".toCharArray());
        }
        byte[] der = store.getKey("client", "client-pw".toCharArray()).getEncoded();
        Files.writeString(dir.resolve("client-key.pem"), pem("PRIVATE KEY", der));
        // PBES2 (PBKDF2 with HMAC-SHA256, AES-256-CBC): what openssl pkcs8 -topk8 writes by default
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        SecretKey secret = SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec("key-pw".toCharArray()));
        Cipher cipher = Cipher.getInstance(algorithm);
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(salt);
        new SecureRandom().nextBytes(iv);
        cipher.init(Cipher.ENCRYPT_MODE, secret, new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        java.security.AlgorithmParameters pbes2 = java.security.AlgorithmParameters.getInstance("PBES2");
        pbes2.init(cipher.getParameters().getEncoded());
        byte[] encrypted = new EncryptedPrivateKeyInfo(pbes2, cipher.doFinal(der)).getEncoded();
        Files.writeString(dir.resolve("client-key-encrypted.pem"), pem("ENCRYPTED PRIVATE KEY", encrypted));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
