package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.FakeTime;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.SpecProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream read through an asynchronous job ({@code job:}), against WireMock answering as Salesforce's Bulk API
 * 2.0 does: a query job created by a POST, its state asked until {@code JobComplete}, then its CSV results read
 * page by page with the {@code Sforce-Locator} header (the text {@code null} on the last page). On fake time, so
 * the waits between status requests are exact and take no time.
 */
class AsyncJobStreamTest {
    @RegisterExtension
    static final WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final String JOBS = "/services/data/v62.0/jobs/query";
    private static final String JOB = "750R0000000zlh9IAA";

    private final FakeTime time = new FakeTime(Instant.parse("2026-12-07T10:00:00Z"));
    private final List<ConnectionClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(ConnectionClient::close);
    }

    private static LoadResult load(String job) {
        return new SpecLoader().loadTexts(List.of(new SourceText("salesforce.yaml", """
                kind: Connector
                name: salesforce
                baseUrl: %s
                retry: { maxAttempts: 2, initialDelay: 1ms, maxDelay: 1ms }
                streams:
                  accounts:
                %s
                    request: { path: "%s/{{ job.id }}/results", query: { maxRecords: "2" } }
                    format: csv
                    primaryKey: Id
                    incremental: { cursorField: SystemModstamp }
                    pagination: { type: cursor, nextHeader: Sforce-Locator, param: locator }
                """.formatted(api.baseUrl(), job.indent(4), JOBS))));
    }

    private static final String JOB_YAML = """
            job:
              start:
                path: /services/data/v62.0/jobs/query
                body: "{ 'operation': 'query', 'query': 'SELECT Id, Name, SystemModstamp FROM Account' & ($since ? ' WHERE SystemModstamp > ' & $since : '') }"
              id: $.id
              status: { path: "/services/data/v62.0/jobs/query/{{ job.id }}" }
              done: { path: $.state, equals: JobComplete }
              failed: { path: $.state, equals: [Failed, Aborted], message: $.errorMessage }
              every: 5s
              timeout: 12s
            """;

    private ConnectionClient client(String job) {
        LoadResult loaded = load(job);
        assertThat(loaded.problems()).isEmpty();
        ConnectionClient client = ConnectionClient.create(loaded.connectors().get("salesforce"), new ConnectionSpec("sf", "salesforce", "default",
                "test", Map.of(), Map.of(), new SourceLocation("c.yaml", 1, 1)), new EnvSecretResolver(name -> null),
                PipelineOptions.builder().clock(time).sleeper(time).build());
        clients.add(client);
        return client;
    }

    private static List<String> ids(PageReader reader) {
        List<String> ids = new ArrayList<>();
        reader.forEachRemaining(page -> page.records().forEach(r -> ids.add(r.path("Id").asText())));
        return ids;
    }

    private static void started() {
        api.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"id\": \"" + JOB + "\", \"operation\": \"query\", \"object\": \"Account\","
                + " \"state\": \"UploadComplete\", \"concurrencyMode\": \"Parallel\", \"contentType\": \"CSV\", \"apiVersion\": 62.0}")));
    }

    private static void state(String from, String to, String state) {
        api.stubFor(get(urlEqualTo(JOBS + "/" + JOB)).inScenario("job").whenScenarioStateIs(from).willSetStateTo(to)
                .willReturn(okJson("{\"id\": \"" + JOB + "\", \"state\": \"" + state + "\", \"numberRecordsProcessed\": 3, \"retries\": 0,"
                        + " \"errorMessage\": " + (state.equals("Failed") ? "\"INVALID_FIELD: No such column 'Nmae' on entity 'Account'\"" : "null") + "}")));
    }

    private static void results() {
        api.stubFor(get(urlPathEqualTo(JOBS + "/" + JOB + "/results")).withQueryParam("locator", absent()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/csv").withHeader("Sforce-Locator", "MTAwMDA").withHeader("Sforce-NumberOfRecords", "2")
                .withBody("\"Id\",\"Name\",\"SystemModstamp\"\n\"001A\",\"Acme\",\"2026-12-01T10:00:00.000Z\"\n\"001B\",\"Globex\",\"2026-12-02T10:00:00.000Z\"\n")));
        api.stubFor(get(urlPathEqualTo(JOBS + "/" + JOB + "/results")).withQueryParam("locator", equalTo("MTAwMDA")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/csv").withHeader("Sforce-Locator", "null").withHeader("Sforce-NumberOfRecords", "1")
                .withBody("\"Id\",\"Name\",\"SystemModstamp\"\n\"001C\",\"Initech\",\"2026-12-03T10:00:00.000Z\"\n")));
    }

    @Test
    void theJobIsStartedAskedUntilDoneAndItsResultsReadPageByPageUntilTheLocatorIsNull() {
        started();
        state(Scenario.STARTED, "running", "InProgress");
        state("running", "done", "JobComplete");
        results();
        ConnectionClient salesforce = client(JOB_YAML);

        PageReader reader = salesforce.readStream("accounts", ReadOptions.full(CallContext.of("sf")));
        assertThat(api.getAllServeEvents()).isEmpty(); // nothing is sent before the first page is asked for

        assertThat(ids(reader)).containsExactly("001A", "001B", "001C");
        api.verify(1, postRequestedFor(urlEqualTo(JOBS)).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"operation\": \"query\", \"query\": \"SELECT Id, Name, SystemModstamp FROM Account\"}")));
        api.verify(2, getRequestedFor(urlEqualTo(JOBS + "/" + JOB)));
        api.verify(2, getRequestedFor(urlPathEqualTo(JOBS + "/" + JOB + "/results")).withQueryParam("maxRecords", equalTo("2")));
        assertThat(time.waits).containsExactly(Duration.ofSeconds(5));
        assertThat(reader.pagesRead()).isEqualTo(2);
    }

    @Test
    void aStatusAskedWithABodyNamesTheJobAsJobId() {
        started();
        api.stubFor(post(urlEqualTo("/graphql")).willReturn(okJson("{\"data\": {\"node\": {\"id\": \"" + JOB + "\", \"status\": \"COMPLETED\"}}}")));
        results();

        ids(client("""
                job:
                  start: { path: /services/data/v62.0/jobs/query, body: "{ 'operation': 'query', 'query': 'SELECT Id FROM Account WHERE SystemModstamp > ' & $since }" }
                  id: $.id
                  status:
                    method: POST
                    path: /graphql
                    body: "{ 'query': 'query($id: ID!) { node(id: $id) { ... on BulkOperation { id status } } }', 'variables': { 'id': $job.id } }"
                  done: { path: $.data.node.status, equals: COMPLETED }
                """).readStream("accounts", new ReadOptions("2026-12-01T00:00:00.000Z", CallContext.of("sf"))));

        api.verify(1, postRequestedFor(urlEqualTo("/graphql")).withHeader("Content-Type", equalTo("application/json")).withRequestBody(equalToJson(
                "{\"query\": \"query($id: ID!) { node(id: $id) { ... on BulkOperation { id status } } }\", \"variables\": {\"id\": \"" + JOB + "\"}}")));
    }

    @Test
    void anIncrementalReadStartsAJobForWhatChangedSinceItsCheckpoint() {
        started();
        state(Scenario.STARTED, "done", "JobComplete");
        results();

        ids(client(JOB_YAML).readStream("accounts", new ReadOptions("2026-12-01T12:00:00.000Z", CallContext.of("sf"))));

        api.verify(postRequestedFor(urlEqualTo(JOBS)).withRequestBody(equalToJson("{\"operation\": \"query\", \"query\": \"SELECT Id, Name,"
                + " SystemModstamp FROM Account WHERE SystemModstamp > 2026-12-01T12:00:00.000Z\"}")));
    }

    @Test
    void aFailedJobIsAPermanentErrorWithTheApisReason() {
        started();
        state(Scenario.STARTED, "failed", "Failed");

        ApiException failed = catchThrowableOfType(ApiException.class, () -> ids(client(JOB_YAML).readStream("accounts",
                ReadOptions.full(CallContext.of("sf")))));

        assertThat(failed.error().category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(failed.error().code()).isEqualTo("job_failed");
        assertThat(failed).hasMessageContaining("stream 'accounts': job " + JOB + " ended Failed ($.state): INVALID_FIELD: No such column 'Nmae'");
        api.verify(0, getRequestedFor(urlPathEqualTo(JOBS + "/" + JOB + "/results")));
    }

    @Test
    void aJobThatOutlastsItsTimeoutIsARetryableErrorNamingItsLastState() {
        started();
        api.stubFor(get(urlEqualTo(JOBS + "/" + JOB)).willReturn(okJson("{\"id\": \"" + JOB + "\", \"state\": \"InProgress\"}")));

        ApiException late = catchThrowableOfType(ApiException.class, () -> ids(client(JOB_YAML).readStream("accounts",
                ReadOptions.full(CallContext.of("sf")))));

        // asked at 0, 5 and 10 s; the next would come after the 12 s timeout
        assertThat(late.error().category()).isEqualTo(ApiError.Category.RETRYABLE);
        assertThat(late.error().code()).isEqualTo("job_timeout");
        assertThat(late).hasMessageContaining("job " + JOB + " did not finish within 12s (job.timeout); its last state was InProgress after 3 status request(s)");
        api.verify(3, getRequestedFor(urlEqualTo(JOBS + "/" + JOB)));
        assertThat(time.waits).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void anAnswerWithoutTheJobsIdSaysWhereItLooked() {
        api.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"jobId\": \"" + JOB + "\"}")));

        ApiException unexpected = catchThrowableOfType(ApiException.class, () -> ids(client(JOB_YAML).readStream("accounts",
                ReadOptions.full(CallContext.of("sf")))));

        assertThat(unexpected).hasMessageContaining("stream 'accounts' job.start: expected the job's id at '$.id' in the answer but found nothing;"
                + " check job.id");
    }

    @Test
    void aJobIsCheckedWhenLoaded() {
        assertThat(load("""
                job:
                  start: { path: /jobs }
                  id: $.id
                  status: { path: /jobs/current }
                  failed: { path: $.state, equals: [], message: $.why }
                  every: 1m
                  timeout: 10s
                """).problems()).extracting(SpecProblem::toString).containsExactlyInAnyOrder(
                "salesforce.yaml:7:5 streams.accounts.job: missing required key 'done'",
                "salesforce.yaml:10:23 streams.accounts.job.status.path: expected the job named in the status request, as {{ job.id }} in its path or"
                        + " query, such as path: \"/jobs/{{ job.id }}\", or as $job.id in its body",
                "salesforce.yaml:11:40 streams.accounts.job.failed.equals: expected at least one value, found an empty list",
                "salesforce.yaml:13:16 streams.accounts.job.timeout: expected at least every (1m), found '10s'",
                // the checkpoint goes nowhere: neither the job's start body nor a query parameter takes it
                "salesforce.yaml:18:5 streams.accounts.incremental: missing required key 'param' (the query parameter the checkpoint is sent in;"
                        + " a stream whose request.body, or job.start's body, reads $since needs none)");
        assertThat(load("""
                graphql: { query: "{ accounts { id } }" }
                job: { start: { path: /jobs }, id: $.id, status: { path: "/jobs/{{ job.id }}" }, done: { path: $.state, equals: done } }
                """).problems()).extracting(SpecProblem::toString).anySatisfy(p -> assertThat(p)
                .contains("streams.accounts.job: a stream read through an asynchronous job cannot also have graphql yet"));
    }
}
