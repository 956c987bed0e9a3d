package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.junction.JunctionException;
import dev.junction.mapping.EffectiveMapping;
import dev.junction.runtime.Tenants;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-tenant syncs: a side names a connector instead of a connection, and {@link Tenants} binds the
 * sync to one tenant's connections. Loaded next to the valid fixture set of
 * {@link SpecLoaderProblemsTest} (connectors acme-crm and helpdesk, connection crm of tenant
 * default and helpdesk of tenant t1).
 */
class SpecLoaderTenantsTest {
    private static final String TENANTS = """
            kind: Connection
            name: globex-crm
            connector: acme-crm
            tenant: globex
            config: { baseUrl: "https://globex.example" }
            secrets: { token: "${env:GLOBEX_TOKEN}" }
            ---
            kind: Connection
            name: globex-helpdesk
            connector: helpdesk
            tenant: globex
            config: { baseUrl: "https://hd.globex.example" }
            secrets: { apiKey: "${env:GLOBEX_KEY}" }
            mappingOverrides:
              per-tenant:
                email: { const: "globex@example.com" }
            ---
            kind: Connection
            name: initech-crm
            connector: acme-crm
            tenant: initech
            config: { baseUrl: "https://initech.example" }
            secrets: { token: "${env:INITECH_TOKEN}" }
            ---
            kind: Sync
            name: per-tenant
            source: { connector: acme-crm, stream: contacts }
            destination: { connector: helpdesk, action: upsertUsers, key: id }
            mapping: { id: id, email: properties.email }
            """;

    private final SpecLoader loader = new SpecLoader();

    static Stream<Arguments> cases() {
        return Stream.of(
                argumentSet("refuses a side with both a connection and a connector", """
                        kind: Sync
                        name: s1
                        source: { connection: crm, connector: acme-crm, stream: contacts }
                        destination: { connection: helpdesk, action: upsertUsers, key: id }
                        mapping: { id: id }
                        """, List.of(
                        "case.yaml:3:39 source.connector: expected either connection (one fixed connection) or connector (each tenant's connection of it), found both")),
                argumentSet("asks for a connection or a connector when a side has neither", """
                        kind: Sync
                        name: s1
                        source: { connection: crm, stream: contacts }
                        destination: { action: upsertUsers, key: id }
                        mapping: { id: id }
                        """, List.of(
                        "case.yaml:4:1 destination: missing required key 'connection' (or connector, to run the sync once per tenant with that tenant's connection of the connector)")),
                argumentSet("reports an unknown connector and a stream or action it lacks", """
                        kind: Sync
                        name: s1
                        source: { connector: acme-crn, stream: contacts }
                        destination: { connector: helpdesk, action: upsertUser, key: id }
                        mapping: { id: id }
                        ---
                        kind: Sync
                        name: s2
                        source: { connector: acme-crm, stream: contcts }
                        destination: { connection: helpdesk, action: upsertUsers, key: id }
                        mapping: { id: id }
                        """, List.of(
                        "case.yaml:3:22 source.connector: unknown connector 'acme-crn'; did you mean 'acme-crm'? (loaded connectors: acme-crm, helpdesk)",
                        "case.yaml:4:45 destination.action: connector 'helpdesk' has no action 'upsertUser'; did you mean 'upsertUsers'? (actions: upsertUsers, deleteUser)",
                        "case.yaml:9:40 source.stream: connector 'acme-crm' has no stream 'contcts'; did you mean 'contacts'? (streams: contacts, companies)")),
                argumentSet("binds :tenant only in a per-tenant sync", """
                        kind: Sync
                        name: s1
                        source: { sql: { url: "jdbc:h2:mem:x", query: "select * from t where tenant = :tenant", primaryKey: id } }
                        destination: { connection: helpdesk, action: upsertUsers, key: id }
                        mapping: { id: id }
                        """, List.of(
                        "case.yaml:3:1 source.sql.query: the query uses :tenant, which is bound only in a per-tenant sync; name the destination's connector (destination.connector) instead of a connection, or remove :tenant")),
                argumentSet("takes only a positive tenant concurrency, and only on a per-tenant sync", """
                        kind: Sync
                        name: s1
                        source: { connector: acme-crm, stream: contacts }
                        destination: { connector: helpdesk, action: upsertUsers, key: id }
                        mapping: { id: id }
                        tenants: { concurrency: 0 }
                        ---
                        kind: Sync
                        name: s2
                        source: { connector: acme-crm, stream: contacts }
                        destination: { connector: helpdesk, action: upsertUsers, key: id }
                        mapping: { id: id }
                        tenants: { concurency: 2 }
                        ---
                        kind: Sync
                        name: s3
                        source: { connection: crm, stream: contacts }
                        destination: { connection: helpdesk, action: upsertUsers, key: id }
                        mapping: { id: id }
                        tenants: { concurrency: 2 }
                        """, List.of(
                        "case.yaml:6:25 tenants.concurrency: expected a positive integer, found '0'",
                        "case.yaml:13:1 tenants: missing required key 'concurrency'",
                        "case.yaml:13:12 tenants.concurency: unknown key; did you mean 'concurrency'? (allowed: concurrency)",
                        "case.yaml:20:10 tenants: the sync is not per tenant (its source and destination name connections, not connectors), so it has no"
                                + " tenants to run; remove tenants, or name a connector on a side")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsExactlyTheseProblems(String yaml, List<String> expected) {
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("case.yaml", yaml));

        LoadResult result = loader.loadTexts(texts);

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactlyElementsOf(expected);
    }

    @Test
    void tenantsRunFourAtOnceUnlessTheSyncSaysOtherwise() {
        assertThat(load().syncs().get("per-tenant").tenants().concurrency()).isEqualTo(4);
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("tenants.yaml", TENANTS + "tenants: { concurrency: 8 }\n"));

        LoadResult loaded = loader.loadTexts(texts);

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.syncs().get("per-tenant").tenants().concurrency()).isEqualTo(8);
    }

