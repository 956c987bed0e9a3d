package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.ConnectionRecord;
import dev.junction.store.StoredDefinition;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Definitions and connections: saved, replaced, found, listed, deleted. Mixed into {@link AbstractStoreContractTest}. */
interface DefinitionAndConnectionContract extends StoreContract {
    static StoredDefinition definition(String kind, String name, String source) {
        return new StoredDefinition(kind, name, source, "specs/" + name + ".yaml", "sha256:" + source.hashCode(), T0);
    }

    @Test
    default void aSavedDefinitionIsFoundByKindAndName() {
        StoredDefinition sync = definition("Sync", "crm-to-erp", "kind: Sync\nname: crm-to-erp\n");
        StoredDefinition saved = store().definitions().save(sync);

        assertThat(saved).isEqualTo(new StoredDefinition(sync.kind(), sync.name(), sync.source(), sync.origin(), sync.checksum(), T0, null, 1));
        assertThat(store().definitions().find("Sync", "crm-to-erp")).contains(saved);
        assertThat(store().definitions().find("Connector", "crm-to-erp")).isEmpty();
        assertThat(store().definitions().find("Sync", "unknown")).isEmpty();
    }

    @Test
    default void savingADefinitionAgainReplacesTheEarlierVersion() {
        store().definitions().save(definition("Sync", "s", "v: 1"));
        StoredDefinition second = store().definitions().save(new StoredDefinition("Sync", "s", "v: 2", null, "sha256:2", at(60), "tok_a"));

        assertThat(store().definitions().find("Sync", "s")).contains(second);
        assertThat(store().definitions().list()).containsExactly(second);
    }

    @Test
    default void definitionsAreListedByKindThenNameInCodePointOrder() {
        store().definitions().save(definition("Sync", "b", "x"));
        store().definitions().save(definition("Connector", "z", "x"));
        store().definitions().save(definition("Sync", "a", "x"));
        store().definitions().save(definition("Sync", "B", "x"));
        store().definitions().save(definition("Connection", "m", "x"));

        assertThat(store().definitions().list())
                .extracting(d -> d.kind() + "/" + d.name())
                .containsExactly("Connection/m", "Connector/z", "Sync/B", "Sync/a", "Sync/b");
    }

    @Test
    default void deletingADefinitionRemovesOnlyItAndReportsWhetherOneExisted() {
        store().definitions().save(definition("Sync", "s", "x"));
        store().definitions().save(definition("Connector", "s", "x"));

        assertThat(store().definitions().delete("Sync", "s")).isTrue();
        assertThat(store().definitions().delete("Sync", "s")).isFalse();
        assertThat(store().definitions().find("Sync", "s")).isEmpty();
        assertThat(store().definitions().list()).extracting(StoredDefinition::kind).containsExactly("Connector");
    }

    // ---- connections ----------------------------------------------------------------------------

    @Test
    default void aSavedConnectionIsFoundByNameWithAllItsFields() {
        ConnectionRecord crm = new ConnectionRecord("crm-acme", "hubspot", "acme", "production", "HEALTHY", null, T0);
        store().connections().save(crm);

        assertThat(store().connections().find("crm-acme")).contains(crm);
        assertThat(store().connections().find("unknown")).isEmpty();
    }

    @Test
    default void savingAConnectionAgainReplacesItsState() {
        store().connections().save(new ConnectionRecord("crm", "hubspot", "acme", "production", "HEALTHY", null, T0));
        ConnectionRecord failing = new ConnectionRecord("crm", "hubspot", "acme", "production", "FAILING", "401 Unauthorized", at(5));
        store().connections().save(failing);

        assertThat(store().connections().find("crm")).contains(failing);
        assertThat(store().connections().list()).containsExactly(failing);
    }

    @Test
    default void connectionsAreListedByName() {
        for (String name : List.of("erp", "crm", "billing")) {
            store().connections().save(new ConnectionRecord(name, "c", "t", "dev", "UNKNOWN", null, T0));
        }

        assertThat(store().connections().list()).extracting(ConnectionRecord::name).containsExactly("billing", "crm", "erp");
    }
}
