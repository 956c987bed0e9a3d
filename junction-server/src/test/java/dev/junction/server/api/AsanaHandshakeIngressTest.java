package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.junction.server.ServerConfig;
import dev.junction.spec.SourceText;
import dev.junction.store.InboxQuery;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asana's webhook handshake through the real server: while Junction's register action is creating the
 * webhook, the provider (a local HTTP server playing Asana) POSTs {@code X-Hook-Secret} to the endpoint
 * and answers the create call only when the secret is echoed; later deliveries are verified with that
 * secret ({@code X-Hook-Signature}, hex HMAC-SHA256 of the body), and a handshake at any other time is refused.
 */
class AsanaHandshakeIngressTest {
    private static final String SECRET = "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81";

    @TempDir
    Path dataDir;

    private ApiFixture api;
    private HttpServer asana;
    private final AtomicReference<String> handshakeAnswer = new AtomicReference<>();
    private final AtomicReference<String> createBody = new AtomicReference<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        asana = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        asana.createContext("/webhooks", exchange -> {
            // as Asana does: before answering POST /webhooks, send the secret to the target and expect it back
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            createBody.set(body);
            String target = body.replaceAll("(?s).*\"target\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            String echoed;
            try {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(target)).header("X-Hook-Secret", SECRET)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                echoed = answer.statusCode() + " " + answer.headers().firstValue("X-Hook-Secret").orElse("-");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                echoed = "interrupted";
            }
            handshakeAnswer.set(echoed);
            boolean ok = echoed.equals("200 " + SECRET);
            byte[] answer = (ok ? "{\"data\": {\"gid\": \"1200000000000001\", \"target\": \"" + target + "\"}}"
                    : "{\"errors\": [{\"message\": \"The remote server did not respond with the handshake secret.\"}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(ok ? 201 : 400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        asana.start();
        api = ApiFixture.start(dataDir, ServerConfig.defaults());
        var applied = api.engine.definitions().apply(List.of(new SourceText("asana.yaml", """
                kind: Connector
                name: asana
                config: { baseUrl: { type: string }, projectGid: { type: string } }
                baseUrl: "{{ config.baseUrl }}"
                retry: { maxAttempts: 1 }
                actions:
                  createWebhook:
                    request: { method: POST, path: /webhooks, body: "{ 'data': { 'resource': $record.config.projectGid, 'target': $record.url } }" }
                webhooks:
                  verify: { scheme: hmac, header: X-Hook-Signature, secret: "{{ handshake.secret }}" }
                  events: $.events
                  eventId: { digest: sha256 }
                  eventType: $.action
                  recordKey: $.resource.gid
                  handshake: { secretHeader: X-Hook-Secret }
                  register: createWebhook
                ---
                kind: Connection
                name: asana-main
                connector: asana
                config: { baseUrl: "http://127.0.0.1:%d", projectGid: "1200000000000042" }
                """.formatted(asana.getAddress().getPort()))), "local:test");
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
    }

    @AfterEach
    void stop() {
        api.close();
        asana.stop(0);
    }

    private HttpResponse<String> deliver(String body, String header, String value) {
        return api.send(HttpRequest.newBuilder(api.uri("/hooks/asana-main")).header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(body)), null);
    }

    private static String sign(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSecretSentWhileRegisteringIsEchoedKeptAndVerifiesTheDeliveriesAfterIt() throws Exception {
        String before = "{\"events\": []}";
        assertThat(deliver(before, "X-Hook-Signature", sign(SECRET, before)).statusCode()).as("no secret yet: send again later").isEqualTo(503);

        HttpResponse<String> registered = api.post("/api/v1/connections/asana-main/webhook/register", api.editor(), "");

        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(handshakeAnswer.get()).isEqualTo("200 " + SECRET);
        assertThat(createBody.get()).as("what to watch, from the connection's config").contains("\"resource\":\"1200000000000042\"");
        String events = "{\"events\": [{\"action\": \"changed\", \"resource\": {\"gid\": \"1201\", \"resource_type\": \"task\"},"
                + " \"created_at\": \"2026-12-07T06:00:00.000Z\"}]}";
        HttpResponse<String> delivered = deliver(events, "X-Hook-Signature", sign(SECRET, events));
        HttpResponse<String> heartbeat = deliver(before, "X-Hook-Signature", sign(SECRET, before));
        HttpResponse<String> forged = deliver(events, "X-Hook-Signature", sign("not-the-secret", events));
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        assertThat(heartbeat.statusCode()).as(heartbeat.body()).isEqualTo(200);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).singleElement().satisfies(e -> {
            assertThat(e.recordKey()).isEqualTo("1201");
            assertThat(e.eventType()).isEqualTo("changed");
        });

        HttpResponse<String> takeover = deliver("", "X-Hook-Secret", "an-attackers-secret");
        assertThat(takeover.statusCode()).as("a handshake while no webhook is being created").isEqualTo(401);
        assertThat(takeover.headers().firstValue("X-Hook-Secret")).isEmpty();
        String later = "{\"events\": [{\"action\": \"added\", \"resource\": {\"gid\": \"1202\"}}]}";
        assertThat(deliver(later, "X-Hook-Signature", sign(SECRET, later)).statusCode()).as("the kept secret is unchanged").isEqualTo(200);
        assertThat(deliver(later, "X-Hook-Signature", sign("an-attackers-secret", later)).statusCode()).isEqualTo(401);
    }
}
