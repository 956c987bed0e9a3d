package dev.junction.bench;

import com.sun.net.httpserver.HttpServer;
import dev.junction.engine.ConnectionRequests;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.spec.SourceText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * End-to-end scenario: what a request sent through a connection ({@link ConnectionRequests}, the engine behind
 * {@code POST /api/v1/connections/{connection}/request} and {@code junction connections request}) costs against the same request sent
 * straight with the JDK's HTTP client, both to the loopback server of {@link PipelineOverheadScenario}, 32 callers, alternating rounds
 * of one run. Through the connection each call also gets the connection's API key, its rate budget (none declared), and a row in the
 * embedded store's exchange log (H2, as {@code junction serve} keeps it).
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.ProxyOverheadScenario [seconds per round] [rounds]</pre>
 */
public final class ProxyOverheadScenario {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ExecutorService serverThreads = Executors.newFixedThreadPool(8);
        HttpServer server = PipelineOverheadScenario.server(serverThreads);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Path dir = Files.createTempDirectory("junction-proxy-bench");
        Map<String, String> env = new HashMap<>();
        env.put("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        env.put("API_URL", base);
        env.put("BENCH_KEY", "bench-key");
        HttpClient direct = HttpClient.newHttpClient();
        HttpRequest plain = HttpRequest.newBuilder(URI.create(base + "/v1/contacts?limit=1")).header("X-Api-Key", "bench-key").build();
        ConnectionRequests.Request viaConnection = new ConnectionRequests.Request("GET", "/v1/contacts", Map.of("limit", "1"), Map.of(), null);
        try (Engine engine = Engine.open(EngineConfig.embedded(dir, env::get))) {
            var applied = engine.definitions().apply(List.of(new SourceText("bench.yaml", """
                    kind: Connector
                    name: bench
                    config: { baseUrl: {} }
                    secrets: { apiKey: {} }
                    baseUrl: "{{ config.baseUrl }}"
                    auth: { type: api-key, in: header, name: X-Api-Key, value: "{{ secrets.apiKey }}" }
                    streams:
                      contacts: { request: { path: /v1/contacts }, records: $.results, primaryKey: id }
                    ---
                    kind: Connection
                    name: bench
                    connector: bench
                    config: { baseUrl: "${env:API_URL}" }
                    secrets: { apiKey: "${env:BENCH_KEY}" }
                    """)), "bench");
            if (!applied.ok()) {
                throw new IllegalStateException(applied.toString());
            }
            Map<String, PipelineOverheadScenario.Call> calls = new LinkedHashMap<>();
            calls.put("direct (JDK client)", () -> {
                if (direct.send(plain, HttpResponse.BodyHandlers.ofByteArray()).statusCode() != 200) {
                    throw new IllegalStateException("not 200");
                }
            });
            calls.put("through the connection", () -> {
                if (engine.requests().send("bench", null, viaConnection).status() != 200) {
                    throw new IllegalStateException("not 200");
                }
            });
            PipelineOverheadScenario.alternate(calls, seconds, rounds);
        } finally {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }
}
