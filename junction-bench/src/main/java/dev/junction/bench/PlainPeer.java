package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job as a plain program written with the JDK's {@link HttpClient} and Jackson: one thread pages
 * the source, maps each contact ({@link PeerJob#map}) and queues batches of 100; 4 writer threads
 * post them. In the limited modes every attempt waits for the next slot of a fixed pace of
 * W/R (10 s / 190 = 52.6 ms, shared by the writers); a 429 is retried after its
 * {@code Retry-After} (up to 10 attempts), and the retry takes a slot like any call. No store, no
 * diff, no log: the floor of what this job costs.
 */
final class PlainPeer implements PeerRunner.Job {
    private static final int MAX_ATTEMPTS = 10;
    private static final ArrayNode END = new ObjectMapper().createArrayNode();

    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong nextSlot = new AtomicLong(System.nanoTime());
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private long spacingNanos;

    @Override
    public String run(String source, String destination, long records, PeerJob.Limit limit) throws Exception {
        spacingNanos = limit.limited() ? PeerJob.WINDOW.toNanos() / PeerJob.LIMIT : 0;
        BlockingQueue<ArrayNode> batches = new ArrayBlockingQueue<>(2 * PeerJob.CONCURRENCY);
        long read = 0;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
                ExecutorService writers = Executors.newFixedThreadPool(PeerJob.CONCURRENCY)) {
            URI upsert = URI.create(destination + PeerJob.UPSERT_PATH);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < PeerJob.CONCURRENCY; i++) {
                running.add(writers.submit(() -> write(client, upsert, batches)));
            }
            try {
                String after = null;
                ArrayNode batch = json.createArrayNode();
                do {
                    String uri = source + PeerJob.CONTACTS_PATH + "?limit=" + PeerJob.PAGE + (after == null ? "" : "&after=" + after);
                    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        throw new IOException("GET " + uri + " answered " + response.statusCode());
                    }
                    JsonNode page = json.readTree(response.body());
                    for (JsonNode contact : page.path("results")) {
                        batch.add(PeerJob.map(contact, json.getNodeFactory()));
                        read++;
                        if (batch.size() == PeerJob.BATCH) {
                            batches.put(batch);
                            batch = json.createArrayNode();
                        }
                    }
                    JsonNode next = page.path("paging").path("next").path("after");
                    after = next.isMissingNode() || next.isNull() ? null : next.asText();
                } while (after != null);
                if (!batch.isEmpty()) {
                    batches.put(batch);
                }
            } finally {
                for (int i = 0; i < PeerJob.CONCURRENCY; i++) {
                    batches.put(END);
                }
            }
            for (Future<?> writer : running) {
                writer.get();
            }
        }
        return String.format(Locale.ROOT, "read %d, written %d, 429s retried %d", read, written.get(), retried.get());
    }

    private Void write(HttpClient client, URI upsert, BlockingQueue<ArrayNode> batches) throws Exception {
        for (ArrayNode batch = batches.take(); batch != END; batch = batches.take()) {
            ObjectNode body = json.createObjectNode();
            body.set("users", batch);
            HttpRequest request = HttpRequest.newBuilder(upsert).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
            for (int attempt = 1; ; attempt++) {
                pace();
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() / 100 == 2) {
                    written.addAndGet(batch.size());
                    break;
                }
                if (response.statusCode() != 429 || attempt == MAX_ATTEMPTS) {
                    throw new IOException("POST " + upsert + " answered " + response.statusCode() + " (attempt " + attempt + ")");
                }
                retried.incrementAndGet();
                long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
                Thread.sleep(Duration.ofSeconds(seconds));
            }
        }
        return null;
    }

    /** Waits for the next slot of the fixed pace (none without a limit). */
    private void pace() throws InterruptedException {
        if (spacingNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        long slot = nextSlot.getAndAccumulate(now, (last, t) -> Math.max(last, t) + spacingNanos);
        long wait = Math.max(slot, now) - now;
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }
}
