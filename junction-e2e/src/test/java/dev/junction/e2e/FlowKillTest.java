package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Engine;
import dev.junction.sandbox.Faults;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's kill test, on a real process: {@value #EXECUTIONS} asynchronous executions
 * ({@code Prefer: respond-async}) of a flow that writes a Helpdesk user through an action (its
 * idempotency key is EXECUTION:STEP), parks in a {@code wait} step, then answers; the {@code junction
 * serve} process is killed with kill -9 twice while they run and started again on the same store and
 * port each time. Afterwards every execution succeeded once (each step stored once) and the Helpdesk's
 * ledger holds each user's write once: a write step cut off by a kill runs again with its key, and the
 * Helpdesk answers the repeat without applying it. The Helpdesk is slowed down so that the kills find
 * executions in flight; those a dead process held are resumed once their lease expires (6 s), the ones
 * it left queued once they are 5 s old. Once on H2 (the embedded default) and once on PostgreSQL.
 */
class FlowKillTest {
    static final int EXECUTIONS = 200;
    private static final java.net.http.HttpClient CLIENT = Api.client();
    private static final String FLOW = """
            kind: Flow
            name: make-user
            trigger: { api: {} }
            input:
              type: object
              required: [ref]
              properties: { ref: { type: string } }
            steps:
              - name: prepare
                map: { mapping: { ref: ref, email: "= ref & '@example.com'" } }
              - name: user
                call:
                  connection: helpdesk
                  action: upsertUsers
                  record: { external_id: "= steps.prepare.output.ref", email: "= steps.prepare.output.email", name: "= 'User ' & steps.prepare.output.ref" }
              - name: pause
                wait: { for: 1s }
              - name: answer
                respond: { status: 201, body: { ref: "= steps.prepare.output.ref", helpdesk: "= steps.user.output.results[0].status" } }
            """;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path logs;
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataDir;

    private final Closer closer = new Closer();

    @AfterEach
    void stopEverything() throws Exception {
        closer.close();
    }

    @Test
    void onH2EveryExecutionCompletesOnceAndEachWriteIsInTheLedgerOnceAcrossTwoKills() throws Exception {
        WebhookSandbox sandbox = closer.add(new WebhookSandbox(1));
        Map<String, String> env = new HashMap<>(sandbox.env());
        String token = PostgresStore.embeddedAdminToken(env, dataDir);
        runKillAndRestart("h2", sandbox, env, token, "--data-dir", dataDir.toString());
    }

    @Test
    void onPostgresqlEveryExecutionCompletesOnceAndEachWriteIsInTheLedgerOnceAcrossTwoKills() throws Exception {
        PostgresStore store = closer.add(new PostgresStore());
        WebhookSandbox sandbox = closer.add(new WebhookSandbox(1));
        String token;
        try (Engine observer = store.observer(sandbox.env())) {
            token = PostgresStore.adminToken(observer);
        }
        runKillAndRestart("pg", sandbox, store.env(sandbox.env()), token);
    }

