package dev.junction.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny JSON-over-HTTP client for the tests (JDK HttpClient, no mocks). */
final class Http implements AutoCloseable {

    /** A response with its body parsed as JSON (null when the body is empty or not JSON). */
    record Response(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String[] authHeader;

    private Http(URI base, String... authHeader) {
        this.base = base;
        this.authHeader = authHeader;
    }

    static Http crm(Sandbox sandbox) {
        return new Http(sandbox.crm().baseUrl(), "Authorization", "Bearer " + sandbox.crm().token());
    }

    static Http helpdesk(Sandbox sandbox) {
        return new Http(sandbox.helpdesk().baseUrl(), "X-Api-Key", sandbox.helpdesk().apiKey());
    }

    static Http anonymous(URI base) {
        return new Http(base);
    }

    Response get(String path) {
        return send(request(path).GET().build());
    }

    Response delete(String path) {
        return send(request(path).DELETE().build());
    }

    Response post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** POST with extra headers, given as name, value, name, value... */
    Response post(String path, String body, String... headers) {
        return send(request(path).header("Content-Type", "application/json").headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Sends without catching IOException, for tests that expect the connection to fail. */
    HttpResponse<String> getRaw(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    String toJson(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (authHeader.length == 2) {
            builder.header(authHeader[0], authHeader[1]);
        }
        return builder;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (!response.body().isEmpty()) {
                try {
                    json = mapper.readTree(response.body());
                } catch (IOException notJson) {
                    json = null;
                }
            }
            return new Response(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
