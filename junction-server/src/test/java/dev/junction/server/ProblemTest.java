package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsBackWhatTheServerWritesExtensionsIncluded() throws Exception {
        String body = "{\"type\":\"tag:junction.dev,2026:problem:bad-request\",\"title\":\"Bad request\",\"status\":400,\"detail\":\"d\","
                + "\"instance\":\"urn:uuid:1\",\"errors\":[{\"line\":3,\"column\":11,\"path\":\"$.size\",\"message\":\"m\"}],\"checks\":[1,2]}";

        Problem problem = json.readValue(body, Problem.class);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).containsExactly(new ProblemError(null, 3, 11, "$.size", "m"));
        assertThat(problem.extensions()).isEqualTo(Map.of("checks", List.of(1, 2)));
        assertThat(json.readTree(json.writeValueAsString(problem))).isEqualTo(json.readTree(body));
    }

    @Test
    void leavesEmptyMembersOut() throws Exception {
        Problem problem = new Problem("tag:x", "Not found", 404, "d", "urn:uuid:1", List.of(), Map.of());

        assertThat(json.writeValueAsString(problem)).isEqualTo("{\"type\":\"tag:x\",\"title\":\"Not found\",\"status\":404,\"detail\":\"d\",\"instance\":\"urn:uuid:1\"}");
    }
}
