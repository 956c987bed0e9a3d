package dev.junction.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A load balancer's view of one node: asks {@code /health/ready} over and over from a thread of its own
 * and records every change of the answer (a status code, or the failure to connect), with when it was
 * seen, until {@link #close}.
 */
final class ReadinessProbe implements AutoCloseable {
    /** One change of the answer: {@code answer} is the status code ("200", "503") or what failed ("refused"). */
    record Seen(long atMillis, String answer, String body) {}

    private final URI ready;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Seen> changes = new ArrayList<>();
    private final Thread thread;
    private final long began = System.nanoTime();
    private volatile boolean stopped;

    ReadinessProbe(URI base) {
        this.ready = base.resolve("/health/ready");
        this.thread = Thread.ofPlatform().daemon().name("readiness-probe").start(this::probe);
    }

    private void probe() {
        while (!stopped) {
            String answer;
            String body = "";
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                answer = Integer.toString(r.statusCode());
                body = r.headers().firstValue("Content-Type").orElse("") + " Retry-After=" + r.headers().firstValue("Retry-After").orElse("-")
                        + " " + r.body();
            } catch (IOException e) {
                answer = e instanceof java.net.ConnectException ? "refused" : e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                return;
            }
            record(answer, body);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void record(String answer, String body) {
        if (changes.isEmpty() || !changes.getLast().answer().equals(answer)) {
            changes.add(new Seen((System.nanoTime() - began) / 1_000_000, answer, body));
        }
    }

    /** Every change seen so far, oldest first. */
    synchronized List<Seen> changes() {
        return List.copyOf(changes);
    }

    /** The answers seen so far, in order, each change once: e.g. [200, 503, refused]. */
    synchronized List<String> answers() {
        return changes.stream().map(Seen::answer).toList();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(10_000);
        http.close();
    }
}
