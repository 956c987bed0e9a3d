package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever body arrives at whichever mutating route — random JSON, random bytes, huge strings, deep
 * nesting, valid bodies with one character changed, any content type — the answer is never a 500, and
 * every error is problem+json.
 */
class RandomBodiesProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID_NOTE = "{\"tenant\":\"tenant-a\",\"text\":\"hello\",\"priority\":2,\"pinned\":true,\"labels\":{\"k\":\"v\"}}";
    private static TestServer test;
    private static List<ServedRoute> mutating;

    @BeforeContainer
    static void start() {
        test = new TestServer(c -> c.withMaxRequestBytes(64 * 1024), b -> b);
        test.notebook.add("tenant-a", "existing");
        mutating = test.server.servedRoutes().stream().filter(r -> Route.isMutating(r.method())).toList();
    }

    @AfterContainer
    static void stop() {
        test.close();
    }

    @Property(tries = 200)
    void randomJsonNeverFailsTheServer(@ForAll("routes") ServedRoute route, @ForAll("json") String body, @ForAll("contentTypes") String contentType) {
        check(route, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    @Property(tries = 150)
    void randomBytesNeverFailTheServer(@ForAll("routes") ServedRoute route, @ForAll("bytes") byte[] body) {
        check(route, body, "application/json");
    }

    @Property(tries = 100)
    void oneChangedCharacterOfAValidBodyNeverFailsTheServer(@ForAll("mutatedNotes") String body) {
        ServedRoute createNote = mutating.stream().filter(r -> r.path().equals("/api/v1/notes")).findFirst().orElseThrow();
        check(createNote, body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    @Property(tries = 40)
    void hugeStringsAndDeepNestingNeverFailTheServer(@ForAll("routes") ServedRoute route, @ForAll("extremes") String body) {
        check(route, body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static void check(ServedRoute route, byte[] body, String contentType) {
        String path = route.path().replaceAll("\\{[^}]+}", "note-1");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(test.server.baseUrl() + path))
                .header("Authorization", "Bearer " + TestServer.ADMIN)
                .method(route.method(), HttpRequest.BodyPublishers.ofByteArray(body));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> answer = test.send(request.build());

        assertThat(answer.statusCode()).as("%s %s answered %s", route.method(), path, answer.body()).isNotEqualTo(500);
        if (answer.statusCode() >= 400) {
            assertThat(TestServer.contentType(answer)).as(answer.body()).isEqualTo("application/problem+json");
            JsonNode problem = test.body(answer);
            assertThat(problem.path("status").asInt()).isEqualTo(answer.statusCode());
            assertThat(problem.path("detail").asText()).isNotBlank().doesNotContain("Exception", "com.fasterxml", "java.");
        }
    }

    @Provide
    Arbitrary<ServedRoute> routes() {
        return Arbitraries.of(mutating);
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "application/json; charset=utf-8", "application/problem+json", "text/plain", "", "application/x-www-form-urlencoded",
                "application/json; charset=utf-16", "multipart/form-data; boundary=x");
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
    }

    @Provide
    Arbitrary<String> json() {
        return value(4).map(RandomBodiesProperties::write);
    }

    private static Arbitrary<Object> value(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of("tenant", "text", "priority", "pinned", "labels", "name", "size", "tags"),
                Arbitraries.strings().ofMaxLength(10));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalar),
                net.jqwik.api.Tuple.of(2, Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(4).map(l -> (Object) l)),
                net.jqwik.api.Tuple.of(3, Arbitraries.maps(keys, Arbitraries.lazy(() -> value(depth - 1))).ofMaxSize(5).map(m -> (Object) m)));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<String> mutatedNotes() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, VALID_NOTE.length() - 1);
        Arbitrary<Character> replacement = Arbitraries.chars().with('{', '}', '[', ']', '"', ':', ',', '\\', '0', 'x', ' ', '\u0000', '\u00e9', 'n');
        return Combinators.combine(index, replacement, Arbitraries.of(Map.entry("replace", 0), Map.entry("delete", 1), Map.entry("insert", 2)))
                .as((i, c, how) -> switch (how.getValue()) {
                    case 0 -> VALID_NOTE.substring(0, i) + c + VALID_NOTE.substring(i + 1);
                    case 1 -> VALID_NOTE.substring(0, i) + VALID_NOTE.substring(i + 1);
                    default -> VALID_NOTE.substring(0, i) + c + VALID_NOTE.substring(i);
                });
    }

    @Provide
    Arbitrary<String> extremes() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(1, 100_000).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.integers().between(1, 50_000).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n)),
                Arbitraries.integers().between(1, 200_000).map(n -> "{\"name\":\"" + "x".repeat(n) + "\"}"),
                Arbitraries.integers().between(1, 5_000).map(n -> "{\"size\":" + "9".repeat(n) + "}"),
                Arbitraries.integers().between(1, 100_000).map(n -> "[".repeat(n)));
    }
}
