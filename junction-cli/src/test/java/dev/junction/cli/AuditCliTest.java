package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code junction audit SYNC}: exit 0 when the Helpdesk holds every contact as mapped, 5 with the
 * differences listed when it does not, the same as JSON with --json; a sync without an audit: section
 * exits 2 saying what to add, an unknown sync 1.
 */
class AuditCliTest {
    private static final String SYNC = "crm-contacts-to-helpdesk";

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private CliRunner cli;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(20).withCrmRateLimit(0).withHelpdeskUsers(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        CliRunner.Result applied = cli.run("apply", "../examples/demo");
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void anAuditExitsZeroWhenTheSidesAgreeAndFiveWithTheDifferencesListedWhenTheyDoNot() throws Exception {
        CliRunner.Result before = cli.run("audit", SYNC, "--no-color", "--samples", "3");
        assertThat(before.exitCode()).as(before.toString()).isEqualTo(5);
        assertThat(before.out()).contains("audit of crm-contacts-to-helpdesk: 20 difference(s)", "matched 0, missing 20, extra 0, mismatched 0",
                "missing at the destination (20, first 3): c-00001, c-00002, c-00003");

        assertThat(cli.run("run", SYNC, "--no-color").exitCode()).isZero();
        CliRunner.Result clean = cli.run("audit", SYNC, "--no-color");
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        assertThat(clean.out()).contains("audit of crm-contacts-to-helpdesk: clean", "source records 20 (mapped), destination records 20");

        HttpResponse<String> tampered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.helpdesk().baseUrl() + "/api/users/batch"))
                .header("X-Api-Key", sandbox.helpdesk().apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"users\": [{\"external_id\": \"c-00004\", \"email\": \"x@example.com\", \"priority\": 1}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tampered.statusCode()).as(tampered.body()).isLessThan(300);
        CliRunner.Result found = cli.run("audit", SYNC, "--json");
        assertThat(found.exitCode()).as(found.toString()).isEqualTo(5);
        JsonNode audit = json.readTree(found.out());
        assertThat(audit.path("status").asText()).isEqualTo("differences");
        assertThat(audit.path("mismatched").asLong()).isEqualTo(1);
        JsonNode sample = audit.path("report").path("samples").path("mismatched").get(0);
        assertThat(sample.path("key").asText()).isEqualTo("c-00004");
        assertThat(sample.path("fields").get(0).path("field").asText()).isEqualTo("email");
        assertThat(sample.path("fields").get(0).path("destination").asText()).isEqualTo("x@example.com");
    }

    @Test
    void aSyncWithoutAnAuditSectionExitsTwoSayingWhatToAddAndAnUnknownSyncExitsOne(@TempDir Path defs) throws Exception {
        java.nio.file.Files.writeString(defs.resolve("plain.sync.yaml"), """
                kind: Sync
                name: plain
                source: { connection: crm, stream: contacts }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping: { external_id: id, email: properties.email }
                """);
        assertThat(cli.run("apply", defs.toString()).exitCode()).isZero();

        CliRunner.Result refused = cli.run("audit", "plain");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("junction: sync 'plain' has no audit: section, so Junction does not know which destination stream to compare"
                + " with; add audit: { stream: STREAM, key: FIELD } to the sync (docs/syncs.md#audits)");
        CliRunner.Result unknown = cli.run("audit", "nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no sync named 'nope' is applied");
    }
}
