package dev.junction.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;

/**
 * A real webhook subscriber on 127.0.0.1 (the JDK's HTTP server): records every request with its raw body bytes and
 * answers with the status {@link #answer} chooses (200 unless told otherwise).
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived; {@code number} counts from 1 over all requests. */
    record Received(int number, Map<String, String> headers, byte[] body, int answered) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String eventId() {
            return header("webhook-id");
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> received = new ArrayList<>();
    private volatile ToIntFunction<Received> answer = r -> 200;

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/crm");
    }

    /** Chooses the status of each request (the {@code answered} field of the record passed is not yet set). */
    void answer(ToIntFunction<Received> chooser) {
        this.answer = chooser;
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    synchronized int count() {
        return received.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        int status;
        synchronized (this) {
            Received request = new Received(received.size() + 1, headers, body, 0);
            status = answer.applyAsInt(request);
            received.add(new Received(request.number(), headers, body, status));
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
