package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run (or a flow's call) whose calls the API refuses with 401 for the connection's own static
 * credentials — the CRM's API key, the Helpdesk's bearer token — marks that connection
 * {@code needs_reauth} with one {@code connection.needs_reauth} event, as a check answered 401
 * does ({@link RefusedApiKeyCheckTest}): a revoked key no longer fails every scheduled run unseen.
 * The run's own outcome and accounting stay as they were (a refused read or write fails the run,
 * no dead letters). A 403 marks nothing. Only a check makes the connection ok again: a run's
 * successful calls leave its status alone, as they always have. The APIs: WireMock; the store: H2.
 */
class RefusedCredentialsRunTest extends RefusedCredentialsFixture {
    @BeforeEach
    void apply() {
        open("""
                kind: Connector
                name: crm
                config: { baseUrl: {} }
                secrets: { apiKey: {} }
                baseUrl: "{{ config.baseUrl }}"
                auth: { type: api-key, in: header, name: X-Api-Key, value: "{{ secrets.apiKey }}" }
                retry: { maxAttempts: 1 }
                check: { request: { path: /crm/me } }
                streams:
                  contacts: { request: { path: /crm/contacts }, records: $.results, primaryKey: id }
                ---
                kind: Connector
                name: helpdesk
                config: { baseUrl: {} }
                secrets: { token: {} }
                baseUrl: "{{ config.baseUrl }}"
                auth: { type: bearer, token: "{{ secrets.token }}" }
                retry: { maxAttempts: 1 }
                actions:
                  upsertUsers:
                    request: { method: POST, path: /helpdesk/users/batch, body: "{ 'users': $records }" }
                    batch: { maxRecords: 10 }
                ---
                kind: Connection
                name: crm
                connector: crm
                config: { baseUrl: "${env:API_URL}" }
                secrets: { apiKey: "${env:CRM_KEY}" }
                ---
                kind: Connection
                name: helpdesk
                connector: helpdesk
                config: { baseUrl: "${env:API_URL}" }
                secrets: { token: "${env:HELPDESK_TOKEN}" }
                ---
                kind: Sync
                name: contacts
                source: { connection: crm, stream: contacts, mode: full }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
                mapping:
                  external_id: "= 'c-' & id"
                  email: email
                batch: { size: 10, concurrency: 4 }
                ---
                kind: Flow
                name: add-user
                steps:
                  - name: create
                    call: { connection: helpdesk, action: upsertUsers, record: { external_id: "= input.ref", email: "= input.email" } }
                """, Map.of("CRM_KEY", "crm-key-that-was-revoked", "HELPDESK_TOKEN", "helpdesk-token-that-was-revoked"));
    }