    @Test
    void eligibleTenantsHaveAConnectionOfEveryConnectorTheSyncNames() {
        LoadResult loaded = load();
        SyncSpec sync = loaded.syncs().get("per-tenant");

        assertThat(sync.perTenant()).isTrue();
        assertThat(Tenants.eligible(loaded, sync)).containsExactly("globex"); // default, t1 and initech lack one of the two
        SyncSpec globex = Tenants.bind(loaded, sync, "globex");
        assertThat(globex.source().connection()).isEqualTo("globex-crm");
        assertThat(globex.destination().connection()).isEqualTo("globex-helpdesk");
        assertThatThrownBy(() -> Tenants.bind(loaded, sync, "initech")).isInstanceOf(JunctionException.class)
                .hasMessage("tenant 'initech' has no connection of connector 'helpdesk', which sync 'per-tenant' uses; tenants that can run it: globex");
    }

    @Test
    void eachTenantSeesOnlyItsOwnOverridesAndTheDefaultMappingHasNone() {
        LoadResult loaded = load();
        SyncSpec sync = loaded.syncs().get("per-tenant");

        assertThat(EffectiveMapping.of(sync, loaded.connections()).mappings()).extracting(FieldMapping::value)
                .containsExactly(new FieldMapping.Path("id"), new FieldMapping.Path("properties.email"));
        assertThat(EffectiveMapping.of(Tenants.bind(loaded, sync, "globex"), loaded.connections()).lines())
                .extracting(EffectiveMapping.Line::origin).containsExactly("sync per-tenant", "connection globex-helpdesk");
        assertThatThrownBy(() -> Tenants.bind(loaded, sync, "t1")).hasMessageStartingWith("tenant 't1' has no connection of connector 'acme-crm'");
    }

    private LoadResult load() {
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("tenants.yaml", TENANTS));
        LoadResult loaded = loader.loadTexts(texts);
        assertThat(loaded.problems()).isEmpty();
        return loaded;
    }
}
