package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.junction.JunctionException;
import dev.junction.engine.LocalServer;
import dev.junction.engine.Runs;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code junction run} while a {@code junction serve} holds the data directory ({@link LocalServer}):
 * the runs go to the server's run queue through its API, so they share its rate budgets, tokens and
 * workers, and the command follows them (progress from their live counters) to the end. Ctrl-C asks
 * the server to cancel them, as it would a local run.
 */
final class RemoteRuns {
    private static final Duration POLL = Duration.ofMillis(500);

    private final Console console;
    private final LocalServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    RemoteRuns(Console console, LocalServer server) {
        this.console = console;
        this.server = server;
    }

    /** Whether the server answers now (a stale file names a process that is alive but no longer serving). */
    boolean reachable() {
        try {
            return http.send(HttpRequest.newBuilder(server.url().resolve("/health/live")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts the sync (one run, or one per tenant when {@code tenant} is null for a per-tenant sync) and
     * follows every run to its end. @return the runs as they ended
     */
    List<RunRecord> run(String sync, String tenant, boolean forceDeletes, ProgressPrinter progress, RunCancellation.Remote cancel) {
        var body = json.createObjectNode().put("sync", sync).put("forceDeletes", forceDeletes);
        if (tenant != null) {
            body.put("tenant", tenant);
        }
        JsonNode started = send("POST", "/api/v1/runs", body.toString(), 202);
        List<String> ids = new ArrayList<>();
        started.path("runs").forEach(r -> ids.add(r.path("id").asText()));
        console.err().println("junction serve (pid " + server.pid() + ") holds this data directory: queued " + ids.size() + " run(s) there: "
                + String.join(", ", ids));
        console.err().flush();
        return follow(ids, progress, cancel);
    }

    /**
     * Queues a backfill of the sync over {@code [from, to)} in chunks of {@code chunk} (null: the
     * server's default) and follows every chunk's run to its end. @return the runs as they ended, in chunk order
     */
    List<RunRecord> backfill(String sync, String tenant, String from, String to, String chunk, ProgressPrinter progress, RunCancellation.Remote cancel) {
        var body = json.createObjectNode().put("from", from).put("to", to);
        if (tenant != null) {
            body.put("tenant", tenant);
        }
        if (chunk != null) {
            body.put("chunk", chunk);
        }
        JsonNode started = send("POST", "/api/v1/syncs/" + java.net.URLEncoder.encode(sync, java.nio.charset.StandardCharsets.UTF_8) + "/backfill",
                body.toString(), 202);
        List<String> ids = new ArrayList<>();
        started.path("chunks").forEach(c -> ids.add(c.path("run").path("id").asText()));
        console.err().println("junction serve (pid " + server.pid() + ") holds this data directory: queued backfill " + started.path("backfill").asText()
                + " there as " + ids.size() + " run(s) of chunk " + started.path("chunk").asText());
        console.err().flush();
        return follow(ids, progress, cancel);
    }

    /** Follows the runs to their end (progress from their live counters); Ctrl-C asks the server to cancel them. */
    private List<RunRecord> follow(List<String> ids, ProgressPrinter progress, RunCancellation.Remote cancel) {
        cancel.onCancel(() -> ids.forEach(id -> {
            try {
                send("POST", "/api/v1/runs/" + id + "/cancel", "{}", 202);
            } catch (JunctionException finished) {
                // it ended meanwhile
            }
        }));
        Map<String, RunRecord> ended = new LinkedHashMap<>();
        Instant began = Instant.now();
        while (ended.size() < ids.size()) {
            RunCounters total = RunCounters.ZERO;
            for (String id : ids) {
                RunRecord run = ended.containsKey(id) ? ended.get(id) : record(send("GET", "/api/v1/runs/" + id, null, 200));
                if (run.status().finished()) {
                    ended.putIfAbsent(id, run);
                }
                total = total.plus(run.counters());
            }
            if (progress != null) {
                progress.progress(total, Duration.between(began, Instant.now()));
            }
            if (ended.size() < ids.size()) {
                sleep();
            }
        }
        List<RunRecord> runs = ids.stream().map(ended::get).toList();
        if (progress != null) {
            progress.finished(runs.getFirst());
        }
        return runs;
    }

    private RunRecord record(JsonNode view) {
        return new RunRecord(view.path("id").asText(), view.path("sync").asText(), view.path("trigger").asText(),
                RunStatus.valueOf(view.path("status").asText().toUpperCase(Locale.ROOT)), instant(view.path("startedAt")), instant(view.path("finishedAt")),
                json.convertValue(view.path("counters"), RunCounters.class), view.path("error").isNull() ? null : view.path("error").asText(null),
                view.path("tenant").isNull() ? null : view.path("tenant").asText(null), null,
                dev.junction.store.ErrorClass.ofNullable(text(view.path("errorCategory")), text(view.path("errorCode"))));
    }

    private static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : Instant.parse(node.asText());
    }

    private JsonNode send(String method, String path, String body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + server.token());
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
            if (response.statusCode() != expected) {
                String detail = answer.path("detail").asText("HTTP " + response.statusCode());
                throw new JunctionException(detail + " (answered by junction serve at " + server.url() + ", which holds this data directory)");
            }
            return answer;
        } catch (IOException e) {
            throw new JunctionException("junction serve (pid " + server.pid() + ") holds this data directory but did not answer at " + server.url()
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JunctionException("interrupted while waiting for junction serve at " + server.url(), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The runs as {@code run --json} prints them: one object, or an array for several. */
    String json(List<RunRecord> runs) throws IOException {
        ObjectMapper plain = new ObjectMapper();
        if (runs.size() == 1) {
            return plain.writerWithDefaultPrettyPrinter().writeValueAsString(RunReport.json(plain, runs.getFirst()));
        }
        ArrayNode array = plain.createArrayNode();
        runs.forEach(r -> array.add(RunReport.json(plain, r)));
        return plain.writerWithDefaultPrettyPrinter().writeValueAsString(array);
    }

    /** The worst exit code of the runs. */
    static int exitCode(List<RunRecord> runs) {
        int exit = 0;
        for (RunRecord r : runs) {
            exit = TenantRuns.worst(exit, Runs.exitCode(r));
        }
        return exit;
    }
}
