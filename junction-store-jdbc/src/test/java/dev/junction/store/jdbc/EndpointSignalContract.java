package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.EndpointSignal;
import org.junit.jupiter.api.Test;

/** Deprecation signals per connection and endpoint. Mixed into {@link AbstractStoreContractTest}. */
interface EndpointSignalContract extends StoreContract {
    @Test
    default void aSignalSeenAgainKeepsItsFirstSightingAndTakesTheNewValue() {
        store().endpointSignals().record("crm", "GET", "/v1/contacts", "Sunset", "Sat, 01 May 2027 00:00:00 GMT", at(0));
        store().endpointSignals().record("crm", "GET", "/v1/contacts", "Sunset", "Mon, 03 May 2027 00:00:00 GMT", at(60));

        assertThat(store().endpointSignals().list("crm")).containsExactly(
                new EndpointSignal("crm", "GET", "/v1/contacts", "Sunset", "Mon, 03 May 2027 00:00:00 GMT", at(0), at(60)));
    }

    @Test
    default void signalsAreListedPerConnectionOrAllTogetherInPathOrder() {
        store().endpointSignals().record("crm", "GET", "/v1/owners", "Deprecation", "@1767225600", at(0));
        store().endpointSignals().record("crm", "GET", "/v1/contacts", "Deprecation", "true", at(1));
        store().endpointSignals().record("crm", "GET", "/v1/contacts", "Warning", "299 - \"use /v2\"", at(2));
        store().endpointSignals().record("helpdesk", "POST", "/api/users/batch", "Sunset", "Sat, 01 May 2027 00:00:00 GMT", at(3));

        assertThat(store().endpointSignals().list("crm")).extracting(EndpointSignal::path, EndpointSignal::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("/v1/contacts", "Deprecation"),
                        org.assertj.core.groups.Tuple.tuple("/v1/contacts", "Warning"),
                        org.assertj.core.groups.Tuple.tuple("/v1/owners", "Deprecation"));
        assertThat(store().endpointSignals().list(null)).hasSize(4);
        assertThat(store().endpointSignals().list("nobody")).isEmpty();
    }
}
