package dev.junction.bench;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** What the scenarios' in-process APIs (JDK {@code HttpServer}) share: answering, a fixed-window limit, cleaning up. */
final class LocalHttp {
    private LocalHttp() {}

    /** Answers with a JSON body, its length known, and closes the exchange. */
    static void send(HttpExchange exchange, int status, byte[] body, Map<String, String> headers) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        headers.forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** Deletes a folder and everything below it. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** At most {@code limit} requests in each fixed 1-second window. */
    static final class FixedWindow {
        private final int limit;
        private long windowStart;
        private int inWindow;

        FixedWindow(int limit) {
            this.limit = limit;
        }

        /** 0 when the window has room (the request counts), else the milliseconds to the next window. */
        synchronized long admit() {
            long now = System.currentTimeMillis();
            if (now - windowStart >= 1000) {
                windowStart = now - (now - windowStart) % 1000;
                inWindow = 0;
            }
            if (inWindow < limit) {
                inWindow++;
                return 0;
            }
            return Math.max(1, 1000 - (now - windowStart));
        }
    }
}
