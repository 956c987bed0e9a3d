package dev.junction.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST API of one {@code junction serve} node, called over HTTP with the JDK client and an API
 * token. A request that gets no answer within its bound ({@link #REQUEST_BOUND} unless given) fails: a
 * hang is a failure, not a wait.
 */
final class Api {
    /** The longest any request may take before the test calls it a hang. */
    static final Duration REQUEST_BOUND = Duration.ofSeconds(30);

    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final URI base;
    private final String token;
    private final Duration bound;

    Api(HttpClient http, URI base, String token) {
        this(http, base, token, REQUEST_BOUND);
    }

    private Api(HttpClient http, URI base, String token, Duration bound) {
        this.http = http;
        this.base = base;
        this.token = token;
        this.bound = bound;
    }

    static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The same token on another node. */
    Api on(URI otherBase) {
        return new Api(http, otherBase, token, bound);
    }

    /** The same API, each request failing when it has no answer within {@code value}. */
    Api bounded(Duration value) {
        return new Api(http, base, token, value);
    }

    URI base() {
        return base;
    }

    /** The API token its requests carry. */
    String token() {
        return token;
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** A request without the token (health routes are public). */
    HttpResponse<String> getPublic(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(bound).GET());
    }

    HttpResponse<String> post(String path, String jsonBody) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    HttpResponse<String> postYaml(String path, String yaml) {
        return send(request(path).header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml)));
    }

    JsonNode json(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** GET {@code path}, expecting 200, as JSON. */
    JsonNode getJson(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " on " + base + " answered " + r.statusCode() + ": " + r.body());
        }
        return json(r);
    }

    /** Applies definitions (YAML, documents separated by ---) as {@code junction apply} would; fails unless 200. */
    void apply(String yaml) {
        HttpResponse<String> r = postYaml("/api/v1/definitions?file=e2e.yaml", yaml);
        if (r.statusCode() != 200) {
            throw new AssertionError("POST /api/v1/definitions answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Starts a run of {@code sync} through the run queue; fails unless 202 with a Location. @return the run's id */
    String startRun(String sync) {
        HttpResponse<String> r = post("/api/v1/runs", "{\"sync\":\"" + sync + "\"}");
        if (r.statusCode() != 202 || r.headers().firstValue("Location").isEmpty()) {
            throw new AssertionError("POST /api/v1/runs for " + sync + " answered " + r.statusCode() + " " + r.headers().map() + ": " + r.body());
        }
        String location = r.headers().firstValue("Location").orElseThrow();
        String id = json(r).path("runs").path(0).path("id").asText();
        if (!location.endsWith("/api/v1/runs/" + id)) {
            throw new AssertionError("Location " + location + " does not name run " + id);
        }
        return id;
    }

    /** GET /api/v1/runs/{id}. */
    JsonNode run(String id) {
        return getJson("/api/v1/runs/" + id);
    }

    /** Every run, through the pages of GET /api/v1/runs. */
    List<JsonNode> allRuns() {
        List<JsonNode> runs = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = getJson("/api/v1/runs?limit=100" + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8)));
            page.path("items").forEach(runs::add);
            cursor = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asText();
        } while (cursor != null);
        return runs;
    }

    /** Every inbox event of {@code subscriber} (e.g. {@code sync:NAME}), through the pages of GET /api/v1/inbox. */
    List<JsonNode> inbox(String subscriber) {
        List<JsonNode> events = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = getJson("/api/v1/inbox?limit=1000&subscriber=" + java.net.URLEncoder.encode(subscriber, java.nio.charset.StandardCharsets.UTF_8)
                    + (cursor == null ? "" : "&cursor=" + cursor));
            page.path("items").forEach(events::add);
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null);
        return events;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(bound).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return send(http, request.build());
    }

    /** Sends {@code request} with {@code http} (e.g. a browser-like client with cookies); an I/O failure names the request. */
    static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
