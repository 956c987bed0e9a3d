package dev.junction.bench;

import com.sun.net.httpserver.HttpServer;
import dev.junction.http.CallContext;
import dev.junction.http.ExchangeSink;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.RetrySpec;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * End-to-end scenario: what a self-signed JWT ({@code auth: { type: jwt }}) costs a call against a static bearer token, through
 * the full {@link HttpPipeline} and the loopback server of {@link PipelineOverheadScenario}, 32 callers, in alternating rounds of
 * one run: the token signed once and reused (RS256, a GitHub App's), and signed for each request (a {@code {{ method }}} claim:
 * Coinbase's) with RS256 (2,048-bit RSA), ES256 (P-256) and HS256.
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.JwtAuthScenario [seconds per round] [rounds]</pre>
 */
public final class JwtAuthScenario {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ExecutorService serverThreads = Executors.newFixedThreadPool(8);
        HttpServer server = PipelineOverheadScenario.server(serverThreads);
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/contacts?limit=1");
        String rsa = pem("RSA", null);
        String ec = pem("EC", "secp256r1");
        Map<String, AuthSpec> auths = new LinkedHashMap<>();
        auths.put("bearer (baseline)", new AuthSpec.Bearer("bench-token"));
        auths.put("jwt RS256, reused", jwt(rsa, null, Map.of("iss", "123456")));
        auths.put("jwt RS256, each request", jwt(rsa, null, Map.of("uri", "{{ method }} {{ host }}{{ path }}")));
        auths.put("jwt ES256, each request", jwt(ec, null, Map.of("uri", "{{ method }} {{ host }}{{ path }}")));
        auths.put("jwt HS256, each request", jwt(null, "a9d2c49e7c6d4a3a1f0e9b8c7d6e5f40", Map.of("uri", "{{ method }} {{ host }}{{ path }}")));
        HttpRequest request = HttpRequest.get(url);
        CallContext context = new CallContext("bench-run", "default", "bench", List.of(), true);
        Map<String, HttpPipeline> pipelines = new LinkedHashMap<>();
        try {
            auths.forEach((name, auth) -> pipelines.put(name, HttpPipeline.builder(PipelineOptions.builder().exchangeSink(ExchangeSink.discarding())
                    .build()).auth(auth).retry(RetrySpec.DEFAULT).build()));
            Map<String, PipelineOverheadScenario.Call> calls = new LinkedHashMap<>();
            pipelines.forEach((name, pipeline) -> calls.put(name, () -> pipeline.execute(request, context)));
            PipelineOverheadScenario.alternate(calls, seconds, rounds);
        } finally {
            pipelines.values().forEach(HttpPipeline::close);
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    private static AuthSpec.Jwt jwt(String privateKey, String secret, Map<String, Object> claims) {
        return new AuthSpec.Jwt(null, privateKey, null, secret, null, "bench-key", claims, Map.of(), Duration.ofMinutes(10), Duration.ZERO, false,
                null, null, "Bearer ", Map.of());
    }

    private static String pem(String algorithm, String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (curve == null) {
            generator.initialize(2048);
        } else {
            generator.initialize(new ECGenParameterSpec(curve));
        }
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
