package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.ErrorRuleSpec;
import dev.junction.spec.PaginationSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.StreamSpec;
import dev.junction.spec.ValueRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ConnectionClient#fetchRecord}: one record by key through a stream's {@code get:}, against a real local server. */
class ConnectionClientFetchRecordTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final List<ConnectionClient> clients = new ArrayList<>();
    private final TestPeers.CollectingSink exchanges = new TestPeers.CollectingSink();
    private final TestPeers.RecordingSleeper sleeper = new TestPeers.RecordingSleeper();

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    private ConnectionClient client(StreamSpec.GetSpec get) {
        return client(Specs.stream("contacts", "/contacts", "$.results", new PaginationSpec.None()).withGet(get));
    }

    private ConnectionClient client(StreamSpec stream) {
        var connector = Specs.connector(server.baseUrl() + "/api", new AuthSpec.Bearer("{{ secrets.token }}"), Map.of(stream.name(), stream), Map.of());
        var connection = Specs.connection(Map.of(), Map.of("token", new ValueRef.Env("CRM_TOKEN")));
        var options = PipelineOptions.builder().sleeper(sleeper).exchangeSink(exchanges).build();
        var client = ConnectionClient.create(connector, connection, new EnvSecretResolver(Map.of("CRM_TOKEN", "tok-crm-1")::get), options);
        clients.add(client);
        return client;
    }

    private static StreamSpec.GetSpec getAt(String path) {
        return new StreamSpec.GetSpec(new RequestSpec(null, path, Map.of(), Map.of(), null));
    }

    @Test
    void fetchesTheRecordWithTheConnectionsAuthAndLogsTheExchangeUnderItsKey() {
        server.stubFor(get("/api/contacts/c-1").willReturn(okJson("{\"id\":\"c-1\",\"email\":\"ada@example.com\"}")));

        var record = client(getAt("/contacts/{{ id }}")).fetchRecord("contacts", "c-1", new CallContext("run-7", null, null, List.of(), false));

        assertThat(record).hasValueSatisfying(r -> assertThat(r.get("email").asText()).isEqualTo("ada@example.com"));
        server.verify(1, getRequestedFor(urlEqualTo("/api/contacts/c-1")).withHeader("Authorization", equalTo("Bearer tok-crm-1"))
                .withHeader("Accept", equalTo("application/json")));
        assertThat(exchanges.exchanges).singleElement().satisfies(e -> {
            assertThat(e.runId()).isEqualTo("run-7");
            assertThat(e.connection()).isEqualTo("crm");
            assertThat(e.tenant()).isEqualTo("tenant-a");
            assertThat(e.recordKeys()).containsExactly("c-1");
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.requestHeaders().toString()).doesNotContain("tok-crm-1");
        });
    }

    @Test
    void aRecordAnsweredWith404Or410IsGoneAndItsExchangeIsLoggedToo() {
        server.stubFor(get("/api/contacts/c-404").willReturn(aResponse().withStatus(404).withBody("{\"error\":\"not_found\"}")));
        server.stubFor(get("/api/contacts/c-410").willReturn(aResponse().withStatus(410)));
        var client = client(getAt("/contacts/{{ id }}"));

        assertThat(client.fetchRecord("contacts", "c-404")).isEmpty();
        assertThat(client.fetchRecord("contacts", "c-410")).isEmpty();
        assertThat(exchanges.exchanges).extracting(e -> e.status()).containsExactly(404, 410);
        assertThat(sleeper.waits).isEmpty(); // gone is an answer, not a failure to retry
    }

    @Test
    void declaredNotFoundStatusesReplaceTheDefaults() {
        server.stubFor(get("/api/contacts/c-1").willReturn(aResponse().withStatus(422).withBody("{\"message\":\"archived\"}")));
        server.stubFor(get("/api/contacts/c-2").willReturn(aResponse().withStatus(404)));
        server.stubFor(get("/api/contacts/c-3").willReturn(aResponse().withStatus(204)));
        var client = client(new StreamSpec.GetSpec(new RequestSpec("GET", "/contacts/{{ key }}", Map.of(), Map.of(), null), null, List.of(422, 204)));

        assertThat(client.fetchRecord("contacts", "c-1")).isEmpty();
        assertThat(client.fetchRecord("contacts", "c-3")).isEmpty();
        var error = catchThrowableOfType(ApiException.class, () -> client.fetchRecord("contacts", "c-2"));
        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.status()).isEqualTo(404);
    }

    @Test
    void retriesA500AndReturnsTheRecordOfTheNextAttempt() {
        server.stubFor(get("/api/contacts/c-1").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        server.stubFor(get("/api/contacts/c-1").inScenario("flaky").whenScenarioStateIs("up").willReturn(okJson("{\"id\":\"c-1\"}")));

        var record = client(getAt("/contacts/{{ id }}")).fetchRecord("contacts", "c-1");

        assertThat(record).hasValueSatisfying(r -> assertThat(r.get("id").asText()).isEqualTo("c-1"));
        assertThat(exchanges.exchanges).extracting(e -> e.status() + "#" + e.attempt()).containsExactly("500#1", "200#2");
        assertThat(sleeper.waits).hasSize(1);
    }

    @Test
    void failuresKeepTheirCategorySoTheCallerCanTellThemApart() {
        server.stubFor(get("/api/contacts/down").willReturn(aResponse().withStatus(503)));
        server.stubFor(get("/api/contacts/denied").willReturn(aResponse().withStatus(401)));
        server.stubFor(get("/api/contacts/bad").willReturn(aResponse().withStatus(400).withBody("{\"message\":\"bad id\"}")));
        var client = client(getAt("/contacts/{{ id }}"));

        assertThat(catchThrowableOfType(ApiException.class, () -> client.fetchRecord("contacts", "down")).category())
                .isEqualTo(ApiError.Category.RETRYABLE);
        assertThat(catchThrowableOfType(ApiException.class, () -> client.fetchRecord("contacts", "denied")).category())
                .isEqualTo(ApiError.Category.AUTH);
        assertThat(catchThrowableOfType(ApiException.class, () -> client.fetchRecord("contacts", "bad")).category())
                .isEqualTo(ApiError.Category.PERMANENT);
        server.verify(Specs.FAST_RETRY.maxAttempts(), getRequestedFor(urlEqualTo("/api/contacts/down")));
    }

    @Test
    void theStreamsErrorRulesApplyToItsGet() {
        server.stubFor(get("/api/contacts/c-1").willReturn(okJson("{\"errors\":[{\"message\":\"quota\"}]}")));
        StreamSpec stream = new StreamSpec("contacts", new RequestSpec("GET", "/contacts", Map.of(), Map.of(), null), "$.results", "id",
                new PaginationSpec.None(), null, 10, List.of(new ErrorRuleSpec(200, "$.errors", null, null, "permanent", "$.errors[0].message")))
                .withGet(getAt("/contacts/{{ id }}"));

        var error = catchThrowableOfType(ApiException.class, () -> client(stream).fetchRecord("contacts", "c-1"));

        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.getMessage()).contains("quota");
    }

    @Test
    void aKeyIsPercentEncodedAsOnePathSegmentAndAsAQueryValue() {
        server.stubFor(get(urlPathEqualTo("/api/contacts/a%2Fb%20c%3Fd")).willReturn(okJson("{\"id\":\"a/b c?d\"}")));
        server.stubFor(get(urlPathEqualTo("/api/contacts/..%2F..")).willReturn(okJson("{\"id\":\"../..\"}")));
        server.stubFor(get(urlPathEqualTo("/api/search")).withQueryParam("email", equalTo("a+b@x.com")).willReturn(okJson("{\"id\":\"q\"}")));
        var client = client(getAt("/contacts/{{ id }}"));

        assertThat(client.fetchRecord("contacts", "a/b c?d")).hasValueSatisfying(r -> assertThat(r.get("id").asText()).isEqualTo("a/b c?d"));
        assertThat(client.fetchRecord("contacts", "../..")).isPresent();
        var byQuery = client(new StreamSpec.GetSpec(new RequestSpec("GET", "/search", Map.of("email", "{{ key }}"), Map.of(), null)));
        assertThat(byQuery.fetchRecord("contacts", "a+b@x.com")).isPresent();
    }

    @Test
    void theRecordPathPointsAtTheRecordAndAnEmptyListThereMeansGone() {
        server.stubFor(get("/api/contacts/c-1").willReturn(okJson("{\"data\":{\"contact\":{\"id\":\"c-1\"}}}")));
        server.stubFor(get("/api/list?id=c-2").willReturn(okJson("{\"results\":[{\"id\":\"c-2\"}]}")));
        server.stubFor(get("/api/list?id=c-3").willReturn(okJson("{\"results\":[]}")));
        server.stubFor(get("/api/list?id=c-4").willReturn(okJson("{\"results\":[{\"id\":\"c-4\"},{\"id\":\"c-4b\"}]}")));
        var nested = client(new StreamSpec.GetSpec(new RequestSpec("GET", "/contacts/{{ id }}", Map.of(), Map.of(), null), "$.data.contact", null));
        var list = client(new StreamSpec.GetSpec(new RequestSpec("GET", "/list", Map.of("id", "{{ id }}"), Map.of(), null), "results", null));

        assertThat(nested.fetchRecord("contacts", "c-1")).hasValueSatisfying(r -> assertThat(r.toString()).isEqualTo("{\"id\":\"c-1\"}"));
        assertThat(list.fetchRecord("contacts", "c-2")).hasValueSatisfying(r -> assertThat(r.get("id").asText()).isEqualTo("c-2"));
        assertThat(list.fetchRecord("contacts", "c-3")).isEmpty();
        var error = catchThrowableOfType(ApiException.class, () -> list.fetchRecord("contacts", "c-4"));
        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.getMessage()).isEqualTo("connector 'acme-crm' stream 'contacts' get: expected a record object at 'results' but found"
                + " an array of 2 entries (one record or none expected); check the get's record path");
    }

    @Test
    void aStripeCustomerAnsweredAsDeletedIsGoneAndALiveOneIsTheRecord() {
        // Stripe answers GET /v1/customers/{id} of a deleted customer with 200 and a tombstone (docs.stripe.com/api/customers/retrieve)
        server.stubFor(get("/api/contacts/cus_NffrFeUfNV2Hib").willReturn(okJson("""
                {"id": "cus_NffrFeUfNV2Hib", "object": "customer", "deleted": true}""")));
        server.stubFor(get("/api/contacts/cus_QhX1aB2cD3eF4g").willReturn(okJson("""
                {"id": "cus_QhX1aB2cD3eF4g", "object": "customer", "address": null, "balance": 0, "created": 1680893993,
                 "currency": null, "default_source": null, "delinquent": false, "description": null, "discount": null,
                 "email": "ada@example.com", "invoice_prefix": "0759376C", "livemode": false, "metadata": {}, "name": "Ada Lovelace",
                 "phone": null, "preferred_locales": [], "shipping": null, "tax_exempt": "none", "test_clock": null}""")));
        var client = client(new StreamSpec.GetSpec(new RequestSpec("GET", "/contacts/{{ id }}", Map.of(), Map.of(), null), null, null,
                new StreamSpec.GetSpec.Gone("$.deleted", "true")));

        assertThat(client.fetchRecord("contacts", "cus_NffrFeUfNV2Hib")).isEmpty();
        assertThat(client.fetchRecord("contacts", "cus_QhX1aB2cD3eF4g"))
                .hasValueSatisfying(r -> assertThat(r.get("email").asText()).isEqualTo("ada@example.com"));
        assertThat(exchanges.exchanges).extracting(e -> e.status()).containsExactly(200, 200);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void theGoneFieldIsReadInTheRecordFoundAndComparedByItsText() {
        // Zendesk-like: the record under "ticket", gone when its status is "deleted"
        server.stubFor(get("/api/contacts/t-1").willReturn(okJson("{\"ticket\":{\"id\":1,\"status\":\"deleted\"}}")));
        server.stubFor(get("/api/contacts/t-2").willReturn(okJson("{\"ticket\":{\"id\":2,\"status\":\"open\"}}")));
        // a list filtered by key holding one tombstone; a number compared as text
        server.stubFor(get("/api/list?id=c-1").willReturn(okJson("{\"results\":[{\"Id\":\"c-1\",\"IsDeleted\":1}]}")));
        server.stubFor(get("/api/list?id=c-2").willReturn(okJson("{\"results\":[{\"Id\":\"c-2\",\"IsDeleted\":0}]}")));
        // missing, null, a string "true" where true is declared, an object: not gone unless the text is the same
        server.stubFor(get("/api/flags/f-1").willReturn(okJson("{\"id\":\"f-1\"}")));
        server.stubFor(get("/api/flags/f-2").willReturn(okJson("{\"id\":\"f-2\",\"archived\":null}")));
        server.stubFor(get("/api/flags/f-3").willReturn(okJson("{\"id\":\"f-3\",\"archived\":\"true\"}")));
        server.stubFor(get("/api/flags/f-4").willReturn(okJson("{\"id\":\"f-4\",\"archived\":{\"at\":\"2026-01-01\"}}")));
        server.stubFor(get("/api/flags/f-5").willReturn(okJson("{\"id\":\"f-5\",\"archived\":false}")));
        var tickets = client(new StreamSpec.GetSpec(new RequestSpec("GET", "/contacts/{{ id }}", Map.of(), Map.of(), null), "$.ticket", null,
                new StreamSpec.GetSpec.Gone("$.status", "deleted")));
        var list = client(new StreamSpec.GetSpec(new RequestSpec("GET", "/list", Map.of("id", "{{ id }}"), Map.of(), null), "results", null,
                new StreamSpec.GetSpec.Gone("IsDeleted", "1")));
        var flags = client(new StreamSpec.GetSpec(new RequestSpec("GET", "/flags/{{ id }}", Map.of(), Map.of(), null), null, null,
                new StreamSpec.GetSpec.Gone("$.archived", "true")));

        assertThat(tickets.fetchRecord("contacts", "t-1")).isEmpty();
        assertThat(tickets.fetchRecord("contacts", "t-2")).hasValueSatisfying(r -> assertThat(r.get("id").asInt()).isEqualTo(2));
        assertThat(list.fetchRecord("contacts", "c-1")).isEmpty();
        assertThat(list.fetchRecord("contacts", "c-2")).isPresent();
        assertThat(flags.fetchRecord("contacts", "f-1")).isPresent();
        assertThat(flags.fetchRecord("contacts", "f-2")).isPresent();
        assertThat(flags.fetchRecord("contacts", "f-3")).as("the text 'true' is the value's text").isEmpty();
        assertThat(flags.fetchRecord("contacts", "f-4")).isPresent();
        assertThat(flags.fetchRecord("contacts", "f-5")).isPresent();
    }

    @Test
    void aDeletionTimeOrOneOfSeveralStatusesSaysTheRecordIsGone() {
        // Asana/Linear-like: archived or trashed records come back with a time set; Pipedrive-like: several statuses mean gone
        server.stubFor(get("/api/projects/p-1").willReturn(okJson("{\"id\":\"p-1\",\"deleted_at\":\"2026-12-01T10:00:00Z\"}")));
        server.stubFor(get("/api/projects/p-2").willReturn(okJson("{\"id\":\"p-2\",\"deleted_at\":null}")));
        server.stubFor(get("/api/projects/p-3").willReturn(okJson("{\"id\":\"p-3\"}")));
        server.stubFor(get("/api/projects/p-4").willReturn(okJson("{\"id\":\"p-4\",\"deleted_at\":0}")));
        server.stubFor(get("/api/deals/d-1").willReturn(okJson("{\"id\":\"d-1\",\"status\":\"deleted\"}")));
        server.stubFor(get("/api/deals/d-2").willReturn(okJson("{\"id\":\"d-2\",\"status\":\"archived\"}")));
        server.stubFor(get("/api/deals/d-3").willReturn(okJson("{\"id\":\"d-3\",\"status\":\"open\"}")));
        var projects = client(new StreamSpec.GetSpec(new RequestSpec("GET", "/projects/{{ id }}", Map.of(), Map.of(), null), null, null,
                StreamSpec.GetSpec.Gone.whenPresent("$.deleted_at")));
        var deals = client(new StreamSpec.GetSpec(new RequestSpec("GET", "/deals/{{ id }}", Map.of(), Map.of(), null), null, null,
                StreamSpec.GetSpec.Gone.anyOf("$.status", List.of("deleted", "archived"))));

        assertThat(projects.fetchRecord("contacts", "p-1")).as("a deletion time").isEmpty();
        assertThat(projects.fetchRecord("contacts", "p-2")).as("null: not deleted").isPresent();
        assertThat(projects.fetchRecord("contacts", "p-3")).as("missing: not deleted").isPresent();
        assertThat(projects.fetchRecord("contacts", "p-4")).as("any value that is not null").isEmpty();
        assertThat(deals.fetchRecord("contacts", "d-1")).isEmpty();
        assertThat(deals.fetchRecord("contacts", "d-2")).isEmpty();
        assertThat(deals.fetchRecord("contacts", "d-3")).isPresent();
    }

    @Test
    void anAnswerWithoutARecordAtThePathIsAPermanentFailureNamingThePath() {
        server.stubFor(get("/api/contacts/c-1").willReturn(okJson("{\"data\":null}")));
        var client = client(new StreamSpec.GetSpec(new RequestSpec("GET", "/contacts/{{ id }}", Map.of(), Map.of(), null), "$.data.contact", null));

        var error = catchThrowableOfType(ApiException.class, () -> client.fetchRecord("contacts", "c-1"));

        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.getMessage()).isEqualTo("connector 'acme-crm' stream 'contacts' get: expected a record object at '$.data.contact' but"
                + " found nothing; check the get's record path");
    }

    @Test
    void aPostGetSendsItsBodyWithTheKeyBoundAndTheKeyInAHeader() {
        server.stubFor(post("/api/contacts/search").willReturn(okJson("{\"id\":\"c-9\"}")));
        var client = client(new StreamSpec.GetSpec(new RequestSpec("POST", "/contacts/search", Map.of(), Map.of("X-Contact", "{{ id }}"),
                "{ 'filter': { 'id': $id } }")));

        assertThat(client.fetchRecord("contacts", "c-9")).isPresent();
        server.verify(postRequestedFor(urlEqualTo("/api/contacts/search")).withHeader("X-Contact", equalTo("c-9"))
                .withHeader("Content-Type", equalTo("application/json")).withRequestBody(equalToJson("{\"filter\":{\"id\":\"c-9\"}}")));
    }

    @Test
    void aStreamWithoutGetOrAnUnknownStreamOrABlankKeyIsRefusedBeforeAnyRequest() {
        var client = client(Specs.stream("contacts", "/contacts", "$.results", new PaginationSpec.None()));

        assertThatThrownBy(() -> client.fetchRecord("contacts", "c-1")).isInstanceOf(ConnectorException.class)
                .hasMessage("connector 'acme-crm' stream 'contacts' cannot fetch a record by its key: it declares no get: request; add one to the"
                        + " stream, such as get: { path: \"/contacts/{{ id }}\" }");
        assertThatThrownBy(() -> client.fetchRecord("deals", "d-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connector 'acme-crm' has no stream 'deals'; it has contacts");
        assertThatThrownBy(() -> client.fetchRecord("contacts", " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the key is blank");
        assertThat(server.getAllServeEvents()).isEmpty();
    }
}
