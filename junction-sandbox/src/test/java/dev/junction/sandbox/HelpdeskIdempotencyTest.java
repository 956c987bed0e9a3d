package dev.junction.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class HelpdeskIdempotencyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String BATCH = """
            {"users": [{"external_id": "x-1", "email": "one@example.com", "name": "One"},
                       {"external_id": "x-2", "email": "two@example.com", "name": "Two"}]}""";

    private Sandbox sandbox;
    private Http helpdesk;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withHelpdeskUsers(0).withClock(new MutableClock(NOW)));
        helpdesk = Http.helpdesk(sandbox);
    }

    @AfterEach
    void stop() {
        helpdesk.close();
        sandbox.close();
    }

    @Test
    void aRepeatedKeyWithTheSameBodyGetsTheFirstAnswerWithoutBeingAppliedOrLedgeredAgain() {
        Http.Response first = helpdesk.post("/api/users/batch", BATCH, "Idempotency-Key", "k-1");
        Http.Response again = helpdesk.post("/api/users/batch", BATCH, "Idempotency-Key", "k-1");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.raw().body()).isEqualTo(first.raw().body());
        assertThat(again.json().at("/results/0/status").asText()).isEqualTo("created");
        assertThat(sandbox.helpdesk().ledger()).hasSize(2);
        assertThat(sandbox.helpdesk().writeCountsByKey()).containsExactly(
                java.util.Map.entry("x-1", 1), java.util.Map.entry("x-2", 1));
    }

    @Test
    void aRepeatedKeyWithADifferentBodyIsRefusedWith422AndNotApplied() {
        helpdesk.post("/api/users/batch", BATCH, "Idempotency-Key", "k-1");

        Http.Response other = helpdesk.post("/api/users/batch", BATCH.replace("One", "Uno"), "Idempotency-Key", "k-1");

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("error").asText()).isEqualTo("idempotency_key_reused");
        assertThat(other.json().get("message").asText()).isEqualTo(
                "Idempotency-Key 'k-1' was already used with a different request body; send a new key with a different request");
        assertThat(sandbox.helpdesk().userByExternalId("x-1").orElseThrow().name()).isEqualTo("One");
        assertThat(sandbox.helpdesk().ledger()).hasSize(2);
    }

    @Test
    void differentKeysAndRequestsWithoutAKeyAreEachApplied() {
        helpdesk.post("/api/users/batch", BATCH, "Idempotency-Key", "k-1");
        helpdesk.post("/api/users/batch", BATCH, "Idempotency-Key", "k-2");
        helpdesk.post("/api/users/batch", BATCH);

        assertThat(sandbox.helpdesk().writeCountsByKey()).containsExactly(
                java.util.Map.entry("x-1", 3), java.util.Map.entry("x-2", 3));
    }

    @Test
    void aRequestRefusedAsAWholeKeepsNoAnswerSoItsKeyCanBeUsedAgain() {
        Http.Response refused = helpdesk.post("/api/users/batch", "{\"users\": 7}", "Idempotency-Key", "k-1");
        Http.Response fixed = helpdesk.post("/api/users/batch", BATCH, "Idempotency-Key", "k-1");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(fixed.status()).isEqualTo(200);
        assertThat(fixed.header("Idempotent-Replayed")).isNull();
        assertThat(sandbox.helpdesk().ledger()).hasSize(2);
    }

    @Test
    void anEmptyOrOverlongKeyIsRefused() {
        Http.Response blank = helpdesk.post("/api/users/batch", BATCH, "Idempotency-Key", " ");
        Http.Response longKey = helpdesk.post("/api/users/batch", BATCH, "Idempotency-Key", "k".repeat(256));

        assertThat(blank.status()).isEqualTo(400);
        assertThat(longKey.status()).isEqualTo(400);
        assertThat(longKey.json().get("message").asText()).isEqualTo("Idempotency-Key must be 1 to 255 characters, got 256");
        assertThat(sandbox.helpdesk().ledger()).isEmpty();
    }

    @Test
    void concurrentRequestsWithTheSameKeyAreAppliedOnce() throws Exception {
        List<Future<Http.Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> helpdesk.post("/api/users/batch", BATCH, "Idempotency-Key", "k-1")));
            }
        }
        for (Future<Http.Response> answer : answers) {
            assertThat(answer.get().status()).isEqualTo(200);
        }

        assertThat(sandbox.helpdesk().ledger()).hasSize(2);
    }
}
