package dev.junction.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.JunctionServer;
import dev.junction.server.ServedRoute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which served routes the server's OpenAPI document leaves out, fetched over HTTP like a client would.
 * Every route the router serves must be documented, the document's own and health included.
 */
public final class RouteCoverage {
    private RouteCoverage() {}

    /** {@code "GET /x"} for each served route missing from {@code /api/v1/openapi.json}. */
    public static List<String> undocumented(JunctionServer server, String viewerToken) {
        JsonNode paths = document(server, viewerToken).path("paths");
        List<String> missing = new ArrayList<>();
        for (ServedRoute route : server.servedRoutes()) {
            String path = route.path().replaceAll("<([^>]+)>", "{$1}");
            if (!paths.path(path).has(route.method().toLowerCase(Locale.ROOT))) {
                missing.add(route.label());
            }
        }
        return missing;
    }

    public static JsonNode document(JunctionServer server, String viewerToken) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/openapi.json"))
                    .header("Authorization", "Bearer " + viewerToken).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET /api/v1/openapi.json answered " + answer.statusCode() + ": " + answer.body());
            }
            return new ObjectMapper().readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