    private void runKillAndRestart(String name, WebhookSandbox sandbox, Map<String, String> env, String token, String... extra) throws Exception {
        Steps steps = new Steps("flow kill -9 (" + name + ", " + EXECUTIONS + " executions)");
        ServeNode first = closer.add(ServeNode.start(name + "-1", logs, env, extra));
        Api api = new Api(Api.client(), first.baseUrl(), token);
        api.apply(WebhookSandbox.definitions() + "---\n" + FLOW);
        steps.done("node listens, the demo and the flow applied");

        // each Helpdesk write takes 300 ms, so the 8 flow workers hold executions in flight (and some writes cut off) when the kills land
        sandbox.sandbox().helpdesk().setFaults(Faults.NONE.withLatency(Duration.ofMillis(300)));
        Map<String, String> executions = startAll(api);
        steps.done("started " + executions.size() + " executions asynchronously");

        ServeNode node = first;
        for (int kill = 1; kill <= 2; kill++) {
            int writesBefore = EXECUTIONS * kill / 3;
            ServeNode current = node;
            await("Helpdesk writes before kill " + kill).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20))
                    .failFast(current.name() + " exited", () -> !current.process().alive())
                    .until(() -> sandbox.sandbox().helpdesk().writeCountsByKey().size() >= writesBefore);
            current.process().kill();
            int written = sandbox.sandbox().helpdesk().writeCountsByKey().size();
            assertThat(written).as("executions left to run at kill " + kill).isLessThan(EXECUTIONS);
            steps.done("kill " + kill + " with " + written + " users written");
            node = closer.add(ServeNode.startOn(first.baseUrl().getPort(), name + "-" + (kill + 1), logs, env, extra));
            steps.done("started again on the same store and port");
        }
        Api last = api.on(node.baseUrl());
        ServeNode survivor = node;
        try {
            // usually ~10 s after the last start; a slow H2 recovery (7 s starts) once needed longer than 2 minutes, and once (CI, the
            // eleventh stop) an execution was still running after 4. A call cut off mid-answer is now bounded by the request timeout (60 s
            // an attempt, and 5 attempts at most), so a stall of that kind ends within 6 minutes; one that does not end prints the survivor's
            // flow threads below
            await("every execution to end").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(500))
                    .failFast(survivor.name() + " exited", () -> !survivor.process().alive())
                    .until(() -> executions.values().stream().allMatch(id -> ended(last, id)));
        } catch (org.awaitility.core.ConditionTimeoutException stuck) {
            // say which executions did not end and how they stand, so a failure here can be followed
            List<String> left = new ArrayList<>();
            for (String id : executions.values()) {
                JsonNode execution = last.getJson("/api/v1/flow-executions/" + id);
                if (!ended(last, id) && left.size() < 10) {
                    left.add(id + " " + execution.path("status").asText() + " steps " + execution.path("steps").valueStream()
                            .map(s -> s.path("name").asText() + ":" + s.path("status").asText()).toList());
                }
            }
            // and what the survivor was doing: its flow threads and its log, so a stall seen once in CI can be followed
            throw new AssertionError("executions that did not end (up to 10): " + left + "\n" + flowThreads(survivor.process().threadDump())
                    + "\n" + survivor.process().describe(), stuck);
        }
        steps.done("every execution ended");

        List<String> wrong = new ArrayList<>();
        List<String> lockedByAKilledWrite = new ArrayList<>();
        for (Map.Entry<String, String> e : executions.entrySet()) {
            JsonNode execution = last.getJson("/api/v1/flow-executions/" + e.getValue());
            List<String> ran = execution.path("steps").valueStream().map(s -> s.path("name").asText() + ":" + s.path("status").asText()).toList();
            if (name.equals("h2") && execution.path("status").asText().equals("failed") && execution.path("error").asText()
                    .contains("junction store repair")) {
                // the embedded store's known gap (docs/server.md, "Embedded store durability"): H2 now and then keeps the lock of a write
                // a kill cut off, for good, and the step whose row it is cannot be stored; the execution ends failed saying so (its
                // write still reached the Helpdesk once, checked below), where it stayed running for good before. PostgreSQL: none.
                lockedByAKilledWrite.add(e.getKey());
                continue;
            }
            if (!execution.path("status").asText().equals("succeeded") || execution.path("responseStatus").asInt() != 201
                    || !execution.path("output").path("ref").asText().equals(e.getKey())
                    || !ran.equals(List.of("prepare:succeeded", "user:succeeded", "pause:succeeded", "answer:succeeded"))) {
                wrong.add(e.getKey() + ": " + execution.path("status").asText() + " " + ran + " " + execution.path("error").asText());
            }
        }
        assertThat(wrong).as("executions that did not succeed once, each step once\n" + survivor.process().describe()).isEmpty();
        assertThat(lockedByAKilledWrite).as("executions H2's known gap failed (a handful at most)").hasSizeLessThanOrEqualTo(3);
        if (!lockedByAKilledWrite.isEmpty()) {
            System.out.printf("%s: %d execution(s) ended failed on H2's known gap, saying to run junction store repair: %s%n", name,
                    lockedByAKilledWrite.size(), lockedByAKilledWrite);
        }
        Map<String, Integer> writes = sandbox.sandbox().helpdesk().writeCountsByKey();
        assertThat(writes).as("the Helpdesk ledger: one write per execution").hasSize(EXECUTIONS).allSatisfy((ref, count) -> assertThat(count)
                .as(ref).isEqualTo(1));
        assertThat(writes.keySet()).containsExactlyInAnyOrderElementsOf(executions.keySet());
        String ref = executions.keySet().stream().filter(k -> !lockedByAKilledWrite.contains(k)).findFirst().orElseThrow();
        HttpResponse<String> again = post(last, ref);
        assertThat(again.statusCode()).as("the same Idempotency-Key and body after the kills: the first execution's answer").isEqualTo(201);
        assertThat(again.headers().firstValue("Junction-Flow-Execution")).contains(executions.get(ref));
        System.out.printf("%s: %d Helpdesk requests for %d writes%n", name, sandbox.sandbox().helpdesk().stats().requests(), EXECUTIONS);
        assertThat(first.process().exitCode()).as("the first node was killed").isNotZero();
        steps.done("checked");
    }

    /** The stacks of a thread dump's flow threads (flow workers, leases, admission) and the store's, the rest left out. */
    static String flowThreads(String dump) {
        StringBuilder kept = new StringBuilder();
        for (String thread : dump.split("\n\n")) {
            if (thread.startsWith("\"flow") || thread.startsWith("\"junction-flows") || thread.contains("dev.junction.store")) {
                kept.append(thread).append("\n\n");
            }
        }
        return kept.isEmpty() ? dump : "--- flow threads:\n" + kept;
    }

    /** Starts every execution (4 callers at once), each with its own Idempotency-Key; returns each ref's execution id. */
    private static Map<String, String> startAll(Api api) throws Exception {
        Map<String, String> ids = new ConcurrentHashMap<>();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < EXECUTIONS; i++) {
                String ref = "flow-user-" + i;
                calls.add(callers.submit(() -> {
                    HttpResponse<String> r = post(api, ref, "respond-async");
                    if (r.statusCode() != 202) {
                        throw new AssertionError("POST /api/v1/flows/make-user answered " + r.statusCode() + ": " + r.body());
                    }
                    ids.put(ref, api.json(r).path("id").asText());
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            callers.shutdownNow();
        }
        return ids;
    }

    private static HttpResponse<String> post(Api api, String ref, String... prefer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.base().resolve(URI.create("/api/v1/flows/make-user"))).timeout(Api.REQUEST_BOUND)
                .header("Authorization", "Bearer " + api.token()).header("Content-Type", "application/json").header("Idempotency-Key", "key-" + ref)
                .POST(HttpRequest.BodyPublishers.ofString("{\"ref\":\"" + ref + "\"}"));
        if (prefer.length > 0) {
            request.header("Prefer", prefer[0]);
        }
        return Api.send(CLIENT, request.build());
    }

    private static boolean ended(Api api, String id) {
        String status = api.getJson("/api/v1/flow-executions/" + id).path("status").asText();
        return status.equals("succeeded") || status.equals("failed") || status.equals("cancelled");
    }
}
