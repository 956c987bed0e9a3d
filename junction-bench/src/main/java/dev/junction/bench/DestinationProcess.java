package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@link HubSpotLikeDestination} in a JVM process of its own, started with the scenario's java and
 * class path, listening on 127.0.0.1 only. It stops when told ({@link #close()}) and by itself when
 * the scenario's process goes away (its standard input closes). The scenario reads what arrived
 * from its {@code /stats} endpoint.
 */
final class DestinationProcess implements S1Destination {
    private final Process process;
    private final String baseUrl;
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    DestinationProcess(HubSpotLikeDestination.Mode mode, int limit, long windowMillis) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(java, "-Xmx256m",
                "-D" + HubSpotLikeDestination.DECIDE_PROPERTY + "=" + System.getProperty(HubSpotLikeDestination.DECIDE_PROPERTY, "edge"), "-cp", System.getProperty("java.class.path"), HubSpotLikeDestination.class.getName(),
                mode.name(), Integer.toString(limit), Long.toString(windowMillis))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("port ")) {
            process.destroyForcibly();
            throw new IOException("the destination process did not start: expected 'port N' on its output, got " + line);
        }
        baseUrl = "http://127.0.0.1:" + Integer.parseInt(line.substring(5).trim());
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public Stats stats() {
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + HubSpotLikeDestination.STATS_PATH)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode stats = json.readTree(response.body());
            List<long[]> accepted = new ArrayList<>();
            stats.path("accepted").forEach(call -> accepted.add(new long[] {call.get(0).asLong(), call.get(1).asLong()}));
            List<Long> refused = new ArrayList<>();
            stats.path("refused").forEach(t -> refused.add(t.asLong()));
            return new Stats(accepted, refused, stats.path("keys").asInt(), stats.path("records").asLong(), stats.path("connections").asInt());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the destination process's stats at " + baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the destination's stats", e);
        }
    }

    @Override
    public void close() {
        client.close();
        try {
            process.getOutputStream().close(); // the process stops when its input closes
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "destination process %d at %s", process.pid(), baseUrl);
    }
}
