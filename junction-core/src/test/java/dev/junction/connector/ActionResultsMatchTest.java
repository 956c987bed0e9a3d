package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.ActionSpec;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.ValueRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code results.matchBy}: a batch answer matched to the records by a value echoed in each result
 * (HubSpot's {@code objectWriteTraceId}), in any order, with records left out on a 207.
 */
class ActionResultsMatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/crm/v3/objects/contacts/batch/upsert";
    private static final ActionSpec UPSERT = new ActionSpec("upsertContacts", new RequestSpec("POST", PATH, Map.of(), Map.of(), "{ 'inputs': $records }"),
            new ActionSpec.BatchLimits(100), new ActionSpec.ResultsSpec("$.results", "error.message", "new", List.of("true"),
                    new ActionSpec.MatchBy("objectWriteTraceId", "objectWriteTraceId")));

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    /** One call of {@code action} through a client of its own, with {@code keys} as the call's record keys. */
    private static ActionResult call(ActionSpec action, List<JsonNode> records, String... keys) {
        var connector = Specs.connector(server.baseUrl(), new AuthSpec.ApiKey(AuthSpec.Placement.HEADER, "X-Api-Key", "{{ secrets.token }}"),
                Map.of(), Map.of(action.name(), action));
        var connection = Specs.connection(Map.of(), Map.of("token", new ValueRef.Literal("hs-key")));
        try (var client = ConnectionClient.create(connector, connection, new EnvSecretResolver(name -> null),
                PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).build())) {
            return client.call(action.name(), records, new CallContext("run-1", null, null, List.of(keys), true));
        }
    }

    /** A HubSpot upsert input for {@code email}, with {@code trace} as its objectWriteTraceId (left out when null). */
    private static ObjectNode contact(String email, Object trace) {
        ObjectNode input = JSON.createObjectNode().put("idProperty", "email").put("id", email);
        if (trace != null) {
            input.set("objectWriteTraceId", JSON.valueToTree(trace));
        }
        input.putObject("properties").put("email", email);
        return input;
    }

    private static String result(String trace, boolean created) {
        return "{\"id\": \"" + Math.abs(trace.hashCode()) + "\", \"objectWriteTraceId\": \"" + trace + "\", \"new\": " + created
                + ", \"properties\": {}}";
    }

    /** The objectWriteTraceId of each input of the one request the server received. */
    private static List<String> sentTraceIds() throws Exception {
        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlPathEqualTo(PATH)));
        assertThat(requests).hasSize(1);
        List<String> ids = new ArrayList<>();
        JSON.readTree(requests.getFirst().getBodyAsString()).path("inputs").forEach(input -> ids.add(input.path("objectWriteTraceId").asText("<none>")));
        return ids;
    }

    @Test
    void matchesResultsInAnyOrderByTraceIdAndCountsNewAsInsertedAndTheRestAsUpdated() throws Exception {
        server.stubFor(post(PATH).willReturn(okJson("{\"status\": \"COMPLETE\", \"results\": [" + result("t3", true) + ", "
                + result("t1", false) + ", " + result("t2", true) + "]}")));

        ActionResult result = call(UPSERT, List.of(contact("a@example.com", "t1"), contact("b@example.com", "t2"), contact("c@example.com", "t3")));

        assertThat(result.outcomes()).containsExactly(RecordOutcome.success(false), RecordOutcome.success(true), RecordOutcome.success(true));
        assertThat(List.of(result.inserted(), result.updated(), result.failed())).containsExactly(2L, 1L, 0L);
        assertThat(sentTraceIds()).containsExactly("t1", "t2", "t3");
    }

    @Test
    void aRecordA207LeavesOutOfTheResultsFailsWithAReasonAndTheOthersAreWritten() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(207).withHeader("Content-Type", "application/json").withBody("""
                {"status": "COMPLETE", "numErrors": 1, "results": [%s, %s],
                 "errors": [{"status": "error", "category": "VALIDATION_ERROR", "message": "Property values were not valid", "context": {}}]}"""
                .formatted(result("t3", false), result("t1", true)))));

        ActionResult result = call(UPSERT, List.of(contact("a@example.com", "t1"), contact("b@example.com", "t2"), contact("c@example.com", "t3")));

        assertThat(result.outcomes()).containsExactly(RecordOutcome.success(true), RecordOutcome.failure("action 'upsertContacts': the answer"
                + " (HTTP 207 Multi-Status) has no result for this record (results matched by objectWriteTraceId)"), RecordOutcome.success(false));
        server.verify(1, postRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void aRecordMissingFromA200AnswerFailsWithoutNamingAStatus() {
        server.stubFor(post(PATH).willReturn(okJson("{\"results\": [" + result("t1", true) + "]}")));
        ActionSpec differentPaths = new ActionSpec("upsertContacts", UPSERT.request(), UPSERT.batch(), new ActionSpec.ResultsSpec("$.results", null,
                "new", List.of("true"), new ActionSpec.MatchBy("objectWriteTraceId", "meta.trace")));
        ObjectNode first = contact("a@example.com", null);
        first.putObject("meta").put("trace", "t1");
        ObjectNode second = contact("b@example.com", null);
        second.putObject("meta").put("trace", "t2");

        ActionResult result = call(differentPaths, List.of(first, second));

        assertThat(result.outcomes()).containsExactly(RecordOutcome.success(true), RecordOutcome.failure("action 'upsertContacts': the answer"
                + " has no result for this record (results matched by the record's meta.trace and the result's objectWriteTraceId)"));
    }

    @Test
    void aRecordWithoutAUsableTraceIdFailsUnsentAndTheCallCarriesTheOthers() throws Exception {
        server.stubFor(post(PATH).willReturn(okJson("{\"results\": [" + result("t5", true) + ", " + result("t1", false) + "]}")));
        ObjectNode nullId = contact("c@example.com", null);
        nullId.putNull("objectWriteTraceId");
        ObjectNode objectId = contact("e@example.com", null);
        objectId.putObject("objectWriteTraceId").put("secret", "x");

        ActionResult result = call(UPSERT, List.of(contact("a@example.com", "t1"), contact("b@example.com", null), nullId, contact("d@example.com", "  "),
                objectId, contact("f@example.com", "t5")), "k1", "k2", "k3", "k4", "k5", "k6");

        String where = " at 'objectWriteTraceId' (results.matchBy.record), which matches it to its result; the record was not sent";
        assertThat(result.outcomes()).containsExactly(RecordOutcome.success(false),
                RecordOutcome.failure("action 'upsertContacts': the record has no value" + where),
                RecordOutcome.failure("action 'upsertContacts': the record has null" + where),
                RecordOutcome.failure("action 'upsertContacts': the record has a blank value" + where),
                RecordOutcome.failure("action 'upsertContacts': the record has an object (it takes text, a number or a boolean)" + where),
                RecordOutcome.success(true));
        assertThat(sentTraceIds()).containsExactly("t1", "t5");
        assertThat(server.findAll(postRequestedFor(urlPathEqualTo(PATH))).getFirst().getBodyAsString())
                .doesNotContain("b@example.com", "c@example.com", "d@example.com", "e@example.com");
    }

    @Test
    void aTraceIdThatRepeatsInTheCallFailsTheLaterRecordUnsentNamingTheEarlierOne() throws Exception {
        server.stubFor(post(PATH).willReturn(okJson("{\"results\": [" + result("t1", true) + ", " + result("t2", true) + "]}")));

        ActionResult result = call(UPSERT, List.of(contact("a@example.com", "t1"), contact("b@example.com", "t2"), contact("c@example.com", "t1")),
                "cus_A", "cus_B", "cus_C");

        assertThat(result.outcomes()).containsExactly(RecordOutcome.success(true), RecordOutcome.success(true),
                RecordOutcome.failure("action 'upsertContacts': the record's value at 'objectWriteTraceId' (results.matchBy.record) repeats that of"
                        + " record 'cus_A' of the same call, so their results could not be told apart; the record was not sent"));
        assertThat(sentTraceIds()).containsExactly("t1", "t2");
    }

    @Test
    void noCallIsMadeWhenNoRecordOfItCanBeMatched() {
        ActionResult result = call(UPSERT, List.of(contact("a@example.com", null)));

        assertThat(result.failed()).isEqualTo(1);
        server.verify(0, postRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void resultsForIdsNotSentAreIgnoredAndTheFirstOfTwoResultsForARecordDecides() {
        server.stubFor(post(PATH).willReturn(okJson("{\"results\": [" + result("zz", true) + ", {\"new\": true}, " + result("t2", false) + ", "
                + result("t1", true) + ", {\"objectWriteTraceId\": \"t2\", \"error\": {\"message\": \"later\"}}]}")));

        ActionResult result = call(UPSERT, List.of(contact("a@example.com", "t1"), contact("b@example.com", "t2")));

        assertThat(result.outcomes()).containsExactly(RecordOutcome.success(true), RecordOutcome.success(false));
    }

    @Test
    void theErrorPathAndStatusPathReadTheMatchedItemAndTraceIdsCompareAsText() {
        server.stubFor(post(PATH).willReturn(okJson("""
                {"results": [{"objectWriteTraceId": "7", "new": 1}, {"objectWriteTraceId": 42, "error": {"message": "email is invalid"}},
                             {"objectWriteTraceId": true, "new": "true"}]}""")));
        ActionSpec numbers = new ActionSpec("upsertContacts", UPSERT.request(), UPSERT.batch(), new ActionSpec.ResultsSpec("$.results",
                "error.message", "new", List.of("true"), UPSERT.results().matchBy()));

        ActionResult result = call(numbers, List.of(contact("a@example.com", 42), contact("b@example.com", 7), contact("c@example.com", true)));

        // 42 and "42", "7" and 7, true and true match; new: 1 is not among insertedValues [true], new: "true" is
        assertThat(result.outcomes()).containsExactly(RecordOutcome.failure("email is invalid"), RecordOutcome.success(false),
                RecordOutcome.success(true));
    }
}
