package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.jdbc.JdbcStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server as {@code junction serve} starts it (store, host, port), its health routes and its stop. */
class JunctionServerTest {
    private final ObjectMapper json = new ObjectMapper();
    private JdbcStore store;
    private JunctionServer server;
    private HttpClient http;

    @BeforeEach
    void start() {
        store = JdbcStore.h2InMemory("server-test");
        server = new JunctionServer(store, json, "127.0.0.1", 0).start();
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
        store.close();
    }

    @Test
    void answersLivenessWhileTheProcessRuns() throws Exception {
        HttpResponse<String> response = get("/health/live");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("status").asText()).isEqualTo("up");
    }

    @Test
    void answersReadyWhenTheStoreIsReadable() throws Exception {
        HttpResponse<String> response = get("/health/ready");

        JsonNode body = json.readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.path("status").asText()).isEqualTo("ready");
        assertThat(body.path("checks").get(0).path("component").asText()).isEqualTo("store");
    }

    @Test
    void answersNotReadyWith503AndRetryAfterWhenTheStoreIsGone() throws Exception {
        store.close();

        HttpResponse<String> response = get("/health/ready");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("detail").asText()).isEqualTo("Not ready: store: The store cannot be reached; the server retries on every check.");
        assertThat(body.path("checks").get(0).path("ready").asBoolean()).isFalse();
        assertThat(response.body()).doesNotContain("jdbc:");
    }

    @Test
    void answersTheApiWith401WhileNoTokenIsKnown() throws Exception {
        assertThat(get("/api/v1/openapi.json").statusCode()).isEqualTo(401);
    }

    @Test
    void finishesARequestInFlightWhenStoppedWithAGrace() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stopping = new CountDownLatch(1);
        ApiModule slow = routes -> routes.get("/health/slow", Guard.publicHealth()).operation("getSlow", "health", "Waits to be released")
                .handle(ctx -> {
                    inHandler.countDown();
                    release.await(30, TimeUnit.SECONDS);
                    ctx.result("finished");
                });
        JunctionServer graceful = JunctionServer.builder(ServerConfig.defaults().withPort(0)).module(slow)
                .customizeJavalin(cfg -> cfg.events.serverStopping(stopping::countDown)).build().start();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(URI.create(graceful.baseUrl() + "/health/slow")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(inHandler.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> graceful.stop(Duration.ofSeconds(30)));
        assertThat(stopping.await(30, TimeUnit.SECONDS)).isTrue();
        release.countDown();

        assertThat(inFlight.get(30, TimeUnit.SECONDS).body()).isEqualTo("finished");
        stopped.get(30, TimeUnit.SECONDS);
    }

    @Test
    void runsHandlersOnVirtualThreads() throws Exception {
        ApiModule probe = routes -> routes.get("/health/thread", Guard.publicHealth()).operation("getThread", "health", "The handler's thread")
                .handle(ctx -> ctx.result(Boolean.toString(Thread.currentThread().isVirtual())));
        JunctionServer virtual = JunctionServer.builder(ServerConfig.defaults().withPort(0)).module(probe).build().start();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(virtual.baseUrl() + "/health/thread")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.body()).isEqualTo("true");
        } finally {
            virtual.stop(Duration.ZERO);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
