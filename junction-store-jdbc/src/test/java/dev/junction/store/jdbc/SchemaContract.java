package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.DriftEvent;
import dev.junction.store.StoredSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stream schemas per connection and drift events per run. Mixed into {@link AbstractStoreContractTest}. */
interface SchemaContract extends StoreContract {
    @Test
    default void aSavedSchemaIsFoundByConnectionAndStreamAndASecondSaveReplacesIt() {
        store().schemas().save(new StoredSchema("crm", "contacts", "{\"type\":\"object\"}", 10, at(0)));
        store().schemas().save(new StoredSchema("crm", "contacts", "{\"type\":\"object\",\"properties\":{}}", 25, at(5)));
        store().schemas().save(new StoredSchema("crm", "owners", "{}", 1, at(6)));

        assertThat(store().schemas().find("crm", "contacts")).contains(
                new StoredSchema("crm", "contacts", "{\"type\":\"object\",\"properties\":{}}", 25, at(5)));
        assertThat(store().schemas().find("helpdesk", "contacts")).isEmpty();
        assertThat(store().schemas().list("crm")).extracting(StoredSchema::stream).containsExactly("contacts", "owners");
        assertThat(store().schemas().list(null)).hasSize(2);
    }

    @Test
    default void aLargeSchemaRoundTripsUnchanged() {
        String large = "{\"properties\":{" + "\"f\":{\"type\":\"string\"},".repeat(5_000) + "\"g\":{}}}";
        store().schemas().save(new StoredSchema("crm", "contacts", large, 1, at(0)));

        assertThat(store().schemas().find("crm", "contacts").orElseThrow().schema()).isEqualTo(large);
    }

    @Test
    default void driftEventsAreListedPerRunInOrderAndPerStreamNewestFirst() {
        DriftEvent added = new DriftEvent("r1", "crm", "contacts", "phone", "added", null, "string", at(1));
        DriftEvent changed = new DriftEvent("r1", "crm", "contacts", "age", "type", "integer", "string", at(1));
        DriftEvent removed = new DriftEvent("r2", "crm", "contacts", "fax", "removed", "string", null, at(2));
        store().schemas().addDrift(List.of(added, changed));
        store().schemas().addDrift(List.of(removed));
        store().schemas().addDrift(List.of());

        assertThat(store().schemas().driftOfRun("r1")).containsExactly(added, changed);
        assertThat(store().schemas().driftOfRun("r3")).isEmpty();
        assertThat(store().schemas().drift("crm", "contacts", 2)).containsExactly(removed, changed);
        assertThat(store().schemas().drift("crm", "owners", 10)).isEmpty();
    }

    @Test
    default void listingDriftWithoutAPositiveLimitIsRefused() {
        assertThatThrownBy(() -> store().schemas().drift("crm", "contacts", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drift: limit must be positive, was 0");
    }
}
