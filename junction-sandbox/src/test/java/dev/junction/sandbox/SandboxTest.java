package dev.junction.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxTest {

    @Test
    void theSameSeedGivesTheSameDataAndAnotherSeedGivesOtherData() {
        List<String> first = snapshot(SandboxOptions.defaults().withSeed(7));
        List<String> second = snapshot(SandboxOptions.defaults().withSeed(7));
        List<String> other = snapshot(SandboxOptions.defaults().withSeed(8));

        assertThat(first).isEqualTo(second);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void theSameSeedChangesTheSameContacts() {
        try (Sandbox a = Sandbox.start(SandboxOptions.defaults()); Sandbox b = Sandbox.start(SandboxOptions.defaults())) {
            assertThat(a.crm().changeContacts(10)).isEqualTo(b.crm().changeContacts(10));
            assertThat(a.crm().changeContacts(10)).isEqualTo(b.crm().changeContacts(10));
        }
    }

    @Test
    void defaultsMatchTheDocumentedValues() {
        SandboxOptions options = SandboxOptions.defaults();

        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.crmContacts()).isEqualTo(200);
        assertThat(options.crmPort()).isZero();
        assertThat(options.helpdeskPort()).isZero();
        assertThat(options.crmToken()).isEqualTo("acme-demo-token");
        assertThat(options.helpdeskApiKey()).isEqualTo("helpdesk-demo-key");
        assertThat(options.crmRateLimit()).isEqualTo(50);
        assertThat(options.helpdeskRateLimit()).isZero();
        assertThat(options.helpdeskUsers()).isEqualTo(10);
        assertThat(options.agents()).isEqualTo(8);
    }

    @Test
    void invalidOptionsAreRefused() {
        assertThatThrownBy(() -> SandboxOptions.defaults().withCrmContacts(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxOptions.defaults().withAgents(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxOptions.defaults().withCrmToken("has space"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bothServersListenOnLoopbackAndAChosenPortIsUsed() {
        int port = freePort();
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withHelpdeskPort(port))) {
            assertThat(sandbox.crm().baseUrl().getHost()).isEqualTo("127.0.0.1");
            assertThat(sandbox.helpdesk().baseUrl().toString()).isEqualTo("http://127.0.0.1:" + port);
        }
    }

    @Test
    void describeNamesBothUrlsAndCredentials() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            assertThat(sandbox.describe())
                    .contains(sandbox.crm().baseUrl().toString(), sandbox.helpdesk().baseUrl().toString(),
                            "Bearer acme-demo-token", "X-Api-Key: helpdesk-demo-key",
                            sandbox.crm().baseUrl() + "/v1/webhooks/subscriptions");
        }
    }

    @Test
    void closeStopsBothServersAndLeavesNoThreadsBehind() throws Exception {
        Sandbox sandbox = Sandbox.start(SandboxOptions.defaults());
        try (Http crm = Http.crm(sandbox)) {
            assertThat(crm.get("/v1/owners").status()).isEqualTo(200);
        }

        sandbox.close();

        try (Http crm = Http.crm(sandbox)) {
            assertThatThrownBy(() -> crm.getRaw("/v1/owners")).isInstanceOf(IOException.class);
        }
        assertThat(eventually(() -> sandboxThreads().isEmpty())).as("threads left: %s", sandboxThreads()).isTrue();
        sandbox.close();
    }

    @Test
    void concurrentBatchUpsertsAreAllRecordedOnce() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults()); Http helpdesk = Http.helpdesk(sandbox);
             ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int b = 0; b < 10; b++) {
                        List<Map<String, Object>> users = new ArrayList<>();
                        for (int i = 0; i < 10; i++) {
                            String key = "t%d-b%d-%d".formatted(thread, b, i);
                            users.add(Map.of("external_id", key, "email", key + "@example.com"));
                        }
                        int status = helpdesk.post("/api/users/batch", helpdesk.toJson(Map.of("users", users)))
                                .status();
                        if (status != 200) {
                            return status;
                        }
                    }
                    return 200;
                }));
            }
            for (Future<Integer> future : futures) {
                assertThat(future.get()).isEqualTo(200);
            }

            assertThat(sandbox.helpdesk().ledger()).hasSize(800);
            assertThat(sandbox.helpdesk().writeCountsByKey()).hasSize(800).allSatisfy((k, v) -> assertThat(v).isOne());
            assertThat(sandbox.helpdesk().userCount()).isEqualTo(810);
            Set<String> ids = new HashSet<>();
            sandbox.helpdesk().ledger().forEach(e ->
                    ids.add(sandbox.helpdesk().userByExternalId(e.key()).orElseThrow().id()));
            assertThat(ids).hasSize(800);
        }
    }

    @Test
    void theHelpdeskRateLimitAppliesWhenConfigured() {
        MutableClock clock = new MutableClock(Instant.parse("2026-02-01T00:00:00Z"));
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withHelpdeskRateLimit(2).withClock(clock));
             Http helpdesk = Http.helpdesk(sandbox)) {
            assertThat(helpdesk.get("/api/agents").status()).isEqualTo(200);
            assertThat(helpdesk.get("/api/agents").status()).isEqualTo(200);
            Http.Response limited = helpdesk.get("/api/agents");

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isEqualTo("1");
            assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("2");
        }
    }

    private static List<String> snapshot(SandboxOptions options) {
        try (Sandbox sandbox = Sandbox.start(options.withCrmRateLimit(0));
             Http crm = Http.crm(sandbox); Http helpdesk = Http.helpdesk(sandbox)) {
            List<String> bodies = new ArrayList<>();
            for (String path : List.of("/v1/contacts?limit=100", "/v1/companies?limit=100", "/v1/owners")) {
                bodies.add(crm.get(path).raw().body());
            }
            for (String path : List.of("/api/users?limit=100", "/api/agents", "/api/tickets")) {
                JsonNode body = helpdesk.get(path).json();
                bodies.add(body.toString());
            }
            return bodies;
        }
    }

    private static List<String> sandboxThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("sandbox-") || List.of(e.getValue()).stream()
                        .anyMatch(f -> f.getClassName().startsWith("io.javalin")))
                .map(e -> e.getKey().getName()).toList();
    }

    /**
     * Polls a condition for up to half a second: Jetty joins its threads during stop, so only a brief
     * grace is needed; a lingering thread (such as Javalin's 5-second startup watcher) must still be caught.
     */
    private static boolean eventually(java.util.function.BooleanSupplier condition) {
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(500)).pollInterval(java.time.Duration.ofMillis(50))
                    .until(condition::getAsBoolean);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
