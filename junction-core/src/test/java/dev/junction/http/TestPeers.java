package dev.junction.http;

import dev.junction.store.ExchangeRecord;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small real stand-ins shared by the http and connector tests: no mocks, no real waiting. */
public final class TestPeers {
    private TestPeers() {}

    /** A form-encoded body's fields, decoded. */
    public static java.util.Map<String, String> form(String body) {
        java.util.Map<String, String> form = new java.util.LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            form.put(java.net.URLDecoder.decode(nameAndValue[0], java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(nameAndValue[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return form;
    }

    /** The distinct bearer tokens {@code api} received, in order. */
    public static List<String> bearerTokensSent(com.github.tomakehurst.wiremock.WireMockServer api) {
        List<String> tokens = new java.util.ArrayList<>();
        api.getAllServeEvents().reversed().forEach(e -> {
            String header = e.getRequest().getHeader("Authorization");
            if (header != null && !tokens.contains(header.substring("Bearer ".length()))) {
                tokens.add(header.substring("Bearer ".length()));
            }
        });
        return tokens;
    }

    /** Records every wait and returns at once. */
    public static final class RecordingSleeper implements Sleeper {
        public final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }

    /** Keeps every exchange. */
    public static final class CollectingSink implements ExchangeSink {
        public final List<ExchangeRecord> exchanges = new CopyOnWriteArrayList<>();

        @Override
        public void accept(ExchangeRecord exchange) {
            exchanges.add(exchange);
        }
    }

    /** Writes every listener event as one line, in order. */
    public static final class EventLog implements PipelineListener {
        public final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onRateLimitWait(Duration waited) {
            events.add("rateLimitWait");
        }

        @Override
        public void onExchange(ExchangeRecord exchange) {
            events.add("exchange " + exchange.attempt() + " " + exchange.status());
        }

        @Override
        public void onThrottled(Duration delay) {
            events.add("throttled " + delay);
        }

        @Override
        public void onRetry(int attempt, String reason, Duration delay) {
            events.add("retry " + attempt + " " + reason);
        }
    }

    /** A local port nothing listens on (bound, then released). */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
