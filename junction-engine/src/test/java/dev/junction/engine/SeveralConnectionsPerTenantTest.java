package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.engine.ManagedConnections.Change;
import dev.junction.engine.ManagedConnections.NewConnection;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.SourceText;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant with several connections of one connector (two CRM accounts): its per-tenant syncs use the
 * one marked primary; adding a second account does not move them; making the other one primary moves
 * them and clears the tenant's state, so the next run reads and sends everything of the new account
 * rather than skipping it as unchanged; several with none primary is a clear error for that tenant.
 */
class SeveralConnectionsPerTenantTest {
    private static final Path DEMO = Path.of("..", "examples", "demo");
    private static final String SYNC = "contacts-to-helpdesk";

    @TempDir
    Path dataDir;

    private Sandbox first;
    private Sandbox second;
    private Engine engine;

    @BeforeEach
    void start() throws IOException {
        first = Sandbox.start(SandboxOptions.defaults().withCrmContacts(5).withCrmRateLimit(0).withCrmToken("crm-one").withHelpdeskApiKey("hd-key"));
        second = Sandbox.start(SandboxOptions.defaults().withCrmContacts(3).withCrmRateLimit(0).withCrmToken("crm-two"));
        engine = Engine.open(EngineConfig.embedded(dataDir, Map.<String, String>of()::get)
                .withEgress(dev.junction.http.EgressPolicy.DEFAULT.withAllowPrivate(true)));
        List<SourceText> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEMO)) {
            for (Path file : files.filter(f -> f.toString().endsWith("connector.yaml")).sorted().toList()) {
                texts.add(new SourceText(file.toString(), Files.readString(file)));
            }
        }
        assertThat(engine.definitions().apply(texts).ok()).isTrue();
    }

    @AfterEach
    void stop() {
        engine.close();
        first.close();
        second.close();
    }

    private ManagedConnections managed() {
        return engine.managedConnections();
    }

    private NewConnection crm(String name, Sandbox sandbox, Boolean primary) {
        return new NewConnection(name, "acme-crm", "northwind", null, Map.of("baseUrl", sandbox.crm().baseUrl().toString()),
                Map.of("token", sandbox.crm().token()), primary);
    }

    private RunRecord run() {
        return engine.runs().run(engine.definitions().applied(), new Runs.Request(SYNC, "northwind", "test", false), RunListener.NONE).run();
    }

    @Test
    void aTenantsPerTenantSyncsUseItsPrimaryConnectionAndStartOverWhenThePrimaryChanges() throws IOException {
        var one = managed().create(crm("crm-one", first, null), "tok", null);
        managed().create(new NewConnection("helpdesk", "helpdesk", "northwind", null, Map.of("baseUrl", first.helpdesk().baseUrl().toString()),
                Map.of("apiKey", first.helpdesk().apiKey())), "tok", null);
        String perTenant = Files.readString(Path.of("..", "examples", "tenants", "contacts-to-helpdesk.sync.yaml")).split("(?m)^---\\s*$")[0];
        assertThat(engine.definitions().apply(List.of(new SourceText("sync.yaml", perTenant))).ok()).isTrue();
        assertThat(one.connection().primary()).as("a tenant's first connection of a connector is its primary one").isTrue();
        RunRecord firstRun = run();
        assertThat(firstRun.status()).as(String.valueOf(firstRun.error())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(firstRun.counters().inserted() + firstRun.counters().updated()).as(firstRun.counters().toString()).isEqualTo(5);

        var two = managed().create(crm("crm-two", second, null), "tok", null);

        assertThat(two.connection().primary()).as("a second account does not move the tenant's syncs by itself").isFalse();
        assertThat(two.statesCleared()).isEmpty();
        RunRecord unchanged = run();
        assertThat(unchanged.counters().read()).isEqualTo(5);
        assertThat(unchanged.counters().unchanged()).isEqualTo(5);

        var moved = managed().update("crm-two", "northwind", new Change(null, null, null, false, true), "tok");

        assertThat(moved.connection().primary()).isTrue();
        assertThat(engine.definitions().applied().connections().get("crm-one").primary()).as("the old primary gave up its flag").isFalse();
        assertThat(engine.definitions().get("Connection", "crm-one").source()).doesNotContain("primary");
        assertThat(moved.statesCleared()).containsExactly(SYNC);
        RunRecord fromSecond = run();
        assertThat(fromSecond.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fromSecond.counters().read()).isEqualTo(3);
        assertThat(fromSecond.counters().inserted() + fromSecond.counters().updated()).as("sent again, not skipped with the other account's fingerprints").isEqualTo(3);

        managed().update("crm-two", "northwind", new Change(null, null, null, false, false), "tok");

        assertThatThrownBy(this::run).isInstanceOf(dev.junction.JunctionException.class).hasMessageContaining("tenant 'northwind' has 2 connections of connector 'acme-crm' (crm-one, crm-two) and none is marked"
                + " primary, so sync 'contacts-to-helpdesk' cannot tell which to use; mark the one it should use with primary: true");
    }

    @Test
    void makingAConnectionPrimaryInPlaceOfAYamlOneIsRefusedAndChangesNothing() {
        assertThat(engine.definitions().apply(List.of(new SourceText("crm.yaml", """
                kind: Connection
                name: crm-yaml
                connector: acme-crm
                tenant: northwind
                primary: true
                config: { baseUrl: "http://127.0.0.1:1" }
                secrets: { token: "${env:CRM_TOKEN}" }
                """))).ok()).isTrue();

        assertThatThrownBy(() -> managed().create(crm("crm-two", second, true), "tok", null))
                .isInstanceOf(EngineException.Conflict.class)
                .hasMessageStartingWith("connection 'crm-yaml' is tenant 'northwind''s primary connection of connector 'acme-crm' and was applied as a"
                        + " definition (YAML)");
        assertThat(engine.definitions().applied().connections()).doesNotContainKey("crm-two");
        assertThat(engine.connections().storedValues().find("northwind", "crm-two")).isEmpty();
    }

    @Test
    void twoPrimaryConnectionsOfOneConnectorForOneTenantAreALoadError() {
        var result = engine.definitions().apply(List.of(new SourceText("crm.yaml", """
                kind: Connection
                name: crm-a
                connector: acme-crm
                tenant: northwind
                primary: true
                config: { baseUrl: "http://127.0.0.1:1" }
                secrets: { token: "${env:CRM_TOKEN}" }
                ---
                kind: Connection
                name: crm-b
                connector: acme-crm
                tenant: northwind
                primary: true
                config: { baseUrl: "http://127.0.0.1:2" }
                secrets: { token: "${env:CRM_TOKEN}" }
                ---
                kind: Connection
                name: crm-c
                connector: acme-crm
                tenant: globex
                primary: true
                config: { baseUrl: "http://127.0.0.1:3" }
                secrets: { token: "${env:CRM_TOKEN}" }
                """)));

        assertThat(result.ok()).isFalse();
        assertThat(result.result().problems()).hasSize(1);
        var problem = result.result().problems().getFirst();
        assertThat(problem.path()).isEqualTo("primary");
        assertThat(problem.location().line()).isEqualTo(13);
        assertThat(problem.message()).isEqualTo("connection 'crm-a' is already tenant 'northwind''s primary connection of connector 'acme-crm';"
                + " a tenant has at most one: set primary: false on one of them");
    }
}
