package dev.junction.bench;

import com.sun.net.httpserver.HttpServer;
import dev.junction.http.CallContext;
import dev.junction.http.ExchangeSink;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.PipelineOptions;
import dev.junction.http.RateLimiters;
import dev.junction.http.RequestRateLimiter;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.RateLimitSpec;
import dev.junction.spec.RetrySpec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * End-to-end scenario: requests per second through the full {@link HttpPipeline} (bearer auth,
 * retry, rate limit, exchange log to a discarding sink, JDK transport) against the raw JDK
 * {@link HttpClient}, both calling the same in-process loopback server (JDK {@code HttpServer})
 * from 32 concurrent callers, in alternating rounds of the same run.
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.PipelineOverheadScenario [seconds per round] [rounds]</pre>
 */
public final class PipelineOverheadScenario {
    private static final int CALLERS = 32;
    private static final byte[] BODY = "{\"results\":[{\"id\":\"1\",\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\"}],\"paging\":{\"next\":null}}"
            .getBytes(StandardCharsets.UTF_8);

    interface Call {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ExecutorService serverThreads = Executors.newFixedThreadPool(8);
        HttpServer server = server(serverThreads);
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/contacts?limit=1");
        try (HttpClient raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1).build();
                HttpPipeline unlimited = pipeline(RequestRateLimiter.unlimited());
                HttpPipeline learning = pipeline(new RateLimiters().forConnection("bench",
                        new RateLimitSpec(1_000_000, Duration.ofSeconds(1), 0, true)))) {
            var rawRequest = java.net.http.HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer bench-token").GET().build();
            HttpRequest request = HttpRequest.get(url);
            CallContext context = new CallContext("bench-run", "default", "bench", List.of(), true);
            Call rawCall = () -> {
                var response = raw.send(rawRequest, BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("raw: HTTP " + response.statusCode());
                }
            };
            Call pipelineCall = () -> unlimited.execute(request, context);
            Call learningCall = () -> learning.execute(request, context);

            System.out.printf(Locale.ROOT, "warming up (%d callers)%n", CALLERS);
            measure(rawCall, 3);
            measure(pipelineCall, 3);
            measure(learningCall, 3);
            List<double[]> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // alternate the order, so neither side always runs first in a round
                double rawRate;
                double pipelineRate;
                double learningRate;
                if (round % 2 == 1) {
                    rawRate = measure(rawCall, seconds);
                    pipelineRate = measure(pipelineCall, seconds);
                    learningRate = measure(learningCall, seconds);
                } else {
                    learningRate = measure(learningCall, seconds);
                    pipelineRate = measure(pipelineCall, seconds);
                    rawRate = measure(rawCall, seconds);
                }
                results.add(new double[] {rawRate, pipelineRate, learningRate});
                System.out.printf(Locale.ROOT, "round %d: raw %.0f req/s, pipeline %.0f req/s (%.2fx), pipeline with a declared budget learning from headers %.0f req/s (%.2fx)%n",
                        round, rawRate, pipelineRate, pipelineRate / rawRate, learningRate, learningRate / rawRate);
            }
            double rawSum = results.stream().mapToDouble(r -> r[0]).sum();
            double pipeSum = results.stream().mapToDouble(r -> r[1]).sum();
            double learnSum = results.stream().mapToDouble(r -> r[2]).sum();
            System.out.printf(Locale.ROOT, "total: raw %.0f req/s, pipeline %.0f req/s, ratio %.2fx; with budget %.0f req/s, ratio %.2fx%n",
                    rawSum / rounds, pipeSum / rounds, pipeSum / rawSum, learnSum / rounds, learnSum / rawSum);
        } finally {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    /** The loopback server both sides call: {@code /v1/contacts} answers a 100-byte JSON page, on {@code threads}. */
    static HttpServer server(ExecutorService threads) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(threads);
        server.createContext("/v1/contacts", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, BODY.length);
            exchange.getResponseBody().write(BODY);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static HttpPipeline pipeline(RequestRateLimiter limiter) {
        PipelineOptions options = PipelineOptions.builder().exchangeSink(ExchangeSink.discarding()).build();
        return HttpPipeline.builder(options).auth(new AuthSpec.Bearer("bench-token")).retry(RetrySpec.DEFAULT).rateLimiter(limiter).build();
    }

    /** Requests per second completed by {@link #CALLERS} threads calling {@code call} in a loop for {@code seconds}. */
    static double measure(Call call, int seconds) throws InterruptedException {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(CALLERS);
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < CALLERS; i++) {
            Thread.ofPlatform().start(() -> {
                try {
                    while (!stop.get()) {
                        call.run();
                        done.increment();
                    }
                } catch (Exception e) {
                    failures.add(e);
                } finally {
                    finished.countDown();
                }
            });
        }
        Thread.sleep(Duration.ofSeconds(seconds));
        stop.set(true);
        finished.await();
        long elapsed = System.nanoTime() - start;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a caller failed: " + failures.getFirst(), failures.getFirst());
        }
        return done.sum() / (elapsed / 1e9);
    }

    /**
     * Warms each of {@code calls} up for 3 s, then measures each for {@code seconds} in {@code rounds} rounds, the order reversed every
     * other round (neither always first), and prints each one's mean rate and its ratio to the first.
     */
    static void alternate(Map<String, Call> calls, int seconds, int rounds) throws InterruptedException {
        System.out.printf(java.util.Locale.ROOT, "warming up%n");
        for (Call call : calls.values()) {
            measure(call, 3);
        }
        Map<String, double[]> rates = new java.util.LinkedHashMap<>();
        calls.keySet().forEach(name -> rates.put(name, new double[rounds]));
        List<String> order = List.copyOf(calls.keySet());
        for (int round = 0; round < rounds; round++) {
            for (String name : round % 2 == 0 ? order : order.reversed()) {
                rates.get(name)[round] = measure(calls.get(name), seconds);
            }
        }
        double baseline = java.util.Arrays.stream(rates.get(order.getFirst())).average().orElseThrow();
        rates.forEach((name, r) -> {
            double mean = java.util.Arrays.stream(r).average().orElseThrow();
            System.out.printf(java.util.Locale.ROOT, "%-26s %8.0f req/s  %.2fx  rounds %s%n", name, mean, mean / baseline,
                    java.util.Arrays.stream(r).mapToObj(v -> String.format(java.util.Locale.ROOT, "%.0f", v)).toList());
        });
    }
}
