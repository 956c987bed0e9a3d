package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.runtime.internal.ActionSink;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.ActionSpec;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.ValueRef;
import dev.junction.sync.BatchRejectedException;
import dev.junction.sync.RecordSink;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A delete action as a mirror sync's sink: a record the API no longer has (404) is deleted, not failed. */
class ActionSinkDeleteTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private ConnectionClient client;

    @AfterEach
    void close() {
        client.close();
    }

    private ActionSink sink(boolean notFoundIsDone) {
        ActionSpec delete = new ActionSpec("deleteUser", new RequestSpec("POST", "/api/users/delete", Map.of(), Map.of(),
                "{ 'external_id': $record.external_id }"), null, null);
        var connector = Specs.connector(server.baseUrl(), new AuthSpec.ApiKey(AuthSpec.Placement.HEADER, "X-Api-Key", "{{ secrets.token }}"),
                Map.of(), Map.of(delete.name(), delete));
        var connection = Specs.connection(Map.of(), Map.of("token", new ValueRef.Literal("hd-key-123")));
        client = ConnectionClient.create(connector, connection, new EnvSecretResolver(name -> null),
                PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).build());
        return new ActionSink(client, delete, "default", notFoundIsDone);
    }

    private static List<JsonNode> record(String key) {
        return List.of(JSON.createObjectNode().put("external_id", key));
    }

    @Test
    void aDeleteAnsweredNotFoundCountsAsDone() {
        server.stubFor(post(urlPathEqualTo("/api/users/delete")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"not_found\"}")));

        assertThat(sink(true).write(record("k1"), List.of("k1"), "run-1")).containsExactly(RecordSink.Outcome.success(false));
    }

    @Test
    void aWriteAnsweredNotFoundIsStillRefused() {
        server.stubFor(post(urlPathEqualTo("/api/users/delete")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"not_found\"}")));

        assertThatThrownBy(() -> sink(false).write(record("k1"), List.of("k1"), "run-1")).isInstanceOf(BatchRejectedException.class)
                .hasMessageContaining("404");
    }

    @Test
    void aDeleteRefusedForAnotherReasonIsRefused() {
        server.stubFor(post(urlPathEqualTo("/api/users/delete")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"on_hold\"}")));

        assertThatThrownBy(() -> sink(true).write(record("k1"), List.of("k1"), "run-1")).isInstanceOf(BatchRejectedException.class)
                .hasMessageContaining("409");
    }
}
