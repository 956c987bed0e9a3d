package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Engine;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store goes away under a running {@code junction serve} (its PostgreSQL server stops): API calls
 * answer 503 problem+json with {@code Retry-After} within seconds — not a hang, not a 500 — saying
 * nothing of the store's URL or password, and {@code /health/ready} answers 503. The process stays up.
 */
class StoreOutageTest {
    /** The processes' output and logs; kept when the test fails. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path logs;

    private final Closer closer = new Closer();

    @AfterEach
    void stopEverything() throws Exception {
        closer.close();
    }

    @Test
    void aStoreThatGoesAwayAnswers503WithRetryAfterNeitherAHangNorA500() {
        Steps steps = new Steps("store outage");
        PostgresStore store = closer.add(new PostgresStore());
        SyncSandbox sandbox = closer.add(new SyncSandbox(10));
        String token;
        try (Engine observer = store.observer(sandbox.env())) {
            token = PostgresStore.adminToken(observer);
        }
        ServeNode serve = closer.add(ServeNode.start("serve", logs, store.env(sandbox.env())));
        // the store's pool gives up on a connection after 5 s: an answer takes that long at most, and three times that is a hang
        Api api = new Api(Api.client(), serve.baseUrl(), token).bounded(Duration.ofSeconds(15));
        assertThat(api.get("/api/v1/runs").statusCode()).isEqualTo(200);
        assertThat(api.getPublic("/health/ready").statusCode()).isEqualTo(200);
        steps.done("serve on PostgreSQL answers");

        store.stop();
        steps.done("PostgreSQL stopped");

        long began = System.nanoTime();
        HttpResponse<String> runs = api.get("/api/v1/runs");
        long millis = (System.nanoTime() - began) / 1_000_000;
        System.out.printf("GET /api/v1/runs with the store down answered %d in %d ms: %s %s%n", runs.statusCode(), millis, runs.headers().map(), runs.body());
        assertOutageAnswer(api, runs);

        HttpResponse<String> ready = api.getPublic("/health/ready");
        System.out.printf("GET /health/ready with the store down answered %d: %s%n", ready.statusCode(), ready.body());
        assertOutageAnswer(api, ready);
        assertThat(api.json(ready).toString()).contains("store");
        steps.done("the API and readiness answered 503");
        assertThat(serve.process().alive()).as(serve.process().describe()).isTrue();
        assertThat(serve.process().err()).as("the node's log").doesNotContain(PostgresStore.PASSWORD);
    }

    /** 503 problem+json with Retry-After, a detail for people, and nothing of the store's address, password or the code. */
    private static void assertOutageAnswer(Api api, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        JsonNode problem = api.json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(response.body()).doesNotContainIgnoringCase("jdbc").doesNotContainIgnoringCase("postgresql://").doesNotContain(PostgresStore.PASSWORD)
                .doesNotContain("localhost:").doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.junction.");
    }
}
