package dev.junction.server;

import dev.junction.engine.Role;
import dev.junction.engine.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A server on 127.0.0.1 (a free port) with the sample API and a fixed set of tokens, and an HTTP client for it. */
final class TestServer implements AutoCloseable {
    static final String VIEWER = "viewer-token";
    static final String EDITOR = "editor-token";
    static final String ADMIN = "admin-token";
    static final String TENANT_A_ADMIN = "tenant-a-admin-token";
    static final String TENANT_A_VIEWER = "tenant-a-viewer-token";
    static final String TENANT_A_EDITOR = "tenant-a-editor-token";
    static final Map<String, Principal> TOKENS = Map.of(
            VIEWER, Principal.operator("tok-viewer", Role.VIEWER),
            EDITOR, Principal.operator("tok-editor", Role.EDITOR),
            ADMIN, Principal.operator("tok-admin", Role.ADMIN),
            TENANT_A_ADMIN, Principal.ofTenant("tok-a-admin", Role.ADMIN, "tenant-a"),
            TENANT_A_VIEWER, Principal.ofTenant("tok-a-viewer", Role.VIEWER, "tenant-a"),
            TENANT_A_EDITOR, Principal.ofTenant("tok-a-editor", Role.EDITOR, "tenant-a"));

    final Notebook notebook;
    final JunctionServer server;
    final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    TestServer() {
        this(config -> config, builder -> builder);
    }

    TestServer(UnaryOperator<ServerConfig> config, UnaryOperator<JunctionServer.Builder> extra) {
        this(new Notebook(), config, extra);
    }

    TestServer(Notebook notebook, UnaryOperator<ServerConfig> config, UnaryOperator<JunctionServer.Builder> extra) {
        this.notebook = notebook;
        ServerConfig base = ServerConfig.defaults().withPort(0).withShutdownGrace(Duration.ofSeconds(5));
        JunctionServer.Builder builder = JunctionServer.builder(config.apply(base))
                .authenticator(token -> Optional.ofNullable(TOKENS.get(token)))
                .module(new SampleApi(notebook));
        this.server = extra.apply(builder).build().start();
    }

    HttpResponse<String> get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    HttpResponse<String> send(String method, String path, String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    HttpResponse<String> postJson(String path, String token, String body) {
        return send("POST", path, token, "application/json", body);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode body(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    @Override
    public void close() {
        http.close();
        server.stop(Duration.ZERO);
    }
}
