package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.junction.spec.RetrySpec;
import dev.junction.spec.TlsSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests through an outbound proxy, against real peers: WireMock as a forward proxy for http
 * requests (its browser proxying) in front of a WireMock API, and a CONNECT tunnel on a plain socket in
 * front of a WireMock API over TLS (certificate made at run time with keytool), each asking for Basic
 * proxy credentials with 407 when the test says so.
 */
class ProxyTransportTest {
    private static final String USER = "svc-junction";
    private static final String PASSWORD = "pr0xy-pass";

    @TempDir
    static Path dir;
    private static WireMockServer api;
    private static WireMockServer httpProxy;
    private static String serverCa;
    private final List<HttpPipeline> pipelines = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        keytool("-genkeypair", "-alias", "api", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", "api.p12", "-storetype", "PKCS12", "-storepass", "api-pw");
        keytool("-exportcert", "-rfc", "-alias", "api", "-keystore", "api.p12", "-storepass", "api-pw", "-file", "api.pem");
        serverCa = Files.readString(dir.resolve("api.pem"));
        api = new WireMockServer(wireMockConfig().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1")
                .keystorePath(dir.resolve("api.p12").toString()).keystorePassword("api-pw").keyManagerPassword("api-pw").keystoreType("PKCS12"));
        api.start();
        api.stubFor(get(urlEqualTo("/contacts")).willReturn(okJson("[{\"id\":1}]")));
        httpProxy = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").enableBrowserProxying(true));
        httpProxy.start();
    }

    @AfterAll
    static void stop() {
        api.stop();
        httpProxy.stop();
    }

    @AfterEach
    void close() {
        pipelines.forEach(HttpPipeline::close);
        httpProxy.resetAll();
        api.resetRequests();
    }

