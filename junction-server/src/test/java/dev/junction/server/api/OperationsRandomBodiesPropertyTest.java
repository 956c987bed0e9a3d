package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.Role;
import dev.junction.server.Route;
import dev.junction.server.ServedRoute;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever body arrives at a mutating route of runs, dead letters, exchanges, state, schemas or
 * mappings — random JSON made of the names these routes take and values of every type, or random
 * bytes — from an operator or a tenant token, on real objects or missing ones, the answer is never a
 * 500, and every error is problem+json. The engine really acts on what is valid (dry runs, replays,
 * resets, discoveries against the sandboxes).
 */
class OperationsRandomBodiesPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TAGS = Set.of("runs", "deadletters", "exchanges", "state", "schemas", "mappings");
    private static final List<String> NAMES = List.of("tenant", "samples", "forceDeletes", "ids", "run", "sync", "allTenants", "partition",
            "checkpointOnly", "toTenant", "olderThan", "sample", "source", "destination", "connection", "stream", "minScore");
    private static Path dataDir;
    private static ApiFixture api;
    private static OperationsData data;
    private static List<ServedRoute> mutating;

    @BeforeContainer
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("junction-random-bodies");
        api = ApiFixture.start(dataDir);
        data = OperationsData.make(api);
        mutating = api.server.servedRoutes().stream()
                .filter(r -> Route.isMutating(r.method()) && r.declaration().isPresent() && TAGS.contains(r.declared().operation().tag())).toList();
        assertThat(mutating).hasSizeGreaterThanOrEqualTo(11);
    }

    @AfterContainer
    static void stop() throws Exception {
        api.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 150)
    void randomJsonOfTheRoutesNamesNeverFailsTheServer(@ForAll("routes") ServedRoute route, @ForAll("paths") Map<String, String> path,
            @ForAll("bodies") String body, @ForAll("tokens") String token) {
        check(route, path, body.getBytes(StandardCharsets.UTF_8), token);
    }

    /** Valid bodies with one value changed, dropped or added: most reach the engine, which acts on them. */
    @Property(tries = 120)
    void aValidBodyWithOneValueChangedNeverFailsTheServer(@ForAll("routes") ServedRoute route, @ForAll("changes") Map.Entry<String, Object> change,
            @ForAll boolean drop, @ForAll("tokens") String token) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(valid().getOrDefault(route.declared().operation().id(), Map.of()));
        if (drop && !body.isEmpty()) {
            body.remove(body.keySet().iterator().next());
        } else {
            body.put(change.getKey(), change.getValue());
        }
        Map<String, String> path = Map.of("runId", data.northwindRun.id(), "name", ApiFixture.TENANT_SYNC, "connection", "northwind-crm", "stream", "contacts");
        check(route, path, write(body).getBytes(StandardCharsets.UTF_8), token);
    }

    /** A valid body of each mutating route with a body, by operationId. */
    private static Map<String, Map<String, Object>> valid() {
        Map<String, Object> northwindStreams = Map.of("source", Map.of("connection", "northwind-crm", "stream", "contacts"),
                "destination", Map.of("connection", "northwind-helpdesk", "stream", "users"), "sample", 5);
        return Map.of(
                "runs.cancelSync", Map.of(),
                "runs.dryRun", Map.of("tenant", "northwind", "samples", 2),
                "deadletters.replay", Map.of("run", data.northwindRun.id()),
                "deadletters.discard", Map.of("ids", data.globexDeadLetters.stream().map(d -> d.id()).toList()),
                "state.reset", Map.of("tenant", "globex", "checkpointOnly", true),
                "state.move", Map.of("toTenant", "default"),
                "exchanges.prune", Map.of("olderThan", "30d"),
                "schemas.discover", Map.of("sample", 3),
                "mappings.preview", Map.of("tenant", "northwind", "sample", 2),
                "mappings.suggest", northwindStreams);
    }

    @Provide
    Arbitrary<Map.Entry<String, Object>> changes() {
        Arbitrary<Object> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(10).map(v -> (Object) v),
                Arbitraries.integers().between(-3, 20_000).map(v -> (Object) v),
                Arbitraries.doubles().between(-1, 2).map(v -> (Object) v),
                Arbitraries.of(true, false).map(v -> (Object) v),
                Arbitraries.just(List.of()),
                Arbitraries.just(Map.of()));
        return net.jqwik.api.Combinators.combine(Arbitraries.of(NAMES), values).as(Map::entry);
    }

    @Property(tries = 40)
    void randomBytesNeverFailTheServer(@ForAll("routes") ServedRoute route, @ForAll("paths") Map<String, String> path,
            @ForAll("bytes") byte[] body) {
        check(route, path, body, api.admin());
    }

    private static void check(ServedRoute route, Map<String, String> path, byte[] body, String token) {
        String filled = route.path();
        for (Map.Entry<String, String> p : path.entrySet()) {
            filled = filled.replace("{" + p.getKey() + "}", URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        HttpResponse<String> answer = api.send(HttpRequest.newBuilder(api.uri(filled)).header("Content-Type", "application/json")
                .method(route.method(), HttpRequest.BodyPublishers.ofByteArray(body)), token);

        net.jqwik.api.statistics.Statistics.collect(answer.statusCode());
        assertThat(answer.statusCode()).as("%s %s %s answered %s", route.method(), filled, new String(body, StandardCharsets.UTF_8), answer.body())
                .isLessThan(500);
        if (answer.statusCode() >= 400) {
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(answer.body()).isEqualTo("application/problem+json");
            JsonNode problem = api.body(answer);
            assertThat(problem.path("status").asInt()).isEqualTo(answer.statusCode());
            assertThat(problem.path("detail").asText()).isNotBlank().doesNotContain("Exception", "com.fasterxml", "java.", "jdbc:");
        }
    }

    @Provide
    Arbitrary<ServedRoute> routes() {
        return Arbitraries.of(mutating);
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.of(api.admin(), api.tenant("northwind", Role.ADMIN), api.tenant("globex", Role.EDITOR));
    }

    /** Path parameters: real objects of each kind, another tenant's, missing ones and odd text. */
    @Provide
    Arbitrary<Map<String, String>> paths() {
        Arbitrary<String> odd = Arbitraries.strings().ofMinLength(1).ofMaxLength(12);
        return net.jqwik.api.Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of(data.northwindRun.id(), data.globexRun.id(), data.classicRun.id(), "no-run"), odd),
                Arbitraries.oneOf(Arbitraries.of(ApiFixture.TENANT_SYNC, ApiFixture.CLASSIC_SYNC, "no-sync"), odd),
                Arbitraries.oneOf(Arbitraries.of("northwind-crm", "globex-helpdesk", "crm", "no-connection"), odd),
                Arbitraries.oneOf(Arbitraries.of("contacts", "users", "no-stream"), odd))
                .as((run, sync, connection, stream) -> Map.of("runId", run, "name", sync, "connection", connection, "stream", stream));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(500);
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<Object> id = Arbitraries.oneOf(Arbitraries.longs().between(-2, 40).map(l -> (Object) l), Arbitraries.just(Long.MAX_VALUE));
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.of("northwind", "globex", "default", "", " ", "1d", "0ms", "999999999d", "p", "contacts", ApiFixture.TENANT_SYNC,
                        ApiFixture.CLASSIC_SYNC, data.northwindRun.id(), data.globexRun.id()).map(s -> (Object) s),
                Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.integers().between(-5, 2000).map(i -> (Object) i),
                Arbitraries.doubles().between(-2, 3).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null),
                id.list().ofMaxSize(4).map(l -> (Object) l));
        Arbitrary<Object> ref = Arbitraries.maps(Arbitraries.of("connection", "stream", "x"),
                Arbitraries.oneOf(Arbitraries.of("northwind-crm", "globex-crm", "northwind-helpdesk", "crm", "contacts", "users").map(s -> (Object) s),
                        scalar)).ofMaxSize(3).map(m -> (Object) m);
        Arbitrary<Object> value = Arbitraries.frequencyOf(Tuple.of(5, scalar), Tuple.of(1, ref));
        return Arbitraries.maps(Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.of(NAMES)), Tuple.of(1, Arbitraries.strings().ofMaxLength(8))), value)
                .ofMaxSize(4).map(OperationsRandomBodiesPropertyTest::write);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
