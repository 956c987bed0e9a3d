package dev.junction.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backfill of a sliced stream against WireMock: only the slices within the range are read, cut to
 * it, and neither the stream's checkpoint nor a live slice's is read or written.
 */
class SlicedBackfillTest {
    @RegisterExtension
    static final WireMockExtension source = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final PartitionSyncs syncs = new PartitionSyncs(source.baseUrl());

    @AfterEach
    void close() {
        syncs.close();
    }

    private static final String EVENTS = PartitionSyncs.connector("""
            events:
              request: { path: /events, query: { from: "{{ slice.start }}", to: "{{ slice.end }}" } }
              records: "$.data"
              primaryKey: id
              incremental: { cursorField: updatedAt, param: updatedSince }
              slice: { start: 2024-01-01, end: "2024-01-05T00:00:00Z", step: 1d }
            """);

    @Test
    void readsOnlyTheSlicesWithinTheRangeCutToItAndLeavesTheLiveCheckpoint() {
        stub("2024-01-02T06:00:00Z", "2024-01-03T00:00:00Z", "a");
        stub("2024-01-03T00:00:00Z", "2024-01-03T12:00:00Z", "b");
        syncs.store.checkpoints().save(PartitionSyncs.SYNC, "events", "", "2024-01-04T00:00:00Z", java.time.Instant.now());
        SyncJob job = syncs.plan(EVENTS, PartitionSyncs.sync("events", "incremental", ""));

        RunRecord run = new SyncEngine(syncs.store, new com.fasterxml.jackson.databind.ObjectMapper(), Clock.systemUTC())
                .runBackfill(job, BackfillRange.parse("2024-01-02T06:00:00Z", "2024-01-03T12:00:00Z"), RunListener.NONE);

        assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.trigger()).isEqualTo(RunTriggers.BACKFILL);
        assertThat(run.counters().inserted()).isEqualTo(2);
        source.verify(2, getRequestedFor(urlPathEqualTo("/events")));
        source.verify(getRequestedFor(urlPathEqualTo("/events")).withQueryParam("from", equalTo("2024-01-02T06:00:00Z"))
                .withQueryParam("to", equalTo("2024-01-03T00:00:00Z")));
        assertThat(syncs.store.checkpoints().find(PartitionSyncs.SYNC, "events", "")).contains("2024-01-04T00:00:00Z");
        assertThat(syncs.store.checkpoints().partitions(PartitionSyncs.SYNC, "events")).as("the backfill's progress is forgotten").isEmpty();
    }

    @Test
    void aSyncOfAFullUnslicedStreamIsRefusedByTheEngineToo() {
        String connector = PartitionSyncs.connector("plain: { request: { path: /plain }, records: \"$.data\", primaryKey: id }\n");
        SyncJob job = syncs.plan(connector, PartitionSyncs.sync("plain", "full", ""));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SyncEngine(syncs.store, new com.fasterxml.jackson.databind.ObjectMapper(),
                Clock.systemUTC()).runBackfill(job, BackfillRange.parse("2024-01-01", "2024-01-02"), RunListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reads stream 'plain' in full and the stream is not sliced");
    }

    private static void stub(String from, String to, String id) {
        source.stubFor(get(urlPathEqualTo("/events")).withQueryParam("from", equalTo(from)).withQueryParam("to", equalTo(to))
                .willReturn(okJson("{\"data\": [{\"id\": \"%s\", \"email\": \"%s@example.com\", \"name\": \"E\", \"updatedAt\": \"%s\"}]}"
                        .formatted(id, id, from))));
    }
}
