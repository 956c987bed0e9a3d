package dev.junction.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.sandbox.Contact;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.ValueRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo connector's {@code get:} (examples/demo) against the sandbox Acme CRM's {@code GET /v1/contacts/{id}}. */
class FetchRecordSandboxTest {
    private static Sandbox sandbox;
    private static ConnectorSpec connector;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(5));
        connector = new SpecLoader().load(List.of(Path.of("..", "examples", "demo", "acme-crm.connector.yaml"))).requireOk().connectors().get("acme-crm");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static ConnectionClient client(String token, TestPeers.CollectingSink exchanges) {
        var connection = new ConnectionSpec("crm", "acme-crm", "tenant-a", "sandbox", Map.of("baseUrl", new ValueRef.Literal(sandbox.crm().baseUrl().toString())),
                Map.of("token", new ValueRef.Env("CRM_TOKEN")), SourceLocation.unknown("connections.yaml"));
        var options = PipelineOptions.builder().exchangeSink(exchanges).sleeper(new TestPeers.RecordingSleeper()).build();
        return ConnectionClient.create(connector, connection, new EnvSecretResolver(Map.of("CRM_TOKEN", token)::get), options);
    }

    @Test
    void fetchesAContactTheCrmHoldsAndFindsAnUnknownOneGone() {
        var exchanges = new TestPeers.CollectingSink();
        try (var client = client(sandbox.crm().token(), exchanges)) {
            Contact stored = sandbox.crm().contact("c-00003").orElseThrow();

            var fetched = client.fetchRecord("contacts", "c-00003", new CallContext("run-1", null, null, List.of(), false));
            var gone = client.fetchRecord("contacts", "c-99999");

            assertThat(fetched).hasValueSatisfying(r -> {
                assertThat(r.get("id").asText()).isEqualTo("c-00003");
                assertThat(r.path("properties").path("email").asText()).isEqualTo(stored.property("email"));
                assertThat(r.get("updatedAt").asText()).isEqualTo(stored.updatedAt().toString());
            });
            assertThat(gone).isEmpty();
            assertThat(exchanges.exchanges).extracting(e -> e.status() + " " + e.url() + " " + e.recordKeys()).containsExactly(
                    "200 " + sandbox.crm().baseUrl() + "/v1/contacts/c-00003 [c-00003]",
                    "404 " + sandbox.crm().baseUrl() + "/v1/contacts/c-99999 [c-99999]");
        }
    }

    @Test
    void aKeyWithASlashStaysOneSegmentSoItFindsNothingRatherThanAnotherRoute() {
        try (var client = client(sandbox.crm().token(), new TestPeers.CollectingSink())) {
            assertThat(client.fetchRecord("contacts", "c-00001/../c-00002")).isEmpty();
        }
    }

    @Test
    void aWrongTokenIsAnAuthFailureNotAGoneRecord() {
        try (var client = client("not-the-token", new TestPeers.CollectingSink())) {
            var error = catchThrowableOfType(ApiException.class, () -> client.fetchRecord("contacts", "c-00001"));

            assertThat(error.category()).isEqualTo(ApiError.Category.AUTH);
            assertThat(error.status()).isEqualTo(401);
            assertThat(error.getMessage()).doesNotContain("not-the-token");
        }
    }
}
