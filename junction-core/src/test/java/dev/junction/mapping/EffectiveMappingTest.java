package dev.junction.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.JunctionException;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.SpecProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Default mappings with per-connection (tenant) overrides. */
class EffectiveMappingTest {
    private static final String CONNECTORS = """
            kind: Connector
            name: crm
            config: { baseUrl: { type: string, default: "http://127.0.0.1:1" } }
            baseUrl: "{{ config.baseUrl }}"
            streams: { contacts: { request: { path: /c }, records: "$.results", primaryKey: id } }
            ---
            kind: Connector
            name: desk
            config: { baseUrl: { type: string, default: "http://127.0.0.1:1" } }
            baseUrl: "{{ config.baseUrl }}"
            actions: { upsert: { request: { path: /u, body: "{ 'users': $records }" }, batch: { maxRecords: 10 } } }
            ---
            kind: Sync
            name: contacts
            source: { connection: crm-acme, stream: contacts }
            destination: { connection: desk-acme, action: upsert, key: external_id }
            mapping:
              external_id: id
              email: properties.email
              profile.phone: properties.phone
            ---
            kind: Connection
            name: desk-acme
            connector: desk
            """;

    @Test
    void overridesReplaceDefaultLinesInPlaceAndAddCustomFieldsAtTheEnd() {
        LoadResult loaded = load(CONNECTORS + """
                ---
                kind: Connection
                name: crm-acme
                connector: crm
                tenant: acme
                mappingOverrides:
                  contacts:
                    email: "= $lowercase(properties.email)"
                    profile.segment: properties.acme_segment
                """);
        assertThat(loaded.problems()).isEmpty();

        EffectiveMapping effective = EffectiveMapping.of(loaded.syncs().get("contacts"), loaded.connections());

        assertThat(effective.lines()).extracting(l -> l.mapping().target() + " <- " + l.origin() + (l.overridden() ? " (override)" : ""))
                .containsExactly(
                        "external_id <- sync contacts",
                        "email <- connection crm-acme (override)",
                        "profile.phone <- sync contacts",
                        "profile.segment <- connection crm-acme");
    }

    @Test
    void anOverrideRemovesADefaultLineWhichStaysVisibleAsRemovedByIt() {
        LoadResult loaded = load(CONNECTORS + """
                ---
                kind: Connection
                name: crm-acme
                connector: crm
                mappingOverrides:
                  contacts:
                    profile.phone: { remove: true }
                    profile.phone.mobile: properties.phone
                """);
        assertThat(loaded.problems()).isEmpty();

        EffectiveMapping effective = EffectiveMapping.of(loaded.syncs().get("contacts"), loaded.connections());

        assertThat(effective.lines()).extracting(l -> l.mapping().target() + " <- " + l.origin() + (l.removed() ? " (removed)" : ""))
                .containsExactly(
                        "external_id <- sync contacts",
                        "email <- sync contacts",
                        "profile.phone <- connection crm-acme (removed)",
                        "profile.phone.mobile <- connection crm-acme");
        assertThat(effective.lines().get(2).mapping().value()).isEqualTo(new dev.junction.spec.FieldMapping.Path("properties.phone"));
        assertThat(effective.mappings()).extracting(dev.junction.spec.FieldMapping::target).containsExactly("external_id", "email", "profile.phone.mobile")
                .as("a removed line frees its target: nothing else conflicts with it");
    }

    @Test
    void removingALineTheDefaultDoesNotHaveOrWritingRemoveWrongIsAProblem() {
        LoadResult loaded = load(CONNECTORS.replace("  profile.phone: properties.phone", "  profile.phone: properties.phone\n  note: { remove: true }") + """
                ---
                kind: Connection
                name: crm-acme
                connector: crm
                mappingOverrides:
                  contacts:
                    phone: { remove: true }
                    email: { remove: false }
                    external_id: { remove: true, from: id }
                """);

        assertThat(loaded.problems()).extracting(SpecProblem::toString).containsExactly(
                "case.yaml:21:11 mapping.note.remove: 'remove' is only for a connection's mappingOverrides, where it removes a line of the sync's"
                        + " default mapping; here, leave the line out",
                "case.yaml:32:5 mappingOverrides.contacts.phone: cannot remove 'phone': sync 'contacts' has no default line with that target"
                        + " (targets: external_id, email, profile.phone)",
                "case.yaml:33:14 mappingOverrides.contacts.email.remove: expected { remove: true } alone, found 'false'",
                "case.yaml:34:20 mappingOverrides.contacts.external_id.remove: expected { remove: true } alone, found it with remove, from");
    }

    @Test
    void anOverrideForAnUnknownSyncOrOneThatDoesNotUseTheConnectionIsAProblem() {
        LoadResult loaded = load(CONNECTORS + """
                ---
                kind: Connection
                name: crm-acme
                connector: crm
                mappingOverrides:
                  contcts: { email: properties.email }
                ---
                kind: Connection
                name: crm-other
                connector: crm
                mappingOverrides:
                  contacts: { email: properties.email }
                """);

        assertThat(loaded.problems()).extracting(SpecProblem::toString).containsExactly(
                "case.yaml:30:3 mappingOverrides.contcts: unknown sync 'contcts'; did you mean 'contacts'? (loaded syncs: contacts)",
                "case.yaml:36:3 mappingOverrides.contacts: sync 'contacts' does not use connection 'crm-other' (it reads from 'crm-acme'"
                        + " and writes to 'desk-acme'); an override applies only to a sync's own connections");
    }

    @Test
    void anOverrideThatWouldNestUnderAValueFailsClearly() {
        LoadResult loaded = load(CONNECTORS + """
                ---
                kind: Connection
                name: crm-acme
                connector: crm
                mappingOverrides:
                  contacts: { email.primary: properties.email }
                """);

        assertThatThrownBy(() -> EffectiveMapping.of(loaded.syncs().get("contacts"), loaded.connections()))
                .isInstanceOf(JunctionException.class)
                .hasMessageEndingWith("connection 'crm-acme' overrides sync 'contacts' with target 'email.primary', which conflicts with"
                        + " target 'email': a field cannot hold both a value and nested fields");
    }

    private static LoadResult load(String yaml) {
        return new SpecLoader().loadTexts(List.of(new SourceText("case.yaml", yaml)));
    }
}
