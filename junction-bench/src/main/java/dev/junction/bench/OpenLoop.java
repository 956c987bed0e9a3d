package dev.junction.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * An open-loop load generator: requests are due at a constant rate (one every {@code 1/rate} s from
 * the start) whatever the answers do, each is sent on its own virtual thread at its due time, and its
 * latency is counted from when it was <em>due</em>, not from when it was sent. So a stall (a GC pause,
 * a slow query holding a connection, the sender itself woken late) shows in the latency of every
 * request that should have gone out meanwhile, instead of delaying their sends and hiding them
 * (coordinated omission).
 */
final class OpenLoop {
    /**
     * What one phase measured.
     *
     * @param latenciesMicros the latency of every request answered 200, from its due time, sorted ascending
     * @param errors requests answered with another status or not answered (an exception, a timeout)
     * @param firstError what the first error was (null: none)
     * @param maxSendLagMicros the longest a request left after its due time (the sender's own lateness)
     */
    record Result(long[] latenciesMicros, int errors, String firstError, long maxSendLagMicros) {
        int count() {
            return latenciesMicros.length + errors;
        }

        /** Nearest rank: the smallest latency that at least {@code q} of the answered requests did not exceed. */
        double percentileMillis(double q) {
            if (latenciesMicros.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * latenciesMicros.length);
            return latenciesMicros[Math.max(0, Math.min(latenciesMicros.length, rank) - 1)] / 1000.0;
        }

        double maxMillis() {
            return latenciesMicros.length == 0 ? Double.NaN : latenciesMicros[latenciesMicros.length - 1] / 1000.0;
        }

        /** This result and {@code other} as one sample. */
        Result plus(Result other) {
            long[] all = Arrays.copyOf(latenciesMicros, latenciesMicros.length + other.latenciesMicros.length);
            System.arraycopy(other.latenciesMicros, 0, all, latenciesMicros.length, other.latenciesMicros.length);
            Arrays.sort(all);
            return new Result(all, errors + other.errors, firstError != null ? firstError : other.firstError,
                    Math.max(maxSendLagMicros, other.maxSendLagMicros));
        }

        static Result empty() {
            return new Result(new long[0], 0, null, 0);
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    OpenLoop(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * Sends {@code rate × length} requests made by {@code next} (called on the sending thread, at each
     * due time) at {@code rate} per second, then waits for every answer.
     */
    Result run(Supplier<HttpRequest> next, int rate, Duration length) throws InterruptedException {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        int n = (int) (length.toNanos() / interval);
        long[] latencies = new long[n]; // per request: nanoseconds from due to answer, or -1 for an error
        CountDownLatch answered = new CountDownLatch(n);
        AtomicReference<String> firstError = new AtomicReference<>();
        long maxLag = 0;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, System.nanoTime() - due);
            HttpRequest request = next.get();
            int slot = i;
            Thread.ofVirtual().start(() -> {
                try {
                    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                    long took = System.nanoTime() - due;
                    if (response.statusCode() == 200) {
                        latencies[slot] = took;
                    } else {
                        latencies[slot] = -1;
                        firstError.compareAndSet(null, response.statusCode() + " from " + request.uri());
                    }
                } catch (Exception e) {
                    latencies[slot] = -1;
                    firstError.compareAndSet(null, e + " from " + request.uri());
                } finally {
                    answered.countDown();
                }
            });
        }
        if (!answered.await(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "%d of %d requests still unanswered %s after the last was sent",
                    answered.getCount(), n, timeout));
        }
        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).map(l -> l / 1000).sorted().toArray();
        return new Result(ok, n - ok.length, firstError.get(), maxLag / 1000);
    }
}
