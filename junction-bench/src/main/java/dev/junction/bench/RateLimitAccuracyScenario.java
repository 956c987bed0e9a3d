package dev.junction.bench;

import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.ExchangeSink;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.PipelineOptions;
import dev.junction.http.RateLimiters;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.RateLimitSpec;
import dev.junction.spec.RetrySpec;
import dev.junction.store.ExchangeRecord;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * End-to-end scenario: how close a connection's budget gets to a server's limit without tripping
 * it. The sandbox CRM allows N requests per fixed 1-second window (429 + Retry-After +
 * X-RateLimit-* beyond); the connection declares {@code rateLimit: { requests: N, per: 1s }}, with
 * and without {@code learnFromHeaders}, and 8 callers read contacts as fast as the budget lets them.
 * Reports successful requests per second after the first window, and 429s after the first window.
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.RateLimitAccuracyScenario [seconds] [N...]</pre>
 */
public final class RateLimitAccuracyScenario {
    private static final int CALLERS = 8;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        List<Integer> limits = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).map(Integer::valueOf).toList() : List.of(10, 100);
        System.out.println("| N req/s | learnFromHeaders | achieved req/s (after 1st window) | ratio | 429s after 1st window | 429s in 1st window |");
        System.out.println("|---|---|---|---|---|---|");
        for (int n : limits) {
            for (boolean learn : new boolean[] {false, true}) {
                run(n, learn, seconds);
            }
        }
    }

    private static void run(int n, boolean learn, int seconds) throws InterruptedException {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmRateLimit(n).withCrmContacts(50))) {
            List<ExchangeRecord> exchanges = new CopyOnWriteArrayList<>();
            ExchangeSink sink = exchanges::add;
            PipelineOptions options = PipelineOptions.builder().exchangeSink(sink).bodyLogLimit(0).build();
            RateLimitSpec budget = new RateLimitSpec(n, Duration.ofSeconds(1), 0, learn);
            RetrySpec retry = new RetrySpec(10, Duration.ofMillis(100), Duration.ofSeconds(2));
            try (HttpPipeline pipeline = HttpPipeline.builder(options).auth(new AuthSpec.Bearer(sandbox.crm().token())).retry(retry)
                    .rateLimiter(new RateLimiters().forConnection("crm", budget)).build()) {
                HttpRequest request = HttpRequest.get(URI.create(sandbox.crm().baseUrl() + "/v1/contacts?limit=1"));
                CallContext context = new CallContext("bench", "default", "crm", List.of(), true);
                AtomicBoolean stop = new AtomicBoolean();
                CountDownLatch finished = new CountDownLatch(CALLERS);
                List<Throwable> failures = new CopyOnWriteArrayList<>();
                Instant start = Instant.now();
                for (int i = 0; i < CALLERS; i++) {
                    Thread.ofPlatform().start(() -> {
                        try {
                            while (!stop.get()) {
                                pipeline.execute(request, context);
                            }
                        } catch (ApiException e) {
                            failures.add(e);
                        } finally {
                            finished.countDown();
                        }
                    });
                }
                Thread.sleep(Duration.ofSeconds(seconds));
                stop.set(true);
                Instant end = Instant.now();
                finished.await();
                if (!failures.isEmpty()) {
                    throw new IllegalStateException("a caller failed: " + failures.getFirst().getMessage());
                }
                Instant firstWindowEnd = start.plusSeconds(1);
                long ok = exchanges.stream().filter(e -> e.status() == 200 && !e.at().isBefore(firstWindowEnd) && e.at().isBefore(end)).count();
                long late429 = exchanges.stream().filter(e -> e.status() == 429 && !e.at().isBefore(firstWindowEnd)).count();
                long early429 = exchanges.stream().filter(e -> e.status() == 429 && e.at().isBefore(firstWindowEnd)).count();
                double window = Duration.between(firstWindowEnd, end).toNanos() / 1e9;
                double achieved = ok / window;
                System.out.printf(Locale.ROOT, "| %d | %s | %.2f | %.3f | %d | %d |%n", n, learn, achieved, achieved / n, late429, early429);
                if (Boolean.getBoolean("windows")) {
                    var perWindow = new java.util.TreeMap<Long, String>();
                    exchanges.forEach(e -> perWindow.merge(e.at().getEpochSecond(), e.status() == 200 ? "." : "!", String::concat));
                    perWindow.forEach((second, marks) -> System.out.println("  " + second + " " + marks.length() + " " + marks.replace(".", "")));
                }
            }
        }
    }
}
