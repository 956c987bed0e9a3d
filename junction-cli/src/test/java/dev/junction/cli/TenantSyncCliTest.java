package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.HelpdeskUser;
import dev.junction.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One sync definition run for many tenants (examples/tenants): two sandboxes stand for two
 * customers' CRM and Helpdesk accounts, each with its own credentials. Every command that takes a
 * sync takes --tenant; each tenant's runs use only its own connections, overrides and state.
 */
class TenantSyncCliTest {
    private static final String SYNC = TwoTenants.SYNC;

    @TempDir
    Path dataDir;

    @TempDir
    Path defs;

    private TwoTenants tenants;
    private Sandbox northwind;
    private Sandbox globex;
    private CliRunner cli;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        tenants = new TwoTenants(dataDir, defs);
        northwind = tenants.northwind;
        globex = tenants.globex;
        cli = tenants.cli;
    }

    @AfterEach
    void stop() {
        tenants.close();
    }

    @Test
    void runWithoutTenantRunsEveryTenantInTurnWithItsOwnConnectionsAndOverrides() throws Exception {
        CliRunner.Result run = cli.run("run", SYNC, "--no-color", "--tenant-concurrency", "1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("run \\S+ of contacts-to-helpdesk for tenant globex succeeded")
                .containsPattern("run \\S+ of contacts-to-helpdesk for tenant northwind succeeded");
        assertThat(run.out().indexOf("tenant globex")).as("tenants run in name order").isLessThan(run.out().indexOf("tenant northwind"));
        assertThat(northwind.helpdesk().ledger()).hasSize(12);
        assertThat(globex.helpdesk().ledger()).hasSize(7);
        HelpdeskUser globexUser = globex.helpdesk().userByExternalId("c-00001").orElseThrow();
        assertThat(globexUser.profile().get("segment")).asString().startsWith("globex-");
        assertThat(northwind.helpdesk().userByExternalId("c-00001").orElseThrow().profile()).doesNotContainKey("segment");

        CliRunner.Result listed = cli.run("runs", "--tenant", "globex", "--no-color");
        assertThat(listed.out()).containsPattern("run\\s+sync\\s+tenant\\s+status").contains("globex").doesNotContain("northwind");
        JsonNode runs = json.readTree(cli.run("runs", "--json").out());
        assertThat(runs.findValuesAsText("tenant")).containsExactlyInAnyOrder("globex", "northwind");
    }

    @Test
    void oneTenantsFingerprintsAndRunsNeverAffectAnotherTenant() throws Exception {
        JsonNode first = json.readTree(cli.run("run", SYNC, "--tenant", "northwind", "--json").out());
        JsonNode again = json.readTree(cli.run("run", SYNC, "--tenant", "northwind", "--json").out());
        JsonNode other = json.readTree(cli.run("run", SYNC, "--tenant", "globex", "--json").out());

        assertThat(first.path("tenant").asText()).isEqualTo("northwind");
        assertThat(written(first)).isEqualTo(12);
        assertThat(again.path("counters").path("unchanged").asLong()).as("northwind's fingerprints").isEqualTo(12);
        assertThat(written(other)).as("globex starts from nothing").isEqualTo(7);
        assertThat(other.path("counters").path("unchanged").asLong()).isZero();
        assertThat(globex.helpdesk().ledger()).hasSize(7);
        assertThat(northwind.helpdesk().ledger()).hasSize(12);

        JsonNode exchanges = json.readTree(cli.run("exchanges", "--run", other.path("id").asText(), "--json").out());
        assertThat(exchanges.size()).isPositive();
        assertThat(exchanges.findValuesAsText("tenant")).as("globex's calls are tagged with its tenant").containsOnly("globex");
        assertThat(exchanges.findValuesAsText("connection")).containsOnly("globex-crm", "globex-helpdesk");
    }

    @Test
    void aTenantWithoutConnectionsOrAClassicSyncWithTenantIsAClearError() throws Exception {
        CliRunner.Result missing = cli.run("run", SYNC, "--tenant", "initech");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("tenant 'initech' has no connection of connector 'acme-crm', which sync 'contacts-to-helpdesk' uses;"
                + " tenants that can run it: globex, northwind");

        Files.writeString(defs.resolve("classic.sync.yaml"), """
                kind: Sync
                name: classic
                source: { connection: globex-crm, stream: contacts }
                destination: { connection: globex-helpdesk, action: upsertUsers, key: external_id }
                mapping: { external_id: id }
                """);
        apply();
        CliRunner.Result classic = cli.run("run", "classic", "--tenant", "globex");
        assertThat(classic.exitCode()).isEqualTo(2);
        assertThat(classic.err()).contains("--tenant globex: sync 'classic' is not per tenant (its source and destination name connections,"
                + " not connectors); leave --tenant out");
        assertThat(cli.run("map", "show", "classic", "--tenant", "globex").exitCode()).isEqualTo(2);
        CliRunner.Result concurrency = cli.run("run", "classic", "--tenant-concurrency", "2");
        assertThat(concurrency.exitCode()).isEqualTo(2);
        assertThat(concurrency.err()).contains("--tenant-concurrency 2: sync 'classic' is not per tenant (its source and destination name"
                + " connections, not connectors); leave --tenant-concurrency out");
    }

    @Test
    void aTenantWithTwoConnectionsOfAConnectorFailsAloneAndTheOthersStillRun() throws Exception {
        Files.writeString(defs.resolve("second.yaml"), """
                kind: Connection
                name: globex-crm-eu
                connector: acme-crm
                tenant: globex
                config: { baseUrl: "${env:GLOBEX_CRM_URL}" }
                secrets: { token: "${env:GLOBEX_CRM_TOKEN}" }
                """);
        apply();

        CliRunner.Result run = cli.run("run", SYNC, "--no-color");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("tenant globex: tenant 'globex' has 2 connections of connector 'acme-crm' (globex-crm, globex-crm-eu)"
                + " and none is marked primary, so sync 'contacts-to-helpdesk' cannot tell which to use; mark the one it should use with primary: true");
        assertThat(run.out()).containsPattern("of contacts-to-helpdesk for tenant northwind succeeded");
        assertThat(northwind.helpdesk().ledger()).hasSize(12);
        assertThat(globex.helpdesk().ledger()).isEmpty();
    }

    @Test
    void mapShowGivesTheDefaultMappingOrOneTenantsAndPreviewNeedsATenant() throws Exception {
        CliRunner.Result defaults = cli.run("map", "show", SYNC, "--no-color");
        assertThat(defaults.exitCode()).as(defaults.toString()).isZero();
        assertThat(defaults.out()).containsPattern("external_id\\s+id\\s+sync contacts-to-helpdesk").doesNotContain("profile.segment");

        CliRunner.Result shown = cli.run("map", "show", SYNC, "--tenant", "globex", "--no-color");
        assertThat(shown.out()).containsPattern("profile.segment\\s+= 'globex-' & properties.tier\\s+connection globex-helpdesk");
        assertThat(cli.run("map", "show", SYNC, "--tenant", "northwind", "--no-color").out()).doesNotContain("profile.segment");

        CliRunner.Result noTenant = cli.run("map", "preview", SYNC);
        assertThat(noTenant.exitCode()).isEqualTo(2);
        assertThat(noTenant.err()).contains("sync 'contacts-to-helpdesk' runs per tenant; preview it for one with --tenant T"
                + " (tenants that can run it: globex, northwind)");
        JsonNode previewed = json.readTree(cli.run("map", "preview", SYNC, "--tenant", "globex", "--sample", "2", "--json").out());
        assertThat(previewed.get(0).path("output").path("profile").path("segment").asText()).startsWith("globex-");
        assertThat(globex.helpdesk().ledger()).isEmpty();

        CliRunner.Result dry = cli.run("run", SYNC, "--tenant", "northwind", "--dry-run", "--json");
        assertThat(json.readTree(dry.out()).path("wouldInsert").asLong()).as(dry.toString()).isEqualTo(12);
        assertThat(northwind.helpdesk().ledger()).isEmpty();
    }

    @Test
    void deadLettersAreListedByTenantAndReplayInTheirTenantWithItsCurrentOverrides() throws Exception {
        // northwind maps only gold contacts' priority: the others fail and become dead letters of northwind's run
        Path connections = defs.resolve("connections.yaml");
        String original = tenants.mapOnlyNorthwindsGoldPriority();
        CliRunner.Result run = cli.run("run", SYNC, "--no-color");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        JsonNode letters = json.readTree(cli.run("deadletters", "list", "--sync", SYNC, "--json").out());
        assertThat(letters.size()).isPositive();
        assertThat(letters.findValuesAsText("tenant")).containsOnly("northwind");
        assertThat(cli.run("deadletters", "list", "--tenant", "globex").out()).contains("no dead letters");
        assertThat(cli.run("deadletters", "list", "--tenant", "northwind", "--no-color").out()).containsPattern("sync\\s+tenant\\s+record");
        long id = letters.get(0).path("id").asLong();
        assertThat(cli.run("deadletters", "show", Long.toString(id), "--no-color").out()).contains("tenant  northwind");

        Files.writeString(connections, original); // the fix: northwind's override is gone
        apply();
        int before = northwind.helpdesk().ledger().size();
        CliRunner.Result replay = cli.run("deadletters", "replay", "--sync", SYNC, "--tenant", "northwind", "--no-color");

        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(replay.out()).containsPattern("of contacts-to-helpdesk for tenant northwind succeeded");
        assertThat(northwind.helpdesk().ledger()).hasSize(before + letters.size());
        assertThat(globex.helpdesk().ledger()).hasSize(7);
        assertThat(cli.run("deadletters", "replay", "--sync", SYNC, "--tenant", "globex").err())
                .contains("sync 'contacts-to-helpdesk' has no open dead letters of tenant 'globex'");
    }

    @Test
    void eachTenantHasItsOwnRunLeaseSoABusyTenantDoesNotHoldUpAnother() {
        java.time.Instant now = java.time.Instant.now();
        try (dev.junction.store.jdbc.JdbcStore store = dev.junction.store.jdbc.JdbcStore.h2(dataDir)) {
            store.runs().start("busy", SYNC, "northwind", "cli", now);
            store.leases().acquire(dev.junction.sync.SyncJob.stateKey(SYNC, "northwind"), "busy", now, now.plusSeconds(3600));
        }

        CliRunner.Result run = cli.run("run", SYNC, "--no-color");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("tenant northwind: sync 'contacts-to-helpdesk' for tenant 'northwind' is already running as run 'busy'");
        assertThat(run.out()).containsPattern("of contacts-to-helpdesk for tenant globex succeeded");
        assertThat(globex.helpdesk().ledger()).hasSize(7);
        assertThat(northwind.helpdesk().ledger()).isEmpty();
        CliRunner.Result cancel = cli.run("runs", "cancel", "busy");
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(cancel.out()).contains("asked run busy of contacts-to-helpdesk to stop");
    }

    @Test
    void aSharedSqlSourceSendsEachTenantOnlyTheRowsItsTenantParameterSelects() throws Exception {
        String url = "jdbc:h2:mem:warehouse-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(url); java.sql.Statement s = db.createStatement()) {
            s.execute("create table accounts (id varchar(20) primary key, email varchar(100), full_name varchar(100), tier varchar(10),"
                    + " tenant_id varchar(20))");
            s.execute("insert into accounts values ('a-1', 'ann@northwind.example', 'Ann', 'gold', 'northwind'),"
                    + " ('a-2', 'bob@northwind.example', 'Bob', 'silver', 'northwind'), ('a-3', 'cy@globex.example', 'Cy', 'gold', 'globex')");
            cli.env("WAREHOUSE_URL", url);

            CliRunner.Result run = cli.run("run", "accounts-to-helpdesk", "--json");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            JsonNode runs = json.readTree(run.out());
            assertThat(runs.findValuesAsText("tenant")).containsExactly("globex", "northwind");
            assertThat(northwind.helpdesk().ledger()).hasSize(2);
            assertThat(northwind.helpdesk().userByExternalId("a-1")).isPresent();
            assertThat(northwind.helpdesk().userByExternalId("a-3")).isEmpty();
            assertThat(globex.helpdesk().ledger()).hasSize(1);
            assertThat(globex.helpdesk().userByExternalId("a-3").orElseThrow().email()).isEqualTo("cy@globex.example");
        }
    }

    @Test
    void stateIsShownAndResetPerTenantAndEveryTenantsOnlyWithAllTenants() throws Exception {
        assertThat(cli.run("run", SYNC, "--no-color").exitCode()).isZero();
        assertThat(cli.run("state", "show", SYNC, "--no-color").out()).containsPattern("tenant\\s+checkpoints\\s+fingerprints\\s+intents\\s+lease")
                .containsPattern("globex\\s+0\\s+7\\s+0\\s+free").containsPattern("northwind\\s+0\\s+12\\s+0\\s+free");
        JsonNode globexState = json.readTree(cli.run("state", "show", SYNC, "--tenant", "globex", "--json").out());
        assertThat(globexState.path("tenant").asText()).isEqualTo("globex");
        assertThat(globexState.path("fingerprints").asLong()).isEqualTo(7);

        CliRunner.Result whose = cli.run("state", "reset", SYNC, "--yes");
        assertThat(whose.exitCode()).isEqualTo(2);
        assertThat(whose.err()).contains("sync 'contacts-to-helpdesk' runs per tenant: reset one tenant's state with --tenant T, or every"
                + " tenant's with --all-tenants (tenants with state: globex, northwind)");

        CliRunner.Result one = cli.run("state", "reset", SYNC, "--tenant", "globex", "--yes");
        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(one.out()).contains("reset sync 'contacts-to-helpdesk' for tenant 'globex': removed 0 checkpoint(s) and 7 fingerprint(s)");
        assertThat(written(json.readTree(cli.run("run", SYNC, "--tenant", "globex", "--json").out()))).as("globex sends again").isEqualTo(7);
        assertThat(json.readTree(cli.run("run", SYNC, "--tenant", "northwind", "--json").out()).path("counters").path("unchanged").asLong())
                .as("northwind's state untouched").isEqualTo(12);

        java.time.Instant now = java.time.Instant.now();
        try (dev.junction.store.jdbc.JdbcStore store = dev.junction.store.jdbc.JdbcStore.h2(dataDir)) {
            store.leases().acquire(dev.junction.sync.SyncJob.stateKey(SYNC, "northwind"), "busy", now, now.plusSeconds(3600));
        }
        CliRunner.Result refused = cli.run("state", "reset", SYNC, "--all-tenants", "--yes");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("sync 'contacts-to-helpdesk' for tenant 'northwind' is running as run 'busy'");
        assertThat(json.readTree(cli.run("state", "show", SYNC, "--tenant", "globex", "--json").out()).path("fingerprints").asLong())
                .as("no tenant was reset").isEqualTo(7);
        try (dev.junction.store.jdbc.JdbcStore store = dev.junction.store.jdbc.JdbcStore.h2(dataDir)) {
            store.leases().release(dev.junction.sync.SyncJob.stateKey(SYNC, "northwind"), "busy");
        }

        CliRunner.Result all = cli.run("state", "reset", SYNC, "--all-tenants", "--yes");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains("reset sync 'contacts-to-helpdesk' for every tenant (globex, northwind): removed 0 checkpoint(s) and 19 fingerprint(s)");
        assertThat(json.readTree(cli.run("state", "show", SYNC, "--json").out()).findValuesAsText("fingerprints")).containsOnly("0");
    }

    @Test
    void aClassicSyncsStateMovesOntoATenantSoThatTenantsNextRunCarriesOn() throws Exception {
        Path classic = Files.createDirectory(defs.resolveSibling(defs.getFileName() + "-classic")).resolve("classic.sync.yaml");
        String perTenant = Files.readString(defs.resolve("contacts-to-helpdesk.sync.yaml"));
        Files.writeString(classic, perTenant.substring(0, perTenant.indexOf("---"))
                .replace("connector: acme-crm", "connection: globex-crm").replace("connector: helpdesk", "connection: globex-helpdesk")
                .replaceAll("(?m)^tenants:.*$", "")); // a classic sync runs no tenants
        CliRunner.Result applied = cli.run("apply", classic.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        assertThat(written(json.readTree(cli.run("run", SYNC, "--json").out()))).isEqualTo(7);
        apply(); // the sync runs per tenant from now on

        assertThat(cli.run("state", "show", SYNC, "--no-color").out()).contains("state from before 'contacts-to-helpdesk' ran per tenant:"
                + " 0 checkpoint(s), 7 fingerprint(s); no tenant uses it. Move it onto a tenant with: junction state move contacts-to-helpdesk --to-tenant T");
        CliRunner.Result moved = cli.run("state", "move", SYNC, "--to-tenant", "globex");
        assertThat(moved.exitCode()).as(moved.toString()).isZero();
        assertThat(moved.out()).contains("moved the state of sync 'contacts-to-helpdesk' to tenant 'globex': 0 checkpoint(s), 7 fingerprint(s), 0 write intent(s)",
                "kept: run history and dead letters, as they were (without a tenant)");

        JsonNode run = json.readTree(cli.run("run", SYNC, "--tenant", "globex", "--json").out());
        assertThat(run.path("counters").path("unchanged").asLong()).as("carries on from the moved fingerprints").isEqualTo(7);
        assertThat(written(run)).isZero();
        CliRunner.Result again = cli.run("state", "move", SYNC, "--to-tenant", "northwind");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("sync 'contacts-to-helpdesk' has no state from before it ran per tenant; there is nothing to move");
    }

    /** Inserted or updated (some sandbox Helpdesk users exist before the first run). */
    private static long written(JsonNode run) {
        return run.path("counters").path("inserted").asLong() + run.path("counters").path("updated").asLong();
    }

    private void apply() {
        tenants.apply();
    }
}
