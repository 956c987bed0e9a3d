package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineCounters;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.ActionSpec;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.ValueRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionClientActionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ActionSpec.ResultsSpec RESULTS = new ActionSpec.ResultsSpec("$.results", "error", "status", List.of("created"));

    /** A WireMock server on 127.0.0.1 for the whole class, reset after each test. */
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final List<ConnectionClient> clients = new ArrayList<>();
    private final PipelineCounters counters = new PipelineCounters();

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    private ConnectionClient client(ActionSpec action) {
        var connector = Specs.connector(server.baseUrl(), new AuthSpec.ApiKey(AuthSpec.Placement.HEADER, "X-Api-Key", "{{ secrets.token }}"),
                Map.of(), Map.of(action.name(), action));
        var connection = Specs.connection(Map.of(), Map.of("token", new ValueRef.Literal("hd-key-123")));
        var options = PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).listener(counters).build();
        var client = ConnectionClient.create(connector, connection, new EnvSecretResolver(name -> null), options);
        clients.add(client);
        return client;
    }

    private static ActionSpec upsertUsers(ActionSpec.ResultsSpec results) {
        return new ActionSpec("upsertUsers", new RequestSpec("POST", "/api/users/batch", Map.of(), Map.of(),
                "{ 'users': [$records.{ 'external_id': id, 'email': email }] }"), new ActionSpec.BatchLimits(3), results);
    }

    private static List<JsonNode> records(String... ids) {
        List<JsonNode> records = new ArrayList<>();
        for (String id : ids) {
            records.add(JSON.createObjectNode().put("id", id).put("email", id + "@example.com"));
        }
        return records;
    }

    private static CallContext batchContext(String... keys) {
        return new CallContext("run-1", null, null, List.of(keys), true);
    }

    @Test
    void mapsPerRecordResultsOfABatchBackToEachRecordIncludingAFailedOne() {
        server.stubFor(post("/api/users/batch").withHeader("X-Api-Key", equalTo("hd-key-123")).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"users\":[{\"external_id\":\"1\",\"email\":\"1@example.com\"},"
                        + "{\"external_id\":\"2\",\"email\":\"2@example.com\"},{\"external_id\":\"3\",\"email\":\"3@example.com\"}]}"))
                .willReturn(okJson("{\"results\":[{\"status\":\"created\"},{\"status\":\"updated\",\"error\":null},"
                        + "{\"error\":\"email already taken\"}]}")));

        ActionResult result = client(upsertUsers(RESULTS)).call("upsertUsers", records("1", "2", "3"), batchContext("1", "2", "3"));

        assertThat(result.outcomes()).containsExactly(
                RecordOutcome.success(true), RecordOutcome.success(false), RecordOutcome.failure("email already taken"));
        assertThat(List.of(result.inserted(), result.updated(), result.failed())).containsExactly(1L, 1L, 1L);
    }

    @Test
    void sendsABatchOfOneAsAnArrayToo() {
        server.stubFor(post("/api/users/batch").withRequestBody(equalToJson("{\"users\":[{\"external_id\":\"1\",\"email\":\"1@example.com\"}]}"))
                .willReturn(okJson("{\"results\":[{\"status\":\"created\"}]}")));

        ActionResult result = client(upsertUsers(RESULTS)).call("upsertUsers", records("1"), batchContext("1"));

        assertThat(result.outcomes()).containsExactly(RecordOutcome.success(true));
    }

    @Test
    void refusesAResultArrayThatDoesNotMatchTheRecords() {
        server.stubFor(post("/api/users/batch").willReturn(okJson("{\"results\":[{\"status\":\"created\"},{\"status\":\"created\"}]}")));

        ApiException e = catchThrowableOfType(ApiException.class,
                () -> client(upsertUsers(RESULTS)).call("upsertUsers", records("1", "2", "3"), batchContext()));

        assertThat(e).hasMessage("action 'upsertUsers': the API returned 2 results at '$.results' for 3 records;"
                + " cannot tell which records were written");
        assertThat(e.category()).isEqualTo(ApiError.Category.PERMANENT);
    }

    @Test
    void countsEveryRecordAsUpdatedWhenTheActionDeclaresNoResults() {
        server.stubFor(post("/api/users/batch").willReturn(aResponse().withStatus(204)));

        ActionResult result = client(upsertUsers(null)).call("upsertUsers", records("1", "2"), batchContext());

        assertThat(result.outcomes()).containsExactly(RecordOutcome.success(false), RecordOutcome.success(false));
    }

    @Test
    void letsAPermanentRejectionOfTheWholeBatchReachTheCaller() {
        server.stubFor(post("/api/users/batch").willReturn(aResponse().withStatus(400).withBody("{\"message\":\"users[1].email is invalid\"}")));

        ApiException e = catchThrowableOfType(ApiException.class,
                () -> client(upsertUsers(RESULTS)).call("upsertUsers", records("1", "2"), batchContext()));

        assertThat(e.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(e).hasMessage("POST " + server.baseUrl() + "/api/users/batch failed with HTTP 400: users[1].email is invalid");
        assertThat(e.error().request()).isEqualTo("POST " + server.baseUrl() + "/api/users/batch");
    }

    @Test
    void retriesAnIdempotentBatchUpsertOnA503() {
        server.stubFor(post("/api/users/batch").inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server.stubFor(post("/api/users/batch").inScenario("s").whenScenarioStateIs("up")
                .willReturn(okJson("{\"results\":[{\"status\":\"created\"}]}")));

        ActionResult result = client(upsertUsers(RESULTS)).call("upsertUsers", records("1"), batchContext("1"));

        assertThat(result.allOk()).isTrue();
        assertThat(counters.retries()).isEqualTo(1);
        server.verify(2, postRequestedFor(urlPathEqualTo("/api/users/batch")));
    }

    @Test
    void sendsTheIdempotencyKeyInTheDeclaredHeaderOnEveryAttemptOfTheCall() {
        server.stubFor(post("/api/users/batch").inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server.stubFor(post("/api/users/batch").inScenario("s").whenScenarioStateIs("up")
                .willReturn(okJson("{\"results\":[{\"status\":\"created\"}]}")));
        ActionSpec plain = upsertUsers(RESULTS);
        ActionSpec keyed = new ActionSpec(plain.name(), plain.request(), plain.batch(), plain.results(), plain.errors(),
                new ActionSpec.IdempotencyKeySpec("Idempotency-Key"));

        ActionResult result = client(keyed).call("upsertUsers", records("1"), batchContext("1"), "k-1");

        assertThat(result.allOk()).isTrue();
        server.verify(2, postRequestedFor(urlPathEqualTo("/api/users/batch")).withHeader("Idempotency-Key", equalTo("k-1")));
    }

    @Test
    void sendsNoIdempotencyKeyForAnActionThatDeclaresNone() {
        server.stubFor(post("/api/users/batch").willReturn(okJson("{\"results\":[{\"status\":\"created\"}]}")));

        client(upsertUsers(RESULTS)).call("upsertUsers", records("1"), batchContext("1"), "k-1");

        server.verify(1, postRequestedFor(urlPathEqualTo("/api/users/batch")).withoutHeader("Idempotency-Key"));
    }

    @Test
    void bindsTheSingleRecordAsRecordForActionsWithoutBatch() {
        var createTicket = new ActionSpec("createTicket", new RequestSpec("POST", "/api/tickets", Map.of(), Map.of("X-Source", "junction"),
                "{ 'subject': $record.title, 'requester': $record.email }"), null,
                new ActionSpec.ResultsSpec(null, "error", "result", List.of("new")));
        server.stubFor(post("/api/tickets").withHeader("X-Source", equalTo("junction"))
                .withRequestBody(equalToJson("{\"subject\":\"Printer\",\"requester\":\"ada@example.com\"}"))
                .willReturn(okJson("{\"result\":\"new\",\"id\":7}")));

        ActionResult result = client(createTicket).call("createTicket",
                List.of(JSON.createObjectNode().put("title", "Printer").put("email", "ada@example.com")), CallContext.of("crm"));

        assertThat(result.outcomes()).containsExactly(RecordOutcome.success(true));
    }

    @Test
    void refusesMoreRecordsThanTheActionTakes() {
        assertThatThrownBy(() -> client(upsertUsers(RESULTS)).call("upsertUsers", records("1", "2", "3", "4"), batchContext()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("action 'upsertUsers' takes at most 3 record(s) per call (batch.maxRecords), got 4");
    }

    @Test
    void namesTheActionsThatExistWhenAskedForAnUnknownOne() {
        assertThatThrownBy(() -> client(upsertUsers(RESULTS)).call("deleteUsers", records("1"), batchContext()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connector 'acme-crm' has no action 'deleteUsers'; it has upsertUsers");
    }

    @Test
    void reportsABodyExpressionThatDoesNotParseWhenTheClientIsCreated() {
        var broken = new ActionSpec("upsertUsers", new RequestSpec("POST", "/x", Map.of(), Map.of(), "{ 'users': "), null, null);

        assertThatThrownBy(() -> client(broken))
                .isInstanceOf(ConnectorException.class)
                .hasMessageStartingWith("connector 'acme-crm' action 'upsertUsers' request.body: the JSONata expression is not valid: ");
    }
}
