package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.runtime.internal.ActionSink;
import dev.junction.spec.ActionSpec;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.ValueRef;
import dev.junction.sync.RecordSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code {{ record.* }}} in a single-record action's path and query: encoded per call, a missing value fails the record only. */
class ActionRecordTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final List<ConnectionClient> clients = new ArrayList<>();
    private final TestPeers.CollectingSink exchanges = new TestPeers.CollectingSink();

    @AfterEach
    void close() {
        clients.forEach(ConnectionClient::close);
    }

    private ConnectionClient client(ActionSpec action) {
        var connector = Specs.connector(server.baseUrl(), new AuthSpec.ApiKey(AuthSpec.Placement.HEADER, "X-Api-Key", "{{ secrets.token }}"),
                Map.of(), Map.of(action.name(), action));
        var connection = Specs.connection(Map.of(), Map.of("token", new ValueRef.Literal("hd-key-123")));
        var client = ConnectionClient.create(connector, connection, new EnvSecretResolver(name -> null),
                PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).exchangeSink(exchanges).build());
        clients.add(client);
        return client;
    }

    private static ActionSpec patchContact() {
        return new ActionSpec("patchContact", new RequestSpec("PATCH", "/contacts/{{ record.id }}/v/{{ record.meta.rev }}",
                Map.of("owner", "{{ record.owner }}", "size", "{{ config.pageSize }}"), Map.of(), "{ 'email': $record.email }"), null, null);
    }

    private static JsonNode record(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static CallContext context(String key) {
        return new CallContext("run-1", null, null, List.of(key), true);
    }

    private static String onlyUrl() {
        List<ServeEvent> events = server.getAllServeEvents();
        assertThat(events).hasSize(1);
        return events.getFirst().getRequest().getUrl();
    }

    @Test
    void encodesEachRecordValueAsOnePathSegmentOrAQueryValue() {
        server.stubFor(any(anyUrl()).willReturn(okJson("{}")));

        ActionResult result = client(patchContact()).call("patchContact",
                List.of(record("{\"id\": \"a b/c é\", \"meta\": {\"rev\": 7}, \"owner\": \"Zoë & co/x?y\", \"email\": \"a@example.com\"}")),
                context("c-1"));

        assertThat(result.outcomes()).containsExactly(RecordOutcome.success(false));
        String url = onlyUrl();
        assertThat(url).startsWith("/contacts/a%20b%2Fc%20%C3%A9/v/7?");
        assertThat(url.substring(url.indexOf('?') + 1).split("&")).containsExactlyInAnyOrder("owner=Zo%C3%AB%20%26%20co%2Fx%3Fy", "size=2");
        ServeEvent event = server.getAllServeEvents().getFirst();
        assertThat(event.getRequest().getMethod().getName()).isEqualTo("PATCH");
        assertThat(equalToJson("{\"email\": \"a@example.com\"}").match(event.getRequest().getBodyAsString()).isExactMatch()).isTrue();
        assertThat(exchanges.exchanges).singleElement().satisfies(e -> assertThat(e.url()).isEqualTo(server.baseUrl() + url));
    }

    @Test
    void aHeaderTakesTheRecordsValueAndALineBreakInItIsRefusedUnsent() {
        server.stubFor(any(anyUrl()).willReturn(okJson("{}")));
        ConnectionClient client = client(new ActionSpec("patchContact", new RequestSpec("PATCH", "/contacts/{{ record.id }}", Map.of(),
                Map.of("If-Match", "{{ record.etag }}"), "{ 'email': $record.email }"), null, null));

        ActionResult sent = client.call("patchContact", List.of(record("{\"id\": 7, \"etag\": \"W/\\\"3\\\"\", \"email\": \"a@example.com\"}")), context("c-7"));
        ActionResult missing = client.call("patchContact", List.of(record("{\"id\": 8, \"email\": \"b@example.com\"}")), context("c-8"));

        assertThat(sent.outcomes()).containsExactly(RecordOutcome.success(false));
        assertThat(server.getAllServeEvents()).singleElement().satisfies(e -> assertThat(e.getRequest().getHeader("If-Match")).isEqualTo("W/\"3\""));
        assertThat(missing.outcomes()).containsExactly(RecordOutcome.failure("action 'patchContact' request.headers.If-Match: {{ record.etag }} has no value"
                + " in record 'c-8'; the request cannot be sent without it"));
        assertThatThrownBy(() -> client.call("patchContact", List.of(record("{\"id\": 9, \"etag\": \"x\\r\\nX-Evil: 1\"}")), context("c-9")))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("request.headers.If-Match").hasMessageContaining("line break");
        assertThat(server.getAllServeEvents()).hasSize(1);
    }

    @Test
    void aDotSegmentCannotWalkUpThePathAndEachCallGetsItsOwnRecordsValues() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        ConnectionClient client = client(new ActionSpec("deleteUser", new RequestSpec("DELETE", "/users/{{ record.id }}", Map.of(), Map.of(), null), null, null));

        client.call("deleteUser", List.of(record("{\"id\": \"..\"}")), context(".."));
        client.call("deleteUser", List.of(record("{\"id\": 42}")), context("42"));

        assertThat(server.getAllServeEvents()).extracting(e -> e.getRequest().getUrl()).containsExactlyInAnyOrder("/users/%2E%2E", "/users/42");
    }

    @Test
    void aMissingNullOrNonScalarValueFailsThatRecordWithoutACall() {
        server.stubFor(any(anyUrl()).willReturn(okJson("{}")));
        ConnectionClient client = client(patchContact());

        ActionResult missing = client.call("patchContact", List.of(record("{\"meta\": {\"rev\": 1}, \"owner\": \"o\"}")), context("c-7"));
        ActionResult nulled = client.call("patchContact", List.of(record("{\"id\": \"x\", \"meta\": {\"rev\": 1}, \"owner\": null}")), context("c-8"));
        ActionResult object = client.call("patchContact", List.of(record("{\"id\": {\"a\": 1}, \"meta\": {\"rev\": 1}, \"owner\": \"o\"}")), context("c-9"));

        assertThat(missing.outcomes()).containsExactly(RecordOutcome.failure("action 'patchContact' request.path: {{ record.id }} has no value"
                + " in record 'c-7'; the request cannot be sent without it"));
        assertThat(nulled.outcomes()).containsExactly(RecordOutcome.failure("action 'patchContact' request.query.owner: {{ record.owner }} is null"
                + " in record 'c-8'; the request cannot be sent without it"));
        assertThat(object.outcomes()).containsExactly(RecordOutcome.failure("action 'patchContact' request.path: {{ record.id }} is an object"
                + " (path, query and header values take text, numbers and booleans) in record 'c-9'; the request cannot be sent without it"));
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void aSyncSinkTurnsAMissingValueIntoAFailedRecordForTheDeadLetters() {
        ActionSpec delete = new ActionSpec("deleteUser", new RequestSpec("DELETE", "/users/{{ record.external_id }}", Map.of(), Map.of(), null), null, null);
        ActionSink sink = new ActionSink(client(delete), delete, "default", true);

        List<RecordSink.Outcome> outcomes = sink.write(List.of(record("{\"id\": \"k1\"}")), List.of("k1"), "run-1");

        assertThat(outcomes).containsExactly(RecordSink.Outcome.failure("action 'deleteUser' request.path: {{ record.external_id }} has no value"
                + " in record 'k1'; the request cannot be sent without it"));
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void aRecordValueThatIsASecretIsStillRedactedInTheExchangeLog() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        ConnectionClient client = client(new ActionSpec("deleteUser", new RequestSpec("DELETE", "/users/{{ record.id }}", Map.of(), Map.of(), null), null, null));

        client.call("deleteUser", List.of(record("{\"id\": \"hd-key-123\"}")), context("k"));

        assertThat(onlyUrl()).isEqualTo("/users/hd-key-123");
        assertThat(exchanges.exchanges).singleElement().satisfies(e -> assertThat(e.toString()).doesNotContain("hd-key-123"));
    }

    @Test
    void aSyncSinkCarriesTheActionsBatchLimits() {
        ActionSpec upsert = new ActionSpec("upsertUsers", new RequestSpec("POST", "/users/batch", Map.of(), Map.of(), "$records"),
                new ActionSpec.BatchLimits(5, 3_000_000), null);

        ActionSink sink = new ActionSink(client(upsert), upsert, "default");

        assertThat(sink.maxBatchSize()).isEqualTo(5);
        assertThat(sink.maxBatchBytes()).isEqualTo(3_000_000);
    }

    @Test
    void aBatchActionCannotTakeRecordValuesInItsPath() {
        ActionSpec batch = new ActionSpec("deleteUsers", new RequestSpec("DELETE", "/users/{{ record.id }}", Map.of(), Map.of(), null),
                new ActionSpec.BatchLimits(5), null);

        assertThatThrownBy(() -> client(batch)).isInstanceOf(ConnectorException.class).hasMessage("action 'deleteUsers' has batch settings, so"
                + " {{ record.* }} cannot fill its request.path or request.query (one call carries many records); send the records in request.body,"
                + " or remove batch");
    }
}