    @Test
    void aSourceReadRefusedWith401MarksTheSourceNeedsReauthOnceWhileItsRunsKeepFailing() throws Exception {
        api.stubFor(get("/crm/contacts").willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"message\": \"API key revoked\"}")));

        RunRecord first = run();
        RunRecord second = run();

        assertThat(first.status()).isEqualTo(RunStatus.FAILED);
        assertThat(first.error()).contains("was refused with HTTP 401");
        assertThat(second.status()).as("its runs still fail: the key is what it is").isEqualTo(RunStatus.FAILED);
        var crm = engine.health().status("crm", null);
        assertThat(crm.status()).isEqualTo("needs_reauth");
        assertThat(crm.detail()).contains("connection 'crm'", "HTTP 401", "API key revoked", "give it new ones in its secrets")
                .doesNotContain("crm-key-that-was-revoked");
        assertThat(engine.health().status("helpdesk", null).status()).as("the destination was never called").isEqualTo("unknown");
        JsonNode event = onlyEvent();
        assertThat(event.path("connection").asText()).isEqualTo("crm");
        assertThat(event.path("status").asText()).isEqualTo("needs_reauth");
        assertThat(event.path("reason").asText()).isEqualTo(crm.detail());
        assertThat(engine.deadLetters().list("contacts", null, null, 10)).isEmpty();
    }

    @Test
    void destinationWritesRefusedWith401MarkTheDestinationNeedsReauthOnceThoughSeveralBatchesWereInFlight() throws Exception {
        api.stubFor(get("/crm/contacts").willReturn(okJson(contacts(60))));
        api.stubFor(post("/helpdesk/users/batch").willReturn(aResponse().withStatus(401).withFixedDelay(200)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"invalid_token\"}")));

        RunRecord run = run();

        assertThat(run.status()).as("a refused write fails the run, as before").isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("was refused with HTTP 401");
        assertThat(run.counters().failed()).as("no record is failed for it").isZero();
        assertThat(engine.deadLetters().list("contacts", null, null, 10)).as("nor dead-lettered").isEmpty();
        assertThat(api.findAll(postRequestedFor(urlPathEqualTo("/helpdesk/users/batch")))).as("calls in flight at once").hasSizeGreaterThan(1);
        var helpdesk = engine.health().status("helpdesk", null);
        assertThat(helpdesk.status()).isEqualTo("needs_reauth");
        assertThat(helpdesk.detail()).contains("connection 'helpdesk'", "HTTP 401", "give it new ones in its secrets")
                .doesNotContain("helpdesk-token-that-was-revoked");
        assertThat(engine.health().status("crm", null).status()).as("the source's key was fine").isEqualTo("unknown");
        assertThat(onlyEvent().path("connection").asText()).isEqualTo("helpdesk");
    }

    @Test
    void aFlowsCallRefusedWith401MarksItsConnectionNeedsReauth() throws Exception {
        api.stubFor(post("/helpdesk/users/batch").willReturn(aResponse().withStatus(401)));

        String input = "{\"ref\": \"ada-1\", \"email\": \"ada@example.com\"}";
        Flows.Started started = engine.flows().start(new Flows.Request("add-user", null, JSON.readTree(input), null, input, Flows.Trigger.MANUAL));
        FlowExecution done = engine.flows().await(started.execution().id(), Duration.ofSeconds(30));

        assertThat(done.status()).isEqualTo(FlowExecutionStatus.FAILED);
        assertThat(engine.health().status("helpdesk", null).status()).isEqualTo("needs_reauth");
        assertThat(onlyEvent().path("connection").asText()).isEqualTo("helpdesk");
    }

    @Test
    void aReadForbiddenWith403FailsTheRunButMarksNothing() throws Exception {
        api.stubFor(get("/crm/contacts").willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"message\": \"This key lacks the contacts:read scope\"}")));

        RunRecord run = run();

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("was refused with HTTP 403");
        assertThat(engine.health().status("crm", null).status()).isEqualTo("unknown");
        assertThat(engine.events().deliveries(subscription, null, 10)).isEmpty();
    }

    @Test
    void onlyACheckMakesAConnectionARunMarkedOkAgainAndItCanBeMarkedAgainAfter() throws Exception {
        api.stubFor(get("/crm/contacts").willReturn(aResponse().withStatus(401)));
        run();
        assertThat(engine.health().status("crm", null).status()).isEqualTo("needs_reauth");

        // the key works again (re-enabled at the provider): runs succeed, and only the next check says so
        api.stubFor(get("/crm/contacts").willReturn(okJson(contacts(0))));
        api.stubFor(get("/crm/me").willReturn(okJson("{\"id\": \"acct_1\"}")));

        assertThat(run().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(engine.health().status("crm", null).status()).as("a run's successful calls leave the status alone").isEqualTo("needs_reauth");
        assertThat(engine.health().check("crm", null, "test").status()).isEqualTo("ok");
        assertThat(engine.health().status("crm", null).status()).isEqualTo("ok");

        api.stubFor(get("/crm/contacts").willReturn(aResponse().withStatus(401)));
        run();
        assertThat(engine.health().status("crm", null).status()).isEqualTo("needs_reauth");
        assertThat(engine.events().deliveries(subscription, null, 10)).as("a new transition, a new event").hasSize(2);
    }

    private RunRecord run() {
        return run("contacts");
    }

    private static String contacts(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"id\": \"" + i + "\", \"email\": \"p" + i + "@example.com\"}")
                .collect(Collectors.joining(",", "{\"results\": [", "]}"));
    }
}
