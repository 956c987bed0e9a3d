package dev.junction.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a call takes from the moment the client stamps it (right before {@code HttpClient.send})
 * to the moment a server's dispatcher thread sees its headers, with the JDK client's default
 * executor and with others. Calls are paced like S1's (one every 55.26 ms, 4 senders, 50 ms
 * answers), without a sync around them. Only the JDK: no Junction code is measured.
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.ClientHopProbe [calls=400]</pre>
 */
public final class ClientHopProbe {
    private static final long SPACING = 55_260_000L;

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor();
        ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/", exchange -> {
            long arrival = System.nanoTime();
            String sent = exchange.getRequestHeaders().getFirst("X-Sent-Nanos");
            if (sent != null) {
                delays.add(arrival - Long.parseLong(sent));
            }
            answers.schedule(() -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    exchange.sendResponseHeaders(200, -1);
                } catch (java.io.IOException e) {
                    // the client went away
                }
            }, 50, TimeUnit.MILLISECONDS);
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        byte[] body = new byte[15_000];
        try {
            for (String name : new String[] {"default (cached pool)", "virtual thread per task", "same thread (Runnable::run)", "default (cached pool)"}) {
                Executor executor = switch (name) {
                    case "virtual thread per task" -> Executors.newVirtualThreadPerTaskExecutor();
                    case "same thread (Runnable::run)" -> Runnable::run;
                    default -> null;
                };
                HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
                if (executor != null) {
                    builder.executor(executor);
                }
                try (HttpClient client = builder.build()) {
                    delays.clear();
                    run(client, uri, body, calls);
                }
                long[] d = delays.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf(Locale.ROOT, "%-28s %d calls, stamp to server dispatcher (ms): p10 %.2f p50 %.2f p90 %.2f p99 %.2f max %.2f%n", name, d.length,
                        d[d.length / 10] / 1e6, d[d.length / 2] / 1e6, d[d.length * 9 / 10] / 1e6, d[d.length * 99 / 100] / 1e6, d[d.length - 1] / 1e6);
            }
        } finally {
            server.stop(0);
            answers.shutdownNow();
        }
    }

    private static void run(HttpClient client, URI uri, byte[] body, int calls) throws InterruptedException {
        AtomicLong next = new AtomicLong(System.nanoTime() + 100_000_000L);
        AtomicLong left = new AtomicLong(calls);
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (left.getAndDecrement() > 0) {
                        long slot = next.getAndAdd(SPACING);
                        long wait = slot - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(java.time.Duration.ofNanos(wait));
                        }
                        HttpRequest request = HttpRequest.newBuilder(uri).header("X-Sent-Nanos", Long.toString(System.nanoTime()))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                        client.send(request, HttpResponse.BodyHandlers.discarding());
                    }
                } catch (Exception e) {
                    System.err.println("probe call failed: " + e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
    }
}
