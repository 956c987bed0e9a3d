package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.RandomBodies;
import dev.junction.server.Route;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever body reaches a mutating route of definitions or tokens — random JSON or YAML, random bytes,
 * a valid definition with one character changed, huge or deeply nested text, any content type — the
 * answer is never a 500 and every error is problem+json with a detail free of internals.
 */
class ApiRandomBodiesPropertyTest {
    private static final Set<String> TAGS = Set.of("definitions", "tokens");
    private static final List<String> KEYS = List.of("files", "name", "text", "version", "role", "tenant", "expiresInSeconds", "kind", "streams",
            "baseUrl", "source", "destination", "mapping", "connector", "secrets");
    private static final String VALID = DefinitionsApiTest.connector("probe-1", "/items");
    private static Path dataDir;
    private static ApiFixture api;
    private static List<Route> mutating;

    @BeforeContainer
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("junction-api-random");
        api = ApiFixture.start(dataDir);
        mutating = api.server.routes().stream().filter(r -> r.mutating() && TAGS.contains(r.operation().tag())).toList();
    }

    @AfterContainer
    static void stop() {
        api.close();
    }

    @Property(tries = 150)
    void randomJsonOrYamlNeverFailsTheServer(@ForAll("routes") Route route, @ForAll("documents") String body, @ForAll("contentTypes") String contentType,
            @ForAll("kinds") String kind) {
        check(route, kind, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    @Property(tries = 80)
    void randomBytesNeverFailTheServer(@ForAll("routes") Route route, @ForAll("bytes") byte[] body, @ForAll("contentTypes") String contentType) {
        check(route, "Connector", body, contentType);
    }

    @Property(tries = 120)
    void aValidDefinitionWithOneCharacterChangedNeverFailsTheServer(@ForAll("mutatedDefinitions") String body, @ForAll("definitionRoutes") Route route) {
        check(route, "Connector", body.getBytes(StandardCharsets.UTF_8), Calls.YAML);
    }

    @Property(tries = 30)
    void hugeAndDeepBodiesNeverFailTheServer(@ForAll("routes") Route route, @ForAll("extremes") String body, @ForAll("contentTypes") String contentType) {
        check(route, "Sync", body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private static void check(Route route, String kind, byte[] body, String contentType) {
        String path = route.path().replace("{kind}", kind).replaceAll("\\{[^}]+}", "probe-1");
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path)).method(route.method(), HttpRequest.BodyPublishers.ofByteArray(body));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        if (body.length > 16 * 1024) {
            // as careful clients send large bodies: a route that answers before reading the body (415, 404) has the
            // connection closed behind its answer, and a client still writing the body would see a broken pipe instead
            request.expectContinue(true);
        }
        HttpResponse<String> answer = api.send(request, api.admin());

        assertThat(answer.statusCode()).as("%s %s answered %s", route.method(), path, answer.body()).isNotEqualTo(500);
        if (answer.statusCode() >= 400) {
            assertThat(Calls.contentType(answer)).as(answer.body()).startsWith("application/problem+json");
            JsonNode problem = api.body(answer);
            assertThat(problem.path("status").asInt()).isEqualTo(answer.statusCode());
            assertThat(problem.path("detail").asText()).isNotBlank().doesNotContain("Exception", "com.fasterxml", "java.", "org.yaml");
        }
    }

    @Provide
    Arbitrary<Route> routes() {
        return Arbitraries.of(mutating);
    }

    @Provide
    Arbitrary<Route> definitionRoutes() {
        return Arbitraries.of(mutating.stream().filter(r -> r.operation().bodyType() != null || !r.operation().textMediaTypes().isEmpty())
                .filter(r -> r.operation().tag().equals("definitions")).toList());
    }

    @Provide
    Arbitrary<String> documents() {
        return Arbitraries.oneOf(RandomBodies.json(KEYS), RandomBodies.yaml(KEYS));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return RandomBodies.contentTypes("application/yaml", "text/yaml; charset=utf-8", "application/x-yaml", "application/yaml; charset=utf-16");
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.of("Connector", "Connection", "Sync", "sync", "Widget", "%20");
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return RandomBodies.bytes();
    }

    @Provide
    Arbitrary<String> mutatedDefinitions() {
        return RandomBodies.oneCharacterChanged(VALID);
    }

    @Provide
    Arbitrary<String> extremes() {
        return RandomBodies.extremes();
    }
}