    @Test
    void anHttpRequestGoesToTheProxyWhichSendsItOn() {
        HttpPipeline pipeline = pipeline(EgressProxy.of("http://127.0.0.1:" + httpProxy.port(), List.of()), null);

        HttpResponse response = pipeline.execute(HttpRequest.get(URI.create("http://127.0.0.1:" + api.port() + "/contacts")), CallContext.of("crm"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("[{\"id\":1}]");
        assertThat(httpProxy.findAll(getRequestedFor(urlEqualTo("/contacts")))).as("the proxy carried it").hasSize(1);
        assertThat(api.findAll(getRequestedFor(urlEqualTo("/contacts")))).hasSize(1);
    }

    @Test
    void aProxyAskingForCredentialsGetsTheOnesItsUrlCarriesWithEveryRequest() {
        httpProxy.stubFor(any(anyUrl()).atPriority(1).withHeader("Proxy-Authorization", absent())
                .willReturn(aResponse().withStatus(407).withHeader("Proxy-Authenticate", "Basic realm=\"corp\"")));
        HttpPipeline pipeline = pipeline(EgressProxy.of("http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + httpProxy.port(), List.of()), null);

        HttpResponse response = pipeline.execute(HttpRequest.get(URI.create("http://127.0.0.1:" + api.port() + "/contacts")), CallContext.of("crm"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(httpProxy.findAll(getRequestedFor(urlEqualTo("/contacts")))).extracting(r -> r.getHeader("Proxy-Authorization"))
                .containsExactly(basic());
    }

    @Test
    void aProxyRefusingTheCredentialsFailsTheCallSayingWhereTheyAreSet() {
        httpProxy.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(407).withHeader("Proxy-Authenticate", "Basic realm=\"corp\"")));
        HttpPipeline pipeline = pipeline(EgressProxy.of("http://" + USER + ":wrong@127.0.0.1:" + httpProxy.port(), List.of()), null);

        assertThatThrownBy(() -> pipeline.execute(HttpRequest.get(URI.create("http://127.0.0.1:" + api.port() + "/contacts")), CallContext.of("crm")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.category()).isEqualTo(ApiError.Category.PERMANENT))
                .hasMessageContaining("the outbound proxy http://" + USER + ":***@127.0.0.1:" + httpProxy.port() + " refused the request (407 Proxy"
                        + " Authentication Required); check the proxy's user and password (egress.proxy, or HTTPS_PROXY / HTTP_PROXY)");
        assertThat(api.findAll(getRequestedFor(urlEqualTo("/contacts")))).isEmpty();
    }

    @Test
    void anHttpsRequestIsTunnelledWithConnectAndTlsStaysEndToEnd() throws Exception {
        try (Tunnel tunnel = new Tunnel(true)) {
            HttpPipeline pipeline = pipeline(EgressProxy.of("http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + tunnel.port(), List.of()),
                    new TlsSpec(null, new TlsSpec.Trust(serverCa, null, null)));

            HttpResponse response = pipeline.execute(HttpRequest.get(URI.create("https://127.0.0.1:" + api.httpsPort() + "/contacts")), CallContext.of("crm"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(tunnel.requests).singleElement().satisfies(r -> assertThat(r).startsWith("CONNECT 127.0.0.1:" + api.httpsPort() + " HTTP/1.1")
                    .containsIgnoringCase("Proxy-Authorization: " + basic()));
            assertThat(tunnel.bytesFromApi).as("the proxy relayed only TLS records").isPositive();
            assertThat(api.findAll(getRequestedFor(urlEqualTo("/contacts")))).singleElement()
                    .satisfies(r -> assertThat(r.containsHeader("Proxy-Authorization")).as("the proxy's credentials stay with the proxy").isFalse());
        }
    }

    @Test
    void aTunnelRefusedWith407FailsTheCallSayingWhereTheCredentialsAreSet() throws Exception {
        try (Tunnel tunnel = new Tunnel(true)) {
            HttpPipeline pipeline = pipeline(EgressProxy.of("http://127.0.0.1:" + tunnel.port(), List.of()), new TlsSpec(null, new TlsSpec.Trust(serverCa, null, null)));

            assertThatThrownBy(() -> pipeline.execute(HttpRequest.get(URI.create("https://127.0.0.1:" + api.httpsPort() + "/contacts")), CallContext.of("crm")))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.category()).isEqualTo(ApiError.Category.PERMANENT))
                    .hasMessageContaining("the outbound proxy http://127.0.0.1:" + tunnel.port() + " refused the tunnel (407 Proxy Authentication"
                            + " Required); check the proxy's user and password (egress.proxy, or HTTPS_PROXY / HTTP_PROXY)");
        }
    }

    @Test
    void aHostInNoProxyIsReachedDirectly() throws Exception {
        try (Tunnel tunnel = new Tunnel(false)) {
            HttpPipeline pipeline = pipeline(EgressProxy.of("http://127.0.0.1:" + tunnel.port(), List.of("127.0.0.1")), null);

            assertThat(pipeline.execute(HttpRequest.get(URI.create("http://127.0.0.1:" + api.port() + "/contacts")), CallContext.of("crm")).status()).isEqualTo(200);
            assertThat(tunnel.requests).isEmpty();
        }
    }

    @Test
    void theAddressPolicyStillHoldsThroughAProxy() {
        HttpPipeline pipeline = pipeline(EgressProxy.of("http://127.0.0.1:" + httpProxy.port(), List.of()), null);

        assertThatThrownBy(() -> pipeline.execute(HttpRequest.get(URI.create("http://169.254.169.254/latest/meta-data/")), CallContext.of("crm")))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessage("GET http://169.254.169.254/latest/meta-data/ was not sent: 169.254.169.254 is a cloud metadata address; requests there"
                        + " are never allowed");
        assertThat(httpProxy.getAllServeEvents()).isEmpty();
    }

    private HttpPipeline pipeline(EgressProxy proxy, TlsSpec tls) {
        PipelineOptions options = PipelineOptions.builder().egress(EgressPolicy.DEFAULT.withProxy(proxy)).build();
        HttpPipeline pipeline = HttpPipeline.builder(options).retry(new RetrySpec(1, Duration.ZERO, Duration.ZERO)).tls(tls).build();
        pipelines.add(pipeline);
        return pipeline;
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }

    /**
     * An HTTP CONNECT proxy on a plain socket: reads the request head, answers 407 (and closes) when credentials are required and
     * missing, else connects to the named host and relays bytes both ways. Records each request head.
     */
    private static final class Tunnel implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        volatile long bytesFromApi;
        private final ServerSocket server;
        private final boolean requireCredentials;
        private final Thread acceptor;

        Tunnel(boolean requireCredentials) throws IOException {
            this.requireCredentials = requireCredentials;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.acceptor = Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread.ofVirtual().start(() -> serve(client));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream();
                String head = head(in);
                requests.add(head);
                if (requireCredentials && !head.toLowerCase().contains("proxy-authorization: " + basic().toLowerCase())) {
                    out.write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                }
                String[] target = head.split(" ")[1].split(":");
                try (Socket upstream = new Socket(target[0], Integer.parseInt(target[1]))) {
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread up = Thread.ofVirtual().start(() -> relay(in, upstream, false));
                    relay(upstream.getInputStream(), client, true);
                    up.join(5_000);
                }
            } catch (IOException | InterruptedException e) {
                // the client or the API closed the connection: the tunnel ends
            }
        }

        private void relay(InputStream from, Socket to, boolean fromApi) {
            byte[] buffer = new byte[8192];
            try {
                for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                    to.getOutputStream().write(buffer, 0, n);
                    to.getOutputStream().flush();
                    if (fromApi) {
                        bytesFromApi += n;
                    }
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // one side closed
            }
        }

        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            for (int b = in.read(); b >= 0; b = in.read()) {
                head.write(b);
                matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
                if (matched == 4) {
                    break;
                }
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            server.close();
            acceptor.interrupt();
        }
    }
}
