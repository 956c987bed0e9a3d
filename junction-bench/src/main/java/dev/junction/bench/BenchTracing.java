package dev.junction.bench;

import com.sun.net.httpserver.HttpServer;
import dev.junction.engine.Traces;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tracing switch of a scenario, to measure what traces cost: off unless {@code -Dtracing=on}
 * (spans exported over OTLP/HTTP to an in-process receiver on 127.0.0.1 that reads and drops them)
 * or {@code JUNCTION_TRACING_ENDPOINT} (an outside receiver). Close it after the run: the last spans
 * are sent then.
 */
final class BenchTracing implements AutoCloseable {
    private final Traces traces;
    private final HttpServer receiver;
    private final LongAdder bytes = new LongAdder();

    private BenchTracing(String endpoint, HttpServer receiver) {
        this.receiver = receiver;
        this.traces = new Traces(Traces.Settings.OFF.withEndpoint(endpoint));
    }

    static BenchTracing fromSettings() throws IOException {
        String outside = System.getenv(Traces.ENDPOINT_ENV);
        if (outside != null && !outside.isBlank()) {
            return new BenchTracing(outside, null);
        }
        if (!"on".equalsIgnoreCase(System.getProperty("tracing", "off"))) {
            return new BenchTracing(null, null);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        BenchTracing tracing = new BenchTracing("http://127.0.0.1:" + server.getAddress().getPort(), server);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                tracing.bytes.add(body.transferTo(java.io.OutputStream.nullOutputStream()));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return tracing;
    }

    dev.junction.trace.Tracing tracing() {
        return traces.tracing();
    }

    /** Sends the spans waiting in memory (up to 10 s). */
    void flush() {
        traces.flush(java.time.Duration.ofSeconds(10));
    }

    /** {@code tracing: off}, or where the spans went. */
    String describe() {
        if (!traces.settings().on()) {
            return "tracing: off";
        }
        return "tracing: on, to " + traces.settings().endpoint() + (receiver == null ? "" : " (in process, " + (bytes.sum() >> 10) + " KiB received)");
    }

    @Override
    public void close() {
        traces.close();
        if (receiver != null) {
            receiver.stop(0);
        }
    }
}
