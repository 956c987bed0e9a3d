package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.audit.AuditReport;
import dev.junction.sandbox.HelpdeskUser;
import dev.junction.sandbox.Sandbox;
import dev.junction.spec.SourceText;
import dev.junction.store.RunStatus;
import dev.junction.store.SyncAudit;
import dev.junction.sync.RunListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audits of the demo sync against the sandbox: after a run the Helpdesk holds every contact (the
 * Helpdesk's own users without an external id are counted apart); after tampering with the Helpdesk
 * through its API (one user deleted, one changed, one added), the audit names each by key, stores its
 * report and emits audit.differences.
 */
class AuditsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private Engine engine;
    private WireMockServer subscriber;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        sandbox = Sandbox.start();
        engine = DemoEngine.open(dataDir, sandbox, c -> c);
        subscriber = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        subscriber.start();
        subscriber.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(200)));
        engine.events().create("http://127.0.0.1:" + subscriber.port() + "/hooks", List.of("audit.*"), null, null);
    }

    @AfterEach
    void stop() {
        engine.close();
        subscriber.stop();
        sandbox.close();
    }

    @Test
    void aSyncWithAuditEveryIsAuditedWhenItsNewestAuditIsThatOldAndNotBefore() throws Exception {
        assertThat(engine.audits().startDue(engine.definitions().applied())).as("the demo's audit has no every:").isEmpty();
        String sync = java.nio.file.Files.readString(java.nio.file.Path.of("..", "examples", "demo", DemoEngine.SYNC + ".sync.yaml"))
                .replace("audit: { stream: users,", "audit: { every: 1h, stream: users,");
        assertThat(engine.definitions().apply(List.of(new dev.junction.spec.SourceText("sync.yaml", sync))).ok()).isTrue();

        List<SyncAudit> due = engine.audits().startDue(engine.definitions().applied());

        assertThat(due).singleElement().satisfies(a -> assertThat(a.trigger()).isEqualTo("schedule"));
        assertThat(engine.audits().startDue(engine.definitions().applied())).as("its newest audit started less than 1h ago").isEmpty();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> !engine.audits().get(due.getFirst().id()).status().equals(SyncAudit.RUNNING));
        assertThat(engine.audits().startDue(engine.definitions().applied())).isEmpty();
    }

    @Test
    void afterARunTheAuditIsCleanAndAfterTamperingItNamesTheMissingTheChangedAndTheExtraUser() throws Exception {
        var run = engine.runs().run(engine.definitions().applied(), new Runs.Request(DemoEngine.SYNC, null, "test", false), RunListener.NONE).run();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        long contacts = run.counters().read();

        SyncAudit clean = engine.audits().run(engine.definitions().applied(), new Audits.Request(DemoEngine.SYNC, null, 5, "test"));

        AuditReport first = engine.audits().report(clean).orElseThrow();
        assertThat(clean.status()).as(clean.report()).isEqualTo(SyncAudit.CLEAN);
        assertThat(first.sourceRecords()).isEqualTo(contacts);
        assertThat(first.matched()).isEqualTo(contacts);
        long unlinked = sandbox.helpdesk().userCount() - contacts;
        assertThat(first.destinationWithoutKey()).as("the Helpdesk's own users have no external_id").isEqualTo(unlinked);
        assertThat(first.fields()).containsExactly("email", "name", "priority", "profile.first_name", "profile.last_name", "profile.phone",
                "profile.company", "profile.crm_owner");

        HelpdeskUser changed = sandbox.helpdesk().userByExternalId("c-00002").orElseThrow();
        String deleted = "c-00003";
        helpdesk("DELETE", "/api/users/by-external-id/" + deleted, null);
        helpdesk("POST", "/api/users/batch", "{\"users\": [{\"external_id\": \"c-00002\", \"email\": \"  " + changed.email().toUpperCase()
                + " \", \"name\": \"Someone Else\"}, {\"external_id\": \"x-extra\", \"email\": \"extra@example.com\", \"name\": \"Extra\"}]}");

        SyncAudit found = engine.audits().run(engine.definitions().applied(), new Audits.Request(DemoEngine.SYNC, null, 5, "test"));

        assertThat(found.status()).isEqualTo(SyncAudit.DIFFERENCES);
        assertThat(found.missing()).isEqualTo(1);
        assertThat(found.extra()).isEqualTo(1);
        assertThat(found.mismatched()).isEqualTo(1);
        AuditReport report = engine.audits().report(found).orElseThrow();
        assertThat(report.samples().missing()).containsExactly(new AuditReport.Sample(deleted, List.of()));
        assertThat(report.samples().extra()).containsExactly(new AuditReport.Sample("x-extra", List.of()));
        assertThat(report.samples().mismatched()).singleElement().satisfies(sample -> {
            assertThat(sample.key()).isEqualTo("c-00002");
            assertThat(sample.fields()).as("the email differs only in case and spaces, which its normalizers ignore")
                    .containsExactly(new AuditReport.FieldDifference("name", changed.name(), "Someone Else"));
        });
        assertThat(report.fieldMismatches()).containsEntry("name", 1L);
        assertThat(engine.audits().list(DemoEngine.SYNC, null, 10)).extracting(SyncAudit::id).containsExactly(found.id(), clean.id());

        while (engine.events().deliverDue() > 0) {
            // until everything due is delivered
        }
        List<JsonNode> events = subscriber.findAll(postRequestedFor(urlEqualTo("/hooks"))).stream().map(r -> read(r.getBodyAsString())).toList();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.get("type").asText()).isEqualTo("audit.differences");
            assertThat(event.get("data").get("auditId").asText()).isEqualTo(found.id());
            assertThat(event.get("data").get("missing").asLong()).isEqualTo(1);
            assertThat(event.get("data").get("extra").asLong()).isEqualTo(1);
            assertThat(event.get("data").get("mismatched").asLong()).isEqualTo(1);
        });
    }

    @Test
    void anAuditStartedInTheBackgroundIsStoredRunningAndEndsWithItsReport() {
        SyncAudit started = engine.audits().start(engine.definitions().applied(), new Audits.Request(DemoEngine.SYNC, null, 3, "api"));

        assertThat(started.status()).isEqualTo(SyncAudit.RUNNING);
        SyncAudit ended = await().atMost(Duration.ofSeconds(60)).until(() -> engine.audits().get(started.id()), SyncAudit::finished);
        assertThat(ended.status()).as("nothing was synced yet: every contact is missing").isEqualTo(SyncAudit.DIFFERENCES);
        assertThat(ended.missing()).isPositive();
        assertThat(engine.audits().report(ended).orElseThrow().samples().missing()).hasSize(3);
    }

    @Test
    void anAuditOfASyncWithoutAnAuditSectionOrOfAnUnknownSyncIsRefusedWithWhatToDo() {
        engine.definitions().apply(List.of(new SourceText("plain.yaml", """
                kind: Sync
                name: plain
                source: { connection: crm, stream: contacts }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping: { external_id: id, email: properties.email }
                """)));

        assertThatThrownBy(() -> engine.audits().run(engine.definitions().applied(), new Audits.Request("plain", null, 5, "test")))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessage("sync 'plain' has no audit: section, so Junction does not know which destination stream to compare with; add audit:"
                        + " { stream: STREAM, key: FIELD } to the sync (docs/syncs.md#audits)");
        assertThatThrownBy(() -> engine.audits().run(engine.definitions().applied(), new Audits.Request("nope", null, 5, "test")))
                .isInstanceOf(EngineException.NotFound.class);
        assertThat(engine.audits().list(null, null, 10)).isEmpty();
    }

    @Test
    void anAuditWhoseDestinationCannotBeReadEndsFailedWithTheReasonAndEmitsNothing() {
        sandbox.helpdesk().setFaults(dev.junction.sandbox.Faults.NONE.withErrorRate(1.0)); // every read of its users answers 5xx, until retries run out

        SyncAudit failed = engine.audits().run(engine.definitions().applied(), new Audits.Request(DemoEngine.SYNC, null, 5, "test"));

        assertThat(failed.status()).isEqualTo(SyncAudit.FAILED);
        assertThat(failed.error()).matches("GET http://127\\.0\\.0\\.1:\\d+/api/users\\?offset=0&limit=100 still failed with HTTP 500 after 5 attempts: error internal_error: injected fault");
        assertThat(failed.report()).isNull();
        assertThat(engine.audits().get(failed.id())).isEqualTo(failed);
        engine.events().deliverDue();
        assertThat(subscriber.findAll(postRequestedFor(urlEqualTo("/hooks")))).isEmpty();
    }

    private void helpdesk(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.helpdesk().baseUrl() + path)).header("X-Api-Key", sandbox.helpdesk().apiKey())
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
